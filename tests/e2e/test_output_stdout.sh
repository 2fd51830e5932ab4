#!/usr/bin/env bash
# Issue 11 item 11, through the binary: a failed write on stdout (/dev/full) is exit 7 with a message
# naming the cause; a closed pipe (| head) ends quietly with the command's own exit code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/output_fixture.sh"
write_output_inputs
load_sample_cache

step "item 11: write errors on stdout are exit 7 with a message"
if [[ -w /dev/full ]]; then
  for cmd in "stats export --period 2018" "stats export --period 2018 --format csv" "dossiers list --format csv" \
    "audit deadlines --as-of 2018-12-31 --details" "dossiers export"; do
    rc=0
    # shellcheck disable=SC2086
    "$MOTCUA" $cmd >/dev/full 2>"$TEST_TMP/full.err" || rc=$?
    assert_eq 7 "$rc" "exit of '$cmd > /dev/full'"
    assert_contains "$(cat "$TEST_TMP/full.err")" "disk full" "message of '$cmd > /dev/full'"
  done
else
  echo "(no /dev/full: skipped)"
fi

step "item 11: a closed pipe ends quietly with the command's own exit code"
for cmd in "dossiers export" "dossiers list --format csv" "audit deadlines --as-of 2018-12-31 --details --format ndjson"; do
  # shellcheck disable=SC2086
  "$MOTCUA" $cmd 2>"$TEST_TMP/pipe.err" | head -c 10 >/dev/null
  rc=${PIPESTATUS[0]}
  assert_eq 0 "$rc" "exit of '$cmd | head'"
  assert_eq "" "$(cat "$TEST_TMP/pipe.err")" "stderr of '$cmd | head'"
done
