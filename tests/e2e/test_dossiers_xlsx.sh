#!/usr/bin/env bash
# dossiers migrate reads Excel workbooks (.xlsx) directly: shared and inline strings, dates as
# serial numbers (1900 and 1904 systems) and as text, empty and merged cells, formulas by their
# cached values, the sheet by name or number; a legacy .xls is refused with how to convert it.
. "$(dirname "$0")/lib.sh"
: "${MOTCUA_XLSX_GEN:=$MOTCUA_SOURCE_DIR/${MOTCUA_BUILD:-build}/tests/motcua_xlsx_gen}"
gen() { "$MOTCUA_XLSX_GEN" "$@" || fail "motcua_xlsx_gen $*"; }

# 2018-03-05 is serial 43164 in the 1900 system, 41702 in the 1904 one; .34375 is 08:15.
cat >"$TEST_TMP/book.json" <<'JSON'
{"sheets": [
  {"name": "Ghi chú", "rows": [["Sổ theo dõi hồ sơ 2018"]]},
  {"name": "Hồ sơ", "merge": ["E6:E7"], "rows": [
    ["SO_HO_SO", "MA_TTHC", "DON_VI", "HINH_THUC", "TINH_TRANG", "NGAY_NHAN", "NGAY_HEN", "HO_TEN"],
    ["X-SHARED", "1.001", "000.00.10.H17", "TT", "Đã trả kết quả", {"datetime": 43164.34375}, {"date": 43166}, "Nguyễn Văn Hùng"],
    [{"inline": "X-INLINE"}, "1.001", "000.00.10.H17", "TT", "Đã trả kết quả", "05/03/2018 09:00", null, {"inline": "Trần Thị Ánh"}],
    [{"formula": "\"X-\"&\"FORMULA\"", "cached": "X-FORMULA"}, "1.001", "000.00.10.H17", "TT", {"formula": "2+2", "number": "4"}, {"datetime": 43164.5}],
    {"skip": 0, "cells": ["X-MERGED-1", "1.001", null, "TT", "Đã trả kết quả", {"date": 43164}]},
    ["X-MERGED-2", "1.001", null, "TT", null, {"date": 43164}],
    {"skip": 2, "cells": ["X-WIDE", "1.001", null, "TT", "Đã trả kết quả", {"date": 43164}, null, null, null, "stray"]}
  ]}
]}
JSON
gen "$TEST_TMP/book.json" "$TEST_TMP/book.xlsx"
cat >"$TEST_TMP/mapping.json" <<'JSON'
{"input": {"format": "xlsx", "sheet": "Hồ sơ"},
 "fields": {"code": "SO_HO_SO", "procedure_code": "MA_TTHC", "agency_code": "DON_VI",
  "channel": {"column": "HINH_THUC", "values": {"TT": "direct", "TTUYEN": "online"}},
  "status": {"column": "TINH_TRANG", "values": {"Đã trả kết quả": "returned", "4": "resolved"}},
  "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
  "due_at": "NGAY_HEN", "applicant_name": "HO_TEN"}}
JSON

step "the sheet named by the mapping migrates; text and date cells, formulas, empty and merged cells"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --rejects "$TEST_TMP/rej.csv"
assert_exit 0 motcua dossiers show X-SHARED --format json
jq_eq "$OUT" '.received_at' '"2018-03-05T08:15:00+07:00"' "a date-time serial (date-typed: no date_format needed)"
jq_eq "$OUT" '.due_at' '"2018-03-07"' "a date serial is a date"
jq_eq "$OUT" '.status' '"returned"'
jq_eq "$OUT" '.applicant_name' '"Nguyễn Văn Hùng"' "a shared string"
assert_exit 0 motcua dossiers show X-INLINE --format json
jq_eq "$OUT" '.received_at' '"2018-03-05T09:00:00+07:00"' "a date as text, through date_format"
jq_eq "$OUT" '.applicant_name' '"Trần Thị Ánh"' "an inline string"
assert_exit 0 motcua dossiers show X-FORMULA --format json
jq_eq "$OUT" '.status' '"resolved"' "a formula's cached number"
jq_eq "$OUT" '.received_at' '"2018-03-05T12:00:00+07:00"'
assert_exit 0 motcua dossiers show X-MERGED-1 --format json
jq_eq "$OUT" '.received_at' '"2018-03-05T00:00:00+07:00"' "a date-only serial in a date-time field is that day's midnight"
rej="$(cat "$TEST_TMP/rej.csv")"
assert_contains "$rej" "X-MERGED-2" "the merged-away cell is empty, as in Excel's own CSV export"
assert_contains "$rej" "field 'status' is required" "the merged-away status"
assert_contains "$rej" "\"line 9\",\"row has a value in column 10" "a stray value beyond the header is rejected with its Excel row number (blank rows skipped)"
assert_contains "$rej" "beyond the 8 columns of the header"
assert_exit 4 motcua dossiers show X-WIDE --format json

