# Shared by the benches (source it): a cache built the way a province builds one, timing as the
# benches report it (median of 3, ratio to a baseline measured in the same run) and the machine's load.
# Needs: a Release build of motcua, sqlite3, GNU time (/usr/bin/time).

# bench_motcua BUILD_DIR: checks the build and sets $MOTCUA.
bench_motcua() {
  MOTCUA="$1/motcua"
  [[ -x "$MOTCUA" ]] || { echo "bench: no motcua in $1 (configure with -DCMAKE_BUILD_TYPE=Release and build)" >&2; exit 2; }
  grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$1/CMakeCache.txt" 2>/dev/null ||
    echo "bench: warning: $1 is not a Release build" >&2
}

# bench_province_cache N DIR: writes `sample --layout province` of N dossiers into DIR/sample and
# migrates it into $MOTCUA_DB as a province did over the years: catalog, a year of national sync
# JSON, the cp1258 legacy export, the TCVN3 legacy export (both overlapping earlier exports), then
# the late NDJSON of updates. Sets BENCH_BUILD_SECONDS (sample excluded) and BENCH_MIGRATE_SECONDS.
bench_province_cache() {
  local n=$1 dir=$2 s start
  s="$dir/sample"
  "$MOTCUA" sample --out "$s" --layout province --dossiers "$n" --procedures 500 -q
  start=$(date +%s.%N)
  "$MOTCUA" catalog import "$s/catalog.json" --as-of 2017-01-01 -q
  local migrate_start
  migrate_start=$(date +%s.%N)
  bench_migrate "$s/dossiers-dvcqg.json"
  bench_migrate "$s/legacy-cp1258.csv" --mapping "$s/mapping-cp1258.json"
  bench_migrate "$s/legacy-tcvn.csv" --mapping "$s/mapping-tcvn.json"
  bench_migrate "$s/dossiers.ndjson"
  BENCH_MIGRATE_SECONDS=$(bench_elapsed "$migrate_start")
  BENCH_BUILD_SECONDS=$(bench_elapsed "$start")
}

# bench_migrate SOURCE [ARGS...]: one migration; the sample's deliberately broken records make it exit 3.
bench_migrate() {
  local rc=0
  "$MOTCUA" dossiers migrate "$@" -q --no-progress --rejects "$(mktemp -u "${TMPDIR:-/tmp}/motcua-bench-rejects.XXXXXX")" || rc=$?
  [[ $rc -eq 0 || $rc -eq 3 ]] || { echo "bench: dossiers migrate $1 failed (exit $rc)" >&2; exit 1; }
}

bench_elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }'; }

# bench_seconds CMD...: the wall time in seconds of one run (stdout discarded); a failure stops the bench.
bench_seconds() {
  local s
  s=$(date +%s.%N)
  "$@" >/dev/null || { echo "bench: $* failed" >&2; exit 1; }
  bench_elapsed "$s"
}

# bench_median3 CMD...: the median wall time in seconds of three runs (stdout discarded).
bench_median3() {
  local times=() s
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    "$@" >/dev/null || { echo "bench: $* failed" >&2; exit 1; }
    times+=("$(bench_elapsed "$s")")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}

# bench_peak_kib CMD...: peak resident memory of one run, KiB.
bench_peak_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# bench_load: the machine's load, as uptime prints it (a shared machine makes wall times noisy).
bench_load() { uptime | sed 's/.*load average/load average/'; }

# bench_group_by_sql: the baseline of issue 12, the sqlite3 shell's single-threaded plain GROUP BY
# over the same rows (received by the end of 2018).
bench_group_by_sql() {
  echo "SELECT agency_code, count(*), sum(resolved_at <= due_at), sum(received_at >= 1514739600)
  FROM dossiers WHERE received_at < 1546275600 GROUP BY agency_code;"
}

# bench_legacy_rows N FILE: a legacy export of N rows (13 columns, `;`, Vietnamese names, one row in ten
# with a pause), the data of bench/migrate.sh and bench/xlsx.sh.
bench_legacy_rows() {
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

# bench_legacy_mapping FILE: the mapping of bench_legacy_rows' export (motcua-mapping(5)).
bench_legacy_mapping() {
  cat >"$1" <<'JSON'
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
}
