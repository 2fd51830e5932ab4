#!/usr/bin/env bash
# `stats export --period 2018 --by agency` over 1,000,000 dossiers against the equivalent plain
# sqlite3 aggregate query over the same rows (every dossier received by the end of 2018: the
# period's receipts, its resolutions and the backlog open at its end, per agency), in the same
# run on the same cache. Prints the times (best of 3, warm cache) and the ratios; target <= 1.5.
#
# The query is what a hand-written report would do; it cannot apply motcua-deadlines(7) (working
# calendar, pauses, catalog history), so it compares dates with the recorded due date instead.
#
# Usage: bench/stats.sh [BUILD_DIR]
#   BUILD_DIR: a Release build (default build-bench: configured and built when missing).
#   MOTCUA_BENCH_DOSSIERS: number of dossiers (default 1000000).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-bench}
n=${MOTCUA_BENCH_DOSSIERS:-1000000}
if [[ ! -x "$build/motcua" || ! -x "$build/tests/motcua_stats_seed" ]]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j 2 --target motcua motcua_stats_seed >/dev/null
fi
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt" || echo "bench: warning: $build is not a Release build" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-stats.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MOTCUA_DB="$work/bench.db"

# The seed makes 40,000 dossiers in 2017 and 1,200 not-accepted filings in 2018 besides the received ones.
start=$(date +%s.%N)
"$build/tests/motcua_stats_seed" --db "$MOTCUA_DB" --received-2018 $((n - 41200)) 2>"$work/seed.log"
seeded=$(echo "$(date +%s.%N) - $start" | bc)
rows=$(sqlite3 "$MOTCUA_DB" 'SELECT count(*) FROM dossiers')
printf 'cache: %s dossiers, %s MB, seeded in %.1f s\n' "$rows" "$(($(stat -c %s "$MOTCUA_DB") / 1048576))" "$seeded"

read -r -d '' query <<'SQL' || true
WITH p(lo, hi) AS (SELECT CAST(strftime('%s', '2018-01-01') AS INTEGER) - 25200, CAST(strftime('%s', '2019-01-01') AS INTEGER) - 25200)
SELECT agency_code,
  sum(received_at >= lo AND status <> 'not_accepted') AS received,
  sum(received_at >= lo AND status <> 'not_accepted' AND channel = 'online') AS received_online,
  sum(received_at >= lo AND status <> 'not_accepted' AND channel = 'direct') AS received_direct,
  sum(received_at >= lo AND status <> 'not_accepted' AND channel = 'postal') AS received_postal,
  sum(resolved_at >= lo AND resolved_at < hi) AS resolved,
  sum(resolved_at >= lo AND resolved_at < hi AND (resolved_at + 25200) / 86400 < (due_at + 25200) / 86400) AS early,
  sum(resolved_at >= lo AND resolved_at < hi AND (resolved_at + 25200) / 86400 = (due_at + 25200) / 86400) AS on_time,
  sum(resolved_at >= lo AND resolved_at < hi AND (resolved_at + 25200) / 86400 > (due_at + 25200) / 86400) AS late,
  sum((resolved_at IS NULL OR resolved_at >= hi) AND status NOT IN ('withdrawn', 'not_accepted', 'stopped')
      AND (due_at + 25200) / 86400 < (hi - 1 + 25200) / 86400) AS overdue,
  sum(received_at >= lo AND status <> 'not_accepted' AND fee > 0) AS with_fee,
  sum(received_at >= lo AND status <> 'not_accepted' AND fee > 0 AND paid_online) AS paid_online
FROM dossiers, p
WHERE received_at < hi
GROUP BY agency_code
ORDER BY agency_code;
SQL

# best_of_3 CMD...: "WALL CPU" in seconds, each the best of three runs (stdout discarded).
# CPU (user + sys) is printed too: on a busy machine wall time mostly measures the neighbours.
best_of_3() {
  local wall="" cpu="" w c
  for _ in 1 2 3; do
    /usr/bin/time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    read -r w c < <(awk '{ print $1, $2 + $3 }' "$work/time")
    if [[ -z $wall ]] || (($(echo "$w < $wall" | bc))); then wall=$w; fi
    if [[ -z $cpu ]] || (($(echo "$c < $cpu" | bc))); then cpu=$c; fi
  done
  echo "$wall $cpu"
}

cat "$MOTCUA_DB" >/dev/null # warm the page cache for both sides
read -r m_wall m_cpu < <(best_of_3 "$build/motcua" stats export --period 2018 --by agency --format json)
read -r q_wall q_cpu < <(best_of_3 sqlite3 "$MOTCUA_DB" "$query")
# The same query kept off the received_at index ("+received_at"): a plain table scan, the
# fastest way SQLite has to read every row, as a stricter baseline.
scan_query=${query//WHERE received_at < hi/WHERE +received_at < hi}
read -r s_wall s_cpu < <(best_of_3 sqlite3 "$MOTCUA_DB" "$scan_query")
ratio() { printf "%.2f" "$(echo "scale=4; $1 / $2" | bc)"; }
printf '%-58s %6.2f s wall %6.2f s cpu\n' "motcua stats export --period 2018 --by agency" "$m_wall" "$m_cpu"
printf '%-58s %6.2f s wall %6.2f s cpu\n' "sqlite3 aggregate query, same rows (planner's plan)" "$q_wall" "$q_cpu"
printf '%-58s %6.2f s wall %6.2f s cpu\n' "sqlite3 aggregate query, same rows (forced table scan)" "$s_wall" "$s_cpu"
printf 'ratio against the plain query: %s wall, %s cpu (target <= 1.5)\n' "$(ratio "$m_wall" "$q_wall")" "$(ratio "$m_cpu" "$q_cpu")"
printf 'ratio against the table scan:  %s wall, %s cpu\n' "$(ratio "$m_wall" "$s_wall")" "$(ratio "$m_cpu" "$s_cpu")"
/usr/bin/time -o "$work/time" -f '%M' "$build/motcua" stats export --period 2018 --by agency --format json >/dev/null
peak=$(cat "$work/time")
printf 'motcua peak RSS: %s KiB\n' "$peak"
# Both sides saw the same receipts.
m=$("$build/motcua" stats export --period 2018 --format json | jq '.metrics.dossiers_received')
q=$(sqlite3 "$MOTCUA_DB" "$query" | awk -F'|' '{ s += $2 } END { print s }')
[[ "$m" == "$q" ]] || { echo "bench: motcua counts $m received, the query $q" >&2; exit 1; }
