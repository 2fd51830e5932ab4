#!/usr/bin/env bash
# Issue 17 (bench): a re-run of a migration into PostgreSQL leaves the rows it does not change alone — no new row
# version, no row lock (before, ON CONFLICT … DO UPDATE … WHERE locked every unchanged row: its xmax was set) — and
# rewrites only the changed ones, over several sorted runs of the bulk loader (16,384 records each), counts intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
. "$MOTCUA_SOURCE_DIR/bench/lib.sh"
export MOTCUA_DB="$PG_URL"
n=40000
bench_legacy_mapping "$TEST_TMP/mapping.json"
bench_legacy_rows "$n" "$TEST_TMP/rows.csv"
migrate() { assert_exit 0 motcua --pg-schema "$PG_SCHEMA" --format json dossiers migrate "$1" --mapping "$TEST_TMP/mapping.json"; }
# Each row's code, version (xmin) and locker (xmax), in code order.
versions() { pg_psql -c "SELECT code, xmin, xmax FROM $PG_SCHEMA.dossiers ORDER BY code"; }

step "a first migration of $n rows (three sorted runs)"
migrate "$TEST_TMP/rows.csv"
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$n,$n,0,0,0]"
before=$(versions)
assert_eq "0" "$(pg_psql -c "SELECT count(*) FROM $PG_SCHEMA.dossiers WHERE xmax::text <> '0'")" "rows locked after the load"

step "the same migration again: all unchanged, no row rewritten or locked"
migrate "$TEST_TMP/rows.csv"
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$n,0,0,$n,0]"
assert_eq "$before" "$(versions)" "the rows' versions after an unchanged re-run"

step "two records changed: only their rows get a new version"
# Rows 5 and 30,005 (lines 6 and 30,006): another applicant name.
awk -F';' -v OFS=';' 'NR == 6 || NR == 30006 { $11 = "Tên Khác" } { print }' "$TEST_TMP/rows.csv" >"$TEST_TMP/changed.csv"
migrate "$TEST_TMP/changed.csv"
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$n,0,2,$((n - 2)),0]"
diff <(printf '%s\n' "$before") <(versions) | grep -c '^>' >"$TEST_TMP/moved" || true
assert_eq "2" "$(cat "$TEST_TMP/moved")" "rows with a new version"
assert_eq "Tên Khác" "$(pg_psql -c "SELECT DISTINCT applicant_name FROM $PG_SCHEMA.dossiers WHERE applicant_name = 'Tên Khác'")" \
  "the changed name"
