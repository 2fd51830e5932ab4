#!/usr/bin/env bash
# Bench: `dossiers migrate` of an Excel workbook (.xlsx, every cell a shared string, as Excel saves a
# sheet of text) beside the same rows as CSV, same mapping, same run: rows/s of each, and the peak
# memory of the workbook at N/10 and N rows (it must stay flat, under 100 MiB: the sheet is
# streamed, only the shared strings are held). Needs a build with the tests (tests/motcua_xlsx_gen).
# Usage: bench/xlsx.sh [BUILD_DIR (Release)] [N=1000000]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-rel}
n=${2:-1000000}
motcua="$build/motcua"
gen="$build/tests/motcua_xlsx_gen"
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-xlsx.XXXXXX")
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
"$gen" --csv "$work/big.csv" "$work/big.xlsx" ';'
"$gen" --csv "$work/small.csv" "$work/small.xlsx" ';'

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }'; }
peak_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
run() { MOTCUA_DB="$1" "$motcua" dossiers migrate "$2" --mapping "$work/mapping.json" -q --no-progress; }

s=$(now)
run "$work/csv.db" "$work/big.csv"
t_csv=$(elapsed "$s")
s=$(now)
run "$work/xlsx.db" "$work/big.xlsx"
t_xlsx=$(elapsed "$s")
peak_small=$(MOTCUA_DB="$work/p1.db" peak_kib "$motcua" dossiers migrate "$work/small.xlsx" --mapping "$work/mapping.json" -q --no-progress)
peak_big=$(MOTCUA_DB="$work/p2.db" peak_kib "$motcua" dossiers migrate "$work/big.xlsx" --mapping "$work/mapping.json" -q --no-progress)
same=$(cmp -s <(sqlite3 "$work/csv.db" "SELECT * FROM dossiers ORDER BY code" 2>/dev/null | md5sum) \
  <(sqlite3 "$work/xlsx.db" "SELECT * FROM dossiers ORDER BY code" 2>/dev/null | md5sum) && echo yes || echo NO)
awk -v n="$n" -v c="$t_csv" -v x="$t_xlsx" -v ps="$peak_small" -v pb="$peak_big" -v small="$small" -v same="$same" \
  -v xb="$(stat -c %s "$work/big.xlsx")" -v cb="$(stat -c %s "$work/big.csv")" 'BEGIN {
  printf "dossiers migrate of %d rows: CSV (%.0f MiB) %.2f s, %.0f rows/s; xlsx (%.0f MiB) %.2f s, %.0f rows/s\n", n, cb / 1048576, c, n / c, xb / 1048576, x, n / x
  printf "xlsx peak memory: %d rows %.1f MiB, %d rows %.1f MiB (target: flat, under 100 MiB)\n", small, ps / 1024, n, pb / 1024
  printf "same dossiers stored from both: %s\n", same
}'
