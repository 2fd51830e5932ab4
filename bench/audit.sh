#!/usr/bin/env bash
# Bench: `audit deadlines --format json` over a cache built like a province's (bench/lib.sh: sample
# --layout province, four migrations) against the sqlite3 shell's plain GROUP BY over the same rows,
# same run. Prints the medians of 3, the ratio (target <= 1.0, aim 0.5), --jobs 1 too, peak memory, load.
# Usage: bench/audit.sh [BUILD_DIR (Release, default build-rel)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
bench_motcua "${1:-$here/build-rel}"
n=${2:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MOTCUA_DB="$work/motcua.db"

echo "load before: $(bench_load)"
bench_province_cache "$n" "$work"
rows=$(sqlite3 "$MOTCUA_DB" "SELECT count(*) FROM dossiers")
cat "$MOTCUA_DB" >/dev/null # warm the page cache for both sides
baseline=$(bench_median3 sqlite3 "$MOTCUA_DB" "$(bench_group_by_sql)")
ours=$(bench_median3 "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json)
ours1=$(bench_median3 "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json --jobs 1)
peak=$(bench_peak_kib "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json)
printf 'cache: %s dossiers, %s MB (province layout, 4 migrations)\n' "$rows" "$(($(stat -c %s "$MOTCUA_DB") / 1000000))"
printf 'sqlite3 plain GROUP BY (median of 3):        %7.3f s\n' "$baseline"
printf 'audit deadlines --format json (%d cores):      %7.3f s  ratio %s (target <= 1.0, aim 0.5)\n' "$(nproc)" "$ours" "$(bench_ratio "$ours" "$baseline")"
printf 'audit deadlines --format json --jobs 1:       %7.3f s  ratio %s\n' "$ours1" "$(bench_ratio "$ours1" "$baseline")"
printf 'peak RSS %s KiB; load after: %s\n' "$peak" "$(bench_load)"
