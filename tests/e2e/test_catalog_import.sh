#!/usr/bin/env bash
# catalog import / list / show / search through the real binary: every input format,
# stdin, dry runs, idempotent re-imports, catalog history, partial imports, NFC, modes.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"

# A procedure object in the canonical format; fields beyond code/name/time are optional.
cat >"$D/catalog.json" <<'EOF'
[
  {"code": "1.000001", "name": "Đăng ký kinh doanh hộ cá thể", "agency_code": "000.00.10.H15",
   "agency_name": "Sở Kế hoạch và Đầu tư", "field_code": "G01", "field_name": "Thành lập doanh nghiệp",
   "level": 4, "processing_time": 3, "processing_unit": "working_days", "fee": 100000},
  {"code": " 1.000002 ", "name": "Cấp giấy phép xây dựng", "level": 3, "processing_time": 15},
  {"code": "1.000003", "name": "Cấp bản sao trích lục hộ tịch", "online": "none", "processing_time": 0.5,
   "processing_unit": "working_hours", "unknown_field": {"kept": true}}
]
EOF

step "canonical JSON array: counts object, every key, read = I + U + N + X"
assert_no_store
assert_exit 0 motcua catalog import "$D/catalog.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected,.withdrawn,.rejects_file]' '[3,3,0,0,0,0,null]' "import counts"
jq_eq "$OUT" '[("read","inserted","updated","unchanged","rejected","withdrawn","rejects_file") as $k | has($k)] | all' 'true' "all count keys present"
jq_eq "$OUT" '.read == .inserted + .updated + .unchanged + .rejected' 'true' "reconciliation"
assert_contains "$ERR" "read 3, inserted 3, updated 0, unchanged 0, rejected 0" "reconciliation line on stderr"

if e2e_sqlite; then
  step "the cache is private: file 0600, its new directory 0700"
  assert_file_mode 600 "$MOTCUA_DB"
  assert_file_mode 700 "$TEST_TMP/cache"
  for f in "$MOTCUA_DB-wal" "$MOTCUA_DB-shm"; do
    [[ -e "$f" ]] && assert_file_mode 600 "$f"
  done
fi

step "catalog list shows the canonical fields, online derived from level, codes trimmed"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" 'length' '3' "procedures listed"
jq_eq "$OUT" '[.[].code]' '["1.000001","1.000002","1.000003"]' "codes"
jq_eq "$OUT" '.[0]' '{"code":"1.000001","name":"Đăng ký kinh doanh hộ cá thể","agency_code":"000.00.10.H15","agency_name":"Sở Kế hoạch và Đầu tư","field_code":"G01","field_name":"Thành lập doanh nghiệp","level":4,"online":"full","processing_time":3,"processing_unit":"working_days","fee":100000}' "first procedure"
jq_eq "$OUT" '[.[].online]' '["full","partial","none"]' "online levels"
jq_eq "$OUT" '.[2] | [.processing_time, .processing_unit, .level, .fee]' '[0.5,"working_hours",null,null]' "fractional time"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format ndjson
assert_eq 3 "$(grep -c . <<<"$OUT")" "ndjson lines"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --online partial --format json
jq_eq "$OUT" '[.[].code]' '["1.000002"]' "--online partial"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --agency 000.00.10.H15 --format json
jq_eq "$OUT" '[.[].code]' '["1.000001"]' "--agency"
assert_exit 0 motcua catalog list --as-of 2018-01-01
assert_contains "$OUT" "Đăng ký kinh doanh hộ cá thể" "table listing"
assert_exit 0 motcua catalog list --as-of 2017-12-31 --format json
jq_eq "$OUT" 'length' '0' "catalog before the first snapshot"

step "re-importing the same snapshot changes nothing"
assert_exit 0 motcua db info --format json
events_before="$(jq -c '.procedure_events' <<<"$OUT")"
assert_exit 0 motcua catalog import "$D/catalog.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected,.withdrawn]' '[3,0,0,3,0,0]' "re-import counts"
assert_exit 0 motcua catalog import "$D/catalog.json" --as-of 2018-02-01 --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected,.withdrawn]' '[3,0,0,3,0,0]' "re-import at a later date"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.procedure_events' "$events_before" "no new history rows for an identical snapshot"

