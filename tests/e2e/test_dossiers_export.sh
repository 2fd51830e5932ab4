#!/usr/bin/env bash
# dossiers list / show / export through the real binary: filters, formats, export → migrate
# round trips of NDJSON, JSON and CSV (all unchanged, byte-identical re-export), --mask-pii,
# CSV formula escaping undone on the way back in, --output files (0600, written whole).
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"

cat >"$D/d.ndjson" <<'EOF'
{"code": "000.00.20.H15-181005-0001", "procedure_code": "2.005795", "agency_code": "000.00.20.H15", "channel": "online", "status": "resolved", "received_at": "2018-10-05T01:22:00", "due_at": "2018-10-10", "resolved_at": "2018-10-16T15:11:00", "returned_at": "2018-10-18T11:52:00", "applicant_name": "Đặng Thị Thu Yến", "applicant_id": "042913168485", "fee": 0, "paid_online": true, "pauses": [{"from": "2018-10-06", "to": "2018-10-08T09:30", "reason": "Bổ sung, \"gấp\""}], "extensions": [{"apology_at": "2018-10-09", "new_due_at": "2018-10-17", "reason": "Hồ sơ phức tạp"}], "LoaiDoiTuong": "1"}
{"code": "000.00.17.H15-180424-0001", "procedure_code": "2.002099", "agency_code": "000.00.17.H15", "channel": "postal", "status": "returned", "received_at": "2018-04-24T10:21:00", "due_at": "2018-05-17T17:00", "applicant_name": "=HYPERLINK(\"http://x\")", "applicant_id": "+84123", "fee": 20000}
{"code": "000.00.24.H15-180309-0001", "procedure_code": "2.006523", "agency_code": "000.00.24.H15", "channel": "direct", "status": "processing", "received_at": "2018-03-09T23:36:00+07:00", "applicant_name": "Nguyễn Văn An", "applicant_id": "001"}
{"code": "000.00.24.H15-180310-0001", "procedure_code": "2.006523", "agency_code": "000.00.24.H15", "channel": "direct", "status": "withdrawn", "received_at": "2018-03-10T00:10:00+07:00"}
EOF
assert_exit 0 motcua dossiers migrate "$D/d.ndjson"

step "list: receipt order, filters on local dates, agency, procedure, status, limit"
assert_exit 0 motcua dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["000.00.24.H15-180309-0001","000.00.24.H15-180310-0001","000.00.17.H15-180424-0001","000.00.20.H15-181005-0001"]'
assert_exit 0 motcua dossiers list --from 2018-03-10 --to 2018-04-24 --format ndjson
assert_eq 2 "$(grep -c . <<<"$OUT")" "local dates: 23:36 on 03-09 is out, 00:10 on 03-10 is in"
assert_exit 0 motcua dossiers list --agency 000.00.24.H15 --status withdrawn --format json
jq_eq "$OUT" '[.[].code]' '["000.00.24.H15-180310-0001"]'
assert_exit 0 motcua dossiers list --procedure 2.005795 --format json
jq_eq "$OUT" '[.[].code]' '["000.00.20.H15-181005-0001"]'
assert_exit 0 motcua dossiers list --limit 1 --format json
jq_eq "$OUT" 'length' '1'
assert_exit 0 motcua dossiers list
assert_contains "$OUT" "CODE" "table header"
assert_contains "$OUT" "000.00.20.H15-181005-0001" "table row"
assert_exit 0 motcua dossiers list --format csv
assert_eq "code,procedure_code,agency_code,channel,status,received_at,due_at,resolved_at" "$(head -1 <<<"$OUT" | tr -d '\r')" "csv header"
assert_exit 2 motcua dossiers list --status done
assert_exit 2 motcua dossiers list --from 2018-13-01

