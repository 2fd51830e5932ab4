#!/usr/bin/env bash
# dossiers migrate through the real binary: every input format (NDJSON, JSON array, national
# sync JSON, canonical CSV, legacy CSV in TCVN3 and Windows-1258 through a mapping, stdin),
# bad rows (rejects file, exit 3, reconciliation), idempotent re-runs, dry runs, on-conflict,
# input errors that change nothing (exit 4), and a large JSON array streamed.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"

# Counts of the --format json object as one comparable line.
counts() { jq -c '[.read,.inserted,.updated,.unchanged,.rejected]' <<<"$OUT"; }
# The dossiers table as scripts see it (export is the canonical view).
dossier_state() { "$MOTCUA" dossiers export 2>/dev/null; }

cat >"$D/d.ndjson" <<'EOF'
{"code": "000.00.20.H15-181005-0001", "procedure_code": "2.005795", "agency_code": "000.00.20.H15", "channel": "online", "status": "resolved", "received_at": "2018-10-05T01:22:00", "due_at": "2018-10-10", "resolved_at": "2018-10-16T15:11:00", "returned_at": "2018-10-18T11:52:00", "applicant_name": "Đặng Thị Thu Yến", "applicant_id": "042913168485", "fee": 0, "pauses": [], "extensions": [{"apology_at": "2018-10-09", "new_due_at": "2018-10-17T15:11:00", "reason": "Hồ sơ phức tạp"}]}
{"code": "000.00.17.H15-180424-0001", "procedure_code": "2.002099", "agency_code": "000.00.17.H15", "channel": "postal", "status": "returned", "received_at": "2018-04-24T10:21:00+07:00", "due_at": "2018-05-17T17:00", "resolved_at": "2018-05-21T14:03:00", "pauses": [{"from": "2018-04-25T08:00", "to": null, "reason": "Bổ sung"}], "source_system": "egov-2015"}

{"code": "000.00.24.H15-180309-0001", "procedure_code": "2.006523", "channel": "fax", "status": "returned", "received_at": "2018-03-09T09:36:00"}
{"code": "000.00.24.H15-180309-0002", "procedure_code": "2.006523", "channel": "direct", "status": "returned", "received_at": "09/03/2018"}
not json at all
{"code": "000.00.21.H15-181025-0001", "procedure_code": "2.006677", "channel": "direct", "status": "resolved", "received_at": "2018-10-25T09:00", "resolved_at": "2018-10-20T09:00"}
EOF

step "NDJSON: bad lines rejected with line, reason and record; exit 3; counts reconcile"
assert_exit 3 motcua dossiers migrate "$D/d.ndjson" --rejects "$TEST_TMP/rej.csv" --format json
assert_eq '[6,3,0,0,3]' "$(counts)" "counts"
jq_eq "$OUT" '.rejects_file' "\"$TEST_TMP/rej.csv\""
assert_contains "$ERR" "read 6, inserted 3, updated 0, unchanged 0, rejected 3" "reconciliation line"
assert_file_mode 600 "$TEST_TMP/rej.csv"
rej="$(cat "$TEST_TMP/rej.csv")"
assert_eq "source,position,reason,record,reasons" "$(head -1 "$TEST_TMP/rej.csv" | tr -d '\r')" "rejects header (CRLF rows)"
assert_eq 4 "$(wc -l <"$TEST_TMP/rej.csv" | tr -d ' ')" "rejects rows + header"
assert_contains "$rej" "\"$D/d.ndjson\",\"line 4\",\"field 'channel': expected online, direct or postal, got \"\"fax\"\"\"" "channel reject"
assert_contains "$rej" "\"line 5\",\"field 'received_at'" "received_at reject"
assert_contains "$rej" "09/03/2018" "the offending value is named"
assert_contains "$rej" "\"line 6\",\"not valid JSON\",\"not json at all\"" "broken line kept verbatim"
assert_contains "$ERR" "$D/d.ndjson:4: field 'channel'" "rejects listed on stderr"

step "a dossier resolved before it was received is loaded (the audit flags it)"
assert_exit 0 motcua dossiers show 000.00.21.H15-181025-0001 --format json
jq_eq "$OUT" '[.received_at,.resolved_at]' '["2018-10-25T09:00:00+07:00","2018-10-20T09:00:00+07:00"]'

