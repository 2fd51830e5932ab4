#!/usr/bin/env bash
# The national catalog (LayThuTuc) as real systems send it, from tests/data/national: MucDo besides
# MUCDO, no level at all (unknown, not none, set by --levels FILE), TRANGTHAI != 1 withdrawn.
. "$(dirname "$0")/lib.sh"

N="$MOTCUA_SOURCE_DIR/tests/data/national"
online_of() { jq -c '[.[] | {code, online, level}]' <<<"$OUT"; }

step "MucDo read; no level published: unknown; TRANGTHAI 0 not imported"
assert_exit 0 motcua catalog import "$N/catalog-laythutuc.json" --as-of 2024-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,3,0]'
assert_exit 0 motcua catalog list --as-of 2024-01-01 --format json
assert_eq '[{"code":"1.000101","online":"full","level":4},{"code":"1.000102","online":"unknown","level":null},{"code":"1.000103","online":"unknown","level":null}]' \
  "$(online_of)" "levels"
assert_exit 0 motcua catalog list --as-of 2024-01-01 --online unknown --format json
jq_eq "$OUT" '[.[].code]' '["1.000102","1.000103"]' "--online unknown"
assert_exit 0 motcua catalog list --as-of 2024-01-01 --online any --format json
jq_eq "$OUT" '[.[].code]' '["1.000101"]' "unknown is not online"
e2e_sqlite && assert_exit 0 motcua db check # an unknown level is a valid state of the cache, not a problem

step "--levels FILE sets the level; a procedure turned not public is withdrawn"
assert_exit 0 motcua catalog import "$N/catalog-laythutuc.json" --as-of 2024-02-01 --levels "$N/levels.csv" --format json
assert_exit 0 motcua catalog list --as-of 2024-02-01 --format json
assert_eq '[{"code":"1.000101","online":"full","level":4},{"code":"1.000102","online":"full","level":null},{"code":"1.000103","online":"partial","level":3}]' \
  "$(online_of)" "levels from the file"
jq '.result[0].TRANGTHAI = 2' "$N/catalog-laythutuc.json" >"$TEST_TMP/cat.json"
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json" --as-of 2024-03-01 --max-withdraw 50% --format json
jq_eq "$OUT" '.withdrawn' '1' "TRANGTHAI 2: withdrawn"
assert_exit 0 motcua catalog list --as-of 2024-03-01 --format json
jq_eq "$OUT" '[.[].code]' '["1.000102","1.000103"]'

step "a bad levels file refuses the import and changes nothing"
printf '1.000101,7\n' >"$TEST_TMP/bad-levels.csv"
before="$(cache_state)"
assert_exit 4 motcua catalog import "$N/catalog-laythutuc.json" --as-of 2024-04-01 --levels "$TEST_TMP/bad-levels.csv"
assert_contains "$ERR" "bad-levels.csv:1: level '7'" "names the line and value"
assert_eq "$before" "$(cache_state)" "nothing changed"

step "reports use the Decree 42 words"
assert_exit 0 motcua stats export --period 2024-01 --format md --lang vi --output "$TEST_TMP/r.md"
assert_contains "$(cat "$TEST_TMP/r.md")" "toàn trình" "report label"
assert_not_contains "$(cat "$TEST_TMP/r.md")" "mức độ 3, 4" "no level 3/4 wording"
