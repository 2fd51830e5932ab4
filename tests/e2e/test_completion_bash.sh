#!/usr/bin/env bash
# The committed bash completion really completes: sourced in this bash (without the
# bash-completion package), called with COMP_WORDS/COMP_CWORD as bash would set them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

script="$MOTCUA_SOURCE_DIR/completions/motcua.bash"
[[ -f $script ]] || fail "$script is missing: run scripts/regen-docs.sh"

step "the script loads and registers _motcua for motcua"
bash -n "$script" || fail "$script is not valid bash"
# shellcheck source=/dev/null
. "$script"
declare -F _motcua >/dev/null || fail "$script defines no _motcua function"
assert_contains "$(complete -p motcua)" "-F _motcua" "complete -p motcua"

# complete WORD... : the words of the command line, the last one being completed (may be "").
# Prints the candidates sorted, one per line, in $GOT.
complete_line() {
  local -a COMP_WORDS=("$@")
  local COMP_CWORD=$(($# - 1))
  local COMP_LINE="$*"
  local COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _motcua motcua "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" ||
    fail "_motcua failed for: $*"
  GOT=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# expect_words "WORDS" LINE...: the candidates are exactly these words.
expect_words() {
  local want
  want=$(tr ' ' '\n' <<<"$1" | sort)
  shift
  complete_line "$@"
  assert_eq "$want" "$GOT" "candidates for [$*]"
}

# expect_has "WORDS" LINE...: the candidates include each of these words.
expect_has() {
  local words=$1 w
  shift
  complete_line "$@"
  for w in $words; do
    grep -qxF -- "$w" <<<"$GOT" || fail "candidates for [$*] lack $w; got: [$(tr '\n' ' ' <<<"$GOT")]"
  done
}

# expect_lacks "WORDS" LINE...
expect_lacks() {
  local words=$1 w
  shift
  complete_line "$@"
  for w in $words; do
    if grep -qxF -- "$w" <<<"$GOT"; then fail "candidates for [$*] include $w; they must not"; fi
  done
}

step "command words"
expect_words "catalog" motcua cat
expect_has "catalog db" motcua ""
expect_lacks "generate" motcua ""
expect_words "import list show search agencies" motcua catalog ""
expect_words "info" motcua db in
expect_words "import list show search agencies" motcua --db x.db catalog ""
expect_words "import list show search agencies" motcua --format json catalog ""

step "options of the current command plus the global ones"
expect_has "--as-of --partial --input-format --dry-run --db --format --quiet --lock-timeout --help" motcua catalog import --
expect_lacks "--online --limit" motcua catalog import --
expect_has "--online --agency --db" motcua catalog list --
expect_words "--partial" motcua catalog import --par
expect_has "--db --format --version" motcua --
expect_has "--as-of" motcua -q catalog import --as-of 2018-01-01 SOURCE --

step "choice values after options"
expect_has "json table ndjson csv" motcua --format ""
expect_words "json" motcua --format js
expect_words "ndjson" motcua catalog list --format nd
expect_words "auto csv dvcqg json ndjson xlsx" motcua catalog import --input-format ""
expect_words "partial" motcua catalog list --online p
# --opt=value: bash splits the word at '=' (COMP_WORDBREAKS)
expect_has "json csv" motcua --format = ""
expect_words "json" motcua catalog list --format = js
expect_words "catalog" motcua --format = json cat

step "file names after options taking paths, and for SOURCE"
mkdir -p "$TEST_TMP/files/sub dir"
touch "$TEST_TMP/files/catalog-2018.json" "$TEST_TMP/files/cache.db"
cd "$TEST_TMP/files"
expect_words "catalog-2018.json" motcua catalog import cata
expect_words "catalog-2018.json" motcua catalog import --token-file cat
expect_words "cache.db" motcua --db cac
expect_words "cache.db" motcua catalog list --db = cac
complete_line motcua catalog import --rejects su
assert_eq "sub dir" "$GOT" "a file name with a space is one candidate"
expect_words "" motcua catalog show ""
expect_words "" motcua catalog list --agency ""

step "a value that looks like a subcommand is not one"
expect_has "--as-of" motcua catalog list --agency import --
expect_words "import list show search agencies" motcua --db catalog catalog ""

step "directories only where a directory is wanted"
complete_line motcua audit deadlines --snapshot ""
assert_eq "sub dir" "$GOT" "directories after --snapshot"
complete_line motcua audit verify ""
assert_eq "sub dir" "$GOT" "directories for audit verify DIR"

step "with the bash-completion package loaded (its _filedir does the file names)"
bc=/usr/share/bash-completion/bash_completion
[[ -r $bc ]] || fail "$bc is missing: install the Debian package bash-completion (scripts/setup.sh does)"
got=$(
  set +eu
  # shellcheck source=/dev/null
  . "$bc" >/dev/null 2>&1
  . "$script"
  COMP_WORDS=(motcua catalog import --token-file cat) COMP_CWORD=4
  COMPREPLY=()
  _motcua motcua cat --token-file
  printf '%s\n' "${COMPREPLY[@]}"
)
assert_eq "catalog-2018.json" "$got" "file names through bash-completion's _filedir"

echo "test_completion_bash: all passed"
