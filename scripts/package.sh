#!/usr/bin/env bash
# Builds the Debian package motcua_<version>_<arch>.deb with `cpack -G DEB` from the CMake install
# rules (binary, motcua-nightly, man pages, completions, example units, copyright).
# Usage: scripts/package.sh [OUTDIR]   (default: the current directory)
# A Release build in build-package/ (prefix /usr, no tests) is configured and built unless
# MOTCUA_BUILD_DIR names an existing build directory to package instead (the tests use theirs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
build=${MOTCUA_BUILD_DIR:-$here/build-package}
if [[ -z "${MOTCUA_BUILD_DIR:-}" ]]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DMOTCUA_TESTS=OFF -DMOTCUA_BENCH=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)"
fi
[[ -f "$build/CPackConfig.cmake" ]] || { echo "package.sh: $build is not a configured build directory" >&2; exit 2; }
stage=$(mktemp -d "${TMPDIR:-/tmp}/motcua-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
(cd "$build" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$stage" >"$stage/cpack.log" 2>&1) || {
  cat "$stage/cpack.log" >&2
  exit 1
}
debs=("$stage"/motcua_*.deb)
[[ -f "${debs[0]}" ]] || { cat "$stage/cpack.log" >&2; echo "package.sh: cpack made no .deb" >&2; exit 1; }
mv "${debs[0]}" "$out/"
echo "$out/$(basename "${debs[0]}")"
