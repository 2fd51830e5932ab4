#!/usr/bin/env bash
# Issue 17: the main job (scripts/main-job.sh: sample → catalog import → migrate → audit → stats) gives the
# same outputs on PostgreSQL as on SQLite: every JSON output, every rejects file and every snapshot file,
# byte for byte. Run with MOTCUA_DB=postgresql://… (the nightly job's way), in a fresh schema.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"

sample="$TEST_TMP/sample"
assert_exit 0 motcua sample --out "$sample"

# run_job DIR: the main job's commands with JSON outputs into DIR (MOTCUA_DB names the store).
run_job() {
  local out=$1 n=0
  mkdir -p "$out"
  # Each command's stdout into DIR/NN-name.json; exit 3 (some records rejected) is expected of the sample.
  run() {
    local want=$1 name=$2
    shift 2
    n=$((n + 1))
    if [[ $want == any ]]; then # 0, or 3 when the source has broken rows (the same on both engines: compared)
      "$MOTCUA" "$@" >"$TEST_TMP/last.out" 2>"$TEST_TMP/last.err" && LAST_RC=0 || LAST_RC=$?
      OUT=$(cat "$TEST_TMP/last.out")
      [[ $LAST_RC == 0 || $LAST_RC == 3 ]] || fail "exit $LAST_RC from $*: $(cat "$TEST_TMP/last.err")"
      echo "$LAST_RC" >"$out/$(printf %02d $n)-$name.rc"
    else
      assert_exit "$want" motcua "$@"
    fi
    printf '%s\n' "$OUT" >"$out/$(printf %02d $n)-$name.json"
  }
  run 0 catalog-import catalog import "$sample/catalog.json" --as-of 2017-01-01 --format json
  run any migrate-ndjson dossiers migrate "$sample/dossiers.ndjson" --rejects "$out/rejects-ndjson.csv" --format json
  run any migrate-dvcqg dossiers migrate "$sample/dossiers-dvcqg.json" --input-format dvcqg --rejects "$out/rejects-dvcqg.csv" --format json
  run any migrate-cp1258 dossiers migrate "$sample/legacy-cp1258.csv" --mapping "$sample/mapping-cp1258.json" --rejects "$out/rejects-cp1258.csv" --format json
  run any migrate-tcvn dossiers migrate "$sample/legacy-tcvn.csv" --mapping "$sample/mapping-tcvn.json" --rejects "$out/rejects-tcvn.csv" --format json
  run 0 migrate-vni dossiers migrate "$sample/legacy-vni.csv" --mapping "$sample/mapping-vni.json" --format json
  run any migrate-xlsx dossiers migrate "$sample/legacy.xlsx" --mapping "$sample/mapping-xlsx.json" --rejects "$out/rejects-xlsx.csv" --format json
  run 0 audit audit deadlines --as-of 2018-12-31 --snapshot "$out/audit-2018" --format json
  run 0 audit-verify audit verify "$out/audit-2018" --format json
  run 0 stats-html stats export --period 2018 --compare 2017 --targets "$sample/targets.json" --format html --output "$out/stats-2018.html"
  run 0 stats-agency stats export --period 2018 --by agency --format json
  # Reads beyond the job: listings, details, a second migration (all unchanged), the catalog's history.
  run 0 catalog-list catalog list --format json
  run 0 dossiers-list dossiers list --limit 500 --format json
  run 0 audit-details audit deadlines --as-of 2018-12-31 --details --format json
  run 0 stats-month stats export --period 2018 --by month --format json
  run 0 migrate-again dossiers migrate "$sample/legacy-vni.csv" --mapping "$sample/mapping-vni.json" --format json
  run 0 catalog-reimport catalog import "$sample/catalog.json" --as-of 2018-06-01 --format json
  run 0 catalog-history catalog list --as-of 2017-06-01 --format json
}

# Both runs write into the same directory (moved away after each), so the outputs that name a file they
# wrote (rejects_file, the snapshot's dir) name the same one; nothing in them names the store.
step "the job on SQLite"
MOTCUA_DB="$TEST_TMP/sqlite/motcua.db" run_job "$TEST_TMP/out"
mv "$TEST_TMP/out" "$TEST_TMP/out-sqlite"
step "the job on PostgreSQL (MOTCUA_DB=postgresql://…, schema $PG_SCHEMA)"
export MOTCUA_DB="$PG_URL"
# --pg-schema through the config file, as a nightly job would set it.
mkdir -p "$XDG_CONFIG_HOME/motcua"
printf 'pg_schema = "%s"\n' "$PG_SCHEMA" >"$XDG_CONFIG_HOME/motcua/motcua.toml"
run_job "$TEST_TMP/out"
mv "$TEST_TMP/out" "$TEST_TMP/out-pg"
rm "$XDG_CONFIG_HOME/motcua/motcua.toml"

step "every output, rejects file and snapshot file is byte-identical"
(cd "$TEST_TMP/out-sqlite" && find . -type f | sort) >"$TEST_TMP/files-sqlite"
(cd "$TEST_TMP/out-pg" && find . -type f | sort) >"$TEST_TMP/files-pg"
assert_eq "$(cat "$TEST_TMP/files-sqlite")" "$(cat "$TEST_TMP/files-pg")" "the files written"
[[ $(wc -l <"$TEST_TMP/files-sqlite") -ge 25 ]] || fail "too few outputs: $(cat "$TEST_TMP/files-sqlite")"
diff -r "$TEST_TMP/out-sqlite" "$TEST_TMP/out-pg" >"$TEST_TMP/diff" || fail "outputs differ:
$(head -c 4000 "$TEST_TMP/diff")"

step "db info on the store names it without a secret, with its schema and counts"
assert_exit 0 motcua --pg-schema "$PG_SCHEMA" --format json db info
jq_eq "$OUT" '[.engine, .pg_schema, .exists, .schema_version > 0, .dossiers > 0]' "[\"postgresql\",\"$PG_SCHEMA\",true,true,true]"
sqlite_counts=$(MOTCUA_DB="$TEST_TMP/sqlite/motcua.db" motcua --format json db info | jq -c '[.procedures, .procedure_events, .catalog_snapshots, .dossiers, .calendar_days]')
jq_eq "$OUT" '[.procedures, .procedure_events, .catalog_snapshots, .dossiers, .calendar_days]' "$sqlite_counts"
