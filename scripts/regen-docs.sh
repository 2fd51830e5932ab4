#!/usr/bin/env bash
# Regenerates the shell completions and man pages from the command definitions themselves
# (the hidden `motcua generate`), so they cannot drift from the CLI. Commit what it writes.
#
# Usage:
#   scripts/regen-docs.sh                      build motcua (in build-docs/) and rewrite completions/ and man/
#   scripts/regen-docs.sh PATH/TO/motcua       use that binary instead of building
#   scripts/regen-docs.sh --out DIR [BINARY]   write DIR/completions and DIR/man instead (tests/e2e/test_docs_in_sync.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root
bin=""
while (($#)); do
  case $1 in
  --out)
    [[ $# -ge 2 ]] || { echo "regen-docs: --out needs a directory" >&2; exit 2; }
    out=$2
    shift 2
    ;;
  -h | --help)
    sed -n '2,8p' "$0"
    exit 0
    ;;
  -*)
    echo "regen-docs: unknown option $1 (see --help)" >&2
    exit 2
    ;;
  *)
    bin=$1
    shift
    ;;
  esac
done

if [[ -z $bin ]]; then
  build=${MOTCUA_DOCS_BUILD:-$root/build-docs}
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOTCUA_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target motcua
  bin=$build/motcua
fi
if [[ ! -x $bin ]]; then
  echo "regen-docs: no motcua binary at $bin; build it or pass its path" >&2
  exit 1
fi

# Generate everything into a scratch directory first: a failure leaves the tree untouched.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/motcua-regen-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/completions" "$tmp/man"
# The pages describe the built-in defaults, never this machine's config files.
export MOTCUA_CONFIG=/dev/null
"$bin" generate completions bash >"$tmp/completions/motcua.bash"
"$bin" generate completions zsh >"$tmp/completions/_motcua"
"$bin" generate completions fish >"$tmp/completions/motcua.fish"
"$bin" generate man "$tmp/man"

mkdir -p "$out/completions" "$out/man"
cp "$tmp/completions/motcua.bash" "$tmp/completions/_motcua" "$tmp/completions/motcua.fish" "$out/completions/"
# Pages of command groups that no longer exist must not linger.
rm -f "$out/man/motcua.1" "$out"/man/motcua-*.1
cp "$tmp"/man/*.1 "$out/man/"
echo "regen-docs: wrote $out/completions/{motcua.bash,_motcua,motcua.fish} and $(ls "$tmp"/man/*.1 | wc -l) pages in $out/man" >&2
