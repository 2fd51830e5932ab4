#!/usr/bin/env bash
# dossiers inspect through the real binary: on each sample legacy CSV the drafted mapping migrates
# the file with only the known broken rows rejected; the encoding is ranked by plausibility (vni
# first for a VNI file); on RFC 4180 edge cases its rows equal Python's csv module; the delimiter
# (, ; tab |) and header are detected; --write-mapping refuses to overwrite without --force. An Excel
# workbook (.xlsx) gets the same report and a draft whose input names the sheet (the first with data)
# and whose Excel date columns need no date_format.
. "$(dirname "$0")/lib.sh"
: "${MOTCUA_XLSX_GEN:=$MOTCUA_SOURCE_DIR/${MOTCUA_BUILD:-build}/tests/motcua_xlsx_gen}"

D="$TEST_TMP/data"
mkdir -p "$D"
counts() { jq -c '[.read,.inserted,.updated,.unchanged,.rejected]' <<<"$OUT"; }

step "the sample's legacy files: the drafted mapping migrates each, only the known broken rows rejected"
assert_exit 0 motcua sample --out "$D/s" --dossiers 400
assert_exit 0 motcua catalog import "$D/s/catalog.json" --as-of 2017-01-01
declare -A expect=([cp1258]='[42,40,0,0,2]' [tcvn]='[41,40,0,0,1]' [vni]='[40,0,0,40,0]')
declare -A rc=([cp1258]=3 [tcvn]=3 [vni]=0)
for f in cp1258 tcvn vni; do
  assert_exit 0 motcua dossiers inspect "$D/s/legacy-$f.csv" --write-mapping "$D/m-$f.json"
  assert_contains "$OUT" "draft mapping (motcua-mapping(5))" "$f: text report"
  assert_exit 0 motcua dossiers inspect "$D/s/legacy-$f.csv" --format json
  jq_eq "$OUT" '.encodings[0].name' "\"$f\"" "$f: its own encoding ranked first"
  jq_eq "$OUT" '.encoding' "\"$f\"" "$f: chosen"
  assert_exit "${rc[$f]}" motcua dossiers migrate "$D/s/legacy-$f.csv" --mapping "$D/m-$f.json" --rejects "$TEST_TMP/r-$f.csv" --format json
  assert_eq "${expect[$f]}" "$(counts)" "$f: migrated by the draft"
done
jq_eq "$(cat "$D/m-tcvn.json")" '.input.delimiter' '";"' "tcvn: ; detected"
jq_eq "$(cat "$D/m-tcvn.json")" '.fields.status.values.DA_TRA' '"returned"' "a legacy status code recognised"
assert_contains "$(cat "$D/m-tcvn.json")" "LUU_KHO" "the unknown status is marked undecided"
jq_eq "$(cat "$D/m-cp1258.json")" '.fields.received_at.date_format' '"%d/%m/%Y %H:%M"' "date format"
jq_eq "$(cat "$D/m-cp1258.json")" '.fields.due_at.date_format' '"%d/%m/%Y"' "a bare date column"
assert_exit 0 motcua dossiers inspect "$D/s/legacy-vni.csv" --format json
jq_eq "$OUT" '[.format, .delimiter, .header[0], (.rows|length), .rows_read, .truncated]' '["csv",",","SO_HO_SO",20,40,false]' "json shape"
jq_eq "$OUT" '[.columns[] | select(.name=="HO_TEN") | .field]' '["applicant_name"]' "field guessed from the header"

step "the sample's workbook: the report as for CSV, the draft migrates the sheet (it has no broken rows)"
assert_exit 0 motcua dossiers inspect "$D/s/legacy.xlsx" --write-mapping "$D/m-xlsx.json"
assert_contains "$OUT" "sheet: Hồ sơ (of 1 'Ghi chú', 2 'Hồ sơ')" "text report names the sheet"
assert_exit 0 motcua dossiers inspect "$D/s/legacy.xlsx" --format json
jq_eq "$OUT" '[.format, .encoding, .encodings[0].name, .encodings[0].score, .delimiter, .sheet, .header[0], (.rows|length), .rows_read, .truncated]' \
  '["xlsx","utf-8","utf-8",1,null,"Hồ sơ","SO_HO_SO",20,40,false]' "json shape; the notes sheet skipped"
jq_eq "$OUT" '[.columns[] | select(.name=="NGAY_NHAN") | [.field, .date_cells]]' '[["received_at",40]]' "Excel date cells counted"
m=$(cat "$D/m-xlsx.json")
jq_eq "$m" '.input' '{"format":"xlsx","sheet":"Hồ sơ","header":true}' "input names the sheet"
jq_eq "$m" '[.fields.received_at, .fields.due_at, .fields.status.values.DA_TRA]' '["NGAY_NHAN","NGAY_HEN","returned"]' "date cells need no date_format"
# The workbook holds rows of legacy-cp1258.csv again: migrated by the draft, each is the dossier already there.
assert_exit 0 motcua dossiers migrate "$D/s/legacy.xlsx" --mapping "$D/m-xlsx.json" --format json
assert_eq '[40,0,0,40,0]' "$(counts)" "xlsx: migrated by the draft, the same dossiers as from CSV"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/xlsx") "$MOTCUA" dossiers migrate "$D/s/legacy.xlsx" --mapping "$D/m-xlsx.json" --format json
assert_eq '[40,40,0,0,0]' "$(counts)" "xlsx: into an empty cache, nothing rejected"

