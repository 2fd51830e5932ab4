#!/usr/bin/env bash
# Issue 11 item 2, through the binary: --output goes through the atomic writer: refused without
# --force, never a device, FIFO, directory or symlink, a planted .part symlink is not followed, two
# concurrent exports leave valid output, and sample --out refuses to overwrite too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/output_fixture.sh"
write_output_inputs
load_sample_cache
n="$(motcua dossiers list --format ndjson | grep -c .)"

step "item 2: --output refuses to overwrite without --force, like stats export"
echo "earlier export" >"$TEST_TMP/out.csv"
assert_exit 2 motcua dossiers export --output "$TEST_TMP/out.csv" --format csv
assert_contains "$ERR" "already exists; add --force"
assert_eq "earlier export" "$(cat "$TEST_TMP/out.csv")" "the refused export left the file alone"
assert_exit 0 motcua dossiers export --output "$TEST_TMP/out.csv" --force
assert_eq "$n" "$(grep -c . "$TEST_TMP/out.csv")" "--force replaced it with the NDJSON export"
assert_file_mode 600 "$TEST_TMP/out.csv"
assert_exit 2 motcua stats export --period 2018 --output "$TEST_TMP/out.csv"
assert_contains "$ERR" "already exists; add --force"

step "item 2: a planted .part (or temporary-looking) symlink never redirects the export"
echo "victim" >"$TEST_TMP/victim"
for planted in out.ndjson.part .out.ndjson.tmp out.ndjson.tmp; do ln -s "$TEST_TMP/victim" "$TEST_TMP/$planted"; done
assert_exit 0 motcua dossiers export --output "$TEST_TMP/out.ndjson"
assert_eq "victim" "$(cat "$TEST_TMP/victim")" "symlink target"
assert_eq "$n" "$(grep -c . "$TEST_TMP/out.ndjson")" "the export itself"
ln -s "$TEST_TMP/victim" "$TEST_TMP/export-link.ndjson"
assert_exit 2 motcua dossiers export --output "$TEST_TMP/export-link.ndjson" --force
assert_eq "victim" "$(cat "$TEST_TMP/victim")" "symlink target after --force"

step "item 2: a device, FIFO or directory is never replaced, even with --force"
mkfifo "$TEST_TMP/fifo"
assert_exit 2 motcua dossiers export --output "$TEST_TMP/fifo" --force
assert_contains "$ERR" "not a regular file"
[[ -p "$TEST_TMP/fifo" ]] || fail "the FIFO was replaced"
assert_exit 2 motcua stats export --period 2018 --output "$TEST_TMP/fifo" --force
[[ -p "$TEST_TMP/fifo" ]] || fail "the FIFO was replaced by stats export"
mkdir "$TEST_TMP/adir"
assert_exit 2 motcua dossiers export --output "$TEST_TMP/adir" --force
if [[ $(id -u) -eq 0 ]] && mknod "$TEST_TMP/null" c 1 3 2>/dev/null; then
  assert_exit 2 motcua dossiers export --output "$TEST_TMP/null" --force
  [[ -c "$TEST_TMP/null" ]] || fail "the device node was replaced by a regular file"
  assert_exit 2 motcua dossiers export --output "$TEST_TMP/null"
  [[ -c "$TEST_TMP/null" ]] || fail "the device node was replaced by a regular file"
else
  echo "(not root or no mknod: the device case is covered by the FIFO and directory cases)"
fi

step "item 2: two exports to one path at once do not interleave"
for i in 1 2 3; do
  "$MOTCUA" dossiers export --format json --output "$TEST_TMP/both.json" --force -q &
  "$MOTCUA" dossiers export --format json --output "$TEST_TMP/both.json" --force -q &
  wait
  jq -e 'length > 2000' "$TEST_TMP/both.json" >/dev/null || fail "concurrent exports left invalid JSON (round $i)"
done
assert_eq "" "$(find "$TEST_TMP" -maxdepth 1 -name '.both.json*')" "no temporary left behind"

step "item 2: sample --out refuses to overwrite its files unless --force"
assert_exit 2 motcua sample --out "$TEST_TMP/sample" --dossiers 10 -q
assert_contains "$ERR" "--force"
assert_exit 0 motcua sample --out "$TEST_TMP/sample" --dossiers 10 --force -q
assert_file_mode 600 "$TEST_TMP/sample/catalog.json"
