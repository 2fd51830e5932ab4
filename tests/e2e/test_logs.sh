#!/usr/bin/env bash
# Diagnostics for logs: journal priority prefixes when stderr is the journal (JOURNAL_STREAM names
# its device and inode), --log-format json (one object per line), and the summary line with the
# duration (with -v, in the journal and in JSON; never with -q).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

assert_exit 0 motcua sample --out "$TEST_TMP/s" --procedures 30 --dossiers 60
assert_exit 0 motcua catalog import "$TEST_TMP/s/catalog.csv" --as-of 2016-01-01 -q

step "stderr in the journal: <6> info, <4> warning, <3> error, and a summary line"
err=$TEST_TMP/journal.err
run_journal() { # runs motcua with stderr to $err and JOURNAL_STREAM naming that file
  : >"$err"
  JOURNAL_STREAM=$(stat -c '%d:%i' "$err") "$MOTCUA" "$@" 2>"$err" >/dev/null
}
rc=0
run_journal dossiers migrate "$TEST_TMP/s/dossiers.ndjson" --rejects "$TEST_TMP/r1.csv" || rc=$?
assert_eq 3 "$rc" "exit of the migration"
grep -q '^<4>warning: rejected ' "$err" || fail "no <4> warning: $(cat "$err")"
grep -q '^<6>read ' "$err" || fail "no <6> reconciliation line: $(cat "$err")"
tail -n 1 "$err" | grep -Eq '^<4>motcua dossiers migrate: exit 3 in [0-9]+\.[0-9]{2} s$' ||
  fail "the last line is not the summary: $(tail -n 1 "$err")"
bad=$(grep -v '^<[346]>' "$err" || true)
assert_eq "" "$bad" "lines without a priority"
rc=0
run_journal catalog show NO-SUCH || rc=$?
assert_eq 4 "$rc" "exit of catalog show"
grep -q '^<3>motcua: error: no procedure' "$err" || fail "no <3> error: $(cat "$err")"

step "JOURNAL_STREAM of another stream (a redirected child) gets no prefix"
assert_exit 0 env JOURNAL_STREAM=1:1 "$MOTCUA" db info
assert_not_contains "$ERR" "<6>"

step "--log-format json: one object per line with level, message, source, line"
assert_exit 3 motcua dossiers migrate "$TEST_TMP/s/dossiers.ndjson" --rejects "$TEST_TMP/r2.csv" --log-format json
while IFS= read -r line; do
  jq -e 'keys == ["level","line","message","source"]' <<<"$line" >/dev/null || fail "not a log object: $line"
done <<<"$ERR"
jq_eq "$(head -n 1 <<<"$ERR")" '[.level, .source, (.line | type)]' "[\"warning\",\"$TEST_TMP/s/dossiers.ndjson\",\"number\"]"
jq_eq "$(tail -n 1 <<<"$ERR")" '.level' '"warning"'
assert_contains "$(tail -n 1 <<<"$ERR")" "motcua dossiers migrate: exit 3 in "
assert_exit 2 motcua dossiers list --limt 3 --log-format json
jq_eq "$(head -n 1 <<<"$ERR")" '[.level, .message]' '["error","unknown option '"'"'--limt'"'"'; did you mean `--limit`?"]'
assert_eq 2 "$(wc -l <<<"$ERR")" "lines of a refused run in JSON (the error, the summary)"

step "the summary with -v; -q keeps a successful run silent"
assert_exit 0 motcua db info -v
tail -n 1 <<<"$ERR" | grep -Eq '^motcua db info: exit 0 in [0-9]+\.[0-9]{2} s$' || fail "no summary line: $ERR"
assert_exit 0 motcua db info
assert_eq "" "$ERR" "stderr without -v"
assert_exit 0 env JOURNAL_STREAM=$(stat -c '%d:%i' "$TEST_TMP/last.err") "$MOTCUA" db info -q
assert_eq "" "$ERR" "stderr with -q"