step "--sheet by number and by name; a missing sheet names the sheets there"
assert_exit 4 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --sheet 1 --dry-run
assert_contains "$ERR" "the header of $TEST_TMP/book.xlsx (sheet 'Ghi chú') has no such column"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --sheet 2 --dry-run
assert_exit 3 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --sheet "hồ sơ" --dry-run
assert_exit 4 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --sheet "Tháng 3" --dry-run
assert_contains "$ERR" "no sheet 'Tháng 3'; the workbook has 2 sheet(s): 1 'Ghi chú', 2 'Hồ sơ'"
assert_contains "$ERR" "nothing was imported"
assert_exit 4 motcua dossiers migrate "$TEST_TMP/book.xlsx" --mapping "$TEST_TMP/mapping.json" --sheet 3 --dry-run
assert_contains "$ERR" "no sheet '3'"

step "the 1904 date system"
cat >"$TEST_TMP/book1904.json" <<'JSON'
{"date1904": true, "sheets": [{"name": "Sheet1", "rows": [
  ["code", "procedure_code", "channel", "status", "received_at", "due_at"],
  ["Y-1904", "1.001", "direct", "received", {"datetime": 41702.34375}, {"date": 41704}]]}]}
JSON
gen "$TEST_TMP/book1904.json" "$TEST_TMP/book1904.xlsx"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/book1904.xlsx"
assert_exit 0 motcua dossiers show Y-1904 --format json
jq_eq "$OUT" '.received_at' '"2018-03-05T08:15:00+07:00"' "a canonical header, no mapping, 1904 serials"
jq_eq "$OUT" '.due_at' '"2018-03-07"'

step "from stdin, recognised by its bytes whatever the name"
cp "$TEST_TMP/book1904.xlsx" "$TEST_TMP/book1904.data"
assert_exit 0 motcua dossiers migrate - <"$TEST_TMP/book1904.data"
assert_contains "$ERR" "unchanged"

step "a legacy .xls is refused with how to convert it; a broken workbook is an input error"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a BIFF file' >"$TEST_TMP/old.xls"
assert_exit 4 motcua dossiers migrate "$TEST_TMP/old.xls" --mapping "$TEST_TMP/mapping.json"
assert_contains "$ERR" "save it as .xlsx"
head -c 300 "$TEST_TMP/book.xlsx" >"$TEST_TMP/cut.xlsx"
assert_exit 4 motcua dossiers migrate "$TEST_TMP/cut.xlsx" --mapping "$TEST_TMP/mapping.json"
assert_contains "$ERR" "not a readable Excel workbook"

step "catalog import reads a workbook too (canonical header, numbers as written, --sheet)"
cat >"$TEST_TMP/catalog.json" <<'JSON'
{"sheets": [{"name": "TTHC", "rows": [
  ["code", "name", "agency_code", "level", "processing_time", "processing_unit", "fee"],
  ["1.001612", "Cấp giấy phép xây dựng", "000.00.10.H17", 3, 15, "working_days", 0],
  ["2.000303", "Đăng ký kết hôn", "000.00.10.H17", 4, 5, "working_days", {"formula": "2*10000", "number": "20000"}],
  ["3.000001", "Thiếu thời hạn", "000.00.10.H17", 2, null, "working_days", 0]]}]}
JSON
gen "$TEST_TMP/catalog.json" "$TEST_TMP/catalog.xlsx"
assert_exit 3 motcua catalog import "$TEST_TMP/catalog.xlsx" --sheet TTHC --as-of 2018-01-01 --rejects "$TEST_TMP/crej.csv" --format json
jq_eq "$OUT" '.inserted' '2'
assert_contains "$(cat "$TEST_TMP/crej.csv")" '"line 4"' "the rejected procedure is named by its Excel row"
assert_exit 4 motcua catalog import "$TEST_TMP/catalog.xlsx" --sheet 2 --as-of 2018-01-01
assert_contains "$ERR" "the workbook has 1 sheet(s): 1 'TTHC'"

echo "PASS"
