#!/usr/bin/env bash
# stats export --indicators 766 (motcua-metrics(7), DECISION 766 INDICATORS) through the binary, on a fixture whose
# every number is worked out by hand below; --scoring (motcua-formats(5), SCORING FILE) and its errors.
. "$(dirname "$0")/lib.sh"

# Catalog from 2018-01-01: P1 full online (A1, 2 working days, fee), P2 partial (A1, 5 days, no fee),
# P3 not online (A2, 3 days, fee). Full-online procedures: P1 of the eligible P1, P2 → 1/2.
cat >"$TEST_TMP/catalog.csv" <<'EOF'
code,name,agency_code,agency_name,field_code,field_name,level,processing_time,processing_unit,fee
P1,Đăng ký hộ kinh doanh,A1,Sở Kế hoạch và Đầu tư,F1,Đăng ký kinh doanh,4,2,working_days,50000
P2,Cấp giấy phép xây dựng,A1,Sở Kế hoạch và Đầu tư,F2,Xây dựng,3,5,working_days,
P3,Cấp phiếu lý lịch tư pháp,A2,Sở Tư pháp,F3,Tư pháp,2,3,working_days,10000
EOF
# March 2018 (A = 2018-03-31 23:59:59), each dossier by hand:
#  E1 P1 online, resolved the day after receipt: in time; paid online.
#  E2 P1 online, resolved 5 working days after a 2-day deadline: late.
#  E3 P2 direct, legal due 12 Mar, resolved 16 Mar, appointment 20 Mar: in time by its appointment (766).
#  E4 P2 online, resolved early but after two supplement requests: late (766).
#  E5 P3 postal, open, received Thu 29 Mar, due Tue 3 Apr: in progress within its deadline.
#  E6 P3 direct, open, received 1 Mar, due 6 Mar: overdue, late.
#  E7 P1 direct, withdrawn: received (channels, shares) but outside the progress indicator.
#  E8 P2 online, received in February, resolved 2 Mar before its 5 Mar due: handled in March, in time; not received.
#  E9 P1 online, paused by one open supplement request: in progress within its deadline.
#  E10 P3 not accepted at the counter: counted nowhere.
# progress: in time E1 E3 E5 E8 E9 = 5 / handled E1 E2 E3 E4 E5 E6 E8 E9 = 8 → 0.625
# received: E1–E7, E9 = 8; online E1 E2 E4 E9 = 4 (0.5), direct E3 E6 E7 = 3 (0.375), postal E5 = 1 (0.125)
# full-online dossiers: online on P1 = E1 E2 E9 = 3 / received on P1 or P2 = E1 E2 E3 E4 E7 E9 = 6 → 0.5
# online payment: paid online E1 = 1 / received on P1 or P3 (with a fee) = E1 E2 E5 E6 E7 E9 = 6 → 0.1667
cat >"$TEST_TMP/dossiers.ndjson" <<'EOF'
{"code":"E1","procedure_code":"P1","channel":"online","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-06T10:00","fee":50000,"paid_online":true}
{"code":"E2","procedure_code":"P1","channel":"online","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-14T09:00","fee":50000,"paid_online":false}
{"code":"E3","procedure_code":"P2","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","due_at":"2018-03-20","resolved_at":"2018-03-16T09:00"}
{"code":"E4","procedure_code":"P2","channel":"online","status":"resolved","received_at":"2018-03-06T08:00","resolved_at":"2018-03-08T09:00","pauses":[{"from":"2018-03-06T10:00","to":"2018-03-06T14:00"},{"from":"2018-03-07T09:00","to":"2018-03-07T10:00"}]}
{"code":"E5","procedure_code":"P3","channel":"postal","status":"processing","received_at":"2018-03-29T08:00"}
{"code":"E6","procedure_code":"P3","channel":"direct","status":"processing","received_at":"2018-03-01T08:00"}
{"code":"E7","procedure_code":"P1","channel":"direct","status":"withdrawn","received_at":"2018-03-10T08:00"}
{"code":"E8","procedure_code":"P2","channel":"online","status":"resolved","received_at":"2018-02-26T08:00","resolved_at":"2018-03-02T10:00"}
{"code":"E9","procedure_code":"P1","channel":"online","status":"supplementing","received_at":"2018-03-27T08:00","pauses":[{"from":"2018-03-28T09:00","to":null}]}
{"code":"E10","procedure_code":"P3","channel":"direct","status":"not_accepted","received_at":"2018-03-15T08:00"}
EOF
motcua catalog import "$TEST_TMP/catalog.csv" --as-of 2018-01-01 -q || fail "catalog import failed"
motcua dossiers migrate "$TEST_TMP/dossiers.ndjson" -q || fail "dossiers migrate failed"

