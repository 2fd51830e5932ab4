#!/usr/bin/env bash
# The published figures of Đà Nẵng's 2018 e-government results, reproduced by
# the binary from a catalog and dossier history with those properties (made by
# tests/support/stats_seed.cpp through the library's catalog and dossier stores):
#   647 online services at levels 3–4, 66% of 980 procedures, 3.14 times the 206 of 2015;
#   47% (2018) and 32% (2017) of online services with an online dossier;
#   44% (2018) and 35% (2017) online dossiers;
#   640,399 dossiers received, 633,388 resolved on time, over 98.9%;
#   44% online is 2.2 times Resolution 17/NQ-CP's 20%.
. "$(dirname "$0")/lib.sh"

SEED="${MOTCUA_STATS_SEED:-$(dirname "$MOTCUA")/tests/motcua_stats_seed}"
[[ -x "$SEED" ]] || fail "fixture tool not found at $SEED (build the motcua_stats_seed target, or set MOTCUA_STATS_SEED)"

step "seed the cache: catalog snapshots 2015, 2017, 2018 (twice) and 681,599 dossiers"
start=$SECONDS
"$SEED" --db "$MOTCUA_DB" 2>"$TEST_TMP/seed.err" || fail "seeding failed: $(cat "$TEST_TMP/seed.err")"
echo "seeded in $((SECONDS - start)) s: $(cat "$TEST_TMP/seed.err")"

cat >"$TEST_TMP/targets.json" <<'EOF'
{"targets": [
  {"metric": "procedures_online_rate", "min": 0.30, "label": "Nghị quyết 17/NQ-CP: 30% TTHC mức độ 3, 4 năm 2020"},
  {"metric": "online_dossier_rate", "min": 0.20, "label": "Nghị quyết 17/NQ-CP: 20% hồ sơ trực tuyến năm 2020"},
  {"metric": "procedures_online_rate", "min": 1.0, "label": "Mục tiêu thành phố: 100% TTHC mức độ 3, 4"},
  {"metric": "online_dossier_rate", "min": 0.50, "label": "Mục tiêu thành phố: 50% hồ sơ trực tuyến"}
]}
EOF

step "2018 against 2015: 647 online services, 66% of 980, 3.14 times 206"
start=$SECONDS
assert_exit 0 motcua stats export --period 2018 --compare 2015 --targets "$TEST_TMP/targets.json" --format json
echo "one pass over the cache in $((SECONDS - start)) s"
cp "$TEST_TMP/last.out" "$TEST_TMP/2018-vs-2015.json"
jq_eq "$OUT" '.catalog_as_of' '"2018-12-31"'
jq_eq "$OUT" '.metrics.procedures_online' '647'
jq_eq "$OUT" '.metrics.procedures_total' '980'
jq_eq "$OUT" '.metrics.procedures_online_rate' '0.6602'
jq_eq "$OUT" '.metrics.procedures_online_rate * 100 | round' '66'
jq_eq "$OUT" '.compare.catalog_as_of' '"2015-12-31"'
jq_eq "$OUT" '.compare.metrics.procedures_online' '206'
jq_eq "$OUT" '.compare.ratios.procedures_online' '3.14'

step "2018: 47% of online services received an online dossier; 44% of dossiers were online"
jq_eq "$OUT" '[.metrics.online_procedures_with_online_dossiers, .metrics.online_procedures_with_online_dossiers_rate]' '[304,0.4699]'
jq_eq "$OUT" '.metrics.online_procedures_with_online_dossiers_rate * 100 | round' '47'
jq_eq "$OUT" '.metrics.online_dossier_rate' '0.44'

step "2018: 640,399 received, 633,388 resolved on time: over 98.9%"
jq_eq "$OUT" '.metrics.dossiers_received' '640399'
jq_eq "$OUT" '.metrics.resolved_in_time' '633388'
jq_eq "$OUT" '.metrics.resolved_early + .metrics.resolved_on_time' '633388'
jq_eq "$OUT" '.metrics.dossiers_resolved' '640399'
jq_eq "$OUT" '.metrics.on_time_rate' '0.9891'
jq_eq "$OUT" '.metrics.on_time_rate * 1000 | floor' '989'
# About half of the late dossiers carry an apology slip issued by their legal due date.
jq_eq "$OUT" '.metrics.late_without_apology > 3000 and .metrics.late_without_apology < 4500' 'true'
# The not-accepted filings (online, on online services without other online dossiers) count nowhere.
jq_eq "$OUT" '.metrics.dossiers_received_online' '176000'

step "targets: Resolution 17/NQ-CP met (44% is 2.2 times 20%), the city's own goals not yet"
jq_eq "$OUT" '[.targets[] | [.metric, .actual, .met, .multiple]]' \
  '[["procedures_online_rate",0.6602,true,2.2],["online_dossier_rate",0.44,true,2.2],["procedures_online_rate",0.6602,false,0.66],["online_dossier_rate",0.44,false,0.88]]'

step "2017: 32% of online services with an online dossier, 35% online dossiers"
assert_exit 0 motcua stats export --period 2017 --format json
jq_eq "$OUT" '[.metrics.online_procedures_with_online_dossiers, .metrics.procedures_online]' '[160,500]'
jq_eq "$OUT" '[.metrics.online_procedures_with_online_dossiers_rate, .metrics.online_dossier_rate, .metrics.dossiers_received]' '[0.32,0.35,40000]'

step "the report for people says the same, the Vietnamese way"
assert_exit 0 motcua stats export --period 2018 --compare 2015 --targets "$TEST_TMP/targets.json" --format md
for figure in "**647**" "66,0%" "980" "3,14 lần so với 2015 (206)" "47,0%" "44,0%" "**640.399**" "**633.388**" "98,9%" "2,20 lần"; do
  assert_contains "$OUT" "$figure" "the md report"
done
