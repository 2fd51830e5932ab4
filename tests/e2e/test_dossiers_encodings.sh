#!/usr/bin/env bash
# dossiers migrate of legacy CSV through the real binary: every encoding of motcua-mapping(5)
# (UTF-8 with and without BOM, UTF-16 LE/BE with BOM, Windows-1258, TCVN 5712, VISCII; files
# made with glibc iconv) gives the same NFC dossiers, and every RFC 4180 shape (quoted
# delimiters, doubled quotes, line breaks in quotes, CRLF or LF, no final line break) reads
# right while NUL bytes, wrong field counts, unterminated quotes and fields over 1 MiB are rejected
# with their line, the rest of the file going on. Stdin is spooled to disk, not memory.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
counts() { jq -c '[.read,.inserted,.updated,.unchanged,.rejected]' <<<"$OUT"; }
dossier_state() { "$MOTCUA" dossiers export 2>/dev/null; }

# mapping ENCODING: the mapping for the files below, in that encoding.
mapping() {
  cat <<EOF
{"input": {"format": "csv", "encoding": "$1", "delimiter": ",", "header": true},
 "fields": {"code": "MA_HS", "procedure_code": "MA_TTHC",
  "channel": {"column": "KENH", "values": {"1": "direct", "2": "online", "3": "postal"}},
  "status": {"value": "processing"},
  "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
  "applicant_name": "HO_TEN", "agency_code": {"column": "GHI_CHU", "default": "000.00.01.H15"}}}
EOF
}

# Names that exercise every tone and every base letter with a diacritic (in NFC here).
cat >"$D/names.csv" <<'EOF'
MA_HS,MA_TTHC,KENH,NGAY_NHAN,HO_TEN,GHI_CHU
E-1,1.001,1,05/03/2018 08:00,Nguyễn Thị Ánh Tuyết,
E-2,1.001,2,05/03/2018 09:30,Đặng Hữu Ước,
E-3,1.001,3,06/03/2018 14:05,Trương Ỷ Lan,
E-4,1.001,1,07/03/2018 07:45,Phạm Ngọc Ẩn Ơn,
E-5,1.001,2,08/03/2018 16:59,Lê Thuỵ Khuê Vỹ,
EOF

step "UTF-8 (no BOM): the reference"
mapping utf-8 >"$D/map-utf8.json"
assert_exit 0 motcua dossiers migrate "$D/names.csv" --mapping "$D/map-utf8.json" --format json
assert_eq '[5,5,0,0,0]' "$(counts)" "utf-8 counts"
assert_exit 0 motcua dossiers show E-2 --format json
jq_eq "$OUT" '.applicant_name' '"Đặng Hữu Ước"' "utf-8 name"
reference="$(dossier_state)"

step "every other encoding gives the same dossiers (all unchanged), by the mapping or by --encoding"
printf '\xEF\xBB\xBF' | cat - "$D/names.csv" >"$D/names-bom.csv"
assert_exit 0 motcua dossiers migrate "$D/names-bom.csv" --mapping "$D/map-utf8.json" --format json
assert_eq '[5,0,0,5,0]' "$(counts)" "UTF-8 with BOM"
mapping auto >"$D/map-auto.json"
for enc in UTF-16LE UTF-16BE; do
  { if [[ $enc == UTF-16LE ]]; then printf '\xFF\xFE'; else printf '\xFE\xFF'; fi; iconv -f UTF-8 -t "$enc" "$D/names.csv"; } >"$D/names-$enc.csv"
  assert_exit 0 motcua dossiers migrate "$D/names-$enc.csv" --mapping "$D/map-auto.json" --format json
  assert_eq '[5,0,0,5,0]' "$(counts)" "$enc with BOM, detected by auto"
