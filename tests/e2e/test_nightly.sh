#!/usr/bin/env bash
# The nightly job as shipped: dist/systemd/motcua-nightly.service and .timer pass
# `systemd-analyze verify` with the hardening asked for, and dist/motcua-nightly run twice
# against a local paged server imports the catalog, fetches only new dossiers the second night,
# writes a dated audit snapshot and a stats report, and stops at the first failing step.
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_TIMEOUT_MS=3000
export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=1000
export MOTCUA_HTTP_RETRIES=0
NIGHTLY="$MOTCUA_SOURCE_DIR/dist/motcua-nightly"
UNITS="$MOTCUA_SOURCE_DIR/dist/systemd"

step "the units pass systemd-analyze verify, without a warning"
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (scripts/setup.sh installs systemd)"
mkdir -p "$TEST_TMP/units"
# ExecStart must name an executable that exists here: the script in the tree stands in for /usr/bin's.
sed "s|^ExecStart=/usr/bin/motcua-nightly|ExecStart=$NIGHTLY|" "$UNITS/motcua-nightly.service" >"$TEST_TMP/units/motcua-nightly.service"
cp "$UNITS/motcua-nightly.timer" "$TEST_TMP/units/"
assert_exit 0 systemd-analyze verify --man=no "$TEST_TMP/units/motcua-nightly.service" "$TEST_TMP/units/motcua-nightly.timer"
assert_eq "" "$ERR$OUT" "systemd-analyze verify output"
unit="$(cat "$UNITS/motcua-nightly.service")"
for line in "ExecStart=/usr/bin/motcua-nightly" "SuccessExitStatus=3" "ProtectSystem=strict" "PrivateTmp=true" \
  "NoNewPrivileges=true" "StateDirectory=motcua"; do
  assert_contains "$unit" "$line" "motcua-nightly.service"
done
assert_contains "$(cat "$UNITS/motcua-nightly.timer")" "OnCalendar=" "motcua-nightly.timer"

W="$TEST_TMP/www"
mkdir -p "$W"
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"direct","status":"received","received_at":"%s"}\n' "$1" "$2"; }
printf '[{"code":"2.001","name":"Cấp giấy phép","processing_time":5}]' >"$W/cat.json"
{ canon N1 2018-04-01T08:00; canon N2 2018-04-01T09:00; canon N3 2018-04-02T08:00; } >"$W/feed.ndjson"
start_server "$W"
log() { curl -s "$BASE_URL/log${1:-}"; }
export STATE_DIRECTORY="$TEST_TMP/state"
unset MOTCUA_DB # the job's default: $STATE_DIRECTORY/motcua.db
export MOTCUA_NIGHTLY_DOSSIERS_URL="$BASE_URL/window/feed.ndjson?since={since}&until={until}"
export MOTCUA_NIGHTLY_CATALOG_URL="$BASE_URL/cat.json"
day="$(TZ=Asia/Ho_Chi_Minh date +%F)"

step "without MOTCUA_NIGHTLY_DOSSIERS_URL it refuses (exit 2)"
assert_exit 2 env -u MOTCUA_NIGHTLY_DOSSIERS_URL "$NIGHTLY"
assert_contains "$ERR" "MOTCUA_NIGHTLY_DOSSIERS_URL"

step "the first night without --since stops at the migration (exit 2), before the reports"
assert_exit 2 "$NIGHTLY"
assert_contains "$ERR" "no watermark yet"
assert_no_file "$STATE_DIRECTORY/reports/audit/$day"

step "first night (--since DATE): catalog, all dossiers, snapshot, report"
log "?clear=1" >/dev/null
assert_exit 0 "$NIGHTLY" --since 2018-04-01
assert_contains "$(log)" "GET /cat.json"
assert_file_mode 600 "$STATE_DIRECTORY/motcua.db"
assert_file_exists "$STATE_DIRECTORY/reports/audit/$day/MANIFEST.sha256"
assert_exit 0 motcua audit verify "$STATE_DIRECTORY/reports/audit/$day"
assert_file_exists "$STATE_DIRECTORY/reports/stats/$day.html"
assert_exit 0 env MOTCUA_DB="$STATE_DIRECTORY/motcua.db" "$MOTCUA" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3"]'

step "second night: only the new dossiers are fetched"
now_local() { TZ=Asia/Ho_Chi_Minh date +%Y-%m-%dT%H:%M:%S; }
canon N4 "$(now_local)" >>"$W/feed.ndjson" # received after the first night's watermark
sleep 1
log "?clear=1" >/dev/null
assert_exit 0 "$NIGHTLY"
requests="$(log)"
assert_contains "$requests" "GET /window/feed.ndjson?since="
assert_not_contains "$requests" "since=2018-04-01" "the second night starts at the watermark"
assert_contains "$ERR" "read 1, inserted 1," "the second night reads one dossier"
assert_exit 0 env MOTCUA_DB="$STATE_DIRECTORY/motcua.db" "$MOTCUA" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3","N4"]'

step "a night with rejected records ends with 3 (SuccessExitStatus) after every step"
printf '{"code":"R1","procedure_code":"2.001","channel":"fax","status":"received","received_at":"%s"}\n' "$(now_local)" >>"$W/feed.ndjson"
sleep 1
assert_exit 3 "$NIGHTLY"
assert_contains "$ERR" "stats report"

step "a failing step stops the job with its exit status"
assert_exit 5 env MOTCUA_NIGHTLY_CATALOG_URL="$BASE_URL/status/500" "$NIGHTLY"
assert_contains "$ERR" "catalog import failed (exit 5)"
assert_not_contains "$ERR" "motcua-nightly: dossiers migrate"
echo "ok"
