#!/usr/bin/env bash
# Runs the tests in tiers (CTest labels, see tests/CMakeLists.txt):
#
#   scripts/test.sh          every tier, what CI runs (.ci/run): a Debug build with AddressSanitizer and
#                            UndefinedBehaviorSanitizer in build-test/ running unit, fast, slow, browser and
#                            postgresql tests (a throw-away PostgreSQL 15 server, scripts/pg-test-server.sh),
#                            then a short fuzz run (scripts/fuzz.sh 10: label fuzz, in build-fuzz/).
#   scripts/test.sh --fast   the development loop: a RelWithDebInfo build without sanitizers in build-fast/
#                            running only label `fast` (under 3 minutes once built).
#   scripts/test.sh --help   this text.
#
# Arguments after --fast go to ctest (e.g. scripts/test.sh --fast -R catalog); the full run takes none.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=all
case ${1:-} in
--fast)
  mode=fast
  shift
  ;;
-h | --help)
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
  ;;
"") ;;
*)
  echo "test.sh: unknown argument $1 (see --help)" >&2
  exit 2
  ;;
esac

jobs=$(nproc)
if [[ $mode == fast ]]; then
  build=$here/build-fast
  "$here/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOTCUA_SANITIZE=OFF
  (cd "$build" && ctest --output-on-failure -j "$jobs" -L '^fast$' "$@")
  echo "fast tests passed (the full run with sanitizers: scripts/test.sh)" >&2
  exit 0
fi

build=$here/build-test
"$here/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=Debug -DMOTCUA_SANITIZE=ON
# Each tier must hold tests (a mislabelled tier would vanish quietly); then every test runs, whatever its label.
for label in fast slow browser postgresql; do
  n=$(cd "$build" && ctest -N -L "^$label\$" | sed -n 's/^Total Tests: //p')
  [[ ${n:-0} -gt 0 ]] || { echo "test.sh: no test carries the label $label: a tier went missing" >&2; exit 1; }
done
(cd "$build" && ctest --output-on-failure -j "$jobs")
"$here/scripts/fuzz.sh" 10
echo "all tests passed" >&2
