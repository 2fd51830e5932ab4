#!/usr/bin/env bash
# dossiers migrate under stress: the writer lock (a concurrent writer gets exit 6), and
# kill -9 in the middle of a large legacy CSV migration: the cache stays consistent
# (`db check`), and a re-run reaches exactly the state of an uninterrupted run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/legacy_fixture.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
N="${MOTCUA_E2E_ROWS:-60000}"

# A large legacy CSV: every 997th row has an unmapped channel code (rejected), every 10th a pause.
write_legacy_fixture "$D" "$N"
rejected=$(( (N - 5 + 996) / 997 ))
loaded=$(( N - rejected ))

step "reference: one uninterrupted run of $N rows"
REF_DB="$TEST_TMP/ref/c.db"
assert_exit 3 env MOTCUA_DB="$REF_DB" "$MOTCUA" dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" \
  --batch-size 2000 --rejects "$TEST_TMP/ref-rejects.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$N,$loaded,0,0,$rejected]"
assert_exit 0 env MOTCUA_DB="$REF_DB" "$MOTCUA" dossiers export --output "$TEST_TMP/ref.ndjson"

step "the writer lock: a second writer gets exit 6 at once, or after --lock-timeout"
assert_exit 0 motcua dossiers migrate /dev/null --input-format ndjson # creates the cache
# The holder is one process (exec), so killing it releases the lock.
(exec 9>>"$MOTCUA_DB.lock" && flock 9 && touch "$TEST_TMP/locked" && exec sleep 30) &
holder=$!
on_exit "kill $holder 2>/dev/null"
for _ in $(seq 1 200); do [[ -e "$TEST_TMP/locked" ]] && break; sleep 0.05; done
assert_file_exists "$TEST_TMP/locked"
assert_exit 6 motcua dossiers migrate "$D/big.csv" --mapping "$D/mapping.json"
assert_contains "$ERR" "lock"
start=$(date +%s%N)
assert_exit 6 motcua dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" --lock-timeout 1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
(( elapsed_ms >= 900 )) || fail "--lock-timeout 1 gave up after ${elapsed_ms} ms"
assert_exit 0 motcua dossiers list --format json # readers are not blocked
head -1001 "$D/big.csv" >"$D/small.csv"
assert_exit 3 motcua dossiers migrate "$D/small.csv" --mapping "$D/mapping.json" --dry-run --rejects "$TEST_TMP/dry.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[1000,999,1]' "a dry run needs no lock"
kill "$holder"
wait "$holder" 2>/dev/null || true

step "kill -9 in the middle of the migration (a concurrent writer meanwhile gets exit 6)"
"$MOTCUA" dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" --batch-size 2000 \
  --rejects "$TEST_TMP/killed-rejects.csv" >"$TEST_TMP/killed.out" 2>"$TEST_TMP/killed.err" &
writer=$!
on_exit "kill -9 $writer 2>/dev/null"
# Left frozen, so a fast machine cannot finish the run while the next checks start up.
stop_when_rows "$writer" 4000 sqlite3 "$MOTCUA_DB" "SELECT count(*) FROM dossiers"
assert_exit 6 motcua dossiers migrate "$D/big.csv" --mapping "$D/mapping.json"
kill -9 "$writer" 2>/dev/null || true
rc=0
{ wait "$writer"; } 2>/dev/null || rc=$?
assert_eq 137 "$rc" "the migration was killed while running (raise MOTCUA_E2E_ROWS if the machine is too fast)"
committed=$(sqlite3 "$MOTCUA_DB" "SELECT count(*) FROM dossiers")
(( committed > 0 && committed < loaded )) || fail "expected a partial load, found $committed of $loaded dossiers"
(( committed % 2000 == 0 )) || fail "only whole batches survive a kill: found $committed dossiers, not a multiple of 2000"
echo "killed after $committed committed dossiers"

step "after the kill the cache is consistent and unlocked"
assert_exit 0 motcua db check
assert_contains "$ERR" "receipt-time index is missing" "db check says the index is being rebuilt by the next writer"
# A first load into an empty table builds its receipt index at the end: killed, it has none yet.
assert_eq "" "$(sqlite3 "$MOTCUA_DB" "SELECT name FROM sqlite_master WHERE name = 'dossiers_received'")" "no receipt index mid-load"
assert_exit 0 motcua dossiers list --from 2015-01-01 --to 2015-01-02 --format json # readers work without it

step "re-run: the committed part is unchanged, the rest inserted, same state as the uninterrupted run"
assert_exit 3 motcua dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" --batch-size 2000 \
  --rejects "$TEST_TMP/rerun-rejects.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$N,$((loaded - committed)),0,$committed,$rejected]"
assert_exit 0 motcua dossiers export --output "$TEST_TMP/rerun.ndjson"
cmp -s "$TEST_TMP/ref.ndjson" "$TEST_TMP/rerun.ndjson" || fail "the re-run state differs from the uninterrupted run"
cmp -s "$TEST_TMP/ref-rejects.csv" "$TEST_TMP/rerun-rejects.csv" || fail "the rejects differ from the uninterrupted run"
assert_eq "$(sqlite3 "$REF_DB" .schema)" "$(sqlite3 "$MOTCUA_DB" .schema)" "same schema (indexes included) as the uninterrupted run"
assert_exit 0 motcua db check

step "progress: on a terminal, rows, rows/s, % and ETA on stderr (a long path is cut, not the numbers); nothing when not a terminal"
PTY_DB="$TEST_TMP/pty/c.db"
on_pty() { MOTCUA_DB="$PTY_DB" script -qec "$1" /dev/null; }
out="$(on_pty "'$MOTCUA' dossiers migrate '$D/big.csv' --mapping '$D/mapping.json' --rejects '$TEST_TMP/pty-rejects.csv'" || true)"
assert_contains "$out" "rows/s" "a terminal gets the progress bar"
assert_contains "$out" "ETA" "a file's size gives an ETA"
assert_contains "$out" "read $N," "the summary follows"
rm -rf "$TEST_TMP/pty"
out="$(on_pty "cat '$D/big.csv' | '$MOTCUA' dossiers migrate - --mapping '$D/mapping.json' --rejects '$TEST_TMP/pty-rejects.csv' --force" || true)"
assert_contains "$out" "rows/s" "stdin too"
assert_contains "$out" "stdin  " "labelled stdin"
out="$(on_pty "'$MOTCUA' dossiers migrate '$D/big.csv' --mapping '$D/mapping.json' --no-progress --rejects '$TEST_TMP/pty-rejects.csv' --force" || true)"
assert_not_contains "$out" "rows/s" "--no-progress"
assert_exit 3 env MOTCUA_DB="$PTY_DB" "$MOTCUA" dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" --rejects "$TEST_TMP/pty-rejects.csv" --force
assert_not_contains "$ERR" "rows/s" "not a terminal: no progress"

echo "ok"
