#!/usr/bin/env bash
# catalog import --max-withdraw: a full snapshot that would withdraw more of the catalog than the
# limit (default 10%) is refused with exit 4 and changes nothing; --partial and explicit limits pass.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"

# feed FIRST LAST: procedures P<FIRST>..P<LAST> as NDJSON, as a catalog server would export them.
feed() {
  local i
  for ((i = $1; i <= $2; i++)); do printf '{"code":"P%03d","name":"Thủ tục %d","processing_time":5}\n' "$i" "$i"; done
}
feed 1 200 >"$D/all.ndjson"
feed 1 3 >"$D/three.ndjson"
feed 1 180 >"$D/180.ndjson"
feed 1 179 >"$D/179.ndjson"
feed 1 100 >"$D/100.ndjson"
feed 1 99 >"$D/99.ndjson"

step "the first import of 200 procedures"
assert_exit 0 motcua catalog import "$D/all.ndjson" --as-of 2020-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.withdrawn]' '[200,200,0]' "first import"

step "a truncated feed (3 of 200) as a full snapshot is refused: exit 4, nothing changed"
assert_exit 0 motcua catalog list --as-of 2020-02-01 --format json
list_before="$OUT"
jq_eq "$list_before" 'length' '200' "catalog before"
state_before="$(cache_state)"
assert_exit 4 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --format json
assert_contains "$ERR" "would withdraw 197 of the 200 procedures in the catalog as of 2020-02-01" "refusal counts"
assert_contains "$ERR" "--max-withdraw 10%" "refusal names the limit"
assert_contains "$ERR" "--partial" "refusal names --partial"
assert_contains "$ERR" "nothing was imported" "refusal says nothing changed"
assert_eq "" "$OUT" "no counts on stdout for a refused import"
assert_exit 0 motcua catalog list --as-of 2020-02-01 --format json
assert_eq "$list_before" "$OUT" "catalog list after the refusal"
assert_cache_unchanged "$state_before" "a refused snapshot"

step "--dry-run reports the same refusal (exit 4)"
assert_exit 4 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --dry-run
assert_contains "$ERR" "would withdraw 197 of the 200" "dry-run refusal"
assert_contains "$ERR" "--max-withdraw" "dry-run refusal names --max-withdraw"
assert_cache_unchanged "$state_before" "a refused dry run"

step "the default 10% is inclusive: 20 of 200 pass, 21 are refused"
assert_exit 0 motcua catalog import "$D/180.ndjson" --as-of 2020-02-01 --dry-run --format json
jq_eq "$OUT" '.withdrawn' '20' "20 withdrawals within 10%"
assert_exit 4 motcua catalog import "$D/179.ndjson" --as-of 2020-02-01 --dry-run
assert_contains "$ERR" "would withdraw 21 of the 200" "21 withdrawals refused"

step "--max-withdraw 50%: exactly half passes, one more is refused"
assert_exit 0 motcua catalog import "$D/100.ndjson" --as-of 2020-02-01 --max-withdraw 50% --dry-run --format json
jq_eq "$OUT" '.withdrawn' '100' "100 of 200 at 50%"
assert_exit 4 motcua catalog import "$D/99.ndjson" --as-of 2020-02-01 --max-withdraw 50%
assert_contains "$ERR" "would withdraw 101 of the 200" "101 of 200 refused at 50%"
assert_contains "$ERR" "--max-withdraw 50%" "the limit as given"
assert_cache_unchanged "$state_before" "a snapshot refused at 50%"

step "a count below the withdrawals is refused; 100% allows any"
assert_exit 4 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw 196
assert_contains "$ERR" "--max-withdraw 196" "count limit named"
assert_exit 0 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw 100% --dry-run --format json
jq_eq "$OUT" '.withdrawn' '197' "100% disables the guard"
assert_cache_unchanged "$state_before" "refusals and dry runs"

step "--partial is unaffected: it withdraws nothing, so it is never refused"
assert_exit 0 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --partial --format json
jq_eq "$OUT" '[.read,.unchanged,.withdrawn]' '[3,3,0]' "partial import"
assert_exit 0 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --partial --max-withdraw 0 --format json
jq_eq "$OUT" '.withdrawn' '0' "partial import with --max-withdraw 0"
assert_exit 0 motcua catalog list --as-of 2020-02-01 --format json
assert_eq "$list_before" "$OUT" "catalog after the partial imports"
state_before="$(cache_state)" # the partial imports are logged

step "malformed limits are usage errors (exit 2) that change nothing"
for bad in abc 101% 100.5% 2.5 12.345% "" 10%% 1e3; do
  assert_exit 2 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw "$bad"
  assert_contains "$ERR" "--max-withdraw" "usage error for '$bad' names the option"
done
assert_exit 2 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw=-5
assert_contains "$ERR" "negative" "negative limit"
assert_exit 2 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw=-5%
assert_cache_unchanged "$state_before" "usage errors"

step "a limit at least the withdrawals lets the real import through: 197 withdrawn, history kept"
assert_exit 0 motcua catalog import "$D/three.ndjson" --as-of 2020-02-01 --max-withdraw 200 --format json
jq_eq "$OUT" '[.read,.unchanged,.withdrawn]' '[3,3,197]' "import with --max-withdraw 200"
assert_exit 0 motcua catalog list --as-of 2020-02-01 --format json
jq_eq "$OUT" '[.[].code]' '["P001","P002","P003"]' "catalog after the withdrawal"
assert_exit 0 motcua catalog list --as-of 2020-01-31 --format json
assert_eq "$list_before" "$OUT" "the day before keeps all 200"

step "the percentage is of the catalog on the snapshot's date: 1 of 3 is 33%"
feed 1 2 >"$D/two.ndjson"
assert_exit 4 motcua catalog import "$D/two.ndjson" --as-of 2020-03-01
assert_contains "$ERR" "would withdraw 1 of the 3 procedures in the catalog as of 2020-03-01" "later date, smaller catalog"
assert_exit 0 motcua catalog import "$D/two.ndjson" --as-of 2020-03-01 --max-withdraw 34% --format json
jq_eq "$OUT" '.withdrawn' '1' "1 of 3 within 34%"

step "a first import into an empty catalog withdraws nothing, whatever the limit"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/fresh") "$MOTCUA" catalog import "$D/three.ndjson" --as-of 2020-01-01 --max-withdraw 0 --format json
jq_eq "$OUT" '[.read,.inserted,.withdrawn]' '[3,3,0]' "first import with --max-withdraw 0"

step "catalog import --help states the rule"
assert_exit 0 motcua catalog import --help
assert_contains "$OUT" "--max-withdraw" "help lists the option"
assert_contains "$OUT" "default 10%" "help gives the default"
