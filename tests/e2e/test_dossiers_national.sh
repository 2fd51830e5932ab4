#!/usr/bin/env bash
# National sync payloads (DongBoHoSoMC) as real systems send them, from the anonymised fixtures in
# tests/data/national: no KenhThucHien (HinhThuc instead), DonViXuLy holding the agency's name,
# MaDinhDanhDV in the record or the sync URL, an empty NgayTiepNhan with NgayNopHoSo, supplement
# requests with old and new appointments, ISO 8601 dates, and the applicant's type, id and payment.
. "$(dirname "$0")/lib.sh"

N="$MOTCUA_SOURCE_DIR/tests/data/national"
show() { "$MOTCUA" dossiers show "$1" --format json 2>/dev/null; }

assert_exit 0 motcua catalog import "$N/catalog-agencies.json" --as-of 2024-01-01 -q

step "no KenhThucHien (HinhThuc instead): accepted, counted as direct, the fact kept in extra"
assert_exit 0 motcua dossiers migrate "$N/dossiers-no-channel.json" --input-format dvcqg --format json
jq_eq "$OUT" '[.read,.inserted,.rejected,.unresolved_agencies]' '[1,1,0,0]'
OUT="$(show 000.00.24.H99-240105-0001)"
jq_eq "$OUT" '[.channel,.channel_missing,.HinhThuc,.agency_code]' '["direct",true,1,"000.00.24.H99"]'
assert_exit 0 motcua stats export --period 2024-01 --format json
jq_eq "$OUT" '.metrics.dossiers_received_direct' '1' "a dossier without a channel counts as direct"

step "DonViXuLy names resolved through the catalog's agencies, ignoring case and diacritics"
assert_exit 0 motcua dossiers migrate "$N/dossiers-agency-names.json" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected,.unresolved_agencies]' '[4,4,0,1]'
assert_exit 0 motcua dossiers migrate "$N/dossiers-agency-names.json" --dry-run
assert_contains "$ERR" "1 with an agency name not in the catalog" "the summary line counts the unresolved names"
jq_eq "$(show H99-AG-0001)" '[.agency_code,.DonViXuLy,.agency_unresolved]' '["000.00.24.H99","ubnd quan hai chau",null]'
jq_eq "$(show H99-AG-0002)" '.agency_code' '"000.00.25.H99"'
jq_eq "$(show H99-AG-0003)" '[.agency_code,.DonViXuLy]' '["000.00.25.H99","Phòng Tư pháp"]' "MaDinhDanhDV gives the code"
jq_eq "$(show H99-AG-0004)" '[.agency_code,.DonViXuLy,.agency_unresolved]' '[null,"UBND phường Không Có",true]'

step "the MaDinhDanhDV query parameter of the sync URL gives the code"
W="$TEST_TMP/www"
mkdir -p "$W"
jq -c '.data[3].MaHoSo = "H99-AG-URL"' "$N/dossiers-agency-names.json" | jq -c '.data = [.data[3]]' >"$W/sync.json"
start_server "$W"
assert_exit 0 motcua dossiers migrate "$BASE_URL/sync.json?MaDinhDanhDV=000.00.24.H99" --format json
jq_eq "$OUT" '[.inserted,.unresolved_agencies]' '[1,0]'
jq_eq "$(show H99-AG-URL)" '[.agency_code,.DonViXuLy]' '["000.00.24.H99","UBND phường Không Có"]'

step "an empty NgayTiepNhan: NgayNopHoSo is the receipt time"
assert_exit 0 motcua dossiers migrate "$N/dossiers-submitted-online.json" --format json
jq_eq "$OUT" '[.inserted,.rejected]' '[1,0]'
jq_eq "$(show 000.00.24.H99-240106-0001)" '[.received_at,.status]' '["2024-01-06T21:30:00+07:00","submitted"]'

step "supplements with old and new appointments; ISO 8601 dates beside yyyyMMddHHmmss"
assert_exit 0 motcua dossiers migrate "$N/dossiers-supplements.json" --format json
jq_eq "$OUT" '[.inserted,.rejected]' '[1,0]'
OUT="$(show 000.00.24.H99-240108-0001)"
jq_eq "$OUT" '[.received_at,.due_at,.resolved_at]' '["2024-01-08T08:00:00+07:00","2024-01-11","2024-01-15T16:00:00+07:00"]'
jq_eq "$OUT" '.pauses' '[{"from":"2024-01-09T09:00:00+07:00","to":"2024-01-12T08:00:00+07:00","reason":"Bổ sung bản sao"}]'
jq_eq "$OUT" '.supplement_appointments' \
  '[{"after":"2024-01-16T17:00:00+07:00","before":"2024-01-11T17:00:00+07:00","pause":0}]'

step "LoaiDoiTuong, DuocThanhToanTrucTuyen and SoGiayToChuHoSo / DinhDanhCHS into fields"
assert_exit 0 motcua dossiers migrate "$N/dossiers-applicant.json" --format json
jq_eq "$OUT" '[.inserted,.rejected]' '[2,0]'
jq_eq "$(show 000.00.24.H99-240110-0001)" '[.applicant_type,.paid_online,.applicant_id]' '["citizen",true,"001099000111"]'
jq_eq "$(show 000.00.24.H99-240110-0002)" '[.applicant_type,.paid_online,.applicant_id]' '["business",false,"0400000001"]'

step "applicant_type round-trips through canonical CSV and NDJSON"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/all.csv"
assert_contains "$(head -1 "$TEST_TMP/all.csv")" "paid_online,applicant_type,extra" "CSV column"
assert_exit 0 motcua dossiers export --output "$TEST_TMP/all.ndjson"
before="$(cat "$TEST_TMP/all.ndjson")"
e2e_drop_store
assert_exit 0 motcua dossiers migrate "$TEST_TMP/all.csv" --format json
jq_eq "$OUT" '[.read,.rejected]' '[10,0]'
assert_exit 0 motcua dossiers export
assert_eq "$before" "$OUT" "CSV export then migrate changes nothing"
e2e_drop_store
assert_exit 0 motcua dossiers migrate "$TEST_TMP/all.ndjson" -q
assert_exit 0 motcua dossiers export
assert_eq "$before" "$OUT" "NDJSON export then migrate changes nothing"

step "bad national codes are still rejected, naming the field"
printf '{"data":[{"MaHoSo":"X1","MaTTHC":"1.000001","KenhThucHien":1,"TrangThaiHoSo":2,"NgayTiepNhan":"20240101080000","LoaiDoiTuong":7}]}' >"$TEST_TMP/bad.json"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/bad.json" --input-format dvcqg --rejects "$TEST_TMP/rej.csv"
assert_contains "$(cat "$TEST_TMP/rej.csv")" "field 'LoaiDoiTuong'" "LoaiDoiTuong out of range"
printf '{"data":[{"MaHoSo":"X2","MaTTHC":"1.000001","KenhThucHien":1,"TrangThaiHoSo":2,"NgayTiepNhan":""}]}' >"$TEST_TMP/bad2.json"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/bad2.json" --input-format dvcqg --rejects "$TEST_TMP/rej2.csv" --force
assert_contains "$(cat "$TEST_TMP/rej2.csv")" "NgayNopHoSo" "no receipt time at all"
