#!/usr/bin/env bash
# stats export end to end: every format, --compare, --targets, --by, --output/--force, errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats_fixture.sh"

step "no cache: exit 7, not a report of zeros; an empty cache: counts 0, rates null, never 0 or 100"
assert_exit 7 motcua stats export --period 2018 --format json
assert_contains "$ERR" "$(e2e_no_store_message)"
assert_no_store
e2e_create_empty_store
assert_exit 0 motcua stats export --period 2018 --format json
jq_eq "$OUT" '.metrics.procedures_total' '0'
jq_eq "$OUT" '[.metrics.procedures_online_rate, .metrics.online_dossier_rate, .metrics.on_time_rate, .metrics.paid_online_rate]' '[null,null,null,null]'

load_stats_fixture

step "json: every metric of March 2018, worked out by hand"
assert_exit 0 motcua stats export --period 2018-03 --format json
jq_eq "$OUT" '.period' '{"from":"2018-03-01","to":"2018-03-31"}'
jq_eq "$OUT" '.catalog_as_of' '"2018-03-31"'
jq_eq "$OUT" '.metrics' '{"procedures_total":4,"procedures_online":3,"procedures_online_full":1,"procedures_online_rate":0.75,"online_procedures_with_online_dossiers":2,"online_procedures_with_online_dossiers_rate":0.6667,"dossiers_received":5,"dossiers_received_online":3,"dossiers_received_direct":1,"dossiers_received_postal":1,"dossiers_of_online_procedures":4,"online_dossier_rate":0.75,"dossiers_resolved":5,"resolved_early":3,"resolved_on_time":1,"resolved_late":1,"resolved_in_time":4,"on_time_rate":0.8,"pending":0,"due_soon":0,"paused":0,"overdue":1,"paid_online_rate":0.5,"late_without_apology":2}'
jq_eq "$OUT" '[.groups, .compare, .targets]' '[[],null,[]]'

step "json: February — the dossier spanning periods is received there, resolved in March"
assert_exit 0 motcua stats export --period 2018-02-01..2018-02-28 --format json
jq_eq "$OUT" '[.metrics.procedures_total, .metrics.procedures_online, .metrics.dossiers_received, .metrics.online_dossier_rate, .metrics.dossiers_resolved, .metrics.on_time_rate, .metrics.pending]' '[3,2,1,0,0,null,1]'

step "--compare: ratios for counts, percentage-point differences (as fractions) for rates"
assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --format json
jq_eq "$OUT" '.compare.period' '{"from":"2018-02-01","to":"2018-02-28"}'
jq_eq "$OUT" '.compare.metrics.procedures_online' '2'
jq_eq "$OUT" '[.compare.ratios.procedures_total, .compare.ratios.procedures_online, .compare.ratios.dossiers_received, .compare.ratios.dossiers_resolved]' '[1.33,1.5,5,null]'
jq_eq "$OUT" '[.compare.differences.procedures_online_rate, .compare.differences.online_dossier_rate, .compare.differences.on_time_rate]' '[0.0833,0.75,null]'

step "--targets: met, multiple = actual / min, labels"
assert_exit 0 motcua stats export --period 2018-03 --targets "$STATS_FIXTURE/targets.json" --format json
jq_eq "$OUT" '.targets[0]' '{"metric":"online_dossier_rate","actual":0.75,"min":0.2,"max":null,"met":true,"multiple":3.75,"label":"NQ 17/NQ-CP: 20% hồ sơ trực tuyến"}'
jq_eq "$OUT" '[.targets[1].met, .targets[1].multiple, .targets[1].label]' '[false,0.84,null]'
jq_eq "$OUT" '[.targets[2].actual, .targets[2].met, .targets[2].multiple]' '[1,false,null]'
echo '{"targets": [{"metric": "online_rate", "min": 0.2}]}' >"$TEST_TMP/bad-targets.json"
assert_exit 4 motcua stats export --period 2018-03 --targets "$TEST_TMP/bad-targets.json"
assert_contains "$ERR" "bad-targets.json"
assert_contains "$ERR" "unknown metric 'online_rate'"
assert_exit 4 motcua stats export --period 2018-03 --targets "$TEST_TMP/none.json"
assert_contains "$ERR" "none.json"