step "catalog show: one object; unknown code is an input error"
assert_exit 0 motcua catalog show 1.000002 --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.code,.name,.level,.online,.processing_time,.processing_unit]' '["1.000002","Cấp giấy phép xây dựng",3,"partial",15,"working_days"]' "show"
assert_exit 0 motcua catalog show 1.000001 --as-of 2018-01-01
assert_contains "$OUT" "Đăng ký kinh doanh hộ cá thể" "show as a table"
assert_exit 4 motcua catalog show 9.999999 --as-of 2018-01-01
assert_contains "$ERR" "9.999999" "unknown code message"

step "catalog search ignores case and diacritics"
assert_exit 0 motcua catalog search "dang ky kinh doanh" --format json
jq_eq "$OUT" '.[0].code' '"1.000001"' "search hit"
jq_eq "$OUT" '.[0].name' '"Đăng ký kinh doanh hộ cá thể"' "search hit name"
assert_exit 0 motcua catalog search "GIAY PHEP XAY DUNG" --format json
jq_eq "$OUT" '[.[].code]' '["1.000002"]' "upper-case search"
assert_exit 0 motcua catalog search "khong co thu tuc nay" --format json
jq_eq "$OUT" 'length' '0' "no hits"

step 'canonical JSON object {"procedures": [...]}'
e2e_use_store "$TEST_TMP/obj"
jq '{procedures: .}' "$D/catalog.json" >"$D/catalog-object.json"
assert_exit 0 motcua catalog import "$D/catalog-object.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,3,0]' "object import"
jq '{result: .}' "$D/catalog.json" >"$D/catalog-result.json"
assert_exit 0 motcua catalog import "$D/catalog-result.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.unchanged]' '[3,3]' '{"result": [...]} holds the same catalog'

step "NDJSON by extension and from stdin"
e2e_use_store "$TEST_TMP/nd"
jq -c '.[]' "$D/catalog.json" >"$D/catalog.ndjson"
printf '\n' >>"$D/catalog.ndjson" # a blank line is skipped
assert_exit 0 motcua catalog import "$D/catalog.ndjson" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[3,3,0]' "ndjson import"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["1.000001","1.000002","1.000003"]' "ndjson codes"
e2e_use_store "$TEST_TMP/stdin"
assert_exit 0 motcua catalog import - --as-of 2018-01-01 --format json <"$D/catalog.ndjson"
jq_eq "$OUT" '[.read,.inserted]' '[3,3]' "ndjson from stdin (auto-detected)"
assert_exit 0 motcua catalog import - --as-of 2018-01-01 --input-format json --format json <"$D/catalog.json"
jq_eq "$OUT" '[.read,.unchanged]' '[3,3]' "json from stdin"
cat "$D/catalog.json" | {
  assert_exit 0 motcua catalog import - --as-of 2018-01-01 --format json
  jq_eq "$OUT" '[.read,.unchanged]' '[3,3]' "json piped into stdin"
} || exit 1

step "national portal format (dvcqg): channels, units, fee, field, agency"
e2e_use_store "$TEST_TMP/dvcqg"
# KENH 1 = direct, 2 = online: the online channel's time wins when present.
cat >"$D/dvcqg.json" <<'EOF'
{"error_code": 0, "result": [
  {"MATTHC": "2.000001", "TENTTHC": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh", "MUCDO": "4",
   "LINHVUCTHUCHIEN": [{"MALINHVUC": "G12", "TENLINHVUC": "Thành lập và hoạt động của hộ kinh doanh"}],
   "COQUANTHUCHIEN": [{"TENDONVI": "UBND cấp huyện", "MADONVI": "000.00.20.H15"}],
   "CACHTHUCTHUCHIEN": [
     {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "5", "DONVITINH": "Ngày làm việc",
                                "PHILEPHI": [{"SOTIEN": "100000"}]}]},
     {"KENH": "2", "THOIGIAN": [{"THOIGIANGIAIQUYET": "3", "DONVITINH": "Ngày làm việc",
                                "PHILEPHI": [{"SOTIEN": "50000"}]}]}]},
  {"MATTHC": "2.000002", "TENTTHC": "Đăng ký khai sinh", "MUCDO": "3",
   "CACHTHUCTHUCHIEN": [
     {"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 30, "DONVITINH": "Ngày"}]},
     {"KENH": 3, "THOIGIAN": [{"THOIGIANGIAIQUYET": 40, "DONVITINH": "Ngày"}]}]},
  {"MATTHC": "2.000003", "TENTTHC": "Chứng thực bản sao từ bản chính",
   "CACHTHUCTHUCHIEN": [
     {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "8", "DONVITINH": "Giờ"}]}]},
  {"MATTHC": "2.000004", "TENTTHC": "Thủ tục với đơn vị lạ", "MUCDO": "2",
   "CACHTHUCTHUCHIEN": [
     {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "1", "DONVITINH": "Năm"}]}]},
  {"MATTHC": "2.000005", "TENTTHC": "Đơn vị viết thường", "MUCDO": "2",
   "CACHTHUCTHUCHIEN": [
     {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "2", "DONVITINH": "NGÀY LÀM VIỆC"}]}]}
]}
EOF
assert_exit 3 motcua catalog import "$D/dvcqg.json" --as-of 2018-01-01 --format json --rejects "$TEST_TMP/dvcqg-rejects.csv"
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[5,4,0,0,1]' "dvcqg counts (auto-detected)"
assert_contains "$ERR" "Năm" "reject reason names the unknown unit (\"tháng\" is months: test_catalog_processing_times)"
assert_contains "$(cat "$TEST_TMP/dvcqg-rejects.csv")" "2.000004" "rejects file holds the record"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[] | {code, t: .processing_time, u: .processing_unit}]' \
  '[{"code":"2.000001","t":3,"u":"working_days"},{"code":"2.000002","t":30,"u":"calendar_days"},{"code":"2.000003","t":8,"u":"working_hours"},{"code":"2.000005","t":2,"u":"working_days"}]' \
  "dvcqg times and units"