step "canonical object: +07:00 instants, date-only due_at kept as a date, extra fields kept"
assert_exit 0 motcua dossiers show 000.00.20.H15-181005-0001 --format json
jq_eq "$OUT" '[.received_at,.due_at,.extensions[0].apology_at,.extensions[0].new_due_at,.pauses]' \
  '["2018-10-05T01:22:00+07:00","2018-10-10","2018-10-09","2018-10-17T15:11:00+07:00",[]]'
assert_exit 0 motcua dossiers show 000.00.17.H15-180424-0001 --format json
jq_eq "$OUT" '[.due_at,.pauses[0].to,.pauses[0].reason,.source_system,.fee,.paid_online]' \
  '["2018-05-17T17:00:00+07:00",null,"Bổ sung","egov-2015",null,null]'

step "re-running the same input changes nothing: all unchanged"
before="$(dossier_state)"
assert_exit 3 motcua dossiers migrate "$D/d.ndjson" --rejects "$TEST_TMP/rej2.csv" --format json
assert_eq '[6,0,0,3,3]' "$(counts)" "re-run counts"
assert_eq "$before" "$(dossier_state)" "cache after re-run"

step "a changed record is updated; --dry-run counts it and writes nothing"
sed 's/"status": "returned", "received_at": "2018-04-24T10:21:00+07:00"/"status": "resolved", "received_at": "2018-04-24T10:21:00+07:00"/' \
  "$D/d.ndjson" | head -2 >"$D/changed.ndjson"
assert_exit 0 motcua dossiers migrate "$D/changed.ndjson" --dry-run --format json
assert_eq '[2,0,1,1,0]' "$(counts)" "dry-run counts"
jq_eq "$OUT" '.dry_run' 'true'
assert_contains "$ERR" "dry run: nothing written"
assert_eq "$before" "$(dossier_state)" "dry run wrote nothing"
assert_exit 0 motcua dossiers migrate "$D/changed.ndjson" --format json
assert_eq '[2,0,1,1,0]' "$(counts)" "update counts"
assert_exit 0 motcua dossiers show 000.00.17.H15-180424-0001 --format json
jq_eq "$OUT" '.status' '"resolved"'

step "--on-conflict skip keeps the cached record; fail stops with an error naming the code"
assert_exit 3 motcua dossiers migrate "$D/d.ndjson" --on-conflict skip --rejects "$TEST_TMP/rej3.csv" --format json
assert_eq '[6,0,0,3,3]' "$(counts)" "skip counts"
assert_contains "$ERR" "kept as they were (--on-conflict skip)"
assert_exit 0 motcua dossiers show 000.00.17.H15-180424-0001 --format json
jq_eq "$OUT" '.status' '"resolved"' "skip kept the cached status"
assert_exit 4 motcua dossiers migrate "$D/d.ndjson" --on-conflict fail --rejects "$TEST_TMP/rej4.csv"
assert_contains "$ERR" "dossier '000.00.17.H15-180424-0001' is already in the cache with different data"
assert_contains "$ERR" "--on-conflict update or skip"

step "--on-conflict fail: a conflict after the first batch (--batch-size 2) is found before anything is written: exit 4, cache unchanged"
mk() { printf '{"code": "%s", "procedure_code": "1.000001", "channel": "direct", "status": "%s", "received_at": "2018-01-02T08:00"}\n' "$1" "$2"; }
{ mk F-1 received; mk F-2 received; mk F-3 received; mk F-4 received; mk F-5 received; mk 000.00.17.H15-180424-0001 received; } >"$D/late-conflict.ndjson"
before="$(dossier_state)"
assert_exit 4 motcua dossiers migrate "$D/late-conflict.ndjson" --on-conflict fail --batch-size 2
assert_contains "$ERR" "at $D/late-conflict.ndjson:6: dossier '000.00.17.H15-180424-0001' is already in the cache with different data"
assert_contains "$ERR" "nothing was imported"
assert_eq "$before" "$(dossier_state)" "the batches before the conflict were not committed"
{ mk F-1 received; mk F-2 received; mk F-3 received; mk F-1 processing; } >"$D/dup-conflict.ndjson"
assert_exit 4 motcua dossiers migrate "$D/dup-conflict.ndjson" --on-conflict fail --batch-size 2
assert_contains "$ERR" "at $D/dup-conflict.ndjson:4: dossier 'F-1' appears twice in the input with different data (first at $D/dup-conflict.ndjson:1)"
assert_eq "$before" "$(dossier_state)" "a code twice in the input with different data changes nothing"
{ mk F-1 received; mk F-1 received; } >"$D/dup-same.ndjson"
# In a cache of its own: the counts of the later steps stay as they are.
assert_exit 0 env MOTCUA_DB="$TEST_TMP/dup/motcua.db" "$MOTCUA" dossiers migrate "$D/dup-same.ndjson" --on-conflict fail --batch-size 2 --format json
assert_eq '[2,1,0,1,0]' "$(counts)" "the same record twice is no conflict"

