#!/usr/bin/env bash
# The cache door under an unlucky operator (issue 11 items 4, 5, 6, 22): a missing cache is an
# error, not an empty answer; no home for the cache is a usage error; one lock per real file;
# a corrupt cache is never written; a read-only cache can be read.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "K1", "name": "Thủ tục một", "processing_time": 5},
 {"code": "K2", "name": "Thủ tục hai", "processing_time": 10}]
JSON

step "readers on a missing cache: exit 7 naming the path and the fix, nothing created"
export MOTCUA_DB="$TEST_TMP/nowhere/motcua.db"
for cmd in "audit deadlines" "dossiers list" "dossiers show X1" "dossiers export" "stats export --period 2018" \
  "catalog list" "catalog show K1" "catalog search thu" "db check"; do
  # shellcheck disable=SC2086
  assert_exit 7 motcua $cmd
  assert_contains "$ERR" "no cache at $MOTCUA_DB: import a catalog first (or check --db / MOTCUA_DB)" "'$cmd'"
  assert_eq "" "$OUT" "'$cmd' prints no answer"
done
assert_no_file "$TEST_TMP/nowhere"
step "db info, calendar and dry runs still work without a cache"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.exists' 'false' "db info says there is none"
assert_exit 0 motcua calendar due --from 2018-03-05T08:00 --working-days 1
assert_exit 0 motcua catalog import "$D/cat.json" --dry-run
assert_no_file "$TEST_TMP/nowhere"

step "an empty file is no cache either, and db check does not write into it"
: >"$TEST_TMP/empty.db"
assert_exit 7 motcua db check --db "$TEST_TMP/empty.db"
assert_contains "$ERR" "no cache at $TEST_TMP/empty.db"
assert_exit 7 motcua catalog list --db "$TEST_TMP/empty.db"
assert_eq 0 "$(stat -c %s "$TEST_TMP/empty.db")" "db check and readers leave the empty file empty"
assert_no_file "$TEST_TMP/empty.db.lock"

step "no --db, MOTCUA_DB, XDG_DATA_HOME or HOME: exit 2, nothing under the current directory"
mkdir -p "$TEST_TMP/cwd"
for cmd in "catalog list" "catalog import $D/cat.json"; do
  # shellcheck disable=SC2086
  (cd "$TEST_TMP/cwd" && env -u MOTCUA_DB -u XDG_DATA_HOME -u HOME "$MOTCUA" $cmd) >"$TEST_TMP/o" 2>"$TEST_TMP/e" && rc=0 || rc=$?
  assert_eq 2 "$rc" "'$cmd' without a home for the cache"
  assert_contains "$(cat "$TEST_TMP/e")" "MOTCUA_DB" "'$cmd' says how to set it"
done
assert_eq "" "$(ls -A "$TEST_TMP/cwd")" "nothing created in the current directory"

export MOTCUA_DB="$TEST_TMP/cache/motcua.db"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q

step "a writer through a symlink takes the real file's lock"
ln -s "$MOTCUA_DB" "$TEST_TMP/link.db"
mkdir -p "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/cache" "$TEST_TMP/elsewhere/dir"
hold_lock "$MOTCUA_DB.lock" 3
assert_exit 6 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --db "$TEST_TMP/link.db"
assert_contains "$ERR" "locked" "through a symlinked file"
assert_exit 6 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --db "$TEST_TMP/elsewhere/dir/motcua.db"
assert_contains "$ERR" "locked" "through a symlinked directory"
assert_no_file "$TEST_TMP/link.db.lock"
wait "$LOCK_PID" 2>/dev/null

step "a writer refuses a cache with a second hard link (its lock could not cover both names)"
ln "$MOTCUA_DB" "$TEST_TMP/hard.db"
sum_before="$(md5sum <"$MOTCUA_DB")"
assert_exit 7 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --db "$TEST_TMP/hard.db"
assert_contains "$ERR" "hard links" "message"
assert_exit 7 motcua catalog import "$D/cat.json" --as-of 2018-02-01
assert_eq "$sum_before" "$(md5sum <"$MOTCUA_DB")" "the cache is untouched"
assert_exit 0 motcua catalog list --db "$TEST_TMP/hard.db" --format json
jq_eq "$OUT" 'length' '2' "readers still work through a hard link"
rm "$TEST_TMP/hard.db"

