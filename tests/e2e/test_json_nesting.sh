#!/usr/bin/env bash
# Deeply nested JSON (issue 11, item 15): 100,000 open brackets inside a record or as the
# whole document used to crash `dossiers migrate` and `catalog import` (SIGSEGV in a
# recursive dump). Nesting past 512 levels now refuses the file (exit 4) or rejects the one
# record (exit 3), naming the limit; never a crash, never a write.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/in"
mkdir -p "$D"
brackets() { head -c "$1" /dev/zero | tr '\0' "$2"; }
good_dossier='{"code":"OK1","procedure_code":"2.001","channel":"direct","status":"received","received_at":"2018-04-01T08:00"}'
good_proc='{"code":"P1","name":"Thủ tục một","agency_code":"AG","processing_time":5,"processing_unit":"working_days"}'

# A record holding 100k '[' (unterminated), a whole document 100k deep (balanced), and an
# NDJSON line 100k deep between two good lines.
{ printf '[%s,{"code":"N1","x":' "$good_dossier"; brackets 100000 '['; } >"$D/open.json"
{ brackets 100000 '['; brackets 100000 ']'; } >"$D/deep.json"
{ printf '%s\n' "$good_dossier"; printf '{"code":"N2","x":'; brackets 100000 '['; brackets 100000 ']'; printf '}\n'
  printf '%s\n' "${good_dossier/OK1/OK2}"; } >"$D/deep.ndjson"
# 600 levels: past the limit, yet small enough that every parser would take it.
{ printf '[%s,{"code":"N3","x":' "$good_dossier"; brackets 600 '['; brackets 600 ']'; printf '}]'; } >"$D/six_hundred.json"
{ printf '[%s,{"code":"P2","x":' "$good_proc"; brackets 100000 '['; brackets 100000 ']'; printf '}]'; } >"$D/catalog_deep.json"
{ printf '%s\n' "$good_proc"; printf '{"code":"P3","x":'; brackets 100000 '['; brackets 100000 ']'; printf '}\n'; } >"$D/catalog_deep.ndjson"

step "dossiers migrate refuses a document nested 100,000 deep (exit 4), naming the limit"
for f in open.json deep.json six_hundred.json; do
  assert_exit 4 motcua dossiers migrate "$D/$f"
  assert_contains "$ERR" "nested deeper than 512 levels" "$f"
  assert_contains "$ERR" "nothing was imported" "$f"
done
assert_no_file "$MOTCUA_DB"

step "the same document from stdin is refused the same way"
assert_exit 4 motcua dossiers migrate - <"$D/deep.json"
assert_contains "$ERR" "nested deeper than 512 levels"

step "an NDJSON line nested 100,000 deep is one rejected record; the others load (exit 3)"
assert_exit 3 motcua dossiers migrate "$D/deep.ndjson" --rejects "$TEST_TMP/rej.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,2,1]'
assert_contains "$(cat "$TEST_TMP/rej.csv")" "nested deeper than 512 levels" "the reject names the depth"

step "catalog import refuses a catalog document nested 100,000 deep (exit 4), nothing changed"
before="$(cache_state)"
assert_exit 4 motcua catalog import "$D/catalog_deep.json" --as-of 2018-01-01
assert_contains "$ERR" "nested deeper than 512 levels"
assert_cache_unchanged "$before"
assert_exit 4 motcua catalog import - --input-format json --as-of 2018-01-01 <"$D/deep.json"
assert_contains "$ERR" "nested deeper than 512 levels"

step "a catalog NDJSON line nested 100,000 deep is one rejected record (exit 3)"
assert_exit 3 motcua catalog import "$D/catalog_deep.ndjson" --as-of 2018-01-01 --partial --rejects "$TEST_TMP/crej.csv" --format json
jq_eq "$OUT" '.rejected' '1'
assert_contains "$(cat "$TEST_TMP/crej.csv")" "nested deeper than 512 levels"
echo "ok"
