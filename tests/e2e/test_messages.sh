#!/usr/bin/env bash
# Messages name the real cause and the path (issue 11, item 23): a full disk under a snapshot or a
# stats --output says "disk full" and names the path; an absurd processing_time names the limit.
# Regression checks: all three were already right when this test was written.
. "$(dirname "$0")/lib.sh"

step "processing_time 999999999: the message names the limit (100000)"
echo '[{"code": "P1", "name": "x", "agency_code": "A1", "processing_time": 999999999}]' >"$TEST_TMP/bad.json"
assert_exit 4 motcua catalog import "$TEST_TMP/bad.json" --as-of 2017-01-01
assert_contains "$ERR" "field 'processing_time': expected a number > 0 and at most 100000, got 999999999"

step "a cache to audit"
echo '[{"code": "P1", "name": "x", "agency_code": "A1", "processing_time": 3}]' >"$TEST_TMP/cat.json"
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json" --as-of 2017-01-01
for i in $(seq 1 200); do
  printf '{"code":"D%04d","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-06T08:00"}\n' "$i"
done >"$TEST_TMP/d.ndjson"
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.ndjson"

FULL="$TEST_TMP/full"
mkdir -p "$FULL"
if ! mount -t tmpfs -o size=128k tmpfs "$FULL" 2>/dev/null; then
  echo "skip: cannot mount a tmpfs (not root): the full-disk checks need one"
  exit 0
fi
on_exit "umount '$FULL'"
dd if=/dev/zero of="$FULL/fill" bs=1k count=1000 2>/dev/null || true # fill it

step "snapshot on a full disk: disk full, the path, nothing left"
assert_exit 7 motcua audit deadlines --as-of 2018-12-31 --snapshot "$FULL/snap"
assert_contains "$ERR" "cannot write the snapshot $FULL/snap"
assert_contains "$ERR" "disk full"
assert_no_file "$FULL/snap"

step "stats export --output on a full disk: disk full and the path, not 'check that its directory exists'"
assert_exit 7 motcua stats export --period 2018 --format json --output "$FULL/s.json"
assert_contains "$ERR" "$FULL/s.json"
assert_contains "$ERR" "disk full"
assert_not_contains "$ERR" "directory exists"
assert_no_file "$FULL/s.json"
echo "ok"
