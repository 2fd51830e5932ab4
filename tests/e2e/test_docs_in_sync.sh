#!/usr/bin/env bash
# The committed completions/ and man/ are exactly what the binary generates from its command
# definitions; the man pages are warning-free troff; the shell scripts parse.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$MOTCUA_SOURCE_DIR
fresh=$TEST_TMP/fresh

step "regenerate into a temp dir with scripts/regen-docs.sh --out"
"$src/scripts/regen-docs.sh" --out "$fresh" "$MOTCUA" 2>"$TEST_TMP/regen.err" ||
  fail "scripts/regen-docs.sh failed: $(cat "$TEST_TMP/regen.err")"
[[ -s $fresh/completions/motcua.bash && -s $fresh/man/motcua.1 ]] || fail "regen-docs.sh wrote nothing under $fresh"

step "the committed files match"
drift=0
for d in completions man; do
  if ! diff -ru "$src/$d" "$fresh/$d" >"$TEST_TMP/$d.diff"; then
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
if command -v groff >/dev/null; then
  for page in "$src"/man/*.1; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff failed on $page: $warnings"
    [[ -z $warnings ]] || fail "groff warnings in $page (fix the descriptions or cmd/generate.cpp):
$warnings"
  done
  rendered=$(groff -man -Tutf8 -P-cbou "$src/man/motcua.1" 2>&1)
  for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    grep -q "^$section\$" <<<"$rendered" || fail "motcua.1 has no $section section"
  done
  # The exit status table is cli.md's, code by code (the spec sits beside the repository, when it does).
  man_codes=$(sed -n '/^EXIT STATUS$/,/^ENVIRONMENT$/p' <<<"$rendered" | sed -n 's/^ \{7\}\([0-9][0-9]*\) .*/\1/p' | tr '\n' ' ')
  assert_eq "0 1 2 3 4 5 6 7 10 " "$man_codes" "exit codes in motcua.1"
  spec=$src/../shared/spec/cli.md
  if [[ -r $spec ]]; then
    cli_codes=$(sed -n '/^## Exit codes/,/^## /p' "$spec" | sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p' | tr '\n' ' ')
    assert_eq "$cli_codes" "$man_codes" "exit codes of cli.md vs motcua.1"
  fi
else
  echo "groff not installed (Debian: groff-base): troff checks skipped" >&2
fi

step "the completion scripts parse"
bash -n "$src/completions/motcua.bash" || fail "completions/motcua.bash is not valid bash"
if command -v zsh >/dev/null; then
  zsh -n "$src/completions/_motcua" || fail "completions/_motcua is not valid zsh"
fi
if command -v fish >/dev/null; then
  fish --no-execute "$src/completions/motcua.fish" || fail "completions/motcua.fish is not valid fish"
fi

echo "test_docs_in_sync: all passed"
