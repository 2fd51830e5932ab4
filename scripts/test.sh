#!/usr/bin/env bash
# Every test: a sanitizer build with unit and end-to-end tests, a short fuzz run, and the main job.
# Usage: scripts/test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build-test
"$here/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=Debug -DMOTCUA_SANITIZE=ON
(cd "$build" && ctest --output-on-failure -j "$(nproc)")
if [ -x "$here/scripts/fuzz.sh" ]; then
  "$here/scripts/fuzz.sh" 10
fi
echo "all tests passed" >&2
