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
    [[ -f "$MOTCUA_DB" ]] && sqlite3 "$MOTCUA_DB" \
      "SELECT code, as_of, present, name, processing_time FROM procedure_events ORDER BY code, as_of; SELECT count(*) FROM imports;"
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
