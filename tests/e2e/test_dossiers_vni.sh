#!/usr/bin/env bash
# Legacy text in VNI-Windows and VIQR through the real binary, and the guard against garbled text:
# a VNI file migrates to NFC; the same file read as cp1258 or tcvn (which decode it without error,
# into "Nguyeăn" / "Nguyeón") is refused with exit 4, nothing changed, naming the first bad line
# and the encodings ranked by plausibility, vni first; --force-encoding loads it anyway; auto
# never guesses but ranks. The sample's legacy files (cp1258, TCVN3, VNI) all pass the guard.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
counts() { jq -c '[.read,.inserted,.updated,.unchanged,.rejected]' <<<"$OUT"; }
dossier_state() { "$MOTCUA" dossiers export 2>/dev/null; }
mapping() {
  printf '%s\n' '{"input": {"format": "csv", "encoding": "'"$1"'", "delimiter": ",", "header": true},' \
    ' "fields": {"code": "MA_HS", "procedure_code": {"value": "1.001"}, "channel": {"value": "direct"},' \
    '  "status": {"value": "processing"}, "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y"},' \
    '  "applicant_name": "HO_TEN"}}'
}

# VNI bytes written out by hand from the published VNI-Windows table (base letter, then the mark byte).
printf 'MA_HS,NGAY_NHAN,HO_TEN\r\n' >"$D/vni.csv"
printf 'V-1,05/03/2018,Nguyen Van An\r\n' >>"$D/vni.csv"
printf 'V-2,05/03/2018,Nguye\xe3n Va\xean Hu\xf8ng\r\n' >>"$D/vni.csv"
printf 'V-3,06/03/2018,\xd1a\xebng Tr\xf6\xf4\xf8ng \xd1\xf6\xf4\xefc\r\n' >>"$D/vni.csv"
printf 'V-4,06/03/2018,Le\xe2 Th\xf2 Hu\xf8ng\r\n' >>"$D/vni.csv"
mapping vni >"$D/map-vni.json"
mapping auto >"$D/map-auto.json"

step "a VNI file migrates to the right NFC text (by the mapping and by --encoding vni)"
assert_exit 0 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-vni.json" --format json
assert_eq '[4,4,0,0,0]' "$(counts)" "vni counts"
assert_exit 0 motcua dossiers show V-2 --format json
jq_eq "$OUT" '.applicant_name' '"Nguyễn Văn Hùng"' "V-2"
assert_exit 0 motcua dossiers show V-3 --format json
jq_eq "$OUT" '.applicant_name' '"Đặng Trường Được"' "V-3: đ, ư+ơ, a+breve+dot below"
assert_exit 0 motcua dossiers show V-4 --format json
jq_eq "$OUT" '.applicant_name' '"Lê Thị Hùng"' "V-4: the single-byte toned i"
assert_exit 0 motcua dossiers export --format ndjson
if printf '%s' "$OUT" | LC_ALL=C grep -q $'\xcc'; then fail "combining marks left in the stored text"; fi
assert_exit 0 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-auto.json" --encoding vni --format json
assert_eq '[4,0,0,4,0]' "$(counts)" "--encoding vni: the same dossiers"
before="$(dossier_state)"

step "the same file read as cp1258 or tcvn is refused (exit 4, nothing changed), vni ranked first"
for enc in cp1258 tcvn; do
  assert_exit 4 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-auto.json" --encoding "$enc"
  assert_contains "$ERR" "vni.csv: line 3 reads as" "$enc: the first bad line"
  assert_contains "$ERR" "in $enc, which is not Vietnamese" "$enc: named"
  assert_contains "$ERR" 'line 3 as each reads it): vni (100%: "V-2,05/03/2018,Nguyễn Văn Hùng")' "$enc: vni first, with its sample"
  assert_contains "$ERR" "retry with --encoding vni" "$enc: the suggestion"
  assert_contains "$ERR" "nothing was imported" "$enc"
