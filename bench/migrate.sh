#!/usr/bin/env bash
# Bench: `dossiers migrate` of a legacy CSV (13 columns, Vietnamese names, a mapping file: bench/lib.sh's
# bench_legacy_rows) against the sqlite3 shell's `.import` of the same file into a table with a TEXT primary key,
# same run; and peak memory at N/10 and N rows (it must stay flat), and from stdin (spooled to disk, not memory).
# Usage: bench/migrate.sh [BUILD_DIR (Release)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
bench_motcua "${1:-$here/build-rel}"
n=${2:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-migrate.XXXXXX")
trap 'rm -rf "$work"' EXIT

bench_legacy_mapping "$work/mapping.json"
small=$((n / 10))
bench_legacy_rows "$n" "$work/big.csv"
bench_legacy_rows "$small" "$work/small.csv"
# run DB SOURCE [ARGS...]: one migration into DB (a command, not a function, so /usr/bin/time can measure it).
run() { env MOTCUA_DB="$1" "$MOTCUA" dossiers migrate "$2" --mapping "$work/mapping.json" -q --no-progress "${@:3}"; }
peak() { bench_peak_kib env MOTCUA_DB="$1" "$MOTCUA" dossiers migrate "$2" --mapping "$work/mapping.json" -q --no-progress; }

echo "$(bench_load) (wall times on a loaded machine are noisy)"
baseline=$(bench_seconds sqlite3 "$work/baseline.db" "CREATE TABLE d (SO_HO_SO TEXT PRIMARY KEY, MA_TTHC, DON_VI, HINH_THUC, TINH_TRANG, NGAY_NHAN, NGAY_HEN, NGAY_XONG, NGAY_YC_BS, NGAY_NHAN_BS, HO_TEN, SO_CMND, LE_PHI);" \
  ".mode csv" ".separator ;" ".import --skip 1 $work/big.csv d")
ours=$(bench_seconds run "$work/m.db" "$work/big.csv")
one=$(bench_seconds run "$work/m1.db" "$work/big.csv" --jobs 1) # reading on the writing thread
peak_small=$(peak "$work/p1.db" "$work/small.csv")
peak_big=$(peak "$work/p2.db" "$work/big.csv")
peak_stdin=$(TMPDIR="$work" peak "$work/p3.db" - <"$work/big.csv")
awk -v n="$n" -v a="$ours" -v a1="$one" -v b="$baseline" -v ps="$peak_small" -v pb="$peak_big" -v pi="$peak_stdin" -v small="$small" -v bytes="$(stat -c %s "$work/big.csv")" 'BEGIN {
  printf "dossiers migrate of %d legacy CSV rows: motcua %.2f s, sqlite3 .import %.2f s, ratio %.2f (target <= 0.5)\n", n, a, b, a / b
  printf "the same with --jobs 1 (reading on the writing thread): %.2f s, ratio %.2f\n", a1, a1 / b
  printf "peak memory: %d rows %.1f MiB, %d rows %.1f MiB, ratio %.2f (target <= 1.25, under 100 MiB)\n", small, ps / 1024, n, pb / 1024, pb / ps
  printf "peak memory from stdin: %d rows (%.0f MiB of CSV) %.1f MiB\n", n, bytes / 1048576, pi / 1024
}'