step "--by agency / field / procedure / channel / month"
assert_exit 0 motcua stats export --period 2018-03 --by agency --format json
jq_eq "$OUT" '[.groups[] | [.by, .key, .label, .metrics.procedures_total, .metrics.dossiers_received, .metrics.dossiers_resolved]]' \
  '[["agency","A1","Sở Kế hoạch và Đầu tư",2,3,4],["agency","A2","Sở Tư pháp",2,2,1]]'
assert_exit 0 motcua stats export --period 2018-03 --by procedure --format json
jq_eq "$OUT" '[.groups[] | [.key, .metrics.procedures_online, .metrics.dossiers_received]]' '[["P1",1,2],["P2",1,1],["P3",0,1],["P4",1,1]]'
assert_exit 0 motcua stats export --period 2018-03 --by channel --format json
jq_eq "$OUT" '[.groups[] | [.key, .label, .metrics.dossiers_received, .metrics.procedures_total]]' '[["online","Trực tuyến",3,null],["direct","Trực tiếp",1,null],["postal","Bưu chính công ích",1,null]]'
assert_exit 0 motcua stats export --period 2018-02-01..2018-03-31 --by month --lang en --format json
jq_eq "$OUT" '[.groups[] | [.key, .label, .metrics.dossiers_received, .metrics.procedures_total]]' '[["2018-02","February 2018",1,3],["2018-03","March 2018",5,4]]'
jq_eq "$OUT" '.metrics.dossiers_received' '6'

step "csv: one row per group, the whole period first as all, one column per metric"
assert_exit 0 motcua stats export --period 2018-03 --by agency --format csv
header="$(sed -n 1p "$TEST_TMP/last.out" | tr -d '\r')"
assert_eq "key,label,procedures_total,procedures_online,procedures_online_full,procedures_online_rate,online_procedures_with_online_dossiers,online_procedures_with_online_dossiers_rate,dossiers_received,dossiers_received_online,dossiers_received_direct,dossiers_received_postal,dossiers_of_online_procedures,online_dossier_rate,dossiers_resolved,resolved_early,resolved_on_time,resolved_late,resolved_in_time,on_time_rate,pending,due_soon,paused,overdue,paid_online_rate,late_without_apology" "$header" "csv header"
assert_eq "all,2018-03,4,3,1,0.75,2,0.6667,5,3,1,1,4,0.75,5,3,1,1,4,0.8,0,0,0,1,0.5,2" "$(sed -n 2p "$TEST_TMP/last.out" | tr -d '\r')" "csv row all"
assert_contains "$(sed -n 3p "$TEST_TMP/last.out")" "A1,Sở Kế hoạch và Đầu tư,2,2,1,1.0,1,0.5,3," "csv row A1"
assert_eq "4" "$(wc -l <"$TEST_TMP/last.out" | tr -d ' ')" "csv lines"
assert_exit 0 motcua stats export --period 2018-02 --format csv
assert_eq "all,2018-02,3,2,1,0.6667,0,0.0,1,0,1,0,1,0.0,0,0,0,0,0,,1,0,0,0,,0" "$(sed -n 2p "$TEST_TMP/last.out" | tr -d '\r')" "null rates as empty cells"

