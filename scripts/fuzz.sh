#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz/ with clang and runs each for N seconds.
# Usage: scripts/fuzz.sh [SECONDS]   (default 20; FUZZ_CXX overrides clang++-14)
# New inputs go to a scratch directory (the seed corpora stay as committed); a crash
# leaves its input in build-fuzz/artifacts/ and fails the script.
set -euo pipefail
seconds=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build-fuzz
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="${FUZZ_CXX:-clang++-14}" -DMOTCUA_FUZZ=ON -DMOTCUA_TESTS=OFF -DMOTCUA_SANITIZE=OFF >/dev/null
cmake --build "$build" -j 2 --target fuzz_csv fuzz_decode fuzz_json_stream
mkdir -p "$build/artifacts"
for target in csv decode json_stream; do
  scratch=$(mktemp -d)
  echo "fuzz_$target: ${seconds}s" >&2
  status=0
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/artifacts/fuzz_$target-" -print_final_stats=1 \
    "$scratch" "$here/tests/fuzz/corpus/$target" 2> "$build/fuzz_$target.log" || status=$?
  rm -rf "$scratch"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$build/fuzz_$target.log" >&2
    echo "fuzz_$target failed (log: $build/fuzz_$target.log)" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$build/fuzz_$target.log" >&2 || true
done
