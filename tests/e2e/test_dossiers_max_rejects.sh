#!/usr/bin/env bash
# dossiers migrate --max-rejects N|P%: a source with more rejects than allowed is refused before
# the first write (exit 4, nothing of it committed, even with one-record batches); at or under the
# limit the run goes on (exit 3 with rejects); a bad limit is a usage error.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"%s","status":"received","received_at":"2018-04-01T08:00"}\n' "$1" "$2"; }
{ for i in 1 2 3 4 5 6 7 8 9; do canon "M$i" direct; done; canon M10 fax; } >"$D/ten.ndjson"
{ canon G1 direct; canon G2 online; } >"$D/good.ndjson"

step "bad limits are usage errors"
for bad in -1 abc 101% 5%% 1.5; do
  assert_exit 2 motcua dossiers migrate "$D/ten.ndjson" --max-rejects "$bad"
done

step "1 of 10 rejected is past 5% and past 0: exit 4, nothing imported, even with one-record batches"
assert_exit 4 motcua dossiers migrate "$D/good.ndjson" "$D/ten.ndjson" --max-rejects 5% --batch-size 1
assert_contains "$ERR" "$D/ten.ndjson: 1 of 10 records are rejected, past --max-rejects 5%"
assert_contains "$ERR" "nothing was imported"
assert_contains "$ERR" "ten.ndjson:10: field 'channel'"
assert_exit 4 motcua dossiers migrate "$D/ten.ndjson" --max-rejects 0 --batch-size 1
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.dossiers' '0' "dossiers after refused runs"

step "at the limit the run goes on: 10% and 1 allow one reject (exit 3)"
assert_exit 3 motcua dossiers migrate "$D/ten.ndjson" --max-rejects 10% --rejects "$TEST_TMP/r1.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[10,9,1]'
assert_exit 3 motcua dossiers migrate "$D/ten.ndjson" --max-rejects 1 --rejects "$TEST_TMP/r2.csv" --format json
jq_eq "$OUT" '[.read,.unchanged,.rejected]' '[10,9,1]'
echo "ok"