step "JSON array and stdin"
cat >"$D/arr.json" <<'EOF'
[
 {"code": "J-1", "procedure_code": "1.000001", "channel": "direct", "status": "received", "received_at": "2018-01-02T08:00"},
 {"code": "J-2", "procedure_code": "1.000001", "channel": "direct", "status": "bogus", "received_at": "2018-01-02T08:00"}
]
EOF
assert_exit 3 motcua dossiers migrate "$D/arr.json" --rejects "$TEST_TMP/rej5.csv" --format json
assert_eq '[2,1,0,0,1]' "$(counts)" "array counts"
assert_contains "$(cat "$TEST_TMP/rej5.csv")" "\"record 2\",\"field 'status'" "array reject by record number"
assert_exit 0 motcua dossiers migrate - --format json <"$D/changed.ndjson"
assert_eq '[2,0,0,2,0]' "$(counts)" "stdin counts"

step "national sync JSON (DongBoHoSoMC): numbers as strings, supplements become pauses"
cat >"$D/sync.json" <<'EOF'
{"service": "DongBoHoSoMC", "isUpdating": "False", "data": [
  {"MaHoSo": "000.00.13.H15-170510-0001", "MaTTHC": "2.001371", "DonViXuLy": "000.00.13.H15", "KenhThucHien": 2,
   "TrangThaiHoSo": "10", "NgayTiepNhan": "20170510032100", "ChuHoSo": "Phạm Quốc Hải", "MaDoiTuong": "076192506125",
   "NgayHenTra": "20170516170000", "NgayKetThucXuLy": "20170515133000", "NgayTra": "20170517021500",
   "DanhSachHoSoBoSung": [{"HoSoBoSungId": "1", "NgayBoSung": "20170510153100", "NgayTiepNhanBoSung": "20170515123000"}]},
  {"MaHoSo": "000.00.13.H15-170510-0002", "MaTTHC": "2.001371", "KenhThucHien": "7", "TrangThaiHoSo": "4",
   "NgayTiepNhan": "20170510032100"}
]}
EOF
assert_exit 3 motcua dossiers migrate "$D/sync.json" --input-format dvcqg --rejects "$TEST_TMP/rej6.csv" --format json
assert_eq '[2,1,0,0,1]' "$(counts)" "dvcqg counts"
assert_contains "$(cat "$TEST_TMP/rej6.csv")" "KenhThucHien" "dvcqg reject names the national field"
assert_exit 0 motcua dossiers show 000.00.13.H15-170510-0001 --format json
jq_eq "$OUT" '[.channel,.status,.received_at,.pauses[0].from,.pauses[0].to,.applicant_id]' \
  '["online","returned","2017-05-10T03:21:00+07:00","2017-05-10T15:31:00+07:00","2017-05-15T12:30:00+07:00","076192506125"]'
assert_exit 3 motcua dossiers migrate "$D/sync.json" --rejects "$TEST_TMP/rej7.csv" --format json
assert_eq '[2,0,0,1,1]' "$(counts)" "dvcqg detected without --input-format"

