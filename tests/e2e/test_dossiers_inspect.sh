#!/usr/bin/env bash
# dossiers inspect through the real binary: on each sample legacy CSV the drafted mapping migrates
# the file with only the known broken rows rejected; the encoding is ranked by plausibility (vni
# first for a VNI file); on RFC 4180 edge cases its rows equal Python's csv module; the delimiter
# (, ; tab |) and header are detected; --write-mapping refuses to overwrite without --force.
. "$(dirname "$0")/lib.sh"

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
