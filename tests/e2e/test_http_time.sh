#!/usr/bin/env bash
# HTTP time (issue 11, item 17): a stalled server held a run ~10 minutes per page,
# `Retry-After: 999999` waited 8 minutes silently and MOTCUA_HTTP_TIMEOUT_MS=0 waited forever.
# Now a deadline bounds each source (MOTCUA_HTTP_DEADLINE_S), a Retry-After beyond it fails at
# once, every wait is said on stderr, and 0, negative or garbage settings are usage errors.
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=2000
export MOTCUA_HTTP_BACKOFF_MS=50
W="$TEST_TMP/www"
mkdir -p "$W"
for i in $(seq 1 200); do
  printf '{"code":"T%d","procedure_code":"2.001","channel":"direct","status":"received","received_at":"2018-04-01T08:00"}\n' "$i"
done >"$W/d.ndjson"
printf '{"code":"P1","name":"Một","agency_code":"AG","processing_time":5,"processing_unit":"working_days"}\n' >"$W/c.ndjson"
start_server "$W"

# elapsed_s CMD...: runs assert_exit-style and stores the wall time in whole seconds in $ELAPSED.
timed() {
  local want="$1"
  shift
  local t0 t1
  t0=$(date +%s%N)
  assert_exit "$want" "$@"
  t1=$(date +%s%N)
  ELAPSED=$(((t1 - t0) / 1000000000))
  echo "took ${ELAPSED}s: $*"
}

step "a stalled server: the per-source deadline ends the run in time (exit 5), naming the deadline"
export MOTCUA_HTTP_TIMEOUT_MS=600000 MOTCUA_HTTP_RETRIES=4 MOTCUA_HTTP_DEADLINE_S=3
timed 5 motcua dossiers migrate "$BASE_URL/stall/d.ndjson"
[[ $ELAPSED -le 20 ]] || fail "the stalled fetch took ${ELAPSED}s with a 3 s deadline"
assert_contains "$ERR" "deadline of 3 s"
assert_contains "$ERR" "MOTCUA_HTTP_DEADLINE_S"
assert_contains "$ERR" "nothing was imported"
timed 5 motcua catalog import "$BASE_URL/stall/c.ndjson" --as-of 2018-01-01
[[ $ELAPSED -le 20 ]] || fail "the stalled catalog fetch took ${ELAPSED}s with a 3 s deadline"
assert_contains "$ERR" "deadline of 3 s"
assert_no_file "$MOTCUA_DB"

step "Retry-After: 999999 fails at once with a clear message, instead of waiting in silence"
export MOTCUA_HTTP_DEADLINE_S=900
timed 5 motcua dossiers migrate "$BASE_URL/status/503?retry_after=999999"
[[ $ELAPSED -le 10 ]] || fail "Retry-After 999999 kept the run waiting ${ELAPSED}s"
assert_contains "$ERR" "Retry-After"
assert_contains "$ERR" "999999 s"
assert_contains "$ERR" "deadline"

step "every wait is said on stderr (without -v): how long and why"
curl -s "$BASE_URL/log?clear=1" >/dev/null
timed 0 motcua dossiers migrate "$BASE_URL/ratelimit/d.ndjson" --format json
jq_eq "$OUT" '.inserted' '200'
assert_contains "$ERR" "HTTP 429"
assert_contains "$ERR" "waiting 1 s as the server asks (Retry-After) before attempt 2"
timed 5 motcua dossiers migrate "$BASE_URL/status/503"
assert_contains "$ERR" "waiting 50 ms before attempt 2 of 5"
timed 5 motcua --quiet dossiers migrate "$BASE_URL/status/503"
assert_not_contains "$ERR" "waiting" "--quiet keeps waits quiet"

step "0, negative and garbage settings are usage errors (exit 2) naming the variable, nothing imported"
imports_before="$(sqlite3 "$MOTCUA_DB" 'SELECT count(*) FROM imports')"
for setting in MOTCUA_HTTP_TIMEOUT_MS=0 MOTCUA_HTTP_TIMEOUT_MS=-5 MOTCUA_HTTP_TIMEOUT_MS=10s MOTCUA_HTTP_CONNECT_TIMEOUT_MS=0 \
  MOTCUA_HTTP_DEADLINE_S=0 MOTCUA_HTTP_DEADLINE_S=abc MOTCUA_HTTP_RETRIES=-1 MOTCUA_HTTP_RETRIES=1e3 \
  MOTCUA_HTTP_BACKOFF_MS=9999999999999 MOTCUA_HTTP_TIMEOUT_MS=' 5'; do
  assert_exit 2 env "$setting" "$MOTCUA" dossiers migrate "$BASE_URL/d.ndjson"
  assert_contains "$ERR" "${setting%%=*}=" "the message for $setting"
  assert_contains "$ERR" "expected a whole number"
  assert_exit 2 env "$setting" "$MOTCUA" catalog import "$BASE_URL/c.ndjson" --as-of 2018-01-01
done
assert_eq "$imports_before" "$(sqlite3 "$MOTCUA_DB" 'SELECT count(*) FROM imports')" "imports after refused settings"
assert_exit 0 env MOTCUA_HTTP_RETRIES=0 MOTCUA_HTTP_BACKOFF_MS=0 "$MOTCUA" dossiers migrate "$BASE_URL/d.ndjson" --format json
jq_eq "$OUT" '[.read,.unchanged]' '[200,200]' "0 retries and 0 backoff are valid"
echo "ok"
