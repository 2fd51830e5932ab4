#!/usr/bin/env bash
# Bench: motcua against a PostgreSQL store (issue 17), in one run on a throw-away server
# (scripts/pg-test-server.sh: PostgreSQL 15, Unix socket, fsync off on both sides):
#   1. `dossiers migrate` of N legacy CSV rows (bench/lib.sh's bench_legacy_rows and mapping) with
#      MOTCUA_DB=postgresql://… against psql's `\copy` of the same file into a table keyed on the code
#      (target <= 1.5);
#   2. over a store built like a province's (bench_province_cache: sample --layout province, four
#      migrations), `audit deadlines` and `stats export` against psql's plain GROUP BY over the same
#      rows (target <= 1.5).
# Medians of 3 (each migration into a fresh schema, each \copy into a fresh table), load printed.
# Usage: bench/postgresql.sh [BUILD_DIR (Release, default build-rel)] [N=1000000]
# Needs Debian's postgresql (PG_BIN, default /usr/lib/postgresql/15/bin) and a motcua built with PostgreSQL.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
bench_motcua "${1:-$here/build-rel}"
n=${2:-1000000}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench-pg.XXXXXX")
# The server's socket path must fit in 107 bytes: its directory lives under /tmp whatever $TMPDIR is.
server=$(mktemp -d /tmp/motcua-pg.XXXXXX)
rmdir "$server"
trap '"$here/scripts/pg-test-server.sh" stop "$server"; rm -rf "$work"' EXIT
conninfo=$("$here/scripts/pg-test-server.sh" start "$server")
export MOTCUA_DB="postgresql:///postgres?host=$server&user=postgres"
unset PGPASSWORD # the server trusts the socket: no secret anywhere

# sql STATEMENTS...: psql, quiet, stopping at the first error; each argument one -c.
sql() {
  local args=() s
  for s in "$@"; do args+=(-c "$s"); done
  PGOPTIONS='-c client_min_messages=warning' "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$conninfo" "${args[@]}"
}

# sql_value QUERY: the one value a query returns.
sql_value() { "$pg_bin/psql" -X -q -t -A -v ON_ERROR_STOP=1 "$conninfo" -c "$1"; }

# median3_fresh RESET CMD...: the median wall time of three runs of CMD, RESET run (untimed) before each.
median3_fresh() {
  local reset=$1 times=() t
  shift
  for _ in 1 2 3; do
    "$reset" || exit 1
    t=$(bench_seconds "$@") || exit 1 # errexit does not reach into $(…)
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}

echo "load before: $(bench_load) (wall times on a loaded machine are noisy)"

# 1. Migration.
bench_legacy_mapping "$work/mapping.json"
bench_legacy_rows "$n" "$work/big.csv"
cols="SO_HO_SO TEXT PRIMARY KEY, MA_TTHC TEXT, DON_VI TEXT, HINH_THUC TEXT, TINH_TRANG TEXT, NGAY_NHAN TEXT, NGAY_HEN TEXT,
  NGAY_XONG TEXT, NGAY_YC_BS TEXT, NGAY_NHAN_BS TEXT, HO_TEN TEXT, SO_CMND TEXT, LE_PHI TEXT"
copy_reset() { sql "DROP TABLE IF EXISTS public.d" "CREATE TABLE public.d ($cols)"; }
copy_run() { sql "\\copy public.d FROM '$work/big.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"; }
migrate_reset() { sql "DROP SCHEMA IF EXISTS motcua CASCADE"; }
migrate_run() { "$MOTCUA" dossiers migrate "$work/big.csv" --mapping "$work/mapping.json" -q --no-progress; }
baseline=$(median3_fresh copy_reset copy_run)
printf 'psql \\copy of %d legacy CSV rows into a keyed table (median of 3):   %7.3f s\n' "$n" "$baseline"
ours=$(median3_fresh migrate_reset migrate_run)
loaded=$(sql_value "SELECT count(*) FROM motcua.dossiers")
[[ "$loaded" == "$n" ]] || { echo "bench: motcua loaded $loaded of $n rows" >&2; exit 1; }
rerun=$(bench_seconds migrate_run) # everything unchanged: hashes compared, nothing written
printf 'dossiers migrate of the same CSV into PostgreSQL (median of 3):     %7.3f s  ratio %s (target <= 1.5)\n' \
  "$ours" "$(bench_ratio "$ours" "$baseline")"
printf 'the same migration again (all unchanged):                           %7.3f s\n' "$rerun"

# 2. Audit and statistics over a province's store.
migrate_reset
sql "DROP TABLE IF EXISTS public.d"
bench_province_cache "$n" "$work"
rows=$(sql_value "SELECT count(*) FROM motcua.dossiers")
group_by="SELECT agency_code, count(*), sum(CASE WHEN resolved_at <= due_at THEN 1 ELSE 0 END),
  sum(CASE WHEN received_at >= 1514739600 THEN 1 ELSE 0 END)
  FROM motcua.dossiers WHERE received_at < 1546275600 GROUP BY agency_code"
sql "VACUUM ANALYZE motcua.dossiers" "SELECT count(*) FROM motcua.dossiers" >/dev/null # warm both sides alike
group=$(bench_median3 sql "$group_by")
audit=$(bench_median3 "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json)
audit1=$(bench_median3 "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json --jobs 1)
stats=$(bench_median3 "$MOTCUA" stats export --period 2018 --by agency --format json)
printf 'store: %s dossiers (province layout, 4 migrations; built in %s s, migrations %s s)\n' "$rows" \
  "$BENCH_BUILD_SECONDS" "$BENCH_MIGRATE_SECONDS"
printf 'psql plain GROUP BY (median of 3):                   %7.3f s\n' "$group"
printf 'audit deadlines --format json (%d cores):              %7.3f s  ratio %s (target <= 1.5)\n' "$(nproc)" \
  "$audit" "$(bench_ratio "$audit" "$group")"
printf 'audit deadlines --format json --jobs 1:               %7.3f s  ratio %s\n' "$audit1" "$(bench_ratio "$audit1" "$group")"
printf 'stats export --by agency --format json (%d cores):     %7.3f s  ratio %s (target <= 1.5)\n' "$(nproc)" \
  "$stats" "$(bench_ratio "$stats" "$group")"
echo "load after: $(bench_load)"
