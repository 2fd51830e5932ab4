#!/usr/bin/env bash
# dossiers migrate --jobs: reading on a thread of its own (--jobs 2) gives the same bytes as
# reading on the writing thread (--jobs 1): the JSON summary, stderr, the rejects file, the
# cache's rows and the import log; on rejected rows, updates, conflicts (--on-conflict skip and
# fail), an undecodable source, a disk that fills up mid-run and a run killed mid-way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/legacy_fixture.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
N=6000
# 6000 legacy rows: every 997th rejected (an unmapped channel), every 10th with a pause.
write_legacy_fixture "$D" "$N"
# An NDJSON run over them: 3 updates, 2 unchanged, 2 rejects, a new dossier, the same code twice alike.
line() { sed -n "$(($1 + 2))p" "$D/big.csv" | cut -d';' -f1; }
mk() {
  printf '{"code": "%s", "procedure_code": "1.000001", "channel": "direct", "status": "%s", "received_at": "2018-01-02T08:00"}\n' "$1" "$2"
}
{
  mk "$(line 1)" received
  mk "$(line 2)" received
  echo 'not json'
  mk "$(line 3)" processing
  mk NEW-1 received
  mk NEW-1 received
  printf '{"code": "BAD-1", "procedure_code": "1.000001", "channel": "fax", "status": "received", "received_at": "2018-01-02T08:00"}\n'
} >"$D/upd.ndjson"
# The same as upd.ndjson, with a code twice with different contents (a conflict within the input).
{ cat "$D/upd.ndjson"; mk NEW-1 processing; } >"$D/dup.ndjson"
# A legacy file whose row 4000 has a byte that is not UTF-8.
awk 'NR == 4001 { $0 = $0 "\377" } { print }' "$D/big.csv" >"$D/bad-utf8.csv"

# The cache as bytes the runs must agree on: every dossier row and the import log without its clock.
dump() {
  [[ -f "$1" ]] || { echo "no cache"; return; }
  sqlite3 "$1" ".mode quote" "SELECT * FROM dossiers ORDER BY code;" \
    "SELECT kind, source, as_of, read, inserted, updated, unchanged, rejected FROM imports ORDER BY id;"
}

# both NAME EXIT ARGS...: runs `dossiers migrate ARGS` with --jobs 1 and --jobs 2, each on its own copy
# of the cache $D/base-NAME (if any), each writing its rejects as $TEST_TMP/jN/rejects.csv; both must
# exit EXIT and agree on stdout, stderr, the rejects file and the cache. {R} in ARGS is the rejects path.
both() {
  local name="$1" want="$2" j
  shift 2
  for j in 1 2; do
    local dir="$TEST_TMP/j$j"
    rm -rf "$dir" && mkdir -p "$dir"
    [[ -f "$TEST_TMP/base-$name.db" ]] && cp "$TEST_TMP/base-$name.db" "$dir/c.db"
    local args=("${@//\{R\}/$dir/rejects.csv}")
    assert_exit "$want" env MOTCUA_DB="$dir/c.db" "$MOTCUA" dossiers migrate "${args[@]}" --jobs "$j"
    # The rejects path is the only difference between the two runs' own words.
    printf '%s\n' "$OUT" | sed "s#$dir#DIR#g" >"$dir/out"
    printf '%s\n' "$ERR" | sed "s#$dir#DIR#g" >"$dir/err"
    dump "$dir/c.db" >"$dir/dump"
    [[ -f "$dir/rejects.csv" ]] && cp "$dir/rejects.csv" "$dir/rejects.got" || echo "no rejects file" >"$dir/rejects.got"
  done
  local f
  for f in out err dump rejects.got; do
    cmp -s "$TEST_TMP/j1/$f" "$TEST_TMP/j2/$f" ||
      fail "$name: --jobs 1 and --jobs 2 differ in $f:
$(diff "$TEST_TMP/j1/$f" "$TEST_TMP/j2/$f" | head -20)"
  done
}

step "legacy CSV with rejected rows into an empty cache, many batches: the same bytes with --jobs 1 and 2"
both legacy 3 "$D/big.csv" --mapping "$D/mapping.json" --batch-size 700 --rejects "{R}" --format json
jq_eq "$(cat "$TEST_TMP/j1/out")" '[.read,.inserted,.updated,.unchanged,.rejected]' "[$N,$((N - 7)),0,0,7]"
assert_eq 8 "$(wc -l <"$TEST_TMP/j1/rejects.csv" | tr -d ' ')" "7 rejects and a header"
assert_eq "$N" "$(sqlite3 "$TEST_TMP/j1/c.db" 'SELECT count(*) + 7 FROM dossiers')" "the rows loaded"
cp "$TEST_TMP/j1/c.db" "$TEST_TMP/base-upd.db"

step "updates, unchanged rows and rejects over that cache (--on-conflict update, then skip)"
both upd 3 "$D/upd.ndjson" --batch-size 2 --rejects "{R}" --format json
jq_eq "$(cat "$TEST_TMP/j1/out")" '[.read,.inserted,.updated,.unchanged,.rejected]' '[7,1,3,1,2]'
both upd 3 "$D/upd.ndjson" --on-conflict skip --rejects "{R}" --format json
jq_eq "$(cat "$TEST_TMP/j1/out")" '[.read,.inserted,.updated,.unchanged,.rejected]' '[7,1,0,4,2]'
assert_contains "$(cat "$TEST_TMP/j1/err")" "kept as they were (--on-conflict skip)"