step "legacy CSV in TCVN3 (semicolons) and Windows-1258 (decomposed tones) through mappings"
cat >"$D/legacy.csv" <<'EOF'
SO_HO_SO;MA_TTHC;DON_VI;HINH_THUC;TINH_TRANG;NGAY_NHAN;NGAY_HEN;NGAY_XONG;NGAY_YC_BS;NGAY_NHAN_BS;HO_TEN;LE_PHI
L-001;1.005564;000.00.12.H15;TT;DA_TRA;01/11/2018 08:53;06/11/2018;01/11/2018 13:26;;;Nguyễn Văn Ánh;0
L-002;2.006915;000.00.30.H15;BC;DA_TRA;23/07/2018 07:41;30/07/2018;26/07/2018 10:27;24/07/2018;25/07/2018;Đặng Đức Ơn;20000
L-003;2.006915;000.00.30.H15;XX;DA_TRA;23/07/2018 07:41;30/07/2018;;;;Lê Thị Ưng;0
L-004;2.006915;000.00.30.H15;TT;DA_TRA;23/07/2018 07:41
L-005;2.006915;000.00.30.H15;TTUYEN;KTN;31/02/2018 07:41;;;;;Hồ Hữu Phúc;0
"L-006";"1.001602";000.00.21.H15;TTUYEN;DA_XL;26/10/2018 13:20;01/11/2018;31/10/2018 09:08;;;"Trần; Thị ""Bé""";5000
EOF
cat >"$D/mapping-tcvn.json" <<'EOF'
{
  "input": {"format": "csv", "encoding": "tcvn", "delimiter": ";", "header": true},
  "fields": {
    "code": "SO_HO_SO",
    "procedure_code": {"column": "MA_TTHC", "trim": true},
    "agency_code": "DON_VI",
    "channel": {"column": "HINH_THUC", "values": {"TT": "direct", "TTUYEN": "online", "BC": "postal"}},
    "status": {"column": "TINH_TRANG", "values": {"DA_TRA": "returned", "DA_XL": "resolved", "KTN": "not_accepted"}},
    "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
    "due_at": {"column": "NGAY_HEN", "date_format": "%d/%m/%Y"},
    "resolved_at": {"column": "NGAY_XONG", "date_format": "%d/%m/%Y %H:%M"},
    "pauses": {"from": {"column": "NGAY_YC_BS", "date_format": "%d/%m/%Y"},
               "to": {"column": "NGAY_NHAN_BS", "date_format": "%d/%m/%Y"}},
    "applicant_name": "HO_TEN",
    "fee": "LE_PHI"
  }
}
EOF
iconv -f UTF-8 -t TCVN5712-1 "$D/legacy.csv" | sed 's/$/\r/' >"$D/legacy-tcvn.csv"
assert_exit 3 motcua dossiers migrate "$D/legacy-tcvn.csv" --mapping "$D/mapping-tcvn.json" --rejects "$TEST_TMP/rej8.csv" --format json
assert_eq '[6,3,0,0,3]' "$(counts)" "tcvn counts"
rej="$(cat "$TEST_TMP/rej8.csv")"
assert_contains "$rej" "\"line 4\",\"field 'channel': value 'XX' in column HINH_THUC is not in the mapping's values" "unmapped value"
assert_contains "$rej" "\"line 5\",\"row has 6 fields, expected 12" "short row with its line"
assert_contains "$rej" "\"line 6\",\"field 'received_at': expected a date in the format '%d/%m/%Y %H:%M', got '31/02/2018 07:41'" "bad date"
assert_exit 0 motcua dossiers show L-001 --format json
jq_eq "$OUT" '[.applicant_name,.channel,.status,.received_at,.due_at,.fee]' \
  '["Nguyễn Văn Ánh","direct","returned","2018-11-01T08:53:00+07:00","2018-11-06",0]' "TCVN decoded to NFC"
assert_exit 0 motcua dossiers show L-002 --format json
jq_eq "$OUT" '[.applicant_name,.pauses]' '["Đặng Đức Ơn",[{"from":"2018-07-24","to":"2018-07-25","reason":null}]]'
assert_exit 0 motcua dossiers show L-006 --format json
jq_eq "$OUT" '[.code,.applicant_name,.status]' '["L-006","Trần; Thị \"Bé\"","resolved"]' "quoted fields"

sed -e 's/"tcvn"/"cp1258"/' -e 's/"delimiter": ";"/"delimiter": ","/' "$D/mapping-tcvn.json" >"$D/mapping-cp1258.json"
head -3 "$D/legacy.csv" | tr ';' ',' | iconv -f UTF-8 -t CP1258 >"$D/legacy-cp1258.csv"
assert_exit 0 motcua dossiers migrate "$D/legacy-cp1258.csv" --mapping "$D/mapping-cp1258.json" --format json
assert_eq '[2,0,0,2,0]' "$(counts)" "cp1258 gives the same (NFC) dossiers: unchanged"

step "--encoding overrides the mapping; undecodable text is exit 4 and changes nothing"
before="$(dossier_state)"
assert_exit 4 motcua dossiers migrate "$D/legacy-tcvn.csv" --mapping "$D/mapping-tcvn.json" --encoding utf-8
assert_contains "$ERR" "legacy-tcvn.csv"
assert_contains "$ERR" "nothing was imported"
sed -e 's/"tcvn"/"auto"/' "$D/mapping-tcvn.json" >"$D/mapping-auto.json"
assert_exit 4 motcua dossiers migrate "$D/legacy.csv" "$D/legacy-tcvn.csv" --mapping "$D/mapping-auto.json"
assert_contains "$ERR" "line 2" "the first bad line is named"
assert_eq "$before" "$(dossier_state)" "a bad second source changed nothing"
assert_exit 3 motcua dossiers migrate "$D/legacy-tcvn.csv" --mapping "$D/mapping-auto.json" --encoding tcvn --rejects "$TEST_TMP/rej9.csv" --format json
assert_eq '[6,0,0,3,3]' "$(counts)" "--encoding tcvn"

