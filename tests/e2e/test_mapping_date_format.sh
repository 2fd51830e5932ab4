#!/usr/bin/env bash
# A mapping's date_format is matched strictly: a cell missing part of the time (or with something
# left over) is rejected naming the column, the value and the format, never stored as midnight.
. "$(dirname "$0")/lib.sh"

step "a date_format with seconds on cells written without them"
cat >"$TEST_TMP/legacy.csv" <<'CSV'
SO_HO_SO,MA_TTHC,HINH_THUC,TINH_TRANG,NGAY_NHAN
S-FULL,P1,2,4,27/11/2017 10:44:05
S-NOSEC,P1,2,4,27/11/2017 10:44
S-DATE,P1,2,4,27/11/2017
S-EXTRA,P1,2,4,27/11/2017 10:44:05 SA
CSV
cat >"$TEST_TMP/mapping.json" <<'JSON'
{
  "input": {"format": "csv", "encoding": "utf-8", "delimiter": ",", "header": true},
  "fields": {
    "code": "SO_HO_SO",
    "procedure_code": "MA_TTHC",
    "channel": "HINH_THUC",
    "status": "TINH_TRANG",
    "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M:%S"}
  }
}
JSON
assert_exit 3 motcua dossiers migrate "$TEST_TMP/legacy.csv" --mapping "$TEST_TMP/mapping.json" --rejects "$TEST_TMP/rej.csv"
rej="$(cat "$TEST_TMP/rej.csv")"
assert_contains "$rej" "field 'received_at': expected a date in the format '%d/%m/%Y %H:%M:%S', got '27/11/2017 10:44' in column NGAY_NHAN" "missing seconds rejected"
assert_contains "$rej" "got '27/11/2017 10:44:05 SA' in column NGAY_NHAN" "left-over text rejected"
assert_contains "$rej" "' SA' is left over" "the reason for left-over text"

step "only the matching cells were stored, at the time they say"
assert_exit 0 motcua dossiers show S-FULL --format json
jq_eq "$OUT" '.received_at' '"2017-11-27T10:44:05+07:00"'
assert_exit 0 motcua dossiers show S-DATE --format json
jq_eq "$OUT" '.received_at' '"2017-11-27T00:00:00+07:00"' "a cell holding only the date part is that day's midnight"
assert_exit 4 motcua dossiers show S-NOSEC --format json
assert_exit 4 motcua dossiers show S-EXTRA --format json

echo "PASS"
