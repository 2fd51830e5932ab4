#!/usr/bin/env bash
# The SQLite cache through the binary: db info/check/vacuum, where it lives, foreign and
# newer files (exit 7), the writer lock (exit 6, --lock-timeout), global option placement.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'EOF'
[{"code": "K1", "name": "Thủ tục một", "processing_time": 5},
 {"code": "K2", "name": "Thủ tục hai", "processing_time": 10, "level": 4}]
EOF

step "reading commands on a missing cache: db info says so, others exit 7; nothing is created"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '[.exists,.procedures,.schema_version]' '[false,0,3]' "info without a cache"
assert_exit 7 motcua catalog list --format json
assert_contains "$ERR" "no cache at $MOTCUA_DB" "a missing cache is not an empty catalog"
assert_no_file "$MOTCUA_DB"
assert_no_file "$TEST_TMP/cache"

step "db info after an import"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
assert_eq "" "$ERR" "--quiet prints nothing on stderr"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '[.path,.exists,.schema_version,.procedures,.procedure_events,.catalog_snapshots,.dossiers]' \
  "[\"$MOTCUA_DB\",true,3,2,2,1,0]" "db info"
jq_eq "$OUT" '.last_import.catalog | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\+07:00$")' 'true' "last import instant"
jq_eq "$OUT" '.size_bytes > 0' 'true' "size"
assert_exit 0 motcua db info
assert_contains "$OUT" "$MOTCUA_DB" "table output names the path"
assert_exit 0 motcua db info --format csv
assert_contains "$OUT" "schema_version" "csv output"

step "db check: ok, then a broken invariant is found (exit 7)"
assert_exit 0 motcua db check --format json
jq_eq "$OUT" '.' "{\"path\":\"$MOTCUA_DB\",\"ok\":true,\"problems\":[]}" "check ok"
assert_exit 0 motcua db check
cp "$MOTCUA_DB" "$TEST_TMP/broken.db"
[[ -e "$MOTCUA_DB-wal" ]] && cp "$MOTCUA_DB-wal" "$TEST_TMP/broken.db-wal"
sqlite3 "$TEST_TMP/broken.db" "INSERT INTO procedure_events (code, as_of, present, name, processing_time, online, processing_unit)
                               VALUES ('BAD', 17532, 1, 'x', 0, 'none', 'working_days')"
assert_exit 7 motcua db check --db "$TEST_TMP/broken.db" --format json
jq_eq "$OUT" '.ok' 'false' "check finds the problem"
jq_eq "$OUT" '.problems | length' '1' "one problem"
assert_contains "$OUT" "processing time" "names the invariant"
assert_contains "$ERR" "broken.db" "names the cache"

step "db vacuum keeps the data and the mode"
assert_exit 0 motcua db vacuum --format json
jq_eq "$OUT" '[.path, (.bytes_before|type), (.bytes_after|type)]' "[\"$MOTCUA_DB\",\"number\",\"number\"]" "vacuum output"
assert_file_mode 600 "$MOTCUA_DB"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["K1","K2"]' "data after vacuum"
assert_exit 0 motcua db vacuum
assert_contains "$ERR" "vacuumed" "table output"

step "a cache written by a newer motcua: exit 7, untouched"
cp "$MOTCUA_DB" "$TEST_TMP/newer.db"
sqlite3 "$TEST_TMP/newer.db" "PRAGMA user_version = 99"
sum_before="$(md5sum <"$TEST_TMP/newer.db")"
for cmd in "catalog list" "catalog import $D/cat.json" "db info" "db check" "db vacuum"; do
  # shellcheck disable=SC2086
  assert_exit 7 motcua $cmd --db "$TEST_TMP/newer.db"
  assert_contains "$ERR" "newer motcua" "'$cmd' message"
  assert_contains "$ERR" "newer.db" "'$cmd' names the file"
done
assert_eq "$sum_before" "$(md5sum <"$TEST_TMP/newer.db")" "the newer cache is untouched"
assert_eq 99 "$(sqlite3 "$TEST_TMP/newer.db" 'PRAGMA user_version')" "its version"

step "a file that is not SQLite as --db: exit 7, untouched"
head -c 8192 /dev/urandom >"$TEST_TMP/random.bin"
printf 'code,name\nK1,hello\n' >"$TEST_TMP/notes.csv"
for f in random.bin notes.csv; do
  sum_before="$(md5sum <"$TEST_TMP/$f")"
  assert_exit 7 motcua catalog list --db "$TEST_TMP/$f"
  assert_contains "$ERR" "$f" "names the file"
  assert_contains "$ERR" "--db" "says what to do"
  assert_exit 7 motcua catalog import "$D/cat.json" --db "$TEST_TMP/$f"
  assert_exit 7 motcua db info --db "$TEST_TMP/$f"
  assert_eq "$sum_before" "$(md5sum <"$TEST_TMP/$f")" "$f is untouched"
done

step "a SQLite database that is not a motcua cache: exit 7, untouched"
sqlite3 "$TEST_TMP/other.sqlite" "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')"
sum_before="$(md5sum <"$TEST_TMP/other.sqlite")"
assert_exit 7 motcua catalog import "$D/cat.json" --db "$TEST_TMP/other.sqlite"
assert_contains "$ERR" "not a motcua cache" "message"
assert_exit 7 motcua catalog list --db "$TEST_TMP/other.sqlite"
assert_eq "$sum_before" "$(md5sum <"$TEST_TMP/other.sqlite")" "the foreign database is untouched"

