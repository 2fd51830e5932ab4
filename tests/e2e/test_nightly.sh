#!/usr/bin/env bash
# The nightly job as shipped: dist/systemd/motcua-nightly.service and .timer pass
# `systemd-analyze verify` with the hardening asked for and no Environment= line, and
# dist/motcua-nightly, configured by motcua's one config file only (the system file
# /etc/motcua/motcua.toml: [sources.*], [dossiers.migrate], [nightly]), run night after night
# against a local paged server imports the catalog, fetches only new dossiers from the second
# night on, writes a dated audit snapshot and a stats report, moves the watermark on exit 0 and 3
# (rejects) but not on a refused run, and stops at the first failing step.
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
assert_eq "" "$(grep -E '^Environment' "$UNITS/motcua-nightly.service")" "Environment lines of the unit (the config file holds every setting)"
assert_contains "$(cat "$UNITS/motcua-nightly.timer")" "OnCalendar=" "motcua-nightly.timer"

W="$TEST_TMP/www"
mkdir -p "$W"
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"%s","status":"received","received_at":"%s"}\n' "$1" "${3:-direct}" "$2"; }
printf '[{"code":"2.001","name":"Cấp giấy phép","processing_time":5}]' >"$W/cat.json"
{ canon N1 2018-04-01T08:00; canon N2 2018-04-01T09:00; canon N3 2018-04-02T08:00; } >"$W/feed.ndjson"
start_server "$W"
log() { curl -s "$BASE_URL/log${1:-}"; }
now_local() { TZ=Asia/Ho_Chi_Minh date +%Y-%m-%dT%H:%M:%S; }
export STATE_DIRECTORY="$TEST_TMP/state"
DB="$STATE_DIRECTORY/motcua.db"
e2e_pg && DB="$MOTCUA_DB" # the test's PostgreSQL store (its schema in the config file below)
unset MOTCUA_DB # the cache comes from the config file
day="$(TZ=Asia/Ho_Chi_Minh date +%F)"
SNAP="$TEST_TMP/reports/audit/$day"
REPORT="$TEST_TMP/reports/stats-$day.md"
CONF="$MOTCUA_SYSTEM_CONFIG" # lib.sh points /etc/motcua/motcua.toml here; no MOTCUA_* variable is set
mkdir -p "$(dirname "$CONF")" "$STATE_DIRECTORY"
cat >"$CONF" <<EOF
db = "$DB"
$(e2e_pg_config_line)
[sources.hoso]
url = "$BASE_URL/window/feed.ndjson?since={since}&until={until}"
[sources.thutuc]
url = "$BASE_URL/cat.json"
[dossiers.migrate]
since_format = "compact"
max_rejects = "1"
[nightly]
dossiers = "@hoso"
catalog = "@thutuc"
snapshot = "$TEST_TMP/reports/audit/{date}"
report = "$TEST_TMP/reports/stats-{date}.md"
report_period = "this-month"
report_format = "md"
EOF
# The watermark of the source, as db info lists it, and as {since} spells it (compact).
mark() { "$MOTCUA" --db "$DB" db info --format json | jq -r '.watermarks[]'; }
compact() { tr -d -- '-:T' <<<"${1:0:19}"; }

step "a config without [nightly] dossiers, or with a bad [nightly] value, is refused (exit 2) before any step"
assert_exit 2 "$NIGHTLY" --config /dev/null
assert_contains "$ERR" "[nightly] dossiers"
printf '[nightly]\ndossiers = "@hoso"\nreport_period = "last-moth"\n' >"$TEST_TMP/bad.toml"
assert_exit 2 "$NIGHTLY" --config "$TEST_TMP/bad.toml"
assert_contains "$ERR" "bad.toml:3: nightly.report_period"
assert_not_contains "$ERR" "motcua-nightly: catalog import"
assert_eq "" "$(log)" "requests made with a bad config"

step "the first night without --since stops at the migration (exit 2), before the reports"
assert_exit 2 "$NIGHTLY"
assert_contains "$ERR" "no watermark yet"
assert_no_file "$SNAP"

step "first night (--since DATE): catalog, every page of the dossiers, dated snapshot, report"
log "?clear=1" >/dev/null
assert_exit 0 "$NIGHTLY" --since 2018-04-01
requests="$(log)"
assert_contains "$requests" "GET /cat.json"
assert_contains "$requests" "GET /window/feed.ndjson?since=20180401000000"
assert_contains "$requests" "?page=2&since=" "the server pages the feed two dossiers a page"
e2e_sqlite && assert_file_mode 600 "$DB"
assert_file_exists "$SNAP/MANIFEST.sha256"
assert_exit 0 motcua audit verify "$SNAP"
assert_file_exists "$REPORT"
assert_contains "$(head -c 200 "$REPORT")" "#" "the report is markdown (report_format)"
assert_exit 0 "$MOTCUA" --db "$DB" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3"]'
first="$(mark)"
[[ -n "$first" ]] || fail "no watermark after the first night"