step "a workbook: text dates beside Excel dates, --sheet, a legacy font, options that do not apply"
cat >"$D/book.json" <<'JSON'
{"sheets": [
  {"name": "Hồ sơ", "rows": [
    ["Mã hồ sơ", "Mã TTHC", "Kênh", "Trạng thái", "Ngày tiếp nhận", "Họ tên"],
    ["X-1", "1.001", "Trực tuyến", "Đã trả kết quả", {"datetime": 43164.34375}, "Nguyễn Văn Hùng"],
    ["X-2", "1.001", "Tại quầy", "Đã trả kết quả", "05/03/2018 09:00", "Trần Thị Ánh"]
  ]},
  {"name": "VNI", "rows": [["SO_HO_SO", "HO_TEN"], ["X-3", "Nguyeãn Vaên Huøng"], ["X-4", "Traàn Thò Aùnh"]]}
]}
JSON
"$MOTCUA_XLSX_GEN" "$D/book.json" "$D/book.xlsx" || fail "motcua_xlsx_gen"
assert_exit 0 motcua dossiers inspect "$D/book.xlsx" --format json
jq_eq "$OUT" '[.sheet, .rows[0][4], .rows[1][4]]' '["Hồ sơ","2018-03-05T08:15:00","05/03/2018 09:00"]' "date cells as ISO, text as typed"
jq_eq "$OUT" '.mapping.fields.received_at' '{"column":"Ngày tiếp nhận","date_format":"%d/%m/%Y %H:%M"}' "a format for the text dates"
jq_eq "$OUT" '[.mapping.fields.channel.values["Trực tuyến"], .mapping.fields.status.values["Đã trả kết quả"]]' '["online","returned"]' "values recognised"
assert_exit 0 motcua dossiers inspect "$D/book.xlsx" --sheet VNI --format json
jq_eq "$OUT" '[.sheet, .mapping.input.sheet, (.encodings[0].score < 0.75)]' '["VNI","VNI",true]' "--sheet; a legacy font scores low"
assert_contains "$(jq -c '.mapping._undecided' <<<"$OUT")" "legacy font" "and is marked undecided"
assert_exit 4 motcua dossiers inspect "$D/book.xlsx" --sheet 3
assert_contains "$ERR" "1 'Hồ sơ', 2 'VNI'" "a missing sheet lists the sheets"
assert_exit 2 motcua dossiers inspect "$D/book.xlsx" --encoding vni
assert_contains "$ERR" "Unicode" "--encoding does not apply to a workbook"
assert_exit 2 motcua dossiers inspect "$D/s/legacy-vni.csv" --sheet 1
assert_contains "$ERR" "not one" "--sheet does not apply to CSV"

step "--write-mapping refuses an existing file unless --force"
echo keep >"$D/existing.json"
assert_exit 2 motcua dossiers inspect "$D/s/legacy-vni.csv" --write-mapping "$D/existing.json"
assert_eq "keep" "$(cat "$D/existing.json")" "not overwritten"
assert_exit 0 motcua dossiers inspect "$D/s/legacy-vni.csv" --write-mapping "$D/existing.json" --force
jq_eq "$(cat "$D/existing.json")" '.input.encoding' '"vni"' "replaced with --force"

step "RFC 4180 edge cases: rows as Python's csv module reads them, for every delimiter"
python_rows() { python3 -c 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), delimiter=sys.argv[2])), ensure_ascii=False))' "$1" "$2"; }
for d in ',' ';' $'\t' '|'; do
  f="$D/edge.csv"
  {
    printf 'ma%shọ tên%sghi chú\r\n' "$d" "$d"
    printf '1%s"Nguyễn%s Văn"%s"nói ""chào"""\r\n' "$d" "$d" "$d"
    printf '2%s"dòng một\r\ndòng hai"%s"a\nb"\r\n' "$d" "$d"
    printf '3%s%s\r\n' "$d" "$d"
    printf '4%s""%s"Đặng %s ""Ước"""\n' "$d" "$d" "$d"
    printf '5%sTrần Thị Hương%slast' "$d" "$d"
  } >"$f"
  assert_exit 0 motcua dossiers inspect "$f" --format json
  jq_eq "$OUT" '.delimiter' "$(jq -n --arg d "$d" '$d')" "delimiter detected"
  assert_eq "$(python_rows "$f" "$d" | jq -c .)" "$(jq -c '[.header] + .rows' <<<"$OUT")" "rows equal Python's csv for delimiter '$d'"
done

step "a file without a header row"
printf '1,05/03/2018,Lê Văn A\n2,06/03/2018,Trần B\n' >"$D/nohead.csv"
assert_exit 0 motcua dossiers inspect "$D/nohead.csv" --format json
jq_eq "$OUT" '[.header, (.rows|length), .columns[1].date_formats[0], .mapping.input.header]' '[null,2,"%d/%m/%Y %H:%M:%S",false]' "no header"
assert_contains "$(jq -c '.mapping._undecided' <<<"$OUT")" "fields.code" "undecided fields listed"

echo "PASS"
