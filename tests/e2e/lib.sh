# Shared helpers for the end-to-end tests: source it from a tests/e2e/test_*.sh script.
#
#   . "$(dirname "$0")/lib.sh"
#
# Gives each test a private temp dir ($TEST_TMP, removed on exit) with MOTCUA_DB inside it,
# assertion helpers that print a clear message and exit 1, and start_server for the
# HTTP scenarios. CTest sets MOTCUA (the binary) and MOTCUA_TEST_SERVER; when run by
# hand, they default to the build directory named by $MOTCUA_BUILD (default build/).

set -u
set -o pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${MOTCUA_SOURCE_DIR:=$(cd "$E2E_DIR/../.." && pwd)}"
: "${MOTCUA:=$MOTCUA_SOURCE_DIR/${MOTCUA_BUILD:-build}/motcua}"
: "${MOTCUA_TEST_SERVER:=$MOTCUA_SOURCE_DIR/${MOTCUA_BUILD:-build}/motcua_test_server}"
export MOTCUA MOTCUA_TEST_SERVER MOTCUA_SOURCE_DIR

if [[ ! -x "$MOTCUA" ]]; then
  echo "FAIL: motcua binary not found at $MOTCUA (set MOTCUA or MOTCUA_BUILD)" >&2
  exit 1
fi

TEST_NAME="$(basename "$0" .sh)"
TEST_TMP="$(mktemp -d "${TMPDIR:-/tmp}/motcua-e2e-$TEST_NAME.XXXXXX")"
export MOTCUA_DB="$TEST_TMP/cache/motcua.db"
# Keep the environment of the caller out of the tests.
unset MOTCUA_TOKEN XDG_DATA_HOME MOTCUA_CONFIG MOTCUA_TODAY JOURNAL_STREAM
# No config file of the machine or the user: each test writes its own (motcua(1), CONFIGURATION).
export MOTCUA_SYSTEM_CONFIG="$TEST_TMP/etc/motcua.toml" XDG_CONFIG_HOME="$TEST_TMP/xdg-config"
export NO_COLOR=1
# Sanitizer builds: fail loudly on leaks and errors, never silently.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

E2E_CLEANUP=()
e2e_exit() {
  local rc=$?
  local cmd
  for cmd in "${E2E_CLEANUP[@]}"; do eval "$cmd" || true; done
  if [[ $rc -eq 0 ]]; then
    rm -rf "$TEST_TMP"
  else
    echo "($TEST_NAME: exit $rc; temp dir kept: $TEST_TMP)" >&2
  fi
}
trap e2e_exit EXIT

# Registers a shell command to run when the test exits (servers, background lock holders).
on_exit() { E2E_CLEANUP+=("$1"); }

# Numbered step headings make a failure easy to place in the CTest log.
E2E_STEP=0
step() {
  E2E_STEP=$((E2E_STEP + 1))
  echo "--- [$TEST_NAME $E2E_STEP] $*"
}

fail() {
  echo "FAIL [$TEST_NAME${E2E_STEP:+ step $E2E_STEP}]: $*" >&2
  exit 1
}

# The store's engine: SQLite (a file in $TEST_TMP) unless MOTCUA_E2E_BACKEND=postgresql, which CTest sets for the
# e2e_pg.* entries (label postgresql) along with MOTCUA_PG_TEST_DIR, the fixture's server
# (scripts/pg-test-server.sh). Then MOTCUA_DB is a URL to that server over its Unix socket, the schema is one
# of this test's own (pg_schema in the user config file, so a test's own --config or MOTCUA_CONFIG file must
# carry it: e2e_pg_config_line), dropped at exit, and HOME is private (rejects default to ~/.local/share/motcua).
E2E_BACKEND="${MOTCUA_E2E_BACKEND:-sqlite}"
case "$E2E_BACKEND" in
sqlite) ;;
postgresql)
  : "${MOTCUA_PG_TEST_DIR:?MOTCUA_E2E_BACKEND=postgresql needs MOTCUA_PG_TEST_DIR (a pg-test-server.sh directory)}"
  [[ -S "$MOTCUA_PG_TEST_DIR/.s.PGSQL.5432" ]] || fail "no PostgreSQL server in $MOTCUA_PG_TEST_DIR (pg.start)"
  export HOME="$TEST_TMP/home"
  mkdir -p "$HOME"
  E2E_PG_SCHEMA_BASE="e2e_$(printf '%s' "${TEST_NAME#test_}" | tr -c 'a-z0-9_' '_' | head -c 36)_$$"
  export MOTCUA_DB="postgresql://postgres@$(printf '%s' "$MOTCUA_PG_TEST_DIR" | sed 's|/|%2F|g')/postgres"
  # At exit, the test's schemas: its own and those of e2e_use_store and e2e_store_env (the base name, then _).
  on_exit "e2e_psql -c \"SELECT format('DROP SCHEMA %I CASCADE;', nspname) FROM pg_namespace WHERE nspname = '$E2E_PG_SCHEMA_BASE' OR left(nspname, ${#E2E_PG_SCHEMA_BASE} + 1) = '${E2E_PG_SCHEMA_BASE}_'\" | e2e_psql >/dev/null 2>&1"
  ;;
*)
  fail "MOTCUA_E2E_BACKEND=$E2E_BACKEND: expected sqlite or postgresql"
  ;;
