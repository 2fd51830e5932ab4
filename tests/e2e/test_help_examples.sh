#!/usr/bin/env bash
# Help: `motcua help [COMMAND...]` is --help; a mistyped command or option gets "did you mean"
# (exit 2); every command's --help shows the global options and ends with EXAMPLES, and every
# example runs as written (in order, in a directory holding `motcua sample --out sample`).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "motcua help [COMMAND...] equals --help"
assert_eq "$(motcua --help)" "$(motcua help)" "motcua help"
assert_eq "$(motcua dossiers migrate --help)" "$(motcua help dossiers migrate)" "help dossiers migrate"
assert_eq "$(motcua audit --help)" "$(motcua -q help audit)" "help audit"
assert_exit 2 motcua help dosiers
assert_contains "$ERR" "help: no command 'dosiers'; did you mean \`dossiers\`?"

step "did you mean: commands and options"
assert_exit 2 motcua dosiers list
assert_contains "$ERR" "unknown command 'dosiers'; did you mean \`dossiers\`?"
assert_exit 2 motcua dossiers lst
assert_contains "$ERR" "did you mean \`list\`?"
assert_exit 2 motcua dossiers list --limt 3
assert_contains "$ERR" "unknown option '--limt'; did you mean \`--limit\`?"
assert_exit 2 motcua dossiers list --fromm 2018-01-01
assert_contains "$ERR" "did you mean \`--from\`?"

# The leaf commands, from the Subcommands sections of the help itself. Each leaf's --help is kept in
# $TEST_TMP/help/ for the loop below: one run of the binary per command, not two (a sanitizer build pays for each).
mkdir -p "$TEST_TMP/help"
commands() { # commands PATH...: the leaf command paths under PATH
  local sub subs help
  help=$("$MOTCUA" "$@" --help) || { # no file: the loop below fails on this command
    echo "$*"
    return
  }
  subs=$(awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' <<<"$help")
  if [[ -z $subs ]]; then
    printf '%s\n' "$help" >"$TEST_TMP/help/$*"
    echo "$*"
    return
  fi
  for sub in $subs; do commands "$@" "$sub"; done
}
leaves=$(commands)
[[ $(wc -l <<<"$leaves") -ge 20 ]] || fail "too few commands found: $leaves"

work=$TEST_TMP/work
mkdir -p "$work"
(cd "$work" && "$MOTCUA" sample --out sample -q) || fail "sample"
export MOTCUA_DB=$work/cache/motcua.db
export PATH="$(dirname "$MOTCUA"):$PATH"
[[ $(command -v motcua) == "$MOTCUA" || -x "$(dirname "$MOTCUA")/motcua" ]] || fail "motcua not on PATH"
runs=0
while IFS= read -r cmd; do
  [[ -f "$TEST_TMP/help/$cmd" ]] || fail "motcua $cmd --help failed"
  help=$(<"$TEST_TMP/help/$cmd")
  step "motcua $cmd: global options and examples in --help"
  assert_contains "$help" "Global options (before or after the command"
  assert_contains "$help" "--db"
  assert_contains "$help" "Examples:"
  examples=$(awk '/^Examples:/ { on = 1; next } on && /^  [^ ]/ { sub(/^  /, ""); print } on && /^$/ { on = 0 }' <<<"$help")
  n=$(grep -c . <<<"$examples" || true)
  ((n >= 1 && n <= 3)) || fail "motcua $cmd: $n examples (want 1 to 3)"
  while IFS= read -r example; do
    want=0
    [[ $example =~ \#\ exit\ ([0-9]+) ]] && want=${BASH_REMATCH[1]}
    rc=0
    (cd "$work" && bash -c "$example") >"$TEST_TMP/ex.out" 2>"$TEST_TMP/ex.err" </dev/null || rc=$?
    [[ $rc == "$want" ]] || fail "example of motcua $cmd exited $rc (want $want): $example
$(head -c 2000 "$TEST_TMP/ex.err")"
    runs=$((runs + 1))
  done <<<"$examples"
done <<<"$leaves"
step "$runs examples ran"
((runs >= 30)) || fail "only $runs examples"

step "the man pages carry the same examples"
grep -q '^\.SH EXAMPLES' "$MOTCUA_SOURCE_DIR/man/motcua-dossiers.1" || fail "no EXAMPLES in motcua-dossiers.1"
grep -q 'motcua dossiers migrate sample/dossiers.ndjson \\-\\-dry\\-run' "$MOTCUA_SOURCE_DIR/man/motcua-dossiers.1" ||
  fail "motcua-dossiers.1 lacks the migrate example"