step "second night: only the new dossiers are fetched, from the first night's watermark"
canon N4 "$(now_local)" >>"$W/feed.ndjson" # received after the first night's watermark
sleep 1
log "?clear=1" >/dev/null
assert_exit 0 "$NIGHTLY"
requests="$(log)"
assert_eq 1 "$(grep -c 'GET /window/' <<<"$requests")" "dossier pages fetched the second night: $requests"
assert_contains "$requests" "GET /window/feed.ndjson?since=$(compact "$first")&until="
assert_contains "$ERR" "read 1, inserted 1," "the second night reads one dossier"
assert_exit 0 "$MOTCUA" --db "$DB" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3","N4"]'
second="$(mark)"
[[ "$second" > "$first" ]] || fail "the watermark did not advance: $first then $second"

step "a night with a rejected record ends with 3 (SuccessExitStatus) after every step, and moves the watermark"
canon R1 "$(now_local)" fax >>"$W/feed.ndjson"
canon N5 "$(now_local)" >>"$W/feed.ndjson"
sleep 1
rm -r "$SNAP"
assert_exit 3 "$NIGHTLY"
assert_contains "$ERR" "stats report"
assert_file_exists "$SNAP/MANIFEST.sha256"
third="$(mark)"
[[ "$third" > "$second" ]] || fail "the watermark did not advance on exit 3: $second then $third"

step "over [dossiers.migrate] max_rejects the night stops with 4, nothing imported, the watermark kept"
canon R2 "$(now_local)" fax >>"$W/feed.ndjson"
canon R3 "$(now_local)" fax >>"$W/feed.ndjson"
canon N6 "$(now_local)" >>"$W/feed.ndjson"
sleep 1
log "?clear=1" >/dev/null
assert_exit 4 "$NIGHTLY"
assert_contains "$(log)" "since=$(compact "$third")" "R1 is not fetched again after the exit-3 night"
assert_contains "$ERR" "dossiers migrate failed (exit 4)"
assert_not_contains "$ERR" "motcua-nightly: audit snapshot"
assert_eq "$third" "$(mark)" "the watermark after a refused night"
assert_exit 0 "$MOTCUA" --db "$DB" dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3","N4","N5"]'

step "a failing step stops the job with its exit status (--config names another file)"
sed "s|^url = \"$BASE_URL/cat.json\"|url = \"$BASE_URL/status/500\"|" "$CONF" >"$TEST_TMP/other.toml"
assert_exit 5 "$NIGHTLY" --config "$TEST_TMP/other.toml"
assert_contains "$ERR" "catalog import failed (exit 5)"
assert_not_contains "$ERR" "motcua-nightly: dossiers migrate"
step "the unit's credential (\$CREDENTIALS_DIRECTORY/token) is the bearer token when the config names none"
printf 's3cret-token\n' >"$W/.token"
mkdir -p "$TEST_TMP/cred"
printf 's3cret-token\n' >"$TEST_TMP/cred/token"
sed "s|^url = \"$BASE_URL/cat.json\"|url = \"$BASE_URL/auth/cat.json\"|" "$CONF" >"$TEST_TMP/auth.toml"
log "?clear=1" >/dev/null
assert_exit 5 "$NIGHTLY" --config "$TEST_TMP/auth.toml"
assert_contains "$ERR" "catalog import failed (exit 5)" "without the credential"
log "?clear=1" >/dev/null
assert_exit 4 env CREDENTIALS_DIRECTORY="$TEST_TMP/cred" "$NIGHTLY" --config "$TEST_TMP/auth.toml"
assert_contains "$(log)" "GET /auth/cat.json auth=yes"
assert_contains "$ERR" "dossiers migrate failed (exit 4)" "the catalog step passed; the rejects of the last night remain"
assert_not_contains "$ERR" "s3cret"
(umask 077 && printf 'wrong-token\n' >"$TEST_TMP/wrong-token")
{ printf 'token_file = "%s"\n' "$TEST_TMP/wrong-token"; cat "$TEST_TMP/auth.toml"; } >"$TEST_TMP/auth-file.toml"
assert_exit 5 env CREDENTIALS_DIRECTORY="$TEST_TMP/cred" "$NIGHTLY" --config "$TEST_TMP/auth-file.toml"
assert_contains "$ERR" "catalog import failed (exit 5)" "the config's token_file beats the unit's credential"
echo "ok"
