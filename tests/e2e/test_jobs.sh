#!/usr/bin/env bash
# --jobs N (issue 12): audit deadlines and stats export read the cache in parallel jobs over disjoint
# rowid ranges, merged in a fixed order: every output format and every snapshot file is byte-identical
# to --jobs 1, on a cache built the way a province builds one (sample --layout province, four migrations).
. "$(dirname "$0")/lib.sh"

step "a province-shaped cache: national sync JSON, two legacy CSV exports, a late NDJSON of updates"
S="$TEST_TMP/s"
assert_exit 0 motcua sample --out "$S" --layout province --dossiers 2000 --procedures 60 -q
assert_exit 0 motcua catalog import "$S/catalog.json" --as-of 2017-01-01 -q
assert_exit 0 motcua dossiers migrate "$S/dossiers-dvcqg.json" -q --no-progress
assert_exit 3 motcua dossiers migrate "$S/legacy-cp1258.csv" --mapping "$S/mapping-cp1258.json" -q --no-progress \
  --rejects "$TEST_TMP/r1.csv"
assert_exit 3 motcua dossiers migrate "$S/legacy-tcvn.csv" --mapping "$S/mapping-tcvn.json" -q --no-progress \
  --rejects "$TEST_TMP/r2.csv"
SUMMARY="$("$MOTCUA" dossiers migrate "$S/dossiers.ndjson" --no-progress --rejects "$TEST_TMP/r3.csv" --format json 2>/dev/null)"
jq -e '.updated > 0' <<<"$SUMMARY" >/dev/null || fail "the late NDJSON updates no dossier: $SUMMARY"

step "--jobs 2 really splits the read"
assert_contains "$("$MOTCUA" audit deadlines --as-of 2018-12-31 --jobs 2 -v 2>&1 >/dev/null)" "in 2 parallel job" "audit -v"
assert_contains "$("$MOTCUA" stats export --period 2018 --jobs 2 -v 2>&1 >/dev/null)" "in 2 parallel job" "stats -v"

# same OUT_NAME ARGS...: the command's stdout with --jobs 1 and --jobs 2 must be the same bytes.
same() {
  local name=$1
  shift
  "$MOTCUA" "$@" --jobs 1 >"$TEST_TMP/$name.1" || fail "$name --jobs 1 failed"
  "$MOTCUA" "$@" --jobs 2 >"$TEST_TMP/$name.2" || fail "$name --jobs 2 failed"
  [[ -s "$TEST_TMP/$name.1" ]] || fail "$name: empty output"
  cmp -s "$TEST_TMP/$name.1" "$TEST_TMP/$name.2" || fail "$name: --jobs 2 differs from --jobs 1"
}

step "audit deadlines: every format, summary and details"
for f in table json ndjson csv; do
  same "audit-$f" audit deadlines --as-of 2018-12-31 --format "$f"
  same "audit-mid-$f" audit deadlines --as-of 2018-06-30 --from 2017-03-01 --format "$f"
done
# --details reads in one job whatever --jobs says (audit/run: the visitor sees dossiers in order), so one format
# shows it; the formats themselves are test_audit_*'s.
same "audit-details-ndjson" audit deadlines --as-of 2018-12-31 --details --format ndjson
same "audit-agency" audit deadlines --as-of 2018-12-31 --agency 000.00.12.H17 --format json

step "stats export: every format and grouping, with a comparison period"
for f in table json ndjson csv md html; do
  same "stats-$f" stats export --period 2018 --compare 2017 --format "$f"
done
for by in agency field procedure channel month; do
  same "stats-by-$by" stats export --period 2018-Q3 --compare 2018-Q2 --by "$by" --format json
  same "stats-by-$by-csv" stats export --period 2017 --by "$by" --format csv
done
for f in json csv table md; do
  same "stats-766-$f" stats export --period 2018 --indicators 766 --by agency --format "$f"
done

step "audit snapshots: the same files"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --snapshot "$TEST_TMP/snap1" --jobs 1 -q
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --snapshot "$TEST_TMP/snap2" --jobs 2 -q
diff -r "$TEST_TMP/snap1" "$TEST_TMP/snap2" >/dev/null || fail "snapshots differ between --jobs 1 and --jobs 2"

step "--jobs 0 is refused"
assert_exit 2 motcua audit deadlines --jobs 0

echo "PASS"
