#!/usr/bin/env bash
# Runs the tests in tiers (CTest labels, see tests/CMakeLists.txt):
#
#   scripts/test.sh          every tier, what CI runs (.ci/run): a Debug build (-O1) with AddressSanitizer and
#                            UndefinedBehaviorSanitizer in build-test/ running unit, fast, slow, browser and
#                            postgresql tests (a throw-away PostgreSQL 15 server, scripts/pg-test-server.sh),
#                            then a short fuzz run (scripts/fuzz.sh 10: label fuzz, in build-fuzz/); ends with the
#                            time each phase took.
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
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
  ;;
"") ;;
*)
  echo "test.sh: unknown argument $1 (see --help)" >&2
  exit 2
  ;;
esac

jobs=$(nproc)
# Per-phase wall times: setup.sh and fuzz.sh append "PHASE SECONDS" lines to $MOTCUA_PHASE_TIMES, printed at the end
# (also after a failure), so the next person sees where the time went.
MOTCUA_PHASE_TIMES=$(mktemp)
export MOTCUA_PHASE_TIMES
start=$SECONDS
phase_summary() {
  local rc=$?
  {
    echo "test.sh: time per phase (seconds of wall and CPU time, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
    awk '{ printf "  %-26s %6d %6d\n", $1, $2, $3 }' "$MOTCUA_PHASE_TIMES"
    printf '  %-26s %6d\n' total $((SECONDS - start))
    # The critical path of the ctest phase: its longest entries (CTest's own record of the last run).
    if [[ -f ${build:-}/Testing/Temporary/CTestCostData.txt ]]; then
      echo "test.sh: the longest tests (seconds):"
      awk '/^---/ { exit } NF == 3 { printf "  %-40s %6.0f\n", $1, $3 }' "$build/Testing/Temporary/CTestCostData.txt" |
        sort -k2,2nr | head -12 || true
    fi
  } >&2
  rm -f "$MOTCUA_PHASE_TIMES"
  return $rc
}
trap phase_summary EXIT
. "$here/scripts/timed.sh"

if [[ $mode == fast ]]; then
  build=$here/build-fast
  "$here/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOTCUA_SANITIZE=OFF -DMOTCUA_BENCH=OFF
  run_ctest() { (cd "$build" && ctest --output-on-failure -j "$jobs" -L '^fast$' "$@"); }
  timed ctest run_ctest "$@"
  echo "fast tests passed (the full run with sanitizers: scripts/test.sh)" >&2
  exit 0
fi

build=$here/build-test
# No benchmarks: no test runs them.
"$here/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=Debug -DMOTCUA_SANITIZE=ON -DMOTCUA_BENCH=OFF
# Each tier must hold tests (a mislabelled tier would vanish quietly); then every test runs, whatever its label.
for label in fast slow browser postgresql; do
  n=$(cd "$build" && ctest -N -L "^$label\$" | sed -n 's/^Total Tests: //p')
  [[ ${n:-0} -gt 0 ]] || { echo "test.sh: no test carries the label $label: a tier went missing" >&2; exit 1; }
done
# Twice as many tests as cores: many mostly wait (HTTP servers, lock timeouts, headless chromium), and each
# e2e test has its own temporary directory, cache and ephemeral port, so they cannot collide.
# One test per core: most tests are CPU-bound under the sanitizers, and more at once only stretches each one
# towards its timeout.
run_ctest() { (cd "$build" && ctest --output-on-failure -j "$jobs" "$@"); }
timed ctest run_ctest
"$here/scripts/fuzz.sh" 10
echo "all tests passed" >&2
