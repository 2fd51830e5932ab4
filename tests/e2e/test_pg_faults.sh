#!/usr/bin/env bash
# Issue 17: a PostgreSQL store's faults through the binary: a second writer (exit 6 naming the holder), a
# password in the URL (exit 2, not echoed), a wrong password (exit 5), a newer schema (exit 7), a bad
# --pg-schema (exit 2), a missing store for readers (exit 7; db info answers "empty").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
export MOTCUA_DB="$PG_URL"
cal="$MOTCUA_SOURCE_DIR/data/calendar/official-vn.json"

step "a reader on a schema with no store: exit 7; db info answers an empty store and creates nothing"
assert_exit 7 motcua --pg-schema "$PG_SCHEMA" catalog list
assert_contains "$ERR" "$PG_SCHEMA"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" --format json db info
jq_eq "$OUT" '[.engine, .exists, .dossiers]' '["postgresql",false,0]'
assert_eq "" "$(pg_psql -c "SELECT nspname FROM pg_namespace WHERE nspname = '$PG_SCHEMA'")" "schema created by a reader"

step "a writer creates the store"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" calendar import "$cal"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" --format json db info
jq_eq "$OUT" '.exists' 'true'

step "a bad --pg-schema: exit 2"
assert_exit 2 motcua --pg-schema "Bad-Name" db info
assert_contains "$ERR" "--pg-schema"
assert_exit 2 motcua --pg-schema "pg_catalog" calendar import "$cal"

