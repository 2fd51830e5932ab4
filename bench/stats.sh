#!/usr/bin/env bash
# Bench: `stats export --period 2018 --by agency --format json` over a cache built like a province's
# (bench/lib.sh) against the sqlite3 shell's plain GROUP BY over the same rows (issue 12's baseline),
# and against a hand-written aggregate of the period's figures, same run. Medians of 3, ratios
# (target <= 1.0, aim 0.5), --jobs 1 too, peak memory and load.
#
# The aggregate is what a hand-written report would do; it cannot apply motcua-deadlines(7) (working
# calendar, pauses, catalog history), so it compares dates with the recorded due date instead.
#
# Usage: bench/stats.sh [BUILD_DIR (Release, default build-rel)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
bench_motcua "${1:-$here/build-rel}"
n=${2:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-stats.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MOTCUA_DB="$work/motcua.db"

echo "load before: $(bench_load)"
bench_province_cache "$n" "$work"
rows=$(sqlite3 "$MOTCUA_DB" 'SELECT count(*) FROM dossiers')

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
WHERE +received_at < hi
GROUP BY agency_code
ORDER BY agency_code;
SQL

cat "$MOTCUA_DB" >/dev/null # warm the page cache for both sides
baseline=$(bench_median3 sqlite3 "$MOTCUA_DB" "$(bench_group_by_sql)")
aggregate=$(bench_median3 sqlite3 "$MOTCUA_DB" "$query")
ours=$(bench_median3 "$MOTCUA" stats export --period 2018 --by agency --format json)
ours1=$(bench_median3 "$MOTCUA" stats export --period 2018 --by agency --format json --jobs 1)
peak=$(bench_peak_kib "$MOTCUA" stats export --period 2018 --by agency --format json)
printf 'cache: %s dossiers, %s MB (province layout, 4 migrations)\n' "$rows" "$(($(stat -c %s "$MOTCUA_DB") / 1000000))"
printf 'sqlite3 plain GROUP BY (median of 3):               %7.3f s\n' "$baseline"
printf 'sqlite3 aggregate of the period (median of 3):      %7.3f s\n' "$aggregate"
printf 'stats export --by agency --format json (%d cores):   %7.3f s  ratio %s to the GROUP BY (target <= 1.0, aim 0.5), %s to the aggregate\n' \
  "$(nproc)" "$ours" "$(bench_ratio "$ours" "$baseline")" "$(bench_ratio "$ours" "$aggregate")"
printf 'stats export --by agency --format json --jobs 1:    %7.3f s  ratio %s to the GROUP BY\n' "$ours1" "$(bench_ratio "$ours1" "$baseline")"
printf 'peak RSS %s KiB; load after: %s\n' "$peak" "$(bench_load)"
# Both sides saw the same receipts.
m=$("$MOTCUA" stats export --period 2018 --format json | jq '.metrics.dossiers_received')
q=$(sqlite3 "$MOTCUA_DB" "$query" | awk -F'|' '{ s += $2 } END { print s }')
[[ "$m" == "$q" ]] || { echo "bench: motcua counts $m received, the query $q" >&2; exit 1; }
