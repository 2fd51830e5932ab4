#!/usr/bin/env bash
# Agency lineage (catalog agencies import, motcua-formats(5) AGENCY LINEAGE FILE) and --agency-structure DATE of
# stats export and audit deadlines: a 2024-vs-2026 comparison groups merged agencies under their successor.
. "$(dirname "$0")/lib.sh"

# 2024: provinces T1 and T2, and district D1 of T1, each with its own procedure (T2 and D1 close on 2025-07-01).
cat >"$TEST_TMP/catalog-2024.csv" <<'EOF'
code,name,agency_code,agency_name,field_code,field_name,level,processing_time,processing_unit,fee
P1,Thủ tục một,T1,Tỉnh Một,F1,Lĩnh vực,4,3,working_days,
P2,Thủ tục hai,T2,Tỉnh Hai,F1,Lĩnh vực,4,3,working_days,
P3,Thủ tục ba,D1,Huyện Một,F1,Lĩnh vực,3,3,working_days,
P5,Thủ tục năm,S0,Sở Cũ,F1,Lĩnh vực,3,3,working_days,
P6,Thủ tục sáu,S0,Sở Cũ,F1,Lĩnh vực,3,3,working_days,
EOF
# 2026: T1 keeps its code and takes T2's and D1's procedures; S0 was split into S1 (P5) and S2 (P6).
cat >"$TEST_TMP/catalog-2026.csv" <<'EOF'
code,name,agency_code,agency_name,field_code,field_name,level,processing_time,processing_unit,fee
P1,Thủ tục một,T1,Tỉnh Một mới,F1,Lĩnh vực,4,3,working_days,
P2,Thủ tục hai,T1,Tỉnh Một mới,F1,Lĩnh vực,4,3,working_days,
P3,Thủ tục ba,C1,Xã Một,F1,Lĩnh vực,3,3,working_days,
P5,Thủ tục năm,S1,Sở Một,F1,Lĩnh vực,3,3,working_days,
P6,Thủ tục sáu,S2,Sở Hai,F1,Lĩnh vực,3,3,working_days,
EOF
# Dossiers of 2024 carry the agencies of their time; those of 2026 the new ones.
cat >"$TEST_TMP/dossiers.ndjson" <<'EOF'
{"code":"A1","procedure_code":"P1","agency_code":"T1","channel":"online","status":"resolved","received_at":"2024-03-04T08:00","resolved_at":"2024-03-05T08:00"}
{"code":"A2","procedure_code":"P2","agency_code":"T2","channel":"online","status":"resolved","received_at":"2024-03-04T08:00","resolved_at":"2024-03-05T08:00"}
{"code":"A3","procedure_code":"P2","agency_code":"T2","channel":"direct","status":"resolved","received_at":"2024-03-05T08:00","resolved_at":"2024-03-06T08:00"}
{"code":"A4","procedure_code":"P3","agency_code":"D1","channel":"direct","status":"resolved","received_at":"2024-03-05T08:00","resolved_at":"2024-03-06T08:00"}
{"code":"A5","procedure_code":"P5","agency_code":"S0","channel":"direct","status":"resolved","received_at":"2024-03-05T08:00","resolved_at":"2024-03-06T08:00"}
{"code":"A6","procedure_code":"P6","agency_code":"S0","channel":"direct","status":"resolved","received_at":"2024-03-05T08:00","resolved_at":"2024-03-06T08:00"}
{"code":"A7","procedure_code":"P9","agency_code":"S0","channel":"direct","status":"resolved","received_at":"2024-03-05T08:00","resolved_at":"2024-03-06T08:00"}
{"code":"B1","procedure_code":"P1","agency_code":"T1","channel":"online","status":"resolved","received_at":"2026-03-04T08:00","resolved_at":"2026-03-05T08:00"}
{"code":"B2","procedure_code":"P2","agency_code":"T1","channel":"online","status":"resolved","received_at":"2026-03-04T08:00","resolved_at":"2026-03-05T08:00"}
{"code":"B3","procedure_code":"P3","agency_code":"C1","channel":"direct","status":"resolved","received_at":"2026-03-04T08:00","resolved_at":"2026-03-05T08:00"}
EOF
motcua catalog import "$TEST_TMP/catalog-2024.csv" --as-of 2024-01-01 -q || fail "catalog 2024"
motcua catalog import "$TEST_TMP/catalog-2026.csv" --as-of 2026-01-01 -q || fail "catalog 2026"
motcua dossiers migrate "$TEST_TMP/dossiers.ndjson" -q || fail "migrate"

step "a cycle is refused with exit 4, naming it; nothing is stored"
printf 'old_code,new_code,from_date\nX1,X2,2025-07-01\nX2,X3,2025-08-01\nX3,X1,2025-09-01\n' >"$TEST_TMP/cycle.csv"
assert_exit 4 motcua catalog agencies import "$TEST_TMP/cycle.csv"
assert_contains "$ERR" "cycle.csv"
assert_contains "$ERR" "cycle X1 → X2 → X3 → X1"
assert_exit 4 motcua stats export --period 2026 --agency-structure 2026-06-01 --format json
assert_contains "$ERR" "no agency lineage in the cache"

