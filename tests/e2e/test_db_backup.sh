#!/usr/bin/env bash
# db backup and db restore: a consistent 0600 copy while a migration writes (SQLite online backup),
# dated copies rotated with --keep, an existing DEST refused; restore checks the backup first,
# refuses one from a newer motcua (exit 7), keeps the replaced cache as .bak until it succeeds,
# and takes the writer lock (exit 6 while a writer runs).
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"direct","status":"received","received_at":"%s"}\n' "$1" "$2"; }
{ canon K1 2018-04-01T08:00; canon K2 2018-04-02T08:00; } >"$D/two.ndjson"
for i in $(seq 1 40000); do canon "BIG$i" 2018-05-01T08:00; done >"$D/big.ndjson"

step "no cache: nothing to back up (exit 7)"
assert_exit 7 motcua db backup "$TEST_TMP/b.db"

step "a backup is a 0600 copy that passes db check and holds the same dossiers"
assert_exit 0 motcua dossiers migrate "$D/two.ndjson"
assert_exit 0 motcua db backup "$TEST_TMP/b.db"
assert_contains "$ERR" "quick_check ok"
assert_file_mode 600 "$TEST_TMP/b.db"
assert_no_file "$TEST_TMP/b.db-wal"
assert_exit 0 env MOTCUA_DB="$TEST_TMP/b.db" "$MOTCUA" db check
assert_exit 0 env MOTCUA_DB="$TEST_TMP/b.db" "$MOTCUA" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["K1","K2"]'

step "an existing DEST is refused (exit 2) and left as it was, unless --force"
echo keep >"$TEST_TMP/other"
assert_exit 2 motcua db backup "$TEST_TMP/other"
assert_eq keep "$(cat "$TEST_TMP/other")" "the refused DEST"
assert_exit 0 motcua db backup "$TEST_TMP/other" --force
assert_exit 0 env MOTCUA_DB="$TEST_TMP/other" "$MOTCUA" db check
assert_exit 2 motcua db backup "$TEST_TMP/b.db" --keep 2
assert_contains "$ERR" "--keep needs DEST to be a directory"
ls "$TEST_TMP" | grep -q '^\.motcua-backup' && fail "a temporary file was left behind"

step "a DEST directory gets dated copies; --keep N removes only the oldest of ours"
mkdir -p "$TEST_TMP/bk"
touch "$TEST_TMP/bk/motcua-20000101-000000.db" "$TEST_TMP/bk/motcua-20000102-000000.db" "$TEST_TMP/bk/notes.txt"
assert_exit 0 motcua db backup "$TEST_TMP/bk/" --keep 2 --format json
new="$(jq -r .backup <<<"$OUT")"
[[ "$(basename "$new")" =~ ^motcua-[0-9]{8}-[0-9]{6}\.db$ ]] || fail "dated name: $new"
jq_eq "$OUT" '.removed | map(sub(".*/"; ""))' '["motcua-20000101-000000.db"]'
assert_eq "motcua-20000102-000000.db $(basename "$new") notes.txt" "$(ls "$TEST_TMP/bk" | tr '\n' ' ' | sed 's/ $//')" "backup directory"

step "a backup during a concurrent migration is consistent"
"$MOTCUA" dossiers migrate "$D/big.ndjson" --batch-size 500 >/dev/null 2>&1 &
writer=$!
on_exit "kill $writer 2>/dev/null"
n=0
for i in 1 2 3 4 5 6; do
  sleep 0.3
  assert_exit 0 motcua db backup "$TEST_TMP/during-$i.db"
  assert_exit 0 env MOTCUA_DB="$TEST_TMP/during-$i.db" "$MOTCUA" db check
  n=$((n + 1))
done
wait "$writer" || fail "the migration running beside the backups failed"
assert_exit 0 motcua db backup "$TEST_TMP/after.db"
assert_exit 0 env MOTCUA_DB="$TEST_TMP/after.db" "$MOTCUA" db info --format json
jq_eq "$OUT" '.dossiers' '40002' "a backup after the migration holds all of it"

step "restore: the replaced cache is kept as .bak until it succeeds, then the backup is in place"
assert_exit 0 motcua db restore "$TEST_TMP/b.db"
assert_no_file "$MOTCUA_DB.bak"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.dossiers' '2'
assert_file_mode 600 "$MOTCUA_DB"

step "restore refuses a corrupt backup (exit 7) and a non-cache (exit 4), changing nothing"
cp "$TEST_TMP/after.db" "$TEST_TMP/bad.db"
size=$(stat -c %s "$TEST_TMP/bad.db")
printf 'garbage%.0s' $(seq 1 2000) | dd of="$TEST_TMP/bad.db" bs=1 seek=$((size / 2)) conv=notrunc status=none
assert_exit 7 motcua db restore "$TEST_TMP/bad.db"
assert_contains "$ERR" "quick_check"
echo "not a database" >"$TEST_TMP/text.db"
assert_exit 4 motcua db restore "$TEST_TMP/text.db" 
sqlite3 "$TEST_TMP/stranger.db" "CREATE TABLE t (x)"
assert_exit 4 motcua db restore "$TEST_TMP/stranger.db"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.dossiers' '2' "the cache after refused restores"

step "restore refuses a cache from a newer motcua (exit 7)"
cp "$TEST_TMP/b.db" "$TEST_TMP/newer.db"
sqlite3 "$TEST_TMP/newer.db" "PRAGMA user_version = 999"
assert_exit 7 motcua db restore "$TEST_TMP/newer.db"
assert_contains "$ERR" "newer motcua"

step "a .bak already there is refused; restore takes the writer lock (exit 6)"
echo precious >"$MOTCUA_DB.bak"
assert_exit 2 motcua db restore "$TEST_TMP/after.db"
assert_eq precious "$(cat "$MOTCUA_DB.bak")" "the existing .bak"
rm "$MOTCUA_DB.bak"
# The holder is one process (exec), so killing it releases the lock.
(exec 9>>"$MOTCUA_DB.lock" && flock 9 && touch "$TEST_TMP/locked" && exec sleep 30) &
holder=$!
on_exit "kill $holder 2>/dev/null"
for _ in $(seq 1 200); do [[ -e "$TEST_TMP/locked" ]] && break; sleep 0.05; done
assert_file_exists "$TEST_TMP/locked"
assert_exit 6 motcua db restore "$TEST_TMP/after.db"
assert_no_file "$MOTCUA_DB.bak"
kill "$holder"
wait "$holder" 2>/dev/null || true
assert_exit 0 motcua db restore "$TEST_TMP/after.db"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.dossiers' '40002'

step "restore into a place with no cache yet creates it (0600)"
assert_exit 0 env MOTCUA_DB="$TEST_TMP/fresh/c.db" "$MOTCUA" db restore "$TEST_TMP/b.db"
assert_file_mode 600 "$TEST_TMP/fresh/c.db"
assert_exit 0 env MOTCUA_DB="$TEST_TMP/fresh/c.db" "$MOTCUA" db check
echo "ok"