done
mapping utf-16 >"$D/map-utf16.json"
assert_exit 0 motcua dossiers migrate "$D/names-UTF-16LE.csv" --mapping "$D/map-utf16.json" --format json
assert_eq '[5,0,0,5,0]' "$(counts)" "utf-16 named in the mapping"
iconv -f UTF-8 -t UTF-16LE "$D/names.csv" >"$D/names-nobom16.csv"
assert_exit 4 motcua dossiers migrate "$D/names-nobom16.csv" --mapping "$D/map-utf16.json"
assert_contains "$ERR" "needs a byte-order mark" "utf-16 needs its BOM"
for pair in cp1258:CP1258 tcvn:TCVN5712-1 viscii:VISCII; do
  enc=${pair%%:*}
  iconv -f UTF-8 -t "${pair#*:}" "$D/names.csv" >"$D/names-$enc.csv"
  mapping "$enc" >"$D/map-$enc.json"
  assert_exit 0 motcua dossiers migrate "$D/names-$enc.csv" --mapping "$D/map-$enc.json" --format json
  assert_eq '[5,0,0,5,0]' "$(counts)" "$enc through the mapping"
  assert_exit 0 motcua dossiers migrate "$D/names-$enc.csv" --mapping "$D/map-auto.json" --encoding "$enc" --format json
  assert_eq '[5,0,0,5,0]' "$(counts)" "$enc through --encoding"
  assert_exit 4 motcua dossiers migrate "$D/names-$enc.csv" --mapping "$D/map-auto.json"
  assert_contains "$ERR" "line 2" "$enc under auto: the first bad line is named"
  assert_contains "$ERR" "--encoding" "$enc under auto: what to try"
done
assert_eq "$reference" "$(dossier_state)" "every encoding stored the same NFC text"
# Windows-1258 spells most tones as a base letter + combining mark: the stored text is NFC.
assert_exit 0 motcua dossiers export --format ndjson
# U+0300-U+033F (combining marks) are the only UTF-8 sequences with a 0xCC byte.
if printf '%s' "$OUT" | LC_ALL=C grep -q $'\xcc'; then fail "combining marks left in the stored text"; fi

step "RFC 4180: quoted delimiters, doubled quotes, line breaks in quotes, CRLF, no final line break"
{
  printf 'MA_HS,MA_TTHC,KENH,NGAY_NHAN,HO_TEN,GHI_CHU\r\n'
  printf 'Q-1,1.001,1,05/03/2018 08:00,"Trần, Thị ""Bé""",\r\n'
  printf 'Q-2,1.001,2,05/03/2018 08:00,"Hai\r\ndòng",\n'
  printf '"Q-3","1.001","3","05/03/2018 08:00","Lý Ba",""\n'
  printf 'Q-4,1.001,1,05/03/2018 08:00,Cuối tệp,'
} >"$D/rfc.csv"
assert_exit 0 motcua dossiers migrate "$D/rfc.csv" --mapping "$D/map-utf8.json" --format json
assert_eq '[4,4,0,0,0]' "$(counts)" "rfc counts"
assert_exit 0 motcua dossiers show Q-1 --format json
jq_eq "$OUT" '.applicant_name' '"Trần, Thị \"Bé\""' "quoted comma and doubled quotes"
assert_exit 0 motcua dossiers show Q-2 --format json
jq_eq "$OUT" '.applicant_name' '"Hai\r\ndòng"' "a line break inside quotes is data"
assert_exit 0 motcua dossiers show Q-4 --format json
jq_eq "$OUT" '.applicant_name' '"Cuối tệp"' "the last line without a line break"

step "bad rows: NUL byte, too many and too few fields, an unterminated quote, a field over 1 MiB; the file goes on"
{
  printf 'MA_HS,MA_TTHC,KENH,NGAY_NHAN,HO_TEN,GHI_CHU\n'
  printf 'B-1,1.001,1,05/03/2018 08:00,Có\0NUL,\n'
  printf 'B-2,1.001,1,05/03/2018 08:00,Thừa,cột,nữa\n'
  printf 'B-3,1.001,1,05/03/2018 08:00\n'
  printf 'B-4,1.001,1,05/03/2018 08:00,Tốt,\n'
  printf 'B-5,1.001,1,05/03/2018 08:00,'; head -c 2097152 /dev/zero | tr '\0' 'a'; printf ',\n'
  printf 'B-6,1.001,1,05/03/2018 08:00,'; head -c 524288 /dev/zero | tr '\0' 'b'; printf ',\n'
  printf 'B-7,1.001,1,05/03/2018 08:00,"không đóng,\n'
} >"$D/bad.csv"
assert_exit 3 motcua dossiers migrate "$D/bad.csv" --mapping "$D/map-utf8.json" --rejects "$TEST_TMP/bad-rejects.csv" --format json
read_n=$(jq .read <<<"$OUT")
jq_eq "$OUT" '[.inserted,.updated,.unchanged,.rejected]' '[2,0,0,5]' "B-4 and B-6 kept"
jq_eq "$OUT" '.read == .inserted + .updated + .unchanged + .rejected' 'true' "counts reconcile"
rej="$(cat "$TEST_TMP/bad-rejects.csv")"
assert_contains "$rej" '"line 2"' "the NUL row"
assert_contains "$rej" "NUL" "the NUL byte is the reason"
assert_contains "$rej" '"line 3","row has 7 fields, expected 6' "too many fields"
assert_contains "$rej" '"line 4","row has 4 fields, expected 6' "too few fields"
assert_contains "$rej" '"line 6","field 5 is longer than 1048576 bytes' "a field over 1 MiB (memory stays bounded)"
assert_contains "$rej" '"line 8","quoted field 5 opened on line 8 is not closed' "the unterminated quote at the end"
(( $(wc -c <"$TEST_TMP/bad-rejects.csv") < 100000 )) || fail "the rejects file keeps an excerpt of a huge row, not all of it"
assert_exit 0 motcua dossiers show B-6 --format json
jq_eq "$OUT" '.applicant_name | length' '524288' "a 512 KiB field is data, kept whole"
echo "read $read_n rows of bad.csv"

