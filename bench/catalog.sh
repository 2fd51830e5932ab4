#!/usr/bin/env bash
# Bench: `catalog import` of a 5,000-procedure catalog (JSON and CSV), first import and a re-import,
# against the sqlite3 shell's `.import` of the same CSV into a table with a text primary key, same run.
# Usage: bench/catalog.sh [BUILD_DIR (Release)] [N=5000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-rel}
n=${2:-5000}
motcua="$build/motcua"
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-catalog.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$motcua" sample --out "$work/s" --procedures "$n" --dossiers 0 -q

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }'; }

s=$(now)
sqlite3 "$work/baseline.db" "CREATE TABLE p (code TEXT PRIMARY KEY, name, agency_code, agency_name, field_code, field_name, level, processing_time, processing_unit, fee);" \
  ".mode csv" ".import --skip 1 $work/s/catalog.csv p"
baseline=$(elapsed "$s")

s=$(now); MOTCUA_DB="$work/a.db" "$motcua" catalog import "$work/s/catalog.json" --as-of 2018-01-01 -q; json_first=$(elapsed "$s")
s=$(now); MOTCUA_DB="$work/a.db" "$motcua" catalog import "$work/s/catalog.json" --as-of 2018-01-01 -q; json_again=$(elapsed "$s")
s=$(now); MOTCUA_DB="$work/b.db" "$motcua" catalog import "$work/s/catalog.csv" --as-of 2018-01-01 -q; csv_first=$(elapsed "$s")
ratio() { awk -v a="$1" -v b="$baseline" 'BEGIN { printf "%.2f", a / b }'; }
echo "catalog import of $n procedures: sqlite3 .import ${baseline}s;" \
  "motcua JSON ${json_first}s (ratio $(ratio "$json_first")), re-import ${json_again}s (ratio $(ratio "$json_again")), CSV ${csv_first}s (ratio $(ratio "$csv_first"))"
