#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz/ with clang and runs each for N seconds (CTest label fuzz).
# Usage: scripts/fuzz.sh [SECONDS]   (default 20; FUZZ_CXX overrides clang++-14)
# New inputs go to build-fuzz/tests/fuzz/found-*/ (the seed corpora stay as committed); a crash
# leaves its input in build-fuzz/artifacts/ and fails the script.
set -euo pipefail
seconds=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build-fuzz
. "$here/scripts/timed.sh"
# Only the fuzz targets and what they link (no motcua, tests or benches).
timed configure:build-fuzz cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="${FUZZ_CXX:-clang++-14}" -DMOTCUA_FUZZ=ON -DMOTCUA_FUZZ_SECONDS="$seconds" \
  -DMOTCUA_TESTS=OFF -DMOTCUA_BENCH=OFF -DMOTCUA_SANITIZE=OFF >/dev/null
timed build:build-fuzz cmake --build "$build" -j "$(nproc)" --target fuzz_csv fuzz_decode fuzz_json_stream fuzz_dvcqg
# ctest from tests/fuzz (this build has MOTCUA_TESTS=OFF, so no top-level test list), one target per core: each
# keeps one core busy (libFuzzer runs one thread). A failure prints the fuzzer's whole log.
run_fuzzers() { (cd "$build/tests/fuzz" && ctest -L '^fuzz$' --output-on-failure -j "$(nproc)"); }
timed fuzz-run run_fuzzers || {
  echo "fuzzing failed: crashing inputs are in $build/artifacts/" >&2
  exit 1
}
