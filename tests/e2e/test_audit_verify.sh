#!/usr/bin/env bash
# audit verify trusts nothing in the directory (issue 11 item 21): only regular files are read
# (a FIFO or a link to /dev/zero never hangs it), the manifest must list exactly a snapshot's
# files, CRLF line ends are accepted like sha256sum -c does; anything else is exit 4 with a reason.
. "$(dirname "$0")/lib.sh"

D="$TEST_TMP/data"
mkdir -p "$D"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Một", "processing_time": 5}]
JSON
echo '{"code":"D1","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}' >"$D/d.ndjson"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
assert_exit 0 motcua dossiers migrate "$D/d.ndjson" -q
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/snap" -q
assert_exit 0 motcua audit verify "$TEST_TMP/snap"

# fresh NAME: a copy of the good snapshot to break.
fresh() { rm -rf "$TEST_TMP/$1"; cp -a "$TEST_TMP/snap" "$TEST_TMP/$1"; }

step "CRLF line ends are accepted"
fresh crlf
sed -i 's/$/\r/' "$TEST_TMP/crlf/MANIFEST.sha256"
(cd "$TEST_TMP/crlf" && sha256sum -c --quiet MANIFEST.sha256) || fail "sha256sum -c accepts the CRLF manifest"
assert_exit 0 motcua audit verify "$TEST_TMP/crlf"

step "a FIFO or a link to /dev/zero named report.html: exit 4 at once, no hang"
fresh fifo
rm "$TEST_TMP/fifo/report.html"
mkfifo "$TEST_TMP/fifo/report.html"
assert_exit 4 timeout 10 "$MOTCUA" audit verify "$TEST_TMP/fifo"
assert_contains "$ERR" "not a regular file" "FIFO"
fresh zero
rm "$TEST_TMP/zero/report.html"
ln -s /dev/zero "$TEST_TMP/zero/report.html"
assert_exit 4 timeout 10 "$MOTCUA" audit verify "$TEST_TMP/zero"
assert_contains "$ERR" "symbolic link" "link to /dev/zero"

step "a symlink pointing outside, even to identical bytes, is refused"
fresh outside
mv "$TEST_TMP/outside/params.json" "$TEST_TMP/params-outside.json"
ln -s "$TEST_TMP/params-outside.json" "$TEST_TMP/outside/params.json"
assert_exit 4 motcua audit verify "$TEST_TMP/outside"
assert_contains "$ERR" "symbolic link" "symlink out"

step "an empty manifest in an empty directory is no snapshot"
mkdir -p "$TEST_TMP/empty"
: >"$TEST_TMP/empty/MANIFEST.sha256"
assert_exit 4 motcua audit verify "$TEST_TMP/empty"
assert_contains "$ERR" "does not list" "empty manifest"

step "two files removed together with their manifest lines"
fresh cut
rm "$TEST_TMP/cut/findings.csv" "$TEST_TMP/cut/report.html"
grep -v -e findings.csv -e report.html "$TEST_TMP/snap/MANIFEST.sha256" >"$TEST_TMP/cut/MANIFEST.sha256"
assert_exit 4 motcua audit verify "$TEST_TMP/cut"
assert_contains "$ERR" "does not list findings.csv" "cut manifest"

step "a '.' entry and an unknown name are refused"
fresh dot
echo "$(printf '0%.0s' $(seq 1 64))  ." >>"$TEST_TMP/dot/MANIFEST.sha256"
assert_exit 4 motcua audit verify "$TEST_TMP/dot"
assert_contains "$ERR" "'.' is not a file of a motcua snapshot" "dot entry"