esac

# e2e_pg_schema_of DIR: the PostgreSQL schema standing for a cache in DIR (the test's own for $TEST_TMP/cache).
e2e_pg_schema_of() {
  if [[ "$1" == "$TEST_TMP/cache" ]]; then
    printf '%s' "$E2E_PG_SCHEMA_BASE"
  else
    printf '%s_%s' "$E2E_PG_SCHEMA_BASE" "$(printf '%s' "${1##*/}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_' | head -c 16)"
  fi
}

# e2e_use_store DIR: the store for what follows, a fresh one for each DIR: on SQLite MOTCUA_DB=DIR/motcua.db, on
# PostgreSQL the schema of DIR (the user config file's pg_schema), dropped at exit.
e2e_use_store() {
  if [[ "$E2E_BACKEND" == postgresql ]]; then
    E2E_PG_SCHEMA="$(e2e_pg_schema_of "$1")"
    mkdir -p "$XDG_CONFIG_HOME/motcua"
    printf 'pg_schema = "%s"\n' "$E2E_PG_SCHEMA" >"$XDG_CONFIG_HOME/motcua/motcua.toml"
  else
    export MOTCUA_DB="$1/motcua.db"
  fi
}

# e2e_store_env DIR: the environment of a command on a second store, for `env $(e2e_store_env DIR) "$MOTCUA" …`:
# on SQLite MOTCUA_DB=DIR/c.db, on PostgreSQL the server with DIR's schema (MOTCUA_CONFIG names a config file
# that sets it). No spaces in $TEST_TMP, so the words split right.
e2e_store_env() {
  if [[ "$E2E_BACKEND" == postgresql ]]; then
    local conf
    conf="$TEST_TMP/pg-store-$(e2e_pg_schema_of "$1").toml"
    printf 'pg_schema = "%s"\n' "$(e2e_pg_schema_of "$1")" >"$conf"
    printf 'MOTCUA_DB=%s MOTCUA_CONFIG=%s' "$MOTCUA_DB" "$conf"
  else
    printf 'MOTCUA_DB=%s/c.db' "$1"
  fi
}
e2e_use_store "$TEST_TMP/cache"

# e2e_sqlite / e2e_pg: whether this run's store is SQLite or PostgreSQL, to guard the steps only one engine has
# (the cache file's mode and path, db check/backup/restore/vacuum, journal and WAL).
e2e_sqlite() { [[ "$E2E_BACKEND" == sqlite ]]; }
e2e_pg() { [[ "$E2E_BACKEND" == postgresql ]]; }

# e2e_psql ARGS...: psql as the test server's superuser (PG runs only).
e2e_psql() {
  "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -v ON_ERROR_STOP=1 -At \
    "host=$MOTCUA_PG_TEST_DIR user=postgres dbname=postgres options=-csearch_path=${E2E_PG_SCHEMA:-motcua}" "$@"
}

# e2e_sql SQL: runs a query on the store behind MOTCUA_DB, with sqlite3 or psql as the backend says; rows one a
# line, columns joined by |.
e2e_sql() {
  if e2e_pg; then
    e2e_psql -c "$1"
  else
    sqlite3 "$MOTCUA_DB" "$1"
  fi
}

# assert_no_store: the store behind MOTCUA_DB was never created (no file; on PostgreSQL no schema).
assert_no_store() {
  if e2e_pg; then
    [[ -z "$(e2e_psql -c "SELECT 1 FROM pg_namespace WHERE nspname = '$E2E_PG_SCHEMA'")" ]] ||
      fail "expected no schema $E2E_PG_SCHEMA"
  else
    assert_no_file "$MOTCUA_DB"
  fi
}

# e2e_create_empty_store: creates the store with nothing in it (db vacuum; PostgreSQL has no db vacuum: an empty
# calendar import).
e2e_create_empty_store() {
  if e2e_pg; then
    printf '{"days": []}\n' >"$TEST_TMP/empty-calendar.json"
    assert_exit 0 motcua calendar import "$TEST_TMP/empty-calendar.json" -q
  else
    assert_exit 0 motcua db vacuum -q
  fi
}

# e2e_drop_store: removes the store behind MOTCUA_DB, so the next write starts a new one.
e2e_drop_store() {
  if e2e_pg; then
    e2e_psql -c "DROP SCHEMA IF EXISTS $E2E_PG_SCHEMA CASCADE" >/dev/null 2>&1 || fail "could not drop $E2E_PG_SCHEMA"
  else
    rm -f "$MOTCUA_DB" "$MOTCUA_DB-wal" "$MOTCUA_DB-shm"
  fi
}

# e2e_no_store_message: what a reading command says of a store that does not exist.
e2e_no_store_message() {
  if e2e_pg; then
    printf 'no motcua store in PostgreSQL store %s, schema %s' "$MOTCUA_DB" "$E2E_PG_SCHEMA"
  else
    printf 'no cache at %s' "$MOTCUA_DB"
  fi
}

# e2e_rejects_dir: where a run without --rejects writes its rejects file (next to the cache; on PostgreSQL under
# the home directory).
e2e_rejects_dir() {
  if e2e_pg; then printf '%s' "$HOME/.local/share/motcua"; else dirname "$MOTCUA_DB"; fi
}

# e2e_pg_config_line: the config line a test's own --config/MOTCUA_CONFIG file needs to reach this test's store
# (empty on SQLite).
e2e_pg_config_line() {
  if e2e_pg; then printf 'pg_schema = "%s"\n' "$E2E_PG_SCHEMA"; fi
}


# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq() {
  if [[ "$1" != "$2" ]]; then
    fail "${3:-value}: expected [$1], got [$2]"
  fi
}

