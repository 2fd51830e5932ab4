# A small catalog and dossier history for the stats end-to-end tests, loaded through the
# binary (catalog import, dossiers migrate). Source it after lib.sh; call load_stats_fixture.
#
# Catalog from 2018-01-01: P1 level 4 (agency A1, 1 working day), P2 level 3 (A1, 5 days),
# P3 level 2 (A2, 3 days); from 2018-03-15 also P4 level 3 (A2, 2 days).
# March 2018, by hand: 4 procedures, 3 online (1 full), 75%; online dossiers on P1 and P4 of
# the 3 online (66.67%); received D1–D5 (3 online, 1 direct, 1 postal; D7 not accepted);
# of online procedures D1 D2 D3 D5 (3 online: 75%); resolved D1 early, D2 on time, D3 late,
# D4 early and D6 (received in February) early: 4 of 5 in time (80%); D5 overdue; D3 and D5
# late without apology; fees: D1 paid online, D2 not (50%).
# February 2018: 3 procedures, 2 online; D6 received (of an online procedure, at the
# counter: 0%), nothing resolved (null on-time rate), D6 pending at the end of the month.

load_stats_fixture() {
  local dir="$TEST_TMP/fixture"
  mkdir -p "$dir"
  cat >"$dir/catalog-jan.csv" <<'EOF'
code,name,agency_code,agency_name,field_code,field_name,level,processing_time,processing_unit,fee
P1,Đăng ký hộ kinh doanh,A1,Sở Kế hoạch và Đầu tư,F1,Đăng ký kinh doanh,4,1,working_days,50000
P2,Cấp giấy phép xây dựng,A1,Sở Kế hoạch và Đầu tư,F2,Xây dựng,3,5,working_days,20000
P3,Cấp bản sao trích lục hộ tịch,A2,Sở Tư pháp,F1,Đăng ký kinh doanh,2,3,working_days,
EOF
  {
    cat "$dir/catalog-jan.csv"
    echo "P4,Chứng thực bản sao,A2,Sở Tư pháp,F3,Chứng thực,3,2,working_days,"
  } >"$dir/catalog-mar.csv"
  cat >"$dir/dossiers.ndjson" <<'EOF'
{"code":"D1","procedure_code":"P1","channel":"online","status":"returned","received_at":"2018-03-05T08:00","resolved_at":"2018-03-05T10:00","fee":50000,"paid_online":true}
{"code":"D2","procedure_code":"P2","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-12T15:00","fee":20000,"paid_online":false}
{"code":"D3","procedure_code":"P1","channel":"online","status":"resolved","received_at":"2018-03-06T09:00","resolved_at":"2018-03-09T09:00"}
{"code":"D4","procedure_code":"P3","channel":"postal","status":"resolved","received_at":"2018-03-07T08:00","resolved_at":"2018-03-08T08:00"}
{"code":"D5","procedure_code":"P4","channel":"online","status":"processing","received_at":"2018-03-21T09:00"}
{"code":"D6","procedure_code":"P2","channel":"direct","status":"resolved","received_at":"2018-02-26T08:00","resolved_at":"2018-03-02T10:00"}
{"code":"D7","procedure_code":"P1","channel":"online","status":"not_accepted","received_at":"2018-03-15T08:00"}
EOF
  cat >"$dir/targets.json" <<'EOF'
{"targets": [
  {"metric": "online_dossier_rate", "min": 0.20, "label": "NQ 17/NQ-CP: 20% hồ sơ trực tuyến"},
  {"metric": "on_time_rate", "min": 0.95},
  {"metric": "overdue", "max": 0, "label": "Không có hồ sơ quá hạn"}
]}
EOF
  "$MOTCUA" catalog import "$dir/catalog-jan.csv" --as-of 2018-01-01 -q || fail "catalog import (January) failed"
  "$MOTCUA" catalog import "$dir/catalog-mar.csv" --as-of 2018-03-15 -q || fail "catalog import (March) failed"
  "$MOTCUA" dossiers migrate "$dir/dossiers.ndjson" -q || fail "dossiers migrate failed"
  STATS_FIXTURE="$dir"
}