step "--on-conflict fail: the error names where the conflicting record was read; refused before any write, no rejects file"
{
  head -1 "$D/names.csv"
  printf 'C-1,1.001,9,05/03/2018 08:00,Kênh lạ,\n'
  printf 'E-3,1.001,3,06/03/2018 14:05,Trương Ỷ Lan (đổi tên),\n'
} >"$D/conflict.csv"
before="$(dossier_state)"
assert_exit 4 motcua dossiers migrate "$D/conflict.csv" --mapping "$D/map-utf8.json" --on-conflict fail --rejects "$TEST_TMP/conflict-rejects.csv"
assert_contains "$ERR" "at $D/conflict.csv:3: dossier 'E-3' is already in the cache" "the file and line of the conflicting record"
assert_contains "$ERR" "nothing was imported"
[[ ! -e "$TEST_TMP/conflict-rejects.csv" ]] || fail "a run refused before its first write writes no rejects file"
assert_eq "$before" "$(dossier_state)" "nothing changed"

step "stdin, FIFOs and <(...) are copied to an unlinked temporary file (TMPDIR), checked, then loaded: errors name stdin"
mkdir -p "$TEST_TMP/spool"
assert_exit 0 env TMPDIR="$TEST_TMP/spool" "$MOTCUA" dossiers migrate - --mapping "$D/map-cp1258.json" --format json <"$D/names-cp1258.csv"
assert_eq '[5,0,0,5,0]' "$(counts)" "cp1258 from stdin"
assert_eq "" "$(ls -A "$TEST_TMP/spool")" "no copy left behind"
# A FIFO or process substitution is read once only, like stdin: it is spooled too (it read 0 rows before).
assert_exit 0 env TMPDIR="$TEST_TMP/spool" "$MOTCUA" dossiers migrate <(cat "$D/names-tcvn.csv") --mapping "$D/map-tcvn.json" --format json
assert_eq '[5,0,0,5,0]' "$(counts)" "tcvn through <(...)"
mkfifo "$TEST_TMP/fifo"
cat "$D/names.csv" >"$TEST_TMP/fifo" &
assert_exit 0 env TMPDIR="$TEST_TMP/spool" "$MOTCUA" dossiers migrate "$TEST_TMP/fifo" --mapping "$D/map-utf8.json" --format json
assert_eq '[5,0,0,5,0]' "$(counts)" "utf-8 through a FIFO"
before="$(dossier_state)"
assert_exit 4 env TMPDIR="$TEST_TMP/spool" "$MOTCUA" dossiers migrate - --mapping "$D/map-auto.json" <"$D/names-viscii.csv"
assert_contains "$ERR" "stdin: line 2" "the bad line of stdin"
assert_exit 4 env TMPDIR="$TEST_TMP/no-such-dir" "$MOTCUA" dossiers migrate - --mapping "$D/map-utf8.json" <"$D/names.csv"
assert_contains "$ERR" "$TEST_TMP/no-such-dir" "the temporary directory is named"
assert_contains "$ERR" "TMPDIR" "and how to pick another"
assert_eq "$before" "$(dossier_state)" "nothing changed"

echo "ok"