done
assert_contains "$ERR" 'Nguyeón Vaờn Huứng' "tcvn: what the line decodes to"
assert_eq "$before" "$(dossier_state)" "refusals changed nothing"
sed 's/"vni"/"cp1258"/' "$D/map-vni.json" >"$D/map-cp1258.json"
assert_exit 4 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-cp1258.json"
assert_contains "$ERR" "retry with --encoding vni" "an encoding named in the mapping is checked too"

step "--force-encoding loads it as asked"
assert_exit 0 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-auto.json" --encoding cp1258 --force-encoding --dry-run --format json
assert_eq '[4,0,3,1,0]' "$(counts)" "forced: read in cp1258 (three names differ)"

step "auto never guesses: the error lists every encoding in order with a decoded sample"
assert_exit 4 motcua dossiers migrate "$D/vni.csv" --mapping "$D/map-auto.json"
assert_contains "$ERR" "line 3: byte 0xE3" "the first bad byte"
assert_contains "$ERR" "auto never guesses" "no guess"
assert_contains "$ERR" ': vni (100%: "V-2,05/03/2018,Nguyễn Văn Hùng"), ' "vni first"
assert_contains "$ERR" 'cp1258 (' "cp1258 listed"
assert_contains "$ERR" 'Nguyeăn Vaên Huøng' "with what cp1258 makes of it"
assert_contains "$ERR" "utf-8 (does not decode)" "utf-8 listed as not decoding"
assert_contains "$ERR" "retry with --encoding vni" "the suggestion does not garble"
assert_not_contains "$ERR" "retry with --encoding cp1258" "no garbling suggestion"
assert_eq "$before" "$(dossier_state)" "nothing changed"

step "VIQR (RFC 1456) text"
printf 'MA_HS,NGAY_NHAN,HO_TEN\nQ-1,07/03/2018,Tra^`n Thi. Hu+o+ng\nQ-2,07/03/2018,DDa(.ng Va(n Ngo^.\\.\n' >"$D/viqr.csv"
assert_exit 0 motcua dossiers migrate "$D/viqr.csv" --mapping "$D/map-auto.json" --encoding viqr --format json
assert_eq '[2,2,0,0,0]' "$(counts)" "viqr counts"
assert_exit 0 motcua dossiers show Q-1 --format json
jq_eq "$OUT" '.applicant_name' '"Trần Thị Hương"' "Q-1"
assert_exit 0 motcua dossiers show Q-2 --format json
jq_eq "$OUT" '.applicant_name' '"Đặng Văn Ngộ."' "Q-2: dd and an escaped period"

step "the sample's legacy files pass the guard; the VNI one holds the cp1258 one's dossiers"
e2e_use_store "$TEST_TMP/sample"
assert_exit 0 motcua sample --out "$D/s" --dossiers 400
assert_exit 0 motcua catalog import "$D/s/catalog.json" --as-of 2017-01-01
assert_exit 3 motcua dossiers migrate "$D/s/legacy-cp1258.csv" --mapping "$D/s/mapping-cp1258.json" --rejects "$TEST_TMP/r1.csv" --format json
assert_eq '[42,40,0,0,2]' "$(counts)" "cp1258: only the two broken rows rejected"
assert_exit 3 motcua dossiers migrate "$D/s/legacy-tcvn.csv" --mapping "$D/s/mapping-tcvn.json" --rejects "$TEST_TMP/r2.csv" --format json
assert_eq '[41,40,0,0,1]' "$(counts)" "tcvn: only the broken row rejected"
assert_exit 0 motcua dossiers migrate "$D/s/legacy-vni.csv" --mapping "$D/s/mapping-vni.json" --format json
assert_eq '[40,0,0,40,0]' "$(counts)" "vni: the same NFC dossiers as cp1258"
assert_exit 4 motcua dossiers migrate "$D/s/legacy-vni.csv" --mapping "$D/s/mapping-vni.json" --encoding tcvn
assert_contains "$ERR" "retry with --encoding vni" "the sample's VNI file read as tcvn"

echo "PASS"
