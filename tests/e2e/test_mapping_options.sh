#!/usr/bin/env bash
# Mapping and CSV options of issue 14 §3: --delimiter and --tsv over the mapping, a canonical CSV
# with ';' recognised by its header, date_format lists with SA/CH, value maps blind to case,
# accents and spaces (unless "exact"), "other" for unmapped values, every reason of a rejected
# row in the rejects file, and the summary of rejects by reason (stderr and --format json).
. "$(dirname "$0")/lib.sh"

step "a canonical CSV separated by ';' migrates without a mapping"
printf 'code;procedure_code;channel;status;received_at\r\nC-1;1.001;direct;received;2018-03-05T08:00\r\n' >"$TEST_TMP/canon.csv"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/canon.csv"
assert_exit 0 motcua dossiers show C-1 --format json

step "--delimiter and --tsv override the mapping's delimiter"
printf 'SO\tTT\tKENH\tTRANG_THAI\tNGAY\nT-1\t1.001\tTT\tĐÃ TRẢ KẾT QUẢ\t05/03/2018 02:30 CH\n' >"$TEST_TMP/tab.csv"
cat >"$TEST_TMP/map.json" <<'JSON'
{"input": {"delimiter": ","},
 "fields": {"code": "SO", "procedure_code": "TT",
  "channel": {"column": "KENH", "values": {"TT": "direct"}},
  "status": {"column": "TRANG_THAI", "values": {"Đã trả kết quả": "returned"}, "other": "processing"},
  "received_at": {"column": "NGAY", "date_format": ["%d/%m/%Y %I:%M %p", "%Y-%m-%d"]}}}
JSON
assert_exit 4 motcua dossiers migrate "$TEST_TMP/tab.csv" --mapping "$TEST_TMP/map.json" --dry-run
assert_exit 0 motcua dossiers migrate "$TEST_TMP/tab.csv" --mapping "$TEST_TMP/map.json" --tsv
assert_exit 0 motcua dossiers show T-1 --format json
jq_eq "$OUT" '.status' '"returned"' "the status matched ignoring case and accents"
jq_eq "$OUT" '.received_at' '"2018-03-05T14:30:00+07:00"' "02:30 CH is 14:30"
sed 's/\t/|/g' "$TEST_TMP/tab.csv" | sed 's/T-1/T-2/' >"$TEST_TMP/pipe.csv"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/pipe.csv" --mapping "$TEST_TMP/map.json" --delimiter '|'
assert_exit 2 motcua dossiers migrate "$TEST_TMP/pipe.csv" --mapping "$TEST_TMP/map.json" --delimiter '|' --tsv

step "other, exact, every reason and the summary"
cat >"$TEST_TMP/rows.csv" <<'CSV'
SO,TT,KENH,TRANG_THAI,NGAY
R-1,1.001,TT,Chuyển phòng,2018-03-06
R-2,1.001,XX,,06.03.2018
R-3,1.001,YY,da tra ket qua,12/03/2018 12:00 SA
CSV
assert_exit 3 motcua dossiers migrate "$TEST_TMP/rows.csv" --mapping "$TEST_TMP/map.json" --rejects "$TEST_TMP/rej.csv" --format json
jq_eq "$OUT" '.rejected' '2'
jq_eq "$OUT" '.rejects_by_reason[0]' "{\"reason\":\"field 'channel': value not in the mapping's values\",\"count\":2,\"first\":\"$TEST_TMP/rows.csv:3\"}"
assert_contains "$ERR" "rejects by reason"
assert_contains "$ERR" "2  field 'channel': value not in the mapping's values  (first at $TEST_TMP/rows.csv:3)"
rej="$(cat "$TEST_TMP/rej.csv")"
assert_contains "$rej" "field 'channel': value 'XX' in column KENH is not in the mapping's values ('TT') | field 'status' is required (column TRANG_THAI is empty) | field 'received_at': expected a date in one of the formats '%d/%m/%Y %I:%M %p', '%Y-%m-%d', got '06.03.2018'" "all three reasons of R-2"
assert_exit 0 motcua dossiers show R-1 --format json
jq_eq "$OUT" '.status' '"processing"' "an unmapped status takes 'other'"
sed 's/"values": {"Đã trả kết quả": "returned"}/"values": {"Đã trả kết quả": "returned"}, "exact": true/; s/, "other": "processing"//' "$TEST_TMP/map.json" >"$TEST_TMP/exact.json"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/tab.csv" --mapping "$TEST_TMP/exact.json" --tsv --dry-run
assert_contains "$ERR" "value 'ĐÃ TRẢ KẾT QUẢ' in column TRANG_THAI is not in the mapping's values"

echo "PASS"
