#!/usr/bin/env bash
# --bom (issue 15 §2, issue 14 §3): every CSV output starts with a UTF-8 BOM so Excel on Windows
# reads Vietnamese right: listings and exports on stdout or --output, stats CSV, rejects files and
# the snapshot's CSV files (whose manifest is over the files as written). Without --bom, no BOM.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Cấp giấy phép", "processing_time": 5, "agency_code": "SXD", "agency_name": "Sở Xây dựng"}]
JSON
cat >"$D/d.ndjson" <<'EOF2'
{"code":"D1","procedure_code":"P1","agency_code":"SXD","channel":"direct","status":"received","received_at":"2018-03-05T08:00","applicant_name":"Nguyễn Văn Hùng"}
{"code":"D2","procedure_code":"P1","agency_code":"SXD","channel":"direct","status":"received","received_at":"not a date"}
EOF2
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
bom=$'\xEF\xBB\xBF'
# starts_with_bom FILE WHAT / no_bom FILE WHAT
starts_with_bom() { [[ "$(head -c 3 "$1")" == "$bom" ]] || fail "$2: no UTF-8 BOM at the start of $1"; }
no_bom() { [[ "$(head -c 3 "$1")" != "$bom" ]] || fail "$2: a BOM without --bom in $1"; }

step "rejects file"
assert_exit 3 motcua dossiers migrate "$D/d.ndjson" --rejects "$TEST_TMP/rej.csv" --bom -q
starts_with_bom "$TEST_TMP/rej.csv" "rejects"
[[ "$(tail -c +4 "$TEST_TMP/rej.csv" | head -c 6)" == "source" ]] || fail "rejects header right after the BOM"

step "listings and exports, stdout and --output; --bom before or after the subcommand"
motcua --bom --format csv dossiers list >"$TEST_TMP/list.csv" || fail "list"
starts_with_bom "$TEST_TMP/list.csv" "dossiers list"
[[ $(grep -c $'\xEF\xBB\xBF' "$TEST_TMP/list.csv") == 1 ]] || fail "exactly one BOM"
motcua --format csv catalog list --bom >"$TEST_TMP/cat.csv" || fail "catalog list"
starts_with_bom "$TEST_TMP/cat.csv" "catalog list"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/export.csv" --bom
starts_with_bom "$TEST_TMP/export.csv" "dossiers export"
assert_exit 0 motcua dossiers export --format csv --output "$TEST_TMP/plain.csv"
no_bom "$TEST_TMP/plain.csv" "dossiers export"
cmp -s <(tail -c +4 "$TEST_TMP/export.csv") "$TEST_TMP/plain.csv" || fail "the BOM is the only difference"
step "a BOM export migrates back (the reader skips the BOM)"
assert_exit 0 env $(e2e_store_env "$TEST_TMP/rt") "$MOTCUA" dossiers migrate "$TEST_TMP/export.csv" -q
assert_exit 0 env $(e2e_store_env "$TEST_TMP/rt") "$MOTCUA" dossiers export --format csv --output "$TEST_TMP/rt.csv"
cmp -s "$TEST_TMP/rt.csv" "$TEST_TMP/plain.csv" || fail "round trip through a BOM file"

step "audit summary and stats CSV"
motcua --bom --format csv audit deadlines --as-of 2018-06-01 >"$TEST_TMP/audit.csv" || fail "audit csv"
starts_with_bom "$TEST_TMP/audit.csv" "audit deadlines"
motcua --bom --format csv stats export --period 2018 >"$TEST_TMP/stats.csv" || fail "stats csv"
starts_with_bom "$TEST_TMP/stats.csv" "stats export"

step "snapshot CSVs: BOM, and sha256sum -c still passes over the files as written"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/snap" --bom -q
for f in dossiers.csv findings.csv summary.csv; do starts_with_bom "$TEST_TMP/snap/$f" "snapshot $f"; done
(cd "$TEST_TMP/snap" && sha256sum -c --quiet MANIFEST.sha256) || fail "sha256sum -c with BOM files"
assert_exit 0 motcua audit verify "$TEST_TMP/snap"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/plain-snap" -q
for f in dossiers.csv findings.csv summary.csv; do no_bom "$TEST_TMP/plain-snap/$f" "snapshot $f"; done

step "summary.csv: one row per agency and a total, joining the dossier and finding counts"
s="$(tail -c +4 "$TEST_TMP/snap/summary.csv")"
assert_contains "$s" "agency_code,agency_name,dossiers," "summary header"
assert_contains "$s" "SXD,Sở Xây dựng,1," "agency row with its name"
assert_contains "$s" "total,,1," "total row"
echo ok