step "an invalid mapping file is exit 4 naming the key"
echo '{"input": {"encoding": "tcvn"}, "fields": {"code": "SO_HO_SO", "procedure_code": "MA_TTHC", "channel": "HINH_THUC", "status": "TINH_TRANG", "recieved_at": "NGAY_NHAN"}}' >"$D/bad-map.json"
assert_exit 4 motcua dossiers migrate "$D/legacy-tcvn.csv" --mapping "$D/bad-map.json"
assert_contains "$ERR" "'fields.recieved_at' is not a dossier field"
echo '{"fields": {"code": "SO_HO_SO", "procedure_code": "MA_TTHC", "channel": "KENH", "status": "TINH_TRANG", "received_at": "NGAY_NHAN"}}' >"$D/bad-col.json"
assert_exit 4 motcua dossiers migrate "$D/legacy.csv" --mapping "$D/bad-col.json"
assert_contains "$ERR" "fields.channel → 'KENH'"
assert_exit 4 motcua dossiers migrate "$D/legacy.csv" --mapping "$D/missing.json"
assert_contains "$ERR" "missing.json"
assert_eq "$before" "$(dossier_state)" "nothing changed by input errors"

step "unknown formats and unreadable sources are exit 4; bad options exit 2"
assert_exit 4 motcua dossiers migrate "$D/legacy.csv"
assert_contains "$ERR" "--mapping"
assert_exit 4 motcua dossiers migrate "$D/nope.ndjson"
assert_contains "$ERR" "nope.ndjson"
printf '[{"code": "X"' >"$D/trunc.json"
assert_exit 4 motcua dossiers migrate "$D/trunc.json"
assert_contains "$ERR" "not valid JSON"
assert_exit 2 motcua dossiers migrate "$D/d.ndjson" --on-conflict replace
assert_exit 2 motcua dossiers migrate "$D/d.ndjson" --batch-size 0
assert_exit 2 motcua dossiers migrate "$D/d.ndjson" --encoding latin1
assert_eq "$before" "$(dossier_state)" "nothing changed"

step "canonical CSV without a mapping: columns in any order, extra columns kept, bad rows rejected with their line"
printf '%s\r\n' 'status,code,received_at,procedure_code,channel,so_cu,applicant_name' \
  'received,C-1,2018-06-01T08:00,1.000001,direct,OLD-1,"Ngô ""Bé"", Lan"' \
  'received,C-2,2018-06-01T08:00,1.000001,fax,OLD-2,' \
  'received,C-3,2018-06-01,1.000001,online,"OLD-3' 'x",' \
  'received,C-4,2018-06-01T08:00,1.000001' \
  'received,C-5,31/06/2018,1.000001,direct,,' >"$D/canon.csv"
assert_exit 3 motcua dossiers migrate "$D/canon.csv" --rejects "$TEST_TMP/rej-canon.csv" --format json
assert_eq '[5,2,0,0,3]' "$(counts)" "canonical CSV counts"
rej="$(cat "$TEST_TMP/rej-canon.csv")"
assert_contains "$rej" "\"line 3\",\"field 'channel': expected online, direct or postal, got \"\"fax\"\"\"" "bad enum"
assert_contains "$rej" "\"line 6\",\"row has 4 fields, expected 7 (as the header)" "short row after a two-line cell"
assert_contains "$rej" "\"line 7\",\"field 'received_at'" "bad date"
assert_exit 0 motcua dossiers show C-1 --format json
jq_eq "$OUT" '[.applicant_name,.so_cu,.received_at]' '["Ngô \"Bé\", Lan","OLD-1","2018-06-01T08:00:00+07:00"]'
assert_exit 0 motcua dossiers show C-3 --format json
jq_eq "$OUT" '.so_cu' '"OLD-3\r\nx"' "a quoted cell over two lines"
before="$(dossier_state)"
printf 'code,procedure_code,received_at,note\nZ-1,1.000001,2018-06-01,x\n' >"$D/canon-missing.csv"
assert_exit 4 motcua dossiers migrate "$D/canon.csv" "$D/canon-missing.csv"
assert_contains "$ERR" "canon-missing.csv:1: the CSV header lacks the required column(s) channel, status"
assert_contains "$ERR" "nothing was imported"
assert_eq "$before" "$(dossier_state)" "a CSV missing columns changed nothing"

