#!/usr/bin/env bash
# Issue 11 item 23: when only $TMPDIR is full (a reader sorting without the receipt-time index), the
# message names the temporary directory, not the cache's disk.
. "$(dirname "$0")/lib.sh"

step "a cache of 14,000 dossiers without its receipt-time index (as a killed first migration leaves it)"
assert_exit 0 motcua sample --out "$TEST_TMP/s" --dossiers 20000
assert_exit 0 motcua catalog import "$TEST_TMP/s/catalog.json" --as-of 2017-01-01
assert_exit 3 motcua dossiers migrate "$TEST_TMP/s/dossiers.ndjson" --rejects "$TEST_TMP/r.csv"
sqlite3 "$MOTCUA_DB" "DROP INDEX dossiers_received" || fail "cannot drop the index"

step "TMPDIR on a 64 KiB tmpfs: the sort spills there and fills it"
SMALL="$TEST_TMP/small"
mkdir -p "$SMALL"
if ! mount -t tmpfs -o size=64k tmpfs "$SMALL" 2>/dev/null; then
  echo "SKIP [$TEST_NAME]: cannot mount a tmpfs here (needs root with mount rights): the TMPDIR-full message is NOT checked" >&2
  exit 0
fi
on_exit "umount '$SMALL'"
TMPDIR="$SMALL" assert_exit 7 motcua audit deadlines --as-of 2018-12-31 --details
assert_contains "$ERR" "the temporary directory $SMALL is full"
assert_contains "$ERR" "TMPDIR"
assert_not_contains "$ERR" "cache's disk"

step "with room in TMPDIR the same audit runs"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --details