step "show: the canonical object; an unknown code is an error"
assert_exit 0 motcua dossiers show 000.00.20.H15-181005-0001 --format json
jq_eq "$OUT" 'keys_unsorted' '["code","procedure_code","agency_code","channel","status","received_at","due_at","resolved_at","returned_at","pauses","extensions","applicant_name","applicant_id","fee","paid_online","applicant_type","LoaiDoiTuong"]'
jq_eq "$OUT" '.pauses' '[{"from":"2018-10-06","to":"2018-10-08T09:30:00+07:00","reason":"Bổ sung, \"gấp\""}]'
jq_eq "$OUT" '.extensions[0] | [.apology_at,.new_due_at]' '["2018-10-09","2018-10-17"]'
assert_exit 0 motcua dossiers show 000.00.20.H15-181005-0001
assert_contains "$OUT" "Đặng Thị Thu Yến" "table form"
assert_exit 4 motcua dossiers show NOPE
assert_contains "$ERR" "no dossier 'NOPE'"

step "export is NDJSON by default, in receipt order"
assert_exit 0 motcua dossiers export
assert_eq 4 "$(grep -c . <<<"$OUT")" "one line per dossier"
jq_eq "$(head -1 <<<"$OUT")" '.code' '"000.00.24.H15-180309-0001"'
printf '%s\n' "$OUT" >"$TEST_TMP/export1.ndjson"

step "export → migrate into the same cache: all unchanged"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/export1.ndjson" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[4,0,0,4,0]'

step "export → migrate into a fresh cache → export: byte-identical"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/other") "$MOTCUA" dossiers migrate "$TEST_TMP/export1.ndjson"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/other") "$MOTCUA" dossiers export
assert_eq "$(cat "$TEST_TMP/export1.ndjson")" "$OUT" "re-export"
assert_exit 0 motcua dossiers export --format json
jq_eq "$OUT" 'length' '4' "json array export"
printf '%s\n' "$OUT" >"$TEST_TMP/export1.json"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/export1.json" --format json
jq_eq "$OUT" '[.read,.unchanged]' '[4,4]' "a JSON array export round-trips too"

step "--mask-pii masks names and ids and drops extra fields"
assert_exit 0 motcua dossiers export --mask-pii
assert_not_contains "$OUT" "Đặng Thị Thu Yến"
assert_not_contains "$OUT" "042913168485"
assert_not_contains "$OUT" "LoaiDoiTuong"
jq_eq "$(grep 181005 <<<"$OUT")" '[.applicant_name,.applicant_id]' '["Đ*** T** T** Y**","*********485"]'
jq_eq "$(grep 180309 <<<"$OUT")" '[.applicant_name,.applicant_id]' '["N*** V** A*","***"]'

step "CSV export: formula-looking cells escaped, JSON lists in one cell, streams to --output (0600)"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/out.csv"
assert_contains "$ERR" "exported 4 dossiers"
assert_file_mode 600 "$TEST_TMP/out.csv"
assert_no_file "$TEST_TMP/out.csv.part"
csv="$(cat "$TEST_TMP/out.csv")"
assert_eq "code,procedure_code,agency_code,channel,status,received_at,due_at,resolved_at,returned_at,pauses,extensions,applicant_name,applicant_id,fee,paid_online,applicant_type,extra" \
  "$(head -1 "$TEST_TMP/out.csv" | tr -d '\r')" "export header"
assert_contains "$csv" "\"'=HYPERLINK(\"\"http://x\"\")\",'+84123" "formula escaped"
assert_contains "$csv" "\"[{\"\"from\"\":\"\"2018-10-06\"\"" "pauses JSON in a cell"
assert_contains "$csv" "\"{\"\"LoaiDoiTuong\"\":" "unknown source fields as one JSON object in the extra column"
assert_eq 5 "$(wc -l <"$TEST_TMP/out.csv" | tr -d ' ')" "header + 4 rows"
assert_exit 0 motcua dossiers export --from 2018-10-01 --output "$TEST_TMP/oct.ndjson"
assert_eq 1 "$(grep -c . "$TEST_TMP/oct.ndjson")" "export --from"
assert_exit 4 motcua dossiers export --output "$TEST_TMP/no/such/dir/x.ndjson"

