#!/usr/bin/env bash
# The examples of the hand-written man pages (man/*.5, man/*.7) work as written: every block
# between `.\" example-begin NAME [ICONV-ENCODING]` and `.\" example-end` is extracted into a
# file NAME (groff escapes undone, converted to the encoding when one is given), and every
# `.\" example-run ARGS... => CHECK...` line runs `motcua ARGS --format json` in that directory
# against a fresh cache. CHECK is exit=N (default 0) or KEY=VALUE, a member of the JSON printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$MOTCUA_SOURCE_DIR
command -v iconv >/dev/null || fail "iconv is needed to encode the legacy examples (Debian: libc-bin)"
command -v jq >/dev/null || fail "jq is needed to read the JSON results (Debian: jq)"

# Undo the groff escapes the pages use inside examples: \[uXXXX], \-, \e, \&.
unescape() {
  perl -CSD -pe 's/\\\[u([0-9A-Fa-f]{4,5})\]/chr(hex($1))/ge; s/\\-/-/g; s/\\&//g; s/\\e/\\/g'
}

pages=("$src"/man/*.5 "$src"/man/*.7)
runs=0
for page in "${pages[@]}"; do
  name=$(basename "$page")
  dir=$TEST_TMP/$name
  mkdir -p "$dir"
  step "$name: extract the examples"
  # Every example file, with its optional encoding, in page order.
  blocks=0
  while IFS= read -r line; do
    [[ $line =~ ^\.\\\"\ example-begin\ ([^ ]+)(\ ([^ ]+))?$ ]] || continue
    file=${BASH_REMATCH[1]}
    enc=${BASH_REMATCH[3]:-}
    [[ ! -e $dir/$file ]] || fail "$name: two examples named $file"
    # The lines between the markers, without the requests (.PP .RS .EX .EE .RE).
    text=$(awk -v want="$file" '
      $0 ~ /^\.\\" example-begin / { split($0, w, " "); inside = (w[3] == want); next }
      $0 ~ /^\.\\" example-end/ { inside = 0; next }
      inside && $0 !~ /^\./ { print }' "$page" | unescape)
    [[ -n $text ]] || fail "$name: example $file is empty"
    if [[ -n $enc ]]; then
      printf '%s\n' "$text" | iconv -f UTF-8 -t "$enc" >"$dir/$file" || fail "$name: example $file cannot be encoded as $enc"
    else
      printf '%s\n' "$text" >"$dir/$file"
    fi
    blocks=$((blocks + 1))
  done <"$page"
  grep -q '^\.\\" example-end' "$page" && ((blocks == 0)) && fail "$name: example-end without a matching example-begin"

  step "$name: run the examples"
  n=0
  while IFS= read -r line; do
    if [[ $line == '.\" example-setup '* ]]; then
      # Runs in the cache of the next example-run (a report needs a catalog first) and must succeed.
      read -r -a args <<<"${line#.\\\" example-setup }"
      export MOTCUA_DB=$dir/cache-$((n + 1))/motcua.db
      (cd "$dir" && "$MOTCUA" "${args[@]}" -q >/dev/null 2>"$dir/setup-stderr") ||
        fail "$name: setup 'motcua ${args[*]}' failed: $(cat "$dir/setup-stderr")"
      continue
    fi
    spec=${line#.\\\" example-run }
    [[ $spec == *" => "* ]] || fail "$name: example-run without ' => CHECKS': $line"
    read -r -a args <<<"${spec%% => *}"
    read -r -a checks <<<"${spec#* => }"
    n=$((n + 1))
    export MOTCUA_DB=$dir/cache-$n/motcua.db
    out=$(cd "$dir" && "$MOTCUA" "${args[@]}" --format json 2>"$dir/stderr-$n") && rc=0 || rc=$?
    want_rc=0
    for c in "${checks[@]}"; do [[ $c == exit=* ]] && want_rc=${c#exit=}; done
    [[ $rc == "$want_rc" ]] ||
      fail "$name: 'motcua ${args[*]}' exited $rc, the page says $want_rc: $(cat "$dir/stderr-$n")"
    for c in "${checks[@]}"; do
      [[ $c == exit=* ]] && continue
      key=${c%%=*}
      got=$(jq -r --arg k "$key" '.[$k] | if . == null then "null" else tostring end' <<<"$out") ||
        fail "$name: 'motcua ${args[*]}' did not print JSON: $out"
      assert_eq "${c#*=}" "$got" "$name: $key of 'motcua ${args[*]}'"
    done
  done < <(grep -E '^\.\\" example-(run|setup) ' "$page")
  runs=$((runs + n))
  echo "$name: $blocks example files, $n runs"
done

step "every page with data examples runs some, and every format has one"
for page in motcua-formats.5 motcua-mapping.5 motcua-deadlines.7; do
  grep -q '^\.\\" example-run ' "$src/man/$page" || fail "$page has no example-run line"
done
for f in catalog.json catalog.csv catalog-dvcqg.json dossiers.ndjson dossiers.csv dossiers-dvcqg.json calendar.json targets.json; do
  [[ -s $TEST_TMP/motcua-formats.5/$f ]] || fail "motcua-formats.5 has no example $f"
done
for f in legacy-tcvn.csv mapping-tcvn.json legacy-cp1258.csv mapping-cp1258.json; do
  [[ -s $TEST_TMP/motcua-mapping.5/$f ]] || fail "motcua-mapping.5 has no example $f"
done

echo "test_docs_man_examples: all passed ($runs runs)"
