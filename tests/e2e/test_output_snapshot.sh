#!/usr/bin/env bash
# Issue 11 item 3, through the binary: a snapshot is built in a temporary sibling and renamed, --force
# replaces only an earlier snapshot, and a full disk (a 128 KiB tmpfs when we may mount one, else a file
# size limit) leaves no half-written directory and says "disk full".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/output_fixture.sh"
write_output_inputs
load_sample_cache

step "item 3: a snapshot that fails half way (disk full) leaves no directory and says disk full"
small="$TEST_TMP/small"
mkdir "$small"
if [[ $(id -u) -eq 0 ]] && mount -t tmpfs -o size=128k tmpfs "$small" 2>/dev/null; then
  on_exit "umount '$small' 2>/dev/null"
  assert_exit 7 motcua audit deadlines --as-of 2018-12-31 --snapshot "$small/snap" -q
  assert_contains "$ERR" "disk full"
  assert_contains "$ERR" "$small/snap"
  assert_eq "" "$(ls -A "$small")" "nothing left on the full disk"
  umount "$small"
  mkdir -p "$small"
  assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --snapshot "$small/snap" -q
else
  # Without mount rights: a file size limit makes the CSV writes fail half way (EFBIG).
  echo "(no tmpfs: using ulimit -f)"
  rc=0
  (trap '' XFSZ; ulimit -f 64; exec "$MOTCUA" audit deadlines --as-of 2018-12-31 --snapshot "$small/snap" -q) 2>"$TEST_TMP/ulimit.err" || rc=$?
  [[ $rc -ne 0 ]] || fail "a snapshot over the file size limit exited 0"
  assert_contains "$(cat "$TEST_TMP/ulimit.err")" "file too large"
  assert_eq "" "$(ls -A "$small")" "nothing left after the failed snapshot"
fi

step "item 3: a snapshot is built aside and renamed; --force replaces only an earlier snapshot"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --snapshot "$TEST_TMP/snap" -q
assert_exit 0 motcua audit verify "$TEST_TMP/snap"
assert_eq "" "$(find "$TEST_TMP" -maxdepth 1 -name '.snap*')" "no temporary directory left"
assert_exit 2 motcua audit deadlines --as-of 2018-12-31 --snapshot "$TEST_TMP/snap" -q
assert_exit 0 motcua audit deadlines --as-of 2018-12-30 --snapshot "$TEST_TMP/snap" --force -q
assert_exit 0 motcua audit verify "$TEST_TMP/snap"
jq_eq "$(cat "$TEST_TMP/snap/params.json")" '.as_of' '"2018-12-30T23:59:59+07:00"' "replaced snapshot"
mkdir "$TEST_TMP/notsnap" && echo x >"$TEST_TMP/notsnap/mine.txt"
assert_exit 2 motcua audit deadlines --snapshot "$TEST_TMP/notsnap" --force -q
assert_file_exists "$TEST_TMP/notsnap/mine.txt"