jq_eq "$OUT" '.[0] | [.level,.online,.fee,.field_code,.field_name,.agency_name]' \
  '[4,"full",50000,"G12","Thành lập và hoạt động của hộ kinh doanh","UBND cấp huyện"]' "dvcqg first procedure"
jq_eq "$OUT" '[.[].online]' '["full","partial","unknown","none"]' "dvcqg online from MUCDO (none: unknown, not none)"
assert_exit 3 motcua catalog import "$D/dvcqg.json" --as-of 2018-01-01 --input-format dvcqg --format json --rejects "$TEST_TMP/dvcqg-rejects2.csv"
jq_eq "$OUT" '[.read,.inserted,.unchanged,.rejected]' '[5,0,4,1]' "dvcqg with --input-format, re-import"

step "--dry-run writes nothing, not even a new cache"
e2e_use_store "$TEST_TMP/dry"
assert_exit 0 motcua catalog import "$D/catalog.json" --as-of 2018-01-01 --dry-run --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[3,3,0,0,0]' "dry-run counts"
assert_no_store
assert_exit 0 motcua catalog import "$D/catalog.json" --as-of 2018-01-01
before="$(cache_state)"
jq '.[0].processing_time = 4 | del(.[2])' "$D/catalog.json" >"$D/catalog-changed.json"
assert_exit 0 motcua catalog import "$D/catalog-changed.json" --as-of 2018-03-01 --max-withdraw 100% --dry-run --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.withdrawn]' '[2,0,1,1,1]' "dry-run counts on a changed snapshot"
assert_contains "$ERR" "dry run" "dry-run note"
assert_cache_unchanged "$before" "the cache after --dry-run"

step "history: a changed snapshot; --as-of shows each version; withdrawn procedures vanish"
e2e_use_store "$TEST_TMP/history"
cat >"$D/jan.json" <<'EOF'
[{"code": "P1", "name": "Thủ tục một", "processing_time": 10, "level": 2},
 {"code": "P2", "name": "Thủ tục hai", "processing_time": 5},
 {"code": "P3", "name": "Thủ tục ba (bãi bỏ)", "processing_time": 7}]
EOF
cat >"$D/jul.json" <<'EOF'
[{"code": "P1", "name": "Thủ tục một", "processing_time": 7, "level": 4},
 {"code": "P2", "name": "Thủ tục hai", "processing_time": 5},
 {"code": "P4", "name": "Thủ tục bốn (mới)", "processing_time": 3}]
