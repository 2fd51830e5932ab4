#!/usr/bin/env bash
# Bench: `dossiers migrate` of a legacy CSV (14 columns, Vietnamese names, a mapping file) against the sqlite3
# shell's `.import` of the same file into a table with a TEXT primary key, same run; and peak memory at
# N/10 and N rows (it must stay flat), and from stdin (spooled to disk, not memory). Usage: bench/migrate.sh [BUILD_DIR (Release)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-rel}
n=${2:-1000000}
motcua="$build/motcua"
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-migrate.XXXXXX")
trap 'rm -rf "$work"' EXIT

# rows N FILE: a legacy export with N rows.
rows() {
  awk -v n="$1" 'BEGIN {
    OFS = ";"
    print "SO_HO_SO", "MA_TTHC", "DON_VI", "HINH_THUC", "TINH_TRANG", "NGAY_NHAN", "NGAY_HEN", "NGAY_XONG", "NGAY_YC_BS", "NGAY_NHAN_BS", "HO_TEN", "SO_CMND", "LE_PHI"
    split("TT TTUYEN BC", ch, " "); split("DA_TRA DA_XL KTN", st, " ")
    split("Nguyễn Trần Lê Phạm Đặng Huỳnh Võ Bùi", ho, " "); split("Văn Thị Hữu Đức Minh Thu", dem, " "); split("An Bình Ơn Ưng Yến Ánh Đạt Hương", ten, " ")
    for (i = 0; i < n; i++) {
      d = 1 + i % 28; m = 1 + int(i / 28) % 12; y = 2015 + int(i / 336) % 4
      ag = sprintf("000.00.%02d.H17", 10 + i % 24)
      p1 = ""; p2 = ""
      if (i % 10 == 0) { p1 = sprintf("%02d/%02d/%d", d, m, y); p2 = sprintf("%02d/%02d/%d", (d < 28 ? d + 1 : d), m, y) }
      print sprintf("%s-%02d%02d%02d-%07d", ag, y % 100, m, d, i), sprintf("1.%06d", i % 700), ag, ch[1 + i % 3], st[1 + i % 3],
            sprintf("%02d/%02d/%d %02d:%02d", d, m, y, 7 + i % 10, i % 60), sprintf("%02d/%02d/%d", (d < 26 ? d + 3 : 28), m, y),
            sprintf("%02d/%02d/%d %02d:%02d", (d < 27 ? d + 2 : 28), m, y, 8 + i % 9, (i * 7) % 60), p1, p2,
            ho[1 + i % 8] " " dem[1 + i % 6] " " ten[1 + i % 8], sprintf("%012d", (i * 7919) % 1000000000000), (i % 5) * 10000
    }
  }' >"$2"
}
cat >"$work/mapping.json" <<'JSON'
{"input": {"format": "csv", "encoding": "utf-8", "delimiter": ";", "header": true},
 "fields": {"code": "SO_HO_SO", "procedure_code": "MA_TTHC", "agency_code": "DON_VI",
  "channel": {"column": "HINH_THUC", "values": {"TT": "direct", "TTUYEN": "online", "BC": "postal"}},
  "status": {"column": "TINH_TRANG", "values": {"DA_TRA": "returned", "DA_XL": "resolved", "KTN": "not_accepted"}},
  "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
  "due_at": {"column": "NGAY_HEN", "date_format": "%d/%m/%Y"},
  "resolved_at": {"column": "NGAY_XONG", "date_format": "%d/%m/%Y %H:%M"},
  "pauses": {"from": {"column": "NGAY_YC_BS", "date_format": "%d/%m/%Y"}, "to": {"column": "NGAY_NHAN_BS", "date_format": "%d/%m/%Y"}},
  "applicant_name": "HO_TEN", "applicant_id": "SO_CMND", "fee": "LE_PHI"}}
JSON
small=$((n / 10))
rows "$n" "$work/big.csv"
rows "$small" "$work/small.csv"

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }'; }
peak_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

s=$(now)
sqlite3 "$work/baseline.db" "CREATE TABLE d (SO_HO_SO TEXT PRIMARY KEY, MA_TTHC, DON_VI, HINH_THUC, TINH_TRANG, NGAY_NHAN, NGAY_HEN, NGAY_XONG, NGAY_YC_BS, NGAY_NHAN_BS, HO_TEN, SO_CMND, LE_PHI);" \
  ".mode csv" ".separator ;" ".import --skip 1 $work/big.csv d"
baseline=$(elapsed "$s")
s=$(now)
MOTCUA_DB="$work/m.db" "$motcua" dossiers migrate "$work/big.csv" --mapping "$work/mapping.json" -q --no-progress
ours=$(elapsed "$s")
peak_small=$(MOTCUA_DB="$work/p1.db" peak_kib "$motcua" dossiers migrate "$work/small.csv" --mapping "$work/mapping.json" -q --no-progress)
peak_big=$(MOTCUA_DB="$work/p2.db" peak_kib "$motcua" dossiers migrate "$work/big.csv" --mapping "$work/mapping.json" -q --no-progress)
peak_stdin=$(MOTCUA_DB="$work/p3.db" TMPDIR="$work" peak_kib "$motcua" dossiers migrate - --mapping "$work/mapping.json" -q --no-progress <"$work/big.csv")
awk -v n="$n" -v a="$ours" -v b="$baseline" -v ps="$peak_small" -v pb="$peak_big" -v pi="$peak_stdin" -v small="$small" -v bytes="$(stat -c %s "$work/big.csv")" 'BEGIN {
  printf "dossiers migrate of %d legacy CSV rows: motcua %.2f s, sqlite3 .import %.2f s, ratio %.2f (target <= 0.5)\n", n, a, b, a / b
  printf "peak memory: %d rows %.1f MiB, %d rows %.1f MiB, ratio %.2f (target <= 1.25, under 100 MiB)\n", small, ps / 1024, n, pb / 1024, pb / ps
  printf "peak memory from stdin: %d rows (%.0f MiB of CSV) %.1f MiB\n", n, bytes / 1048576, pi / 1024
}'