step "json: each indicator with numerator, denominator and rate, as worked out above"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --format json
jq_eq "$OUT" '.decision' '"766/QĐ-TTg"'
jq_eq "$OUT" '.period' '{"from":"2018-03-01","to":"2018-03-31"}'
jq_eq "$OUT" '.indicators.progress' '{"numerator":5,"denominator":8,"rate":0.625}'
jq_eq "$OUT" '.indicators.full_online_dossiers' '{"numerator":3,"denominator":6,"rate":0.5}'
jq_eq "$OUT" '[.indicators.channel_online, .indicators.channel_direct, .indicators.channel_postal]' \
  '[{"numerator":4,"denominator":8,"rate":0.5},{"numerator":3,"denominator":8,"rate":0.375},{"numerator":1,"denominator":8,"rate":0.125}]'
jq_eq "$OUT" '.indicators.online_payment' '{"numerator":1,"denominator":6,"rate":0.1667}'
jq_eq "$OUT" '.indicators.full_online_procedures' '{"numerator":1,"denominator":2,"rate":0.5}'
jq_eq "$OUT" '[.not_computable[].indicator]' '["publication","digitisation","satisfaction"]'
jq_eq "$OUT" '[.groups, .compare]' '[[],null]'

step "--by agency: A1 progress E1 E3 E8 E9 of E1 E2 E3 E4 E8 E9; A2 E5 of E5 E6; A2 has no eligible procedure"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --by agency --format json
jq_eq "$OUT" '[.groups[] | [.key, .indicators.progress.numerator, .indicators.progress.denominator, .indicators.progress.rate]]' \
  '[["A1",4,6,0.6667],["A2",1,2,0.5]]'
jq_eq "$OUT" '[.groups[] | .indicators.full_online_procedures]' \
  '[{"numerator":1,"denominator":2,"rate":0.5},{"numerator":0,"denominator":0,"rate":null}]'

step "--by channel: procedure counts do not apply (null), channel shares are 1 within each channel"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --by channel --format json
jq_eq "$OUT" '[.groups[] | [.key, .indicators.full_online_procedures]]' '[["online",null],["direct",null],["postal",null]]'
jq_eq "$OUT" '.groups[0].indicators.channel_online.rate' '1'

step "--scoring: points by scale (20 × 0.625) and by bands (0.5 reaches the 0.5 band: 6), total 18.5"
cat >"$TEST_TMP/scoring.json" <<'EOF'
{"progress": {"scale": 20},
 "full_online_dossiers": {"bands": [{"min": 0.5, "points": 6}, {"min": 0.8, "points": 12}, {"min": 0, "points": 0}]}}
EOF
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --scoring "$TEST_TMP/scoring.json" --format json
jq_eq "$OUT" '.indicators.progress' '{"numerator":5,"denominator":8,"rate":0.625,"points":12.5}'
jq_eq "$OUT" '[.indicators.full_online_dossiers.points, .indicators.channel_online.points, .indicators.points_total]' '[6,null,18.5]'

step "csv, table and md carry the same numbers"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --format csv
assert_contains "$OUT" "all,2018-03,progress,5,8,0.625"
assert_contains "$OUT" "all,2018-03,online_payment,1,6,0.1667"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --scoring "$TEST_TMP/scoring.json" --lang en
assert_contains "$OUT" "62.5%"
assert_contains "$OUT" "Total points: 18.50"
assert_contains "$OUT" "Not computable from one-stop data: publication, digitisation, satisfaction"
assert_exit 0 motcua stats export --period 2018-03 --indicators 766 --format md --lang en
assert_contains "$OUT" "| progress | Processing progress | 2018-03 | 5 | 8 | 62.5% |"

step "--compare: the February indicators beside March (E8 received, still open at the end of February)"
assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --indicators 766 --format json
jq_eq "$OUT" '.compare.indicators.progress' '{"numerator":1,"denominator":1,"rate":1}'

step "errors: a bad scoring file (exit 4, named), --scoring alone and html (exit 2), another decision (exit 2)"
echo '{"progres": {"scale": 20}}' >"$TEST_TMP/bad.json"
assert_exit 4 motcua stats export --period 2018-03 --indicators 766 --scoring "$TEST_TMP/bad.json"
assert_contains "$ERR" "bad.json"
assert_contains "$ERR" "unknown indicator"
echo '{"progress": {"bands": [{"min": 95, "points": 20}]}}' >"$TEST_TMP/bad2.json"
assert_exit 4 motcua stats export --period 2018-03 --indicators 766 --scoring "$TEST_TMP/bad2.json"
assert_contains "$ERR" "bands[1].min"
assert_exit 2 motcua stats export --period 2018-03 --scoring "$TEST_TMP/scoring.json"
assert_exit 2 motcua stats export --period 2018-03 --indicators 766 --format html
assert_exit 2 motcua stats export --period 2018-03 --indicators 765