# assert_contains HAYSTACK NEEDLE [WHAT]: plain substring, not a pattern.
assert_contains() {
  if [[ "$1" != *"$2"* ]]; then
    fail "${3:-text} does not contain [$2]; it was: [${1:0:2000}]"
  fi
}

# assert_not_contains HAYSTACK NEEDLE [WHAT]
assert_not_contains() {
  if [[ "$1" == *"$2"* ]]; then
    fail "${3:-text} contains [$2], it must not; it was: [${1:0:2000}]"
  fi
}

# assert_exit CODE CMD ARGS...: runs the command, keeps its stdout in $OUT and stderr in $ERR
# (also in files $TEST_TMP/last.out and last.err), and fails unless it exits with CODE.
# A sanitizer report on stderr is a failure whatever the exit code.
assert_exit() {
  local want="$1"
  shift
  local rc=0
  "$@" >"$TEST_TMP/last.out" 2>"$TEST_TMP/last.err" || rc=$?
  OUT="$(cat "$TEST_TMP/last.out")"
  ERR="$(cat "$TEST_TMP/last.err")"
  LAST_RC=$rc
  if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$TEST_TMP/last.err"; then
    fail "sanitizer report from: $*
$(head -c 4000 "$TEST_TMP/last.err")"
  fi
  if [[ "$rc" != "$want" ]]; then
    fail "expected exit $want, got $rc from: $*
--- stdout:
$(head -c 2000 "$TEST_TMP/last.out")
--- stderr:
$(head -c 2000 "$TEST_TMP/last.err")"
  fi
}

# assert_file_mode MODE PATH (octal, e.g. 600)
assert_file_mode() {
  [[ -e "$2" ]] || fail "$2 does not exist (wanted mode $1)"
  local mode
  mode="$(stat -c '%a' "$2")"
  assert_eq "$1" "$mode" "mode of $2"
}