step "--on-conflict fail: refused at the same record, nothing written, with either --jobs"
both upd 4 "$D/upd.ndjson" --on-conflict fail --batch-size 2 --rejects "{R}"
assert_contains "$(cat "$TEST_TMP/j1/err")" "upd.ndjson:1: dossier '$(line 1)' is already in the cache with different data"
assert_eq "$(dump "$TEST_TMP/base-upd.db")" "$(cat "$TEST_TMP/j2/dump")" "nothing written"
both none 4 "$D/dup.ndjson" --on-conflict fail --rejects "{R}"
assert_contains "$(cat "$TEST_TMP/j1/err")" "dup.ndjson:8: dossier 'NEW-1' appears twice in the input with different data"
assert_eq 0 "$(sqlite3 "$TEST_TMP/j2/c.db" 'SELECT count(*) FROM dossiers')" "nothing written"

step "a byte that is not UTF-8 on line 4001: the same refusal, nothing written"
both upd 4 "$D/bad-utf8.csv" --mapping "$D/mapping.json" --rejects "{R}"
assert_contains "$(cat "$TEST_TMP/j1/err")" "line 4001"
assert_contains "$(cat "$TEST_TMP/j1/err")" "not valid UTF-8"
assert_eq "$(dump "$TEST_TMP/base-upd.db")" "$(cat "$TEST_TMP/j2/dump")" "nothing written"

step "the disk fills up mid-run (a file size limit): stopped at the same batch, the same committed rows"
# SIGXFSZ ignored: a write past the limit fails (EFBIG) instead of killing the process, at the same
# write in both runs, since both write the same pages in the same order.
for j in 1 2; do
  dir="$TEST_TMP/full$j"
  mkdir -p "$dir"
  assert_exit 7 env MOTCUA_DB="$dir/c.db" bash -c "trap '' XFSZ; ulimit -f 1024; exec \"\$0\" \"\$@\"" \
    "$MOTCUA" dossiers migrate "$D/big.csv" --mapping "$D/mapping.json" --batch-size 500 \
    --rejects "$dir/rejects.csv" --jobs "$j"
  printf '%s\n' "$ERR" | sed "s#$dir#DIR#g" >"$dir/err"
  dump "$dir/c.db" >"$dir/dump"
done
assert_contains "$(cat "$TEST_TMP/full1/err")" "records in committed batches stay"
cmp -s "$TEST_TMP/full1/err" "$TEST_TMP/full2/err" ||
  fail "disk full: the messages differ: $(diff "$TEST_TMP/full1/err" "$TEST_TMP/full2/err")"
cmp -s "$TEST_TMP/full1/dump" "$TEST_TMP/full2/dump" || fail "disk full: the committed rows differ"
committed=$(sqlite3 "$TEST_TMP/full2/c.db" 'SELECT count(*) FROM dossiers')
(( committed > 0 && committed < N - 7 )) || fail "expected a partial load, found $committed dossiers"

step "killed mid-run with --jobs 2: whole batches only, and a --jobs 1 re-run reaches the uninterrupted state"
K="$TEST_TMP/killed/c.db"
mkdir -p "$D/long" && write_legacy_fixture "$D/long" 60000
MOTCUA_DB="$K" "$MOTCUA" dossiers migrate "$D/long/big.csv" --mapping "$D/long/mapping.json" --batch-size 2000 \
  --jobs 2 --rejects "$TEST_TMP/killed-rejects.csv" >/dev/null 2>&1 &
writer=$!
on_exit "kill -9 $writer 2>/dev/null"
stop_when_rows "$writer" 4000 sqlite3 "$K" "SELECT count(*) FROM dossiers"
kill -9 "$writer" 2>/dev/null || true
rc=0
{ wait "$writer"; } 2>/dev/null || rc=$?
assert_eq 137 "$rc" "the migration was killed while running"
committed=$(sqlite3 "$K" "SELECT count(*) FROM dossiers")
(( committed % 2000 == 0 && committed > 0 )) || fail "only whole batches survive a kill: found $committed dossiers"
assert_exit 3 env MOTCUA_DB="$K" "$MOTCUA" dossiers migrate "$D/long/big.csv" --mapping "$D/long/mapping.json" \
  --batch-size 2000 --jobs 1 --rejects "$TEST_TMP/rerun-rejects.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.unchanged]' "[60000,$((60000 - 61 - committed)),$committed]"
assert_exit 3 env MOTCUA_DB="$TEST_TMP/ref/c.db" "$MOTCUA" dossiers migrate "$D/long/big.csv" \
  --mapping "$D/long/mapping.json" --jobs 1 --rejects "$TEST_TMP/ref-rejects.csv"
assert_eq "$(sqlite3 "$TEST_TMP/ref/c.db" ".mode quote" "SELECT * FROM dossiers ORDER BY code")" \
  "$(sqlite3 "$K" ".mode quote" "SELECT * FROM dossiers ORDER BY code")" "the re-run reaches the uninterrupted state"

step "--jobs is checked: 0 is refused"
assert_exit 2 motcua dossiers migrate "$D/upd.ndjson" --jobs 0

echo "ok"
