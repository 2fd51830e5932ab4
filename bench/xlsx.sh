#!/usr/bin/env bash
# Bench: `dossiers migrate` of an Excel workbook (.xlsx, every cell a shared string, as Excel saves a
# sheet of text) beside the same rows as CSV (bench/lib.sh's bench_legacy_rows), same mapping, same run:
# rows/s of each, and the peak memory of the workbook at N/10 and N rows (it must stay flat, under
# 100 MiB: the sheet is streamed, only the shared strings are held, on disk past 16 MiB), and of the
# writer that makes the N-row workbook. Needs a build with the tests (tests/motcua_xlsx_gen).
# Usage: bench/xlsx.sh [BUILD_DIR (Release)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
build=${1:-$here/build-rel}
bench_motcua "$build"
n=${2:-1000000}
gen="$build/tests/motcua_xlsx_gen"
[[ -x "$gen" ]] || { echo "bench: no $gen (build with the tests)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-xlsx.XXXXXX")
trap 'rm -rf "$work"' EXIT

bench_legacy_mapping "$work/mapping.json"
small=$((n / 10))
bench_legacy_rows "$n" "$work/big.csv"
bench_legacy_rows "$small" "$work/small.csv"
peak_gen=$(bench_peak_kib "$gen" --csv "$work/big.csv" "$work/big.xlsx" ';')
"$gen" --csv "$work/small.csv" "$work/small.xlsx" ';'
# run DB SOURCE: one migration into DB (a command, not a function, so /usr/bin/time can measure it).
run() { env MOTCUA_DB="$1" "$MOTCUA" dossiers migrate "$2" --mapping "$work/mapping.json" -q --no-progress; }
peak() { bench_peak_kib env MOTCUA_DB="$1" "$MOTCUA" dossiers migrate "$2" --mapping "$work/mapping.json" -q --no-progress; }

echo "$(bench_load) (wall times on a loaded machine are noisy)"
t_csv=$(bench_seconds run "$work/csv.db" "$work/big.csv")
t_xlsx=$(bench_seconds run "$work/xlsx.db" "$work/big.xlsx")
peak_small=$(peak "$work/p1.db" "$work/small.xlsx")
peak_big=$(peak "$work/p2.db" "$work/big.xlsx")
peak_csv=$(peak "$work/p3.db" "$work/big.csv")
same=$(cmp -s <(sqlite3 "$work/csv.db" "SELECT * FROM dossiers ORDER BY code" 2>/dev/null | md5sum) \
  <(sqlite3 "$work/xlsx.db" "SELECT * FROM dossiers ORDER BY code" 2>/dev/null | md5sum) && echo yes || echo NO)
awk -v n="$n" -v c="$t_csv" -v x="$t_xlsx" -v ps="$peak_small" -v pb="$peak_big" -v pc="$peak_csv" -v pg="$peak_gen" \
  -v small="$small" -v same="$same" -v xb="$(stat -c %s "$work/big.xlsx")" -v cb="$(stat -c %s "$work/big.csv")" 'BEGIN {
  printf "dossiers migrate of %d rows: CSV (%.0f MiB) %.2f s, %.0f rows/s; xlsx (%.0f MiB) %.2f s, %.0f rows/s\n", n, cb / 1048576, c, n / c, xb / 1048576, x, n / x
  printf "peak memory: xlsx %d rows %.1f MiB, %d rows %.1f MiB (target: flat, under 100 MiB); CSV %d rows %.1f MiB\n", small, ps / 1024, n, pb / 1024, n, pc / 1024
  printf "peak memory of the writer making the %d-row workbook: %.1f MiB\n", n, pg / 1024
  printf "same dossiers stored from both: %s\n", same
}'
