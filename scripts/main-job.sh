#!/usr/bin/env bash
# The nightly job on sample data: sample → catalog import → migration → audit → statistics report.
# Installs what is missing and builds first (scripts/setup.sh). Usage: scripts/main-job.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
"$here/scripts/setup.sh" "$build" -DMOTCUA_TESTS=OFF # the job needs the binary, not the test suite
motcua="$build/motcua"
work=${MOTCUA_JOB_DIR:-$here/out/main-job}
rm -rf "$work"
mkdir -p "$work"
# A PostgreSQL MOTCUA_DB (postgresql://, postgres://) from the caller is used as it is (the store must be empty or
# hold an earlier run of this job; the schema is the config's pg_schema, default motcua); anything else: a fresh cache.
pg=0
case ${MOTCUA_DB:-} in
postgresql://* | postgres://*) pg=1 ;;
*) export MOTCUA_DB="$work/cache/motcua.db" ;;
esac
sample="$work/sample"

# Exit 3 means "finished, some records rejected": expected here (the sample has broken rows on purpose).
allow_rejects() { "$@" || { rc=$?; [ "$rc" -eq 3 ] || exit "$rc"; }; }

"$motcua" sample --out "$sample"
"$motcua" catalog import "$sample/catalog.json" --as-of 2017-01-01
allow_rejects "$motcua" dossiers migrate "$sample/dossiers.ndjson" --rejects "$work/rejects-ndjson.csv"
allow_rejects "$motcua" dossiers migrate "$sample/dossiers-dvcqg.json" --input-format dvcqg --rejects "$work/rejects-dvcqg.csv"
allow_rejects "$motcua" dossiers migrate "$sample/legacy-cp1258.csv" --mapping "$sample/mapping-cp1258.json" --rejects "$work/rejects-cp1258.csv"
allow_rejects "$motcua" dossiers migrate "$sample/legacy-tcvn.csv" --mapping "$sample/mapping-tcvn.json" --rejects "$work/rejects-tcvn.csv"
"$motcua" dossiers migrate "$sample/legacy-vni.csv" --mapping "$sample/mapping-vni.json" # the cp1258 file's dossiers, in VNI: all unchanged
# The same dossiers as legacy-cp1258.csv, from an Excel workbook (date cells, the sheet named in the mapping).
allow_rejects "$motcua" dossiers migrate "$sample/legacy.xlsx" --mapping "$sample/mapping-xlsx.json" --rejects "$work/rejects-xlsx.csv"
[ "$pg" = 1 ] || "$motcua" db check # SQLite's integrity check; on PostgreSQL: pg_amcheck
"$motcua" audit deadlines --as-of 2018-12-31 --snapshot "$work/audit-2018"
"$motcua" audit verify "$work/audit-2018"
"$motcua" stats export --period 2018 --compare 2017 --targets "$sample/targets.json" --format html --output "$work/stats-2018.html"
"$motcua" stats export --period 2018 --by agency
echo "main job done: results in $work" >&2
