#!/usr/bin/env bash
# Issue 11 item 1, through the binary: --rejects refuses an existing file unless --force, never
# follows a symlink, never names an input (same device and inode), is always 0600, and a dry run
# writes no rejects file but says how many records would be rejected and why.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/output_fixture.sh"
write_output_inputs

step "item 1: --rejects refuses an existing file unless --force, and never an input"
echo "keep me" >"$TEST_TMP/old-rejects.csv"
chmod 644 "$TEST_TMP/old-rejects.csv"
assert_exit 2 motcua dossiers migrate "$D/in.ndjson" --rejects "$TEST_TMP/old-rejects.csv"
assert_contains "$ERR" "--force"
assert_eq "keep me" "$(cat "$TEST_TMP/old-rejects.csv")" "existing rejects file untouched"
assert_no_store # refused before anything was read or written
assert_exit 3 motcua dossiers migrate "$D/in.ndjson" --rejects "$TEST_TMP/old-rejects.csv" --force
assert_contains "$(cat "$TEST_TMP/old-rejects.csv")" "BAD-1" "--force replaces it"
assert_file_mode 600 "$TEST_TMP/old-rejects.csv"
cp "$D/in.ndjson" "$TEST_TMP/in-copy.ndjson"
for force in "" --force; do
  assert_exit 2 motcua dossiers migrate "$TEST_TMP/in-copy.ndjson" --rejects "$TEST_TMP/in-copy.ndjson" $force
  assert_contains "$ERR" "is the input"
  cmp -s "$D/in.ndjson" "$TEST_TMP/in-copy.ndjson" || fail "the input was changed by --rejects naming it ($force)"
done
ln "$TEST_TMP/in-copy.ndjson" "$TEST_TMP/hard-link.csv"
assert_exit 2 motcua dossiers migrate "$TEST_TMP/in-copy.ndjson" --rejects "$TEST_TMP/hard-link.csv" --force
assert_contains "$ERR" "is the input"
assert_exit 2 motcua catalog import "$TEST_TMP/in-copy.ndjson" --rejects "$TEST_TMP/in-copy.ndjson" --force
cmp -s "$D/in.ndjson" "$TEST_TMP/in-copy.ndjson" || fail "catalog import --rejects changed its input"

step "item 1: --rejects never follows a symlink"
echo "secret target" >"$TEST_TMP/target.txt"
chmod 644 "$TEST_TMP/target.txt"
ln -s "$TEST_TMP/target.txt" "$TEST_TMP/rejects-link.csv"
for force in "" --force; do
  assert_exit 2 motcua dossiers migrate "$D/in.ndjson" --rejects "$TEST_TMP/rejects-link.csv" $force
  assert_contains "$ERR" "symbolic link"
done
assert_eq "secret target" "$(cat "$TEST_TMP/target.txt")" "symlink target untouched"
assert_file_mode 644 "$TEST_TMP/target.txt"
assert_exit 2 motcua catalog import "$D/in.ndjson" --rejects "$TEST_TMP/rejects-link.csv"

step "item 1: a dry run writes no rejects file, and says how many would be rejected and why"
assert_exit 3 motcua dossiers migrate "$D/in.ndjson" --rejects "$TEST_TMP/dry-rejects.csv" --dry-run --format json
assert_no_file "$TEST_TMP/dry-rejects.csv"
jq_eq "$OUT" '[.rejected,.rejects_file]' '[1,null]'
assert_contains "$ERR" "1 records would be rejected"
assert_contains "$ERR" "channel"
before="$(ls -A "$TEST_TMP/cache")"
assert_exit 3 motcua dossiers migrate "$D/in.ndjson" --dry-run
assert_eq "$before" "$(ls -A "$TEST_TMP/cache")" "no default rejects file in a dry run either"

