#!/usr/bin/env bash
# The nightly job on sample data: sample → catalog import → (migration → audit → statistics as they land).
# Installs what is missing and builds first (scripts/setup.sh). Usage: scripts/main-job.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
"$here/scripts/setup.sh" "$build"
motcua="$build/motcua"
work=${MOTCUA_JOB_DIR:-$here/out/main-job}
rm -rf "$work"
mkdir -p "$work"
export MOTCUA_DB="$work/motcua.db"

"$motcua" sample --out "$work/sample"
"$motcua" catalog import "$work/sample/catalog.json" --as-of 2018-12-31
"$motcua" catalog list --online any --format csv > "$work/catalog-online.csv"
"$motcua" db check
"$motcua" db info
echo "main job done: results in $work" >&2
