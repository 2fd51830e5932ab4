#!/usr/bin/env bash
# Codes are printable text of at most 255 characters, and one field is at most 1 MiB in every
# format (issue 11 item 12): a NUL or control character in a dossier, procedure or agency code,
# or an oversized field, rejects the record with the field named; nothing unreachable is stored.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Một", "processing_time": 5},
 {"code": "P\u00002", "name": "Hai", "processing_time": 5},
 {"code": "P3", "name": "Ba", "processing_time": 5, "agency_code": "A\u001b[2J"}]
JSON

step "catalog: a control character in a procedure or agency code rejects that procedure"
assert_exit 3 motcua catalog import "$D/cat.json" --as-of 2018-01-01 --rejects "$TEST_TMP/cat-rejects.csv"
assert_contains "$ERR" "control character U+0000" "NUL in a procedure code"
assert_contains "$ERR" "control character U+001B" "ESC in an agency code"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["P1"]' "only the clean procedure is stored"

step "dossiers: NUL, other control characters and over-long codes are rejected, in NDJSON and CSV"
long="$(printf 'X%.0s' $(seq 1 256))"
{
  echo '{"code":"OK-1","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo '{"code":"NUL-3\u0000hidden","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo '{"code":"TAB\tX","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo '{"code":"C1-\u0085","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo '{"code":"OK-2","procedure_code":"P\u00001","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo '{"code":"OK-3","procedure_code":"P1","agency_code":"A\u0007","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}'
  echo "{\"code\":\"$long\",\"procedure_code\":\"P1\",\"channel\":\"direct\",\"status\":\"received\",\"received_at\":\"2018-03-05T08:00\"}"
} >"$D/d.ndjson"
assert_exit 3 motcua dossiers migrate "$D/d.ndjson" --rejects "$TEST_TMP/d-rejects.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[7,1,6]' "six rejected"
assert_contains "$ERR" "field 'code'" "names the field"
assert_contains "$ERR" "U+0000" "names the NUL"
assert_contains "$ERR" "256 characters long, at most 255" "names the length limit"
assert_exit 0 motcua dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["OK-1"]' "only the clean dossier is stored"
printf 'code,procedure_code,channel,status,received_at\n"CSV\x01X",P1,direct,received,2018-03-05T08:00\n' >"$D/d.csv"
assert_exit 3 motcua dossiers migrate "$D/d.csv" --rejects "$TEST_TMP/d2-rejects.csv"
assert_contains "$ERR" "U+0001" "CSV: the control character is named"

step "one field limit (1 MiB) in NDJSON too: a 2 MB code is rejected, not stored"
python3 -c "
import json
print(json.dumps({'code': 'B' * 2000000, 'procedure_code': 'P1', 'channel': 'direct', 'status': 'received', 'received_at': '2018-03-05T08:00'}))
print(json.dumps({'code': 'OK-9', 'procedure_code': 'P1', 'channel': 'direct', 'status': 'received', 'received_at': '2018-03-05T08:00', 'applicant_name': 'N' * 2000000}))
" >"$D/big.ndjson"
assert_exit 3 motcua dossiers migrate "$D/big.ndjson" --rejects "$TEST_TMP/d3-rejects.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[2,0,2]' "both rejected"
assert_contains "$ERR" "at most 1 MiB" "names the field limit"

step "what is stored exports and migrates back"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/back.csv"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/back.csv" --format json
jq_eq "$OUT" '[.read,.unchanged]' '[1,1]' "round trip"
