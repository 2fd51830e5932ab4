#!/usr/bin/env bash
# The committed completions/ and man/ are exactly what the binary generates from its command
# definitions; the man pages (generated and hand-written) are warning-free troff that man renders;
# the shell scripts parse. Every tool it needs must be installed (scripts/setup.sh does): a missing
# one fails the test rather than skipping a check. It compares only with files in the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$MOTCUA_SOURCE_DIR

step "the tools the checks need are installed"
for tool in groff man zsh fish; do
  command -v "$tool" >/dev/null ||
    fail "$tool is not installed: scripts/setup.sh installs it (Debian packages groff-base, man-db, zsh, fish)"
done
fresh=$TEST_TMP/fresh

step "regenerate into a temp dir with scripts/regen-docs.sh --out"
"$src/scripts/regen-docs.sh" --out "$fresh" "$MOTCUA" 2>"$TEST_TMP/regen.err" ||
  fail "scripts/regen-docs.sh failed: $(cat "$TEST_TMP/regen.err")"
[[ -s $fresh/completions/motcua.bash && -s $fresh/man/motcua.1 ]] || fail "regen-docs.sh wrote nothing under $fresh"

step "the committed files match"
drift=0
# Only the generated section 1 pages: sections 5 and 7 are written by hand.
mkdir -p "$TEST_TMP/committed-man"
cp "$src"/man/*.1 "$TEST_TMP/committed-man/"
for d in completions man; do
  committed=$src/$d
  [[ $d == man ]] && committed=$TEST_TMP/committed-man
  if ! diff -ru "$committed" "$fresh/$d" >"$TEST_TMP/$d.diff"; then
    drift=1
    echo "--- $d/ differs from what motcua generates (- committed, + generated):" >&2
    head -n 80 "$TEST_TMP/$d.diff" >&2
  fi
done
if ((drift)); then
  fail "completions/ or man/ are out of date with the CLI definitions: run scripts/regen-docs.sh (or scripts/regen-docs.sh path/to/motcua) and commit completions/ and man/"
fi

step "the generated outputs are stable from run to run"
"$MOTCUA" generate completions bash | cmp -s - "$fresh/completions/motcua.bash" || fail "two runs of generate completions bash differ"

step "hidden commands stay out"
[[ ! -e $fresh/man/motcua-generate.1 ]] || fail "a man page was written for the hidden generate command"
grep -q "'generate'" "$fresh/completions/motcua.bash" && fail "the bash completion offers the hidden generate command"
grep -q "'generate:" "$fresh/completions/_motcua" && fail "the zsh completion offers the hidden generate command"
grep -q "\-a 'generate'" "$fresh/completions/motcua.fish" && fail "the fish completion offers the hidden generate command"
grep -q 'motcua generate' <(groff -man -Tutf8 -P-cbou "$fresh/man/motcua.1" 2>/dev/null) &&
  fail "motcua.1 lists the hidden generate command"

step "every visible command group has a page"
groups=$("$MOTCUA" --help | sed -n '/^Subcommands:/,$s/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
[[ -n $groups ]] || fail "no command groups found in the bash completion"
for g in $groups; do
  [[ -f $fresh/man/motcua-$g.1 ]] || fail "no man page motcua-$g.1 for command group $g"
done

step "man pages are valid troff without warnings"
pages=("$src"/man/*.1 "$src"/man/*.5 "$src"/man/*.7)
for page in "${pages[@]}"; do
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff failed on $page: $warnings"
  [[ -z $warnings ]] || fail "groff warnings in $page (fix the page, or the descriptions or cmd/generate.cpp for a .1):
$warnings"
done
for page in motcua-formats.5 motcua-mapping.5 motcua-deadlines.7 motcua-metrics.7 motcua-postgresql.7; do
  [[ -f $src/man/$page ]] || fail "man/$page is missing"
done
rendered=$(groff -man -Tutf8 -P-cbou "$src/man/motcua.1" 2>&1)
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  grep -q "^$section\$" <<<"$rendered" || fail "motcua.1 has no $section section"
done
# The exit status list is the README's table, code by code.
man_codes=$(sed -n '/^EXIT STATUS$/,/^ENVIRONMENT$/p' <<<"$rendered" | sed -n 's/^ \{7\}\([0-9][0-9]*\) .*/\1/p' | tr '\n' ' ')
assert_eq "0 1 2 3 4 5 6 7 10 " "$man_codes" "exit codes in motcua.1"
readme_codes=$(sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p' "$src/README.md" | tr '\n' ' ')
assert_eq "$readme_codes" "$man_codes" "exit codes of README.md vs motcua.1"
see_also=$(sed -n '/^SEE ALSO$/,$p' <<<"$rendered")
for ref in "motcua-formats(5)" "motcua-mapping(5)" "motcua-deadlines(7)" "motcua-metrics(7)"; do
  assert_contains "$see_also" "$ref" "SEE ALSO of motcua.1"
done

step "man renders every page"
for page in "${pages[@]}"; do
  out=$(MANWIDTH=80 man -l "$page" 2>"$TEST_TMP/man.err") || fail "man -l $page failed: $(cat "$TEST_TMP/man.err")"
  [[ ! -s $TEST_TMP/man.err ]] || fail "man -l $page printed warnings: $(cat "$TEST_TMP/man.err")"
  grep -q '^NAME$' <<<"$out" || fail "man -l $page rendered no NAME section"
  grep -q '^SEE ALSO$' <<<"$out" || fail "man -l $page rendered no SEE ALSO section"
done

step "the completion scripts parse"
bash -n "$src/completions/motcua.bash" || fail "completions/motcua.bash is not valid bash"
zsh -n "$src/completions/_motcua" || fail "completions/_motcua is not valid zsh"
fish --no-execute "$src/completions/motcua.fish" || fail "completions/motcua.fish is not valid fish"

echo "test_docs_in_sync: all passed"