step "bad rows are refused with the line and field (exit 4)"
printf 'old_code,new_code,from_date\nT2,T1,2025-13-01\n' >"$TEST_TMP/bad-date.csv"
assert_exit 4 motcua catalog agencies import "$TEST_TMP/bad-date.csv"
assert_contains "$ERR" "line 2: from_date '2025-13-01'"
printf 'old,new,date\n' >"$TEST_TMP/bad-header.csv"
assert_exit 4 motcua catalog agencies import "$TEST_TMP/bad-header.csv"
assert_contains "$ERR" "header"

step "import: merges (T2, D1 via a chain D1 → H1 → T1), a split (S0 → S1, S2)"
cat >"$TEST_TMP/lineage.csv" <<'EOF'
old_code,new_code,from_date,note
T2,T1,2025-07-01,Nghị quyết 202/2025/QH15
D1,H1,2025-03-01,
H1,T1,2025-07-01,cấp huyện kết thúc
S0,S1,2025-07-01,tách
S0,S2,2025-07-01,tách
EOF
assert_exit 0 motcua catalog agencies import "$TEST_TMP/lineage.csv" --format json
jq_eq "$OUT" '[.read, .inserted]' '[5,5]'

step "2026 against 2024 by agency, structure of 2026: T2 and D1 under T1; S0 split by procedure"
assert_exit 0 motcua stats export --period 2026 --compare 2024 --by agency --agency-structure 2026-06-01 --format json
jq_eq "$OUT" '[.groups[] | [.key, .metrics.dossiers_received]]' '[["C1",1],["S1",0],["S2",0],["T1",2]]'
# 2024: T1 = A1 + A2 + A3 (T2) + A4 (D1 → H1 → T1); S0: A5 (P5) → S1, A6 (P6) → S2, A7 (P9, no procedure
# in the 2026 catalog) → S1, the first successor listed.
jq_eq "$OUT" '[.compare.groups[] | [.key, .metrics.dossiers_received]]' '[["S1",2],["S2",1],["T1",4]]'
jq_eq "$OUT" '.compare.groups[] | select(.key == "T1") | .label' '"Tỉnh Một mới"'
jq_eq "$OUT" '.agency_structure' '{"date":"2026-06-01","merged":[{"agency":"S1","from":["S0"]},{"agency":"S2","from":["S0"]},{"agency":"T1","from":["D1","T2"]}]}'

step "without --agency-structure the agencies stay those recorded"
assert_exit 0 motcua stats export --period 2026 --compare 2024 --by agency --format json
jq_eq "$OUT" '[.compare.groups[] | select(.metrics.dossiers_received > 0) | .key]' '["D1","S0","T1","T2"]'
jq_eq "$OUT" '.agency_structure' 'null'

step "a structure date before the merger keeps T2; D1 is already H1"
assert_exit 0 motcua stats export --period 2024 --by agency --agency-structure 2025-04-01 --format json
jq_eq "$OUT" '[.groups[] | select(.metrics.dossiers_received > 0) | [.key, .metrics.dossiers_received]]' '[["H1",1],["S0",3],["T1",1],["T2",2]]'

step "the table names the merged agencies in a note; the indicators carry it too"
assert_exit 0 motcua stats export --period 2024 --by agency --agency-structure 2026-06-01
assert_contains "$OUT" "merged: S1 ← S0; S2 ← S0; T1 ← D1, T2."
assert_exit 0 motcua stats export --period 2024 --by agency --agency-structure 2026-06-01 --indicators 766 --format json
jq_eq "$OUT" '[.groups[] | [.key, .indicators.channel_online.numerator]]' '[["S1",0],["S2",0],["T1",2]]'

step "audit deadlines --agency-structure: the per-agency counts are the successors'"
assert_exit 0 motcua audit deadlines --to 2024-12-31 --as-of 2024-12-31 --agency-structure 2026-06-01 --format json
jq_eq "$OUT" '[.agencies[] | [.agency_code, .dossiers]]' '[["S1",2],["S2",1],["T1",4]]'
jq_eq "$OUT" '.agency_structure.merged | length' '3'
assert_exit 0 motcua audit deadlines --to 2024-12-31 --as-of 2024-12-31 --format json
jq_eq "$OUT" '[.agencies[] | .agency_code]' '["D1","S0","T1","T2"]'

step "a new import replaces the lineage whole"
printf 'old_code,new_code,from_date\nT2,T1,2025-07-01\n' >"$TEST_TMP/small.csv"
assert_exit 0 motcua catalog agencies import "$TEST_TMP/small.csv" -q
assert_exit 0 motcua audit deadlines --to 2024-12-31 --as-of 2024-12-31 --agency-structure 2026-06-01 --format json
jq_eq "$OUT" '[.agencies[] | [.agency_code, .dossiers]]' '[["D1",1],["S0",3],["T1",3]]'