step "CSV export → migrate without a mapping → CSV export: byte-identical; pauses, extensions and formula guards survive"
fromcsv() { env $(e2e_store_env "$TEST_TMP/fromcsv") "$MOTCUA" "$@"; }
assert_exit 0 fromcsv dossiers migrate "$TEST_TMP/out.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[4,4,0,0,0]'
assert_exit 0 fromcsv dossiers export --format csv --output "$TEST_TMP/out2.csv"
cmp -s "$TEST_TMP/out.csv" "$TEST_TMP/out2.csv" || fail "CSV re-export differs: $(diff "$TEST_TMP/out.csv" "$TEST_TMP/out2.csv" | head -20)"
assert_exit 0 fromcsv dossiers show 000.00.17.H15-180424-0001 --format json
jq_eq "$OUT" '[.applicant_name,.applicant_id,.fee]' '["=HYPERLINK(\"http://x\")","+84123",20000]' "formula-guarded cells read back unguarded"
# Unknown source fields (LoaiDoiTuong here) travel in the extra column: the caches are identical.
assert_exit 0 motcua dossiers export
ndjson_a="$OUT"
assert_contains "$ndjson_a" "LoaiDoiTuong"
assert_exit 0 fromcsv dossiers export
assert_eq "$ndjson_a" "$OUT" "NDJSON exports of the two caches"

step "CSV export → migrate into the same cache: all unchanged, extra fields included; NDJSON identical"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/plain.csv"
assert_exit 0 motcua dossiers export --output "$TEST_TMP/plain.ndjson"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/plain.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[4,0,0,4,0]'
plaincsv() { env $(e2e_store_env "$TEST_TMP/plaincsv") "$MOTCUA" "$@"; }
assert_exit 0 plaincsv dossiers migrate - --input-format csv <"$TEST_TMP/plain.csv"
assert_exit 0 plaincsv dossiers export --output "$TEST_TMP/plain2.ndjson"
cmp -s "$TEST_TMP/plain.ndjson" "$TEST_TMP/plain2.ndjson" || fail "NDJSON after the CSV round trip differs: $(diff "$TEST_TMP/plain.ndjson" "$TEST_TMP/plain2.ndjson" | head -20)"

step "the extra column of a CSV: not a JSON object, it is kept as text; an object's canonical names are dropped"
extracsv() { env $(e2e_store_env "$TEST_TMP/extracsv") "$MOTCUA" "$@"; }
cat >"$TEST_TMP/extra.csv" <<'EOF'
code,procedure_code,channel,status,received_at,fee,extra
X-1,1.001,direct,received,2018-03-05T08:00,,"[1,2]"
X-2,1.001,direct,received,2018-03-05T09:00,7,"{""code"":""Z-9"",""fee"":5,""status"":""bogus"",""LoaiDoiTuong"":""2""}"
X-3,1.001,direct,received,2018-03-05T10:00,,ghi chú tự do
EOF
assert_exit 0 extracsv dossiers migrate "$TEST_TMP/extra.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,3,0]' "no row is rejected for its extra cell"
assert_exit 0 extracsv dossiers show X-1 --format json
jq_eq "$OUT" '.extra' '"[1,2]"' "a non-object extra cell, as text"
assert_exit 0 extracsv dossiers show X-2 --format json
jq_eq "$OUT" '[.code,.fee,.status,.LoaiDoiTuong]' '["X-2",7,"received","2"]' "the columns win; the object's other members are extra fields"
jq_eq "$OUT" 'has("extra")' 'false'
assert_exit 0 extracsv dossiers show X-3 --format json
jq_eq "$OUT" '.extra' '"ghi chú tự do"'
assert_exit 0 extracsv dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["X-1","X-2","X-3"]' "no dossier Z-9"
# Export → migrate keeps them: the text travels as {"extra": "..."} in the extra column.
assert_exit 0 extracsv dossiers export --format csv --output "$TEST_TMP/extra-out.csv"
assert_exit 0 extracsv dossiers migrate "$TEST_TMP/extra-out.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[3,0,0,3,0]'

step "reading commands on a missing cache exit 7, print nothing and create nothing"
assert_exit 7 env MOTCUA_DB="$TEST_TMP/none/c.db" "$MOTCUA" dossiers export
assert_eq "" "$OUT"
assert_contains "$ERR" "no cache at $TEST_TMP/none/c.db"
assert_exit 7 env MOTCUA_DB="$TEST_TMP/none/c.db" "$MOTCUA" dossiers list --format json
assert_eq "" "$OUT"
assert_no_file "$TEST_TMP/none/c.db"
echo "ok"