step "a second writer while one holds the lock: exit 6 naming the holder's host and pid"
# The writer lock's key (lib/store/pg_lock.cpp): FNV-1a 64 of "motcua writer <schema>", as a signed bigint.
lock_key() {
  local s="motcua writer $1" h=-3750763034362895579 i c # 14695981039346656037 as int64
  for ((i = 0; i < ${#s}; i++)); do
    printf -v c '%d' "'${s:i:1}"
    h=$(((h ^ c) * 1099511628211))
  done
  echo "$h"
}
key=$(lock_key "$PG_SCHEMA")
fifo="$TEST_TMP/psql.in"
mkfifo "$fifo"
PGAPPNAME="motcua otherhost 4242" "$PG_BIN/psql" -X -q -At "host=$MOTCUA_PG_TEST_DIR user=postgres dbname=postgres" \
  <"$fifo" >"$TEST_TMP/psql.out" 2>&1 &
holder=$!
exec 7>"$fifo"
on_exit "exec 7>&-; kill $holder 2>/dev/null; wait $holder 2>/dev/null"
echo "SELECT 'locked', pg_advisory_lock($key);" >&7
for _ in $(seq 100); do grep -q locked "$TEST_TMP/psql.out" && break; sleep 0.1; done
grep -q locked "$TEST_TMP/psql.out" || fail "psql did not take the lock: $(cat "$TEST_TMP/psql.out")"
assert_exit 6 motcua --pg-schema "$PG_SCHEMA" --lock-timeout 0.5 calendar import "$cal"
assert_contains "$ERR" "otherhost"
assert_contains "$ERR" "4242"
step "readers never wait for the writer"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" catalog list
step "the lock released: the writer goes on"
echo "SELECT pg_advisory_unlock($key);" >&7
for _ in $(seq 50); do
  "$MOTCUA" --pg-schema "$PG_SCHEMA" --lock-timeout 0 calendar import "$cal" >/dev/null 2>&1 && break
  sleep 0.1
done
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" calendar import "$cal"

step "a password in the URL: exit 2, never echoed"
assert_exit 2 motcua --db "postgresql://motcua_scram:Sekr1tPw@$PG_SOCKET_HOST/postgres" db info
assert_not_contains "$ERR" "Sekr1tPw"
assert_contains "$ERR" "password"
# config show prints it with the password blanked (it does not connect)
assert_exit 0 motcua --db "postgresql://motcua_scram:Sekr1tPw@$PG_SOCKET_HOST/postgres" --format json config show
assert_not_contains "$OUT" "Sekr1tPw"

step "a wrong password for the scram role: exit 5 with a clear message"
PGPASSWORD=wrong-password assert_exit 5 motcua --db "postgresql://motcua_scram@$PG_SOCKET_HOST/postgres" db info
assert_contains "$ERR" "motcua_scram"
assert_not_contains "$ERR" "wrong-password"
step "the right one (PGPASSWORD, libpq's convention) works"
PGPASSWORD=$(cat "$MOTCUA_PG_TEST_DIR/scram-password") assert_exit 0 motcua --pg-schema "${PG_SCHEMA}_s" \
  --db "postgresql://motcua_scram@$PG_SOCKET_HOST/postgres" calendar import "$cal"
on_exit "pg_psql -c 'DROP SCHEMA IF EXISTS ${PG_SCHEMA}_s CASCADE' >/dev/null 2>&1"

step "a newer schema: exit 7 for readers and writers, nothing changed"
pg_psql -c "UPDATE $PG_SCHEMA.schema_version SET version = version + 1"
assert_exit 7 motcua --pg-schema "$PG_SCHEMA" catalog list
assert_contains "$ERR" "newer"
assert_exit 7 motcua --pg-schema "$PG_SCHEMA" calendar import "$cal"
pg_psql -c "UPDATE $PG_SCHEMA.schema_version SET version = version - 1"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" catalog list

step "the SQLite-only db commands refuse a PostgreSQL store: exit 2, saying what to use"
assert_exit 2 motcua --pg-schema "$PG_SCHEMA" db check
assert_contains "$ERR" "pg_amcheck"
assert_exit 2 motcua --pg-schema "$PG_SCHEMA" db vacuum
assert_contains "$ERR" "VACUUM"
assert_exit 2 motcua --pg-schema "$PG_SCHEMA" db backup "$TEST_TMP/b.db"
assert_contains "$ERR" "pg_dump"
assert_no_file "$TEST_TMP/b.db"

step "a migration killed half-way re-runs to the same state as one run"
sample="$TEST_TMP/sample"
assert_exit 0 motcua sample --out "$sample" --dossiers 3000
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" catalog import "$sample/catalog.json" --as-of 2017-01-01
"$MOTCUA" --pg-schema "$PG_SCHEMA" dossiers migrate "$sample/dossiers.ndjson" --batch-size 50 \
  --rejects "$TEST_TMP/killed.csv" >/dev/null 2>&1 &
mig=$!
# Killed once some batches are committed, not before the first one nor after the last.
stop_when_rows "$mig" 1 pg_psql -c "SELECT count(*) FROM $PG_SCHEMA.dossiers"
kill -9 "$mig" 2>/dev/null
rc=0
wait "$mig" 2>/dev/null || rc=$?
assert_eq "$rc" 137 "the killed migration's exit status (SIGKILL)"
committed=$(pg_psql -c "SELECT count(*) FROM $PG_SCHEMA.dossiers")
# Batches of 50 records: only whole ones survive the kill.
[[ $committed -gt 0 && $((committed % 50)) -eq 0 ]] || fail "after the kill: $committed dossiers, not whole batches"
assert_exit 3 motcua --pg-schema "$PG_SCHEMA" --format json dossiers migrate "$sample/dossiers.ndjson" --rejects "$TEST_TMP/r1.csv"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" --format json audit deadlines --as-of 2018-12-31
pg_audit=$OUT
total=$(pg_psql -c "SELECT count(*) FROM $PG_SCHEMA.dossiers")
[[ $committed -lt $total ]] || fail "the kill came after the last batch ($committed of $total dossiers): not half-way"
MOTCUA_DB="$TEST_TMP/ref.db" assert_exit 0 motcua catalog import "$sample/catalog.json" --as-of 2017-01-01
MOTCUA_DB="$TEST_TMP/ref.db" assert_exit 3 motcua dossiers migrate "$sample/dossiers.ndjson" --rejects "$TEST_TMP/r2.csv"
MOTCUA_DB="$TEST_TMP/ref.db" assert_exit 0 motcua --format json audit deadlines --as-of 2018-12-31
assert_eq "$OUT" "$pg_audit" "the audit after the re-run"

step "rejects without --rejects: under the home directory (created 0700), never the working directory"
# The store is the one the killed migration filled: every record is unchanged, the rejected ones rejected again.
assert_no_file "$HOME/.local"
cd "$TEST_TMP"
assert_exit 3 motcua --pg-schema "$PG_SCHEMA" dossiers migrate "$sample/dossiers.ndjson"
rejects=("$HOME"/.local/share/motcua/rejects-*.csv)
assert_file_exists "${rejects[0]}"
assert_file_mode 700 "$HOME/.local/share/motcua"
assert_eq "$(ls "$TEST_TMP" | grep -c 'rejects\|motcua.db')" 0 "rejects or a cache file in the working directory"
HOME= assert_exit 2 motcua --pg-schema "$PG_SCHEMA" dossiers migrate "$sample/dossiers.ndjson"
assert_contains "$ERR" "--rejects"
assert_eq "$(ls "$TEST_TMP" | grep -c 'rejects\|motcua.db')" 0 "rejects or a cache file in the working directory"
cd - >/dev/null

step "the server stopped: exit 5 (a private server: the fixture's serves other tests)"
own=$(mktemp -u "${TMPDIR:-/tmp}/motcua-pg2.XXXXXX") # reachable by the server user, unlike $TEST_TMP
bash "$MOTCUA_SOURCE_DIR/scripts/pg-test-server.sh" start "$own" >/dev/null || fail "cannot start a second server"
on_exit "bash '$MOTCUA_SOURCE_DIR/scripts/pg-test-server.sh' stop '$own'"
own_db="host=$own user=postgres dbname=postgres"
assert_exit 0 motcua --db "$own_db" calendar import "$cal"
assert_exit 0 motcua --db "$own_db" catalog list
bash "$MOTCUA_SOURCE_DIR/scripts/pg-test-server.sh" stop "$own"
mkdir -p "$own"
assert_exit 5 motcua --db "$own_db" catalog list
assert_contains "$ERR" "PostgreSQL"
assert_exit 5 motcua --db "$own_db" calendar import "$cal"