step "table: aligned, labels and numbers in Vietnamese by default, English with --lang en"
assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --targets "$STATS_FIXTURE/targets.json" --by agency
assert_contains "$OUT" "Tỷ lệ hồ sơ trực tuyến"
assert_contains "$OUT" "75,0%"
assert_contains "$OUT" "1,50 lần"
assert_contains "$OUT" "+8,3 điểm %"
assert_contains "$OUT" "Chưa đạt"
assert_contains "$OUT" "Sở Tư pháp"
assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --lang en
assert_contains "$OUT" "Online dossier rate"
assert_contains "$OUT" "75.0%"
assert_contains "$OUT" "1.50×"
# The metric rows end in the same column (numbers right-aligned).
widths="$(sed -n '3,20p' "$TEST_TMP/last.out" | LC_ALL=C.UTF-8 bash -c 'while IFS= read -r l; do echo "${#l}"; done' | sort -u | wc -l)"
assert_eq "1" "$widths" "distinct widths of the metric rows"

step "md: a report with headline figures, comparison, targets and groups"
assert_exit 0 motcua stats export --period 2018-03 --compare 2018-02 --targets "$STATS_FIXTURE/targets.json" --by agency --format md
assert_contains "$OUT" "# Báo cáo thống kê tiếp nhận và giải quyết thủ tục hành chính — Tháng 3/2018"
assert_contains "$OUT" "## Số liệu chính"
assert_contains "$OUT" "| Tỷ lệ hồ sơ trực tuyến (\`online_dossier_rate\`) | 75,0% | 0,0% | +75,0 điểm % |"
assert_contains "$OUT" "| NQ 17/NQ-CP: 20% hồ sơ trực tuyến | 75,0% | 20,0% | — | Đạt | 3,75 lần |"
assert_contains "$OUT" "## Theo nhóm: Cơ quan"

step "html: one self-contained file with charts"
assert_exit 0 motcua stats export --period 2018-03 --targets "$STATS_FIXTURE/targets.json" --format html
assert_contains "$OUT" "<!DOCTYPE html>"
assert_contains "$OUT" "<html lang=\"vi\">"
assert_eq "3" "$(grep -o '<svg ' "$TEST_TMP/last.out" | wc -l | tr -d ' ')" "inline SVG charts"
assert_not_contains "$OUT" "<script"
assert_not_contains "$OUT" "src="
assert_contains "$OUT" "Sở Kế hoạch và Đầu tư" # the on-time chart names the agencies

step "--output refuses to overwrite without --force, writes atomically with it"
assert_exit 0 motcua stats export --period 2018-03 --format json --output "$TEST_TMP/march.json"
assert_eq "" "$OUT" "stdout with --output"
jq_eq "$(cat "$TEST_TMP/march.json")" '.metrics.dossiers_received' '5'
echo "keep me" >"$TEST_TMP/keep.html"
assert_exit 2 motcua stats export --period 2018-03 --format html --output "$TEST_TMP/keep.html"
assert_contains "$ERR" "keep.html"
assert_contains "$ERR" "--force"
assert_eq "keep me" "$(cat "$TEST_TMP/keep.html")" "the existing file"
assert_exit 0 motcua stats export --period 2018-03 --format html --output "$TEST_TMP/keep.html" --force
assert_contains "$(cat "$TEST_TMP/keep.html")" "<!DOCTYPE html>"
assert_eq "" "$(ls "$TEST_TMP" | grep '\.tmp-' || true)" "temporary files left behind"
assert_exit 2 motcua stats export --period 2018-03 --force
assert_exit 4 motcua stats export --period 2018-03 --output "$TEST_TMP/no/such/dir/out.json" --format json

step "usage errors: bad periods, groupings, languages"
assert_exit 2 motcua stats export --period 2018-Q5
assert_contains "$ERR" "2018-Q5"
assert_contains "$ERR" "2018-07-01..2018-09-30"
assert_exit 2 motcua stats export --period 2018-03 --compare 2018-13
assert_contains "$ERR" "--compare '2018-13'"
assert_exit 2 motcua stats export --period 2018-03 --by year
assert_exit 2 motcua stats export --period 2018-03 --lang fr
assert_exit 2 motcua stats export