step "the writer lock: a writing command exits 6 at once"
before="$(cache_state)"
# Held until released below, not for a fixed time: on a busy machine (sanitizers, two tests per core) the six
# commands under it may take longer than a short hold.
hold_lock "$MOTCUA_DB.lock" 120
start=$(date +%s%N)
assert_exit 6 motcua catalog import "$D/cat.json" --as-of 2018-02-01
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# Not a timing test: the lock is held for 120 s, so 20 s tells "did not wait" from "waited" even on a loaded
# machine under sanitizers.
((elapsed_ms < 20000)) || fail "exit 6 took ${elapsed_ms} ms; it must be at once"
assert_contains "$ERR" "locked" "message"
assert_contains "$ERR" "--lock-timeout" "says what to do"
assert_not_contains "$ERR" "pid" "no stale pid of an earlier writer"
assert_exit 6 motcua db vacuum
assert_exit 6 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --lock-timeout 0.5
step "readers are not blocked by the writer lock"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" 'length' '2' "list while locked"
assert_exit 0 motcua db info --format json
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --dry-run
kill "$(cat "$TEST_TMP/lock-ready.pid")"
wait "$LOCK_PID" 2>/dev/null || true
assert_cache_unchanged "$before" "the cache after refused writes"

step "--lock-timeout 3 waits for a lock released after 1 s"
hold_lock "$MOTCUA_DB.lock" 1
start=$(date +%s%N)
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --lock-timeout 3 --format json
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
jq_eq "$OUT" '[.read,.unchanged]' '[2,2]' "import after waiting"
((elapsed_ms >= 500)) || fail "the import did not wait for the lock (${elapsed_ms} ms)"
wait "$LOCK_PID"
# Held until killed: exit 6 (not 0) proves the import gave up while the lock was still held, however slow
# the machine; the time proves it waited first.
hold_lock "$MOTCUA_DB.lock" 120
start=$(date +%s%N)
assert_exit 6 motcua --lock-timeout 1 catalog import "$D/cat.json" --as-of 2018-02-01
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
((elapsed_ms >= 900)) || fail "--lock-timeout 1 gave up after ${elapsed_ms} ms, without waiting"
kill "$(cat "$TEST_TMP/lock-ready.pid")"
wait "$LOCK_PID" 2>/dev/null || true

step "the default cache path: XDG_DATA_HOME, created 0600 in a 0700 directory"
(
  unset MOTCUA_DB
  export XDG_DATA_HOME="$TEST_TMP/xdg"
  assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
  assert_file_mode 600 "$XDG_DATA_HOME/motcua/motcua.db"
  assert_file_mode 700 "$XDG_DATA_HOME/motcua"
  unset XDG_DATA_HOME
  export HOME="$TEST_TMP/home"
  assert_exit 0 motcua db info --format json
  jq_eq "$OUT" '[.path,.exists]' "[\"$TEST_TMP/home/.local/share/motcua/motcua.db\",false]" "HOME fallback"
  assert_exit 0 motcua --db "$TEST_TMP/explicit.db" catalog import "$D/cat.json" --as-of 2018-01-01 -q
  assert_file_mode 600 "$TEST_TMP/explicit.db"
) || exit 1

step "global options before or after the subcommand"
export MOTCUA_DB="$TEST_TMP/unused/motcua.db"
X="$TEST_TMP/cache/motcua.db"
assert_exit 0 motcua catalog list --db "$X" --format json --as-of 2018-01-01
jq_eq "$OUT" '[.[].code]' '["K1","K2"]' "options after the subcommand"
assert_exit 0 motcua --db "$X" --format json catalog list --as-of 2018-01-01
jq_eq "$OUT" '[.[].code]' '["K1","K2"]' "options before the subcommand"
assert_exit 0 motcua --db "$X" catalog --format json list --as-of 2018-01-01
jq_eq "$OUT" 'length' '2' "options between the subcommands"
assert_exit 0 motcua db info --format json --db "$X"
jq_eq "$OUT" '.path' "\"$X\"" "db info --db after"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 --db "$X" -q --format json
jq_eq "$OUT" '.unchanged' '2' "import with options after"
assert_no_file "$MOTCUA_DB"

step "usage errors exit 2"
assert_exit 2 motcua catalog list --bogus
assert_contains "$ERR" "--bogus" "names the option"
assert_exit 2 motcua --format xml db info
assert_exit 2 motcua catalog list --format md
assert_exit 2 motcua catalog list --as-of 2018-13-45
assert_contains "$ERR" "2018-13-45" "names the value"
assert_exit 2 motcua catalog list --online sometimes
assert_exit 2 motcua catalog import
assert_exit 2 motcua db
assert_exit 2 motcua
assert_exit 2 motcua catalog search dang --limit 0
assert_exit 2 motcua --lock-timeout -1 db vacuum
assert_contains "$ERR" "expected a number of seconds from 0 to 1000000000, got '-1'" "a plain range, not a 300-digit bound"
assert_exit 2 motcua --lock-timeout soon db vacuum
assert_contains "$ERR" "got 'soon'"
assert_no_file "$MOTCUA_DB"
assert_exit 0 motcua --help
assert_contains "$OUT" "catalog" "help lists commands"
assert_exit 0 motcua catalog import --help
assert_contains "$OUT" "--as-of" "subcommand help"
assert_exit 0 motcua --version
assert_contains "$OUT" "motcua" "version"

echo "ok: $TEST_NAME"