step "the default rejects file goes next to the cache, owner-only"
assert_exit 3 motcua dossiers migrate "$D/arr.json" -q
assert_eq "" "$ERR" "--quiet prints nothing"
f="$(ls "$(e2e_rejects_dir)"/rejects-*.csv)"
assert_file_mode 600 "$f"
assert_contains "$(cat "$f")" "field 'status'"

step "db check passes and the import log reconciles"
e2e_sqlite && assert_exit 0 motcua db check
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.dossiers' '10'

step "a large JSON array is streamed: right counts; broken or truncated copies are exit 4 before anything is written"
BIG_DB="$TEST_TMP/big/c.db"
big() { env MOTCUA_DB="$BIG_DB" "$MOTCUA" "$@"; }
big_state() { big db info --format json 2>/dev/null | jq -c 'del(.last_import, .size_bytes, .wal_bytes)'; }
# 20,000 records (2.2 MB) one per line after "[": record N is on line N+1; records
# 1000 and 15000 are bad. The refused runs use batches of 2,000, so a check made batch by batch instead of before the
# first write would have committed several batches by the time it met the broken line.
awk 'BEGIN { print "["; for (i = 1; i <= 20000; i++)
  printf "%s{\"code\":\"B-%06d\",\"procedure_code\":\"1.%06d\",\"channel\":\"online\",\"status\":\"%s\",\"received_at\":\"2018-01-02T08:00\"}\n",
    (i > 1 ? "," : ""), i, i % 97, (i == 1000 || i == 15000 ? "bogus" : "received"); print "]" }' >"$D/big.json"
head -c -4 "$D/big.json" >"$D/big-truncated.json"
sed '10001s/"channel":"online"/"channel" "online"/' "$D/big.json" >"$D/big-broken.json"
assert_exit 4 big dossiers migrate "$D/big-truncated.json" --batch-size 2000
assert_contains "$ERR" "big-truncated.json:20001: not valid JSON"
assert_contains "$ERR" "nothing was imported"
assert_no_file "$BIG_DB"
assert_exit 4 big dossiers migrate "$D/big.json" "$D/big-broken.json" --batch-size 2000
assert_contains "$ERR" "big-broken.json:10001: not valid JSON"
assert_no_file "$BIG_DB"
assert_exit 3 big dossiers migrate "$D/big.json" --rejects "$TEST_TMP/big-rej.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[20000,19998,0,0,2]' "big array counts"
assert_contains "$(cat "$TEST_TMP/big-rej.csv")" "\"record 1000\",\"field 'status'"
assert_contains "$(cat "$TEST_TMP/big-rej.csv")" "\"record 15000\",\"field 'status'"
jq_eq "$(big_state)" '.dossiers' '19998'
before_big="$(big_state)"
assert_exit 4 big dossiers migrate "$D/big-truncated.json" --batch-size 2000
assert_contains "$ERR" "not valid JSON"
assert_eq "$before_big" "$(big_state)" "a truncated array changed nothing"

step "national sync JSON with members after the data array, from stdin"
{ printf '{"service": "DongBoHoSoMC", "data": [\n'
  printf '{"MaHoSo": "S-1", "MaTTHC": "1.1", "KenhThucHien": "2", "TrangThaiHoSo": 4, "NgayTiepNhan": "20180102080000"},\n'
  printf '{"MaHoSo": "S-2", "MaTTHC": "1.1", "KenhThucHien": 9, "TrangThaiHoSo": 4, "NgayTiepNhan": "20180102080000"}\n'
  printf '], "isUpdating": "False", "next": {"page": [2, "]"]}}\n'; } >"$D/sync-after.json"
assert_exit 3 big dossiers migrate - --rejects "$TEST_TMP/sync-rej.csv" --format json <"$D/sync-after.json"
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[2,1,1]'
assert_contains "$(cat "$TEST_TMP/sync-rej.csv")" "\"stdin\",\"record 2\",\"field 'KenhThucHien'"
head -c -10 "$D/sync-after.json" >"$D/sync-truncated.json"
assert_exit 4 big dossiers migrate - <"$D/sync-truncated.json"
assert_contains "$ERR" "stdin:4: not valid JSON"
echo "ok"