EOF
assert_exit 0 motcua catalog import "$D/jan.json" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.inserted,.withdrawn]' '[3,0]' "january"
assert_exit 0 motcua catalog import "$D/jul.json" --as-of 2018-07-01 --max-withdraw 1 --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected,.withdrawn]' '[3,1,1,1,0,1]' "july counts"
assert_exit 0 motcua catalog list --as-of 2018-03-01 --format json
jq_eq "$OUT" '[.[] | [.code, .processing_time, .online]]' '[["P1",10,"none"],["P2",5,"none"],["P3",7,"none"]]' "catalog on 2018-03-01"
assert_exit 0 motcua catalog list --as-of 2018-08-01 --format json
jq_eq "$OUT" '[.[] | [.code, .processing_time, .online]]' '[["P1",7,"full"],["P2",5,"none"],["P4",3,"none"]]' "catalog on 2018-08-01"
assert_exit 0 motcua catalog list --as-of 2018-06-30 --format json
jq_eq "$OUT" '[.[].code]' '["P1","P2","P3"]' "the day before the new snapshot"
assert_exit 0 motcua catalog list --as-of 2018-07-01 --format json
jq_eq "$OUT" '[.[].code]' '["P1","P2","P4"]' "the day of the new snapshot"
assert_exit 0 motcua catalog show P1 --as-of 2018-03-01 --format json
jq_eq "$OUT" '.processing_time' '10' "show the old version"
assert_exit 0 motcua catalog show P1 --as-of 2018-08-01 --format json
jq_eq "$OUT" '.processing_time' '7' "show the new version"
assert_exit 0 motcua catalog show P3 --as-of 2018-06-30 --format json
jq_eq "$OUT" '.code' '"P3"' "withdrawn procedure before its date"
assert_exit 4 motcua catalog show P3 --as-of 2018-07-01
assert_exit 0 motcua catalog search "thu tuc ba" --format json
jq_eq "$OUT" 'length' '0' "search shows only today's catalog"

step "--partial only upserts: nothing is withdrawn"
cat >"$D/partial.json" <<'EOF'
[{"code": "P2", "name": "Thủ tục hai", "processing_time": 4},
 {"code": "P5", "name": "Thủ tục năm", "processing_time": 2}]
EOF
assert_exit 0 motcua catalog import "$D/partial.json" --as-of 2018-09-01 --partial --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[2,1,1,0,0]' "partial counts"
jq_eq "$OUT" '.withdrawn // 0' '0' "partial withdraws nothing"
jq_eq "$OUT" 'has("withdrawn")' 'true' "the counts object keeps its shape with --partial"
assert_exit 0 motcua catalog list --as-of 2018-09-01 --format json
jq_eq "$OUT" '[.[] | [.code, .processing_time]]' '[["P1",7],["P2",4],["P4",3],["P5",2]]' "catalog after the partial import"
assert_exit 0 motcua catalog list --as-of 2018-08-01 --format json
jq_eq "$OUT" '[.[] | [.code, .processing_time]]' '[["P1",7],["P2",5],["P4",3]]' "history before the partial import is kept"

step "NFC: a decomposed name is stored composed, and found by search"
e2e_use_store "$TEST_TMP/nfc"
# "Đăng ký" with a + combining breve (U+0306) and y + combining acute (U+0301).
nfd_name=$'\xc4\x90a\xcc\x86ng ky\xcc\x81 thay \xc4\x91o\xcc\x82\xcc\x89i'
nfc_name=$'\xc4\x90\xc4\x83ng k\xc3\xbd thay \xc4\x91\xe1\xbb\x95i'
printf '{"code":"N1","name":"%s","processing_time":1}\n' "$nfd_name" >"$D/nfd.ndjson"
assert_contains "$(od -An -tx1 "$D/nfd.ndjson" | tr -d ' \n')" "61cc86" "the input really is decomposed"
assert_exit 0 motcua catalog import "$D/nfd.ndjson" --as-of 2018-01-01
assert_exit 0 motcua catalog show N1 --as-of 2018-01-01 --format json
jq_eq "$OUT" '.name' "\"$nfc_name\"" "stored name is NFC"
assert_eq "$(printf '%s' "$nfc_name" | od -An -tx1 | tr -d ' \n')" \
  "$(e2e_sql "SELECT name FROM procedure_events WHERE code='N1'" | tr -d '\n' | od -An -tx1 | tr -d ' \n')" \
  "bytes in the cache"
assert_exit 0 motcua catalog search "dang ky thay doi" --format json
jq_eq "$OUT" '[.[].code]' '["N1"]' "search finds the NFC name"
assert_exit 0 motcua catalog search "$nfd_name" --format json
jq_eq "$OUT" '[.[].code]' '["N1"]' "a decomposed query finds it too"

echo "ok: $TEST_NAME"
