#!/usr/bin/env bash
# Issue 17: a --db value naming PostgreSQL (a postgresql:// or postgres:// URL, or a libpq conninfo
# string) is never taken for a SQLite file path; while this build has no PostgreSQL engine it is a
# usage error (exit 2) that names the engine, does not repeat the value, and creates nothing.
. "$(dirname "$0")/lib.sh"

mkdir "$TEST_TMP/cwd"
cd "$TEST_TMP/cwd"
step "URLs and conninfo strings are refused, nothing is created"
for target in "postgresql://db1/motcua" "postgres://u@db1:5433/motcua" "host=db1 dbname=motcua sslmode=verify-full"; do
  for cmd in "db info" "catalog list" "audit deadlines --as-of 2018-12-31" "db vacuum" "db check"; do
    # shellcheck disable=SC2086
    assert_exit 2 motcua --db "$target" $cmd
    assert_contains "$ERR" "PostgreSQL"
    assert_not_contains "$ERR" "db1"
  done
  assert_exit 2 motcua --db "$target" calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
  assert_exit 2 motcua --db "$target" db restore /nonexistent.db
done
step "MOTCUA_DB too"
MOTCUA_DB="host=db1 dbname=motcua" assert_exit 2 motcua db info
assert_contains "$ERR" "PostgreSQL"
assert_eq "" "$(ls -A "$TEST_TMP/cwd")"

step "a file whose name looks like conninfo is a file when written ./keyword=..."
assert_exit 0 motcua --db "./host=db1" db info
assert_exit 0 motcua --db "./host=db1" calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
assert_file_exists "$TEST_TMP/cwd/host=db1"
