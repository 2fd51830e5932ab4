#!/usr/bin/env bash
# Issue 17: a --db value naming PostgreSQL (a postgresql:// or postgres:// URL, or a libpq conninfo
# string) is never taken for a SQLite file path: it is opened as a PostgreSQL store, so a server that
# cannot be reached is a remote error (exit 5) naming the target without its secret, and nothing is
# created in the working directory; the SQLite-file-only commands refuse it (exit 2). No server here:
# test_pg_*.sh run against one.
. "$(dirname "$0")/lib.sh"

mkdir "$TEST_TMP/cwd"
cd "$TEST_TMP/cwd"
nowhere="$TEST_TMP/no-server"
step "unreachable targets: exit 5, nothing is created"
for target in "postgresql://%2Fnonexistent-socket-dir/motcua" "postgres://u@%2Fnonexistent-socket-dir:5433/motcua" \
  "host=$nowhere dbname=motcua sslmode=disable"; do
  for cmd in "db info" "catalog list" "audit deadlines --as-of 2018-12-31"; do
    # shellcheck disable=SC2086
    assert_exit 5 motcua --db "$target" $cmd
    assert_contains "$ERR" "PostgreSQL"
  done
  assert_exit 5 motcua --db "$target" calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
  step "the SQLite-file-only commands refuse a PostgreSQL target before connecting"
  for cmd in "db vacuum" "db check" "db backup $TEST_TMP/b.db" "db restore /etc/hostname"; do
    # shellcheck disable=SC2086
    assert_exit 2 motcua --db "$target" $cmd
    assert_contains "$ERR" "PostgreSQL"
  done
done
step "MOTCUA_DB too"
MOTCUA_DB="host=$nowhere dbname=motcua" assert_exit 5 motcua db info
assert_contains "$ERR" "PostgreSQL"
assert_eq "" "$(ls -A "$TEST_TMP/cwd")"
assert_no_file "$TEST_TMP/b.db"

step "a password in the URL is refused (exit 2) without echoing it"
assert_exit 2 motcua --db "postgresql://u:s3cretpw@%2Fnonexistent-socket-dir/motcua" db info
assert_not_contains "$ERR" "s3cretpw"
assert_exit 2 motcua --db "host=$nowhere password=s3cretpw dbname=motcua" catalog list
assert_not_contains "$ERR" "s3cretpw"

step "a file whose name looks like conninfo is a file when written ./keyword=..."
assert_exit 0 motcua --db "./host=db1" db info
assert_exit 0 motcua --db "./host=db1" calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
assert_file_exists "$TEST_TMP/cwd/host=db1"

step "a name like keyword=... with a keyword libpq does not know is refused (exit 2), naming the ./ form; nothing created"
assert_exit 2 motcua --db "notes=2024.db" calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
assert_contains "$ERR" "./notes=2024.db"
[[ ! -e "$TEST_TMP/cwd/notes=2024.db" ]] || fail "a file notes=2024.db was created"