step "a symlinked lock file is refused and its target left alone"
mkdir -p "$TEST_TMP/c2"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q --db "$TEST_TMP/c2/m.db"
rm "$TEST_TMP/c2/m.db.lock"
echo "precious" >"$TEST_TMP/victim.txt"
ln -s "$TEST_TMP/victim.txt" "$TEST_TMP/c2/m.db.lock"
assert_exit 7 motcua catalog import "$D/cat.json" --as-of 2018-02-01 --db "$TEST_TMP/c2/m.db"
assert_contains "$ERR" "symbolic link" "message"
assert_eq "precious" "$(cat "$TEST_TMP/victim.txt")" "the lock's target is untouched"

step "refusing a foreign database leaves no lock file"
sqlite3 "$TEST_TMP/foreign.sqlite" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
assert_exit 7 motcua catalog import "$D/cat.json" --db "$TEST_TMP/foreign.sqlite"
assert_contains "$ERR" "not a motcua cache" "message"
assert_no_file "$TEST_TMP/foreign.sqlite.lock"

step "a corrupt cache (43 bytes flipped mid-file): the writer exits 7 and writes nothing"
"$MOTCUA" sample --out "$TEST_TMP/s1" --seed 1 --dossiers 1000 >/dev/null 2>&1 || fail "sample 1"
"$MOTCUA" sample --out "$TEST_TMP/s2" --seed 7 --dossiers 1000 >/dev/null 2>&1 || fail "sample 2"
export MOTCUA_DB="$TEST_TMP/corrupt/m.db"
assert_exit 0 motcua catalog import "$TEST_TMP/s1/catalog.json" --as-of 2015-01-01 -q
assert_exit 3 motcua dossiers migrate "$TEST_TMP/s1/dossiers.ndjson" -q
size="$(stat -c %s "$MOTCUA_DB")"
python3 -c "
import sys
p, o = sys.argv[1], int(sys.argv[2]) // 2
b = bytearray(open(p, 'rb').read())
for i in range(43): b[o + i] ^= 0xFF
open(p, 'wb').write(b)" "$MOTCUA_DB" "$size"
assert_exit 7 motcua db check
sum_before="$(md5sum <"$MOTCUA_DB")"
assert_exit 7 motcua dossiers migrate "$TEST_TMP/s2/dossiers.ndjson"
assert_contains "$ERR" "corrupt" "message"
assert_not_contains "$ERR" "inserted" "no success line"
assert_exit 7 motcua catalog import "$TEST_TMP/s1/catalog.json" --as-of 2016-01-01
assert_exit 7 motcua calendar import "$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"
assert_eq "$sum_before" "$(md5sum <"$MOTCUA_DB")" "the corrupt cache is untouched"

step "a read-only cache (file and directory not writable) is read; writers refuse with exit 7"
export MOTCUA_DB="$TEST_TMP/ro/m.db"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
assert_exit 3 motcua dossiers migrate "$TEST_TMP/s1/dossiers.ndjson" -q --rejects "$TEST_TMP/ro-rejects.csv"
rm -f "$MOTCUA_DB.lock"
chmod 755 "$TEST_TMP"
chmod -R a-w "$TEST_TMP/ro"
chmod a+rx "$TEST_TMP/ro"
chmod a+r "$TEST_TMP/ro"/*
on_exit "chmod -R u+w '$TEST_TMP/ro'"
# As root every file is writable: the reader runs as nobody, who can only read.
unprivileged() {
  if [[ "$(id -u)" == 0 ]]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}
sum_before="$(md5sum <"$MOTCUA_DB")"
assert_exit 0 unprivileged "$MOTCUA" catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["K1","K2"]' "catalog from a read-only cache"
assert_exit 0 unprivileged "$MOTCUA" db check
assert_exit 0 unprivileged "$MOTCUA" db info --format json
jq_eq "$OUT" '.exists' 'true' "db info"
assert_exit 7 unprivileged "$MOTCUA" catalog import "$D/cat.json" --as-of 2018-02-01
assert_contains "$ERR" "read-only" "the writer says why"
assert_no_file "$MOTCUA_DB.lock"
assert_eq "$sum_before" "$(md5sum <"$MOTCUA_DB")" "the read-only cache is untouched"
assert_eq "" "$(ls -A "$TEST_TMP/ro" | grep -v '^m.db$' || true)" "no side files"
