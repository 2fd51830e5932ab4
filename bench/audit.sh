#!/usr/bin/env bash
# Bench: `audit deadlines` (states + findings, summary output) over N dossiers against the
# sqlite3 shell's plain GROUP BY agency count with date comparisons over the same rows, same run.
# Usage: bench/audit.sh [BUILD_DIR (Release)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-rel}
n=${2:-1000000}
motcua="$build/motcua"
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MOTCUA_DB="$work/motcua.db"

"$motcua" sample --out "$work/s" --dossiers "$n" --procedures 500 -q
"$motcua" catalog import "$work/s/catalog.json" --as-of 2017-01-01 -q
"$motcua" dossiers migrate "$work/s/dossiers.ndjson" -q --no-progress --rejects "$work/r.csv" || [ $? -eq 3 ]
rows=$(sqlite3 "$MOTCUA_DB" "SELECT count(*) FROM dossiers")

# Time in seconds (wall) of the best of 3 runs of a command.
best_of_3() {
  local best="" t
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

baseline=$(best_of_3 sqlite3 "$MOTCUA_DB" "SELECT agency_code, count(*),
  sum(resolved_at IS NOT NULL AND resolved_at <= received_at + 3*86400),
  sum(resolved_at IS NOT NULL AND resolved_at > received_at + 3*86400),
  sum(resolved_at IS NULL AND received_at < 1546189200)
  FROM dossiers WHERE received_at <= 1546275599 GROUP BY agency_code")
ours=$(best_of_3 "$motcua" audit deadlines --as-of 2018-12-31 -q)
peak=$( { /usr/bin/time -f '%M' "$motcua" audit deadlines --as-of 2018-12-31 -q >/dev/null; } 2>&1 | tail -1)
printf 'audit deadlines over %s dossiers: motcua %.3f s, sqlite3 GROUP BY %.3f s, ratio %.2f (target <= 1.5), peak RSS %s KiB\n' \
  "$rows" "$ours" "$baseline" "$(awk -v a="$ours" -v b="$baseline" 'BEGIN { print a / b }')" "$peak"
