#!/usr/bin/env bash
# Nothing the project ships sends a reader to a document that is not in it: no source file,
# help text, message, test, script, man page or completion names the developers' spec files
# (the formats, cli, metrics, deadlines and domain Markdown files) or the directory they sit in.
# The man pages of sections 5 and 7 are the user's reference; every man page cited exists.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$MOTCUA_SOURCE_DIR
# Written so that this file does not match itself.
pattern='(formats|cli|metrics|deadlines|domain)[.]md|shared/(spec|examples)'

# Build directories (anything holding a CMakeCache.txt) and .git are not the project's text.
excludes=(--exclude-dir=.git)
while IFS= read -r cache; do
  excludes+=("--exclude-dir=$(basename "$(dirname "$cache")")")
done < <(find "$src" -maxdepth 2 -name CMakeCache.txt)

step "no reference to a spec file outside the tree"
hits=$(grep -rnI -E "${excludes[@]}" "$pattern" "$src" || true)
[[ -z $hits ]] || fail "references to documents that are not in the project (cite the man page that documents it, e.g. motcua-mapping(5)):
$hits"

step "the guard itself works"
printf 'see formats%smd\n' . >"$TEST_TMP/probe.txt"
grep -qE "$pattern" "$TEST_TMP/probe.txt" || fail "the pattern does not catch a reference"

step "every motcua man page cited exists in man/"
cited=$(grep -rhoI -E "${excludes[@]}" 'motcua-[a-z]+ ?\(([1578])\)|man [1578] motcua-[a-z]+' "$src" | sed -E 's/^man ([1578]) (motcua-[a-z]+)$/\2(\1)/; s/ //g' | sort -u)
[[ -n $cited ]] || fail "no man page citations found at all"
for ref in $cited; do
  page=${ref%(*}
  section=${ref#*(}
  section=${section%)}
  [[ -f $src/man/$page.$section ]] || fail "$ref is cited but man/$page.$section does not exist"
done

echo "test_docs_no_external_refs: all passed"