# assert_file_exists PATH / assert_no_file PATH
assert_file_exists() { [[ -e "$1" ]] || fail "expected file $1 to exist"; }
assert_no_file() { [[ ! -e "$1" ]] || fail "expected no file at $1"; }

# jq_eq JSON FILTER EXPECTED [WHAT]: compares the jq -c output of FILTER on JSON.
jq_eq() {
  local got
  got="$(jq -c "$2" <<<"$1")" || fail "jq could not read ${4:-JSON} as JSON: [${1:0:2000}]"
  assert_eq "$3" "$got" "${4:-$2}"
}

# motcua ARGS...: the binary under test.
motcua() { "$MOTCUA" "$@"; }

# hold_lock FILE SECONDS: holds an flock on FILE in the background until it is held.
hold_lock() {
  local ready="$TEST_TMP/lock-ready"
  rm -f "$ready"
  # The lock is held by flock's child (the shell, then the sleep it becomes, which inherited the
  # descriptor): it writes its pid before it says ready, and exit stops both, or the lock would
  # outlive the test.
  flock "$1" -c "echo \$\$ >'$ready.pid'; touch '$ready'; exec sleep $2" &
  LOCK_PID=$!
  on_exit "kill \$(cat '$ready.pid' 2>/dev/null) $LOCK_PID 2>/dev/null"
  local i
  for i in $(seq 1 100); do
    [[ -e "$ready" ]] && return 0
    sleep 0.05
  done
  fail "flock did not take the lock"
}

# stop_when_rows PID MIN COUNT_CMD...: lets the background writer PID run in slices of 20 ms, frozen (SIGSTOP)
# while COUNT_CMD prints how many rows it has committed, until that reaches MIN or the writer is gone; the writer
# is left frozen for the caller to kill. A writer running freely could finish while a slow machine starts the count.
stop_when_rows() {
  local pid=$1 min=$2 n _
  shift 2
  for _ in $(seq 1 3000); do
    kill -CONT "$pid" 2>/dev/null || return 0
    sleep 0.02
    kill -STOP "$pid" 2>/dev/null || return 0
    n=$("$@" 2>/dev/null) || n=0
    ((${n:-0} >= min)) && return 0
  done
  return 0
}

# start_server DIR: runs motcua_test_server over DIR in the background, waits for its
# port, exports BASE_URL (http://127.0.0.1:PORT) and stops the server on exit.
start_server() {
  local root="$1"
  local port_file="$TEST_TMP/server.port"
  rm -f "$port_file"
  [[ -x "$MOTCUA_TEST_SERVER" ]] || fail "test server not found at $MOTCUA_TEST_SERVER"
  "$MOTCUA_TEST_SERVER" "$root" --port-file "$port_file" >"$TEST_TMP/server.log" 2>&1 &
  SERVER_PID=$!
  on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
  local i
  for i in $(seq 1 200); do
    [[ -s "$port_file" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "test server exited early: $(cat "$TEST_TMP/server.log")"
    sleep 0.05
  done
  [[ -s "$port_file" ]] || fail "test server did not publish its port within 10 s"
  BASE_URL="http://127.0.0.1:$(tr -d '[:space:]' <"$port_file")"
  export BASE_URL
}

# cache_state: the cache as scripts see it, without timestamps, for "nothing changed" checks.
cache_state() {
  {
    "$MOTCUA" db info --format json 2>/dev/null | jq -c 'del(.last_import, .size_bytes, .wal_bytes)'
    "$MOTCUA" catalog list --format json --as-of 2100-01-01 2>/dev/null
    if e2e_pg || [[ -f "$MOTCUA_DB" ]]; then
      e2e_sql "SELECT code, as_of, present, name, processing_time FROM procedure_events ORDER BY code, as_of" 2>/dev/null
      e2e_sql "SELECT count(*) FROM imports" 2>/dev/null
    fi
  } 2>&1
}

# assert_cache_unchanged BEFORE [WHAT]: compares cache_state now with an earlier capture.
assert_cache_unchanged() {
  local now
  now="$(cache_state)"
  if [[ "$1" != "$now" ]]; then
    fail "${2:-the cache} changed, it must not:
--- before:
${1:0:2000}
--- after:
${now:0:2000}"
  fi
}
