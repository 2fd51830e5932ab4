#!/usr/bin/env bash
# Scale: builds a cache of N dossiers the way a province builds one (bench/lib.sh: sample --layout
# province, then four migrations) and prints, per command, wall time, rows/s, peak RSS and the cache
# size after it, as a Markdown table (the README's "Performance at scale"). One run each: at large N
# the run is the measurement; the machine's load is printed before and after.
# Usage: bench/scale.sh N [BUILD_DIR (Release, default build-rel)]
#   WORK_DIR: where the sample and the cache go (default $TMPDIR); needs ~220 bytes per dossier for
#   the cache plus ~300 for the sample files (100M: ~52 GB).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
n=${1:?usage: bench/scale.sh N [BUILD_DIR]}
bench_motcua "${2:-$here/build-rel}"
work=$(mktemp -d "${WORK_DIR:-${TMPDIR:-/tmp}}/motcua-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MOTCUA_DB="$work/motcua.db"
s="$work/sample"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo), disk $(df -h "$work" | awk 'NR == 2 { print $2 " (" $4 " free)" }')"
echo "load before: $(bench_load)"
echo
echo "| N = $n | wall s | rows/s | peak RSS MiB | cache MB |"
echo "| --- | ---: | ---: | ---: | ---: |"

# row LABEL ROWS CMD...: one measured run (exit 3, records rejected on purpose, is fine).
row() {
  local label=$1 rows=$2 rc=0
  shift 2
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>"$work/stderr" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    echo "scale: $label failed (exit $rc):" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  local wall peak size=0
  read -r wall peak < <(tail -1 "$work/time") # GNU time puts "Command exited with non-zero status 3" first
  [[ -f $MOTCUA_DB ]] && size=$(stat -c %s "$MOTCUA_DB")
  awk -v l="$label" -v w="$wall" -v p="$peak" -v r="$rows" -v c="$size" 'BEGIN {
    printf "| %s | %.1f | %s | %.1f | %.0f |\n", l, w, (w > 0 && r > 0 ? sprintf("%.0f", r / w) : "-"), p / 1024, c / 1e6 }'
}
lines() { wc -l <"$1"; }

row "sample --layout province" "$n" "$MOTCUA" sample --out "$s" --layout province --dossiers "$n" --procedures 500 -q
row "catalog import" 500 "$MOTCUA" catalog import "$s/catalog.json" --as-of 2017-01-01 -q
dvcqg_rows=$(grep -c '"MaHoSo"' "$s/dossiers-dvcqg.json" || true)
row "migrate national sync JSON" "$dvcqg_rows" "$MOTCUA" dossiers migrate "$s/dossiers-dvcqg.json" -q --no-progress --rejects "$work/r1.csv"
row "migrate legacy CSV cp1258" "$(($(lines "$s/legacy-cp1258.csv") - 1))" "$MOTCUA" dossiers migrate "$s/legacy-cp1258.csv" --mapping "$s/mapping-cp1258.json" -q --no-progress --rejects "$work/r2.csv"
row "migrate legacy CSV TCVN3" "$(($(lines "$s/legacy-tcvn.csv") - 1))" "$MOTCUA" dossiers migrate "$s/legacy-tcvn.csv" --mapping "$s/mapping-tcvn.json" -q --no-progress --rejects "$work/r3.csv"
row "migrate late NDJSON" "$(lines "$s/dossiers.ndjson")" "$MOTCUA" dossiers migrate "$s/dossiers.ndjson" -q --no-progress --rejects "$work/r4.csv"
rows=$(sqlite3 "$MOTCUA_DB" 'SELECT count(*) FROM dossiers')
row "sqlite3 plain GROUP BY (baseline)" "$rows" sqlite3 "$MOTCUA_DB" "$(bench_group_by_sql)"
row "audit deadlines --format json" "$rows" "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json
row "audit deadlines --jobs 1" "$rows" "$MOTCUA" audit deadlines --as-of 2018-12-31 --format json --jobs 1
row "stats export --period 2018 --by agency" "$rows" "$MOTCUA" stats export --period 2018 --by agency --format json
row "stats export --jobs 1" "$rows" "$MOTCUA" stats export --period 2018 --by agency --format json --jobs 1
echo
echo "$rows dossiers in the cache; load after: $(bench_load)"
