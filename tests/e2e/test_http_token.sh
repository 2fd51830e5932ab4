#!/usr/bin/env bash
# The bearer token and plain http (issue 11, item 18): the token was sent over http:// to any
# host without a word. Now a token to a plain-http host that is not this machine is refused
# (exit 2) before any connection, unless MOTCUA_ALLOW_INSECURE_TOKEN=1; loopback is fine;
# without a token nothing changes. (A redirect from https down to http is refused by the
# redirect protocols, unit-tested: this test server has no TLS.)
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=2000 MOTCUA_HTTP_TIMEOUT_MS=3000 MOTCUA_HTTP_RETRIES=0
W="$TEST_TMP/www"
mkdir -p "$W"
printf '{"code":"K1","procedure_code":"2.001","channel":"direct","status":"received","received_at":"2018-04-01T08:00"}\n' >"$W/d.ndjson"
printf '{"code":"P1","name":"Một","agency_code":"AG","processing_time":5,"processing_unit":"working_days"}\n' >"$W/c.ndjson"
token="tok-$RANDOM-s3cr3t"
printf '%s\n' "$token" >"$W/.token"
printf '%s\n' "$token" >"$TEST_TMP/token"
chmod 600 "$TEST_TMP/token"
start_server "$W"
remote="http://portal.example.invalid/api/d.ndjson"

step "a token over plain http to a remote host is refused (exit 2), for both commands and both token sources"
assert_exit 2 env MOTCUA_TOKEN="$token" "$MOTCUA" dossiers migrate "$remote"
assert_contains "$ERR" "refusing to send the bearer token over plain http:// to portal.example.invalid"
assert_contains "$ERR" "MOTCUA_ALLOW_INSECURE_TOKEN=1"
assert_not_contains "$OUT$ERR" "$token" "the token is never printed"
assert_exit 2 motcua dossiers migrate "$remote" --token-file "$TEST_TMP/token"
assert_exit 2 env MOTCUA_TOKEN="$token" "$MOTCUA" catalog import "http://10.255.255.1/c.ndjson" --as-of 2018-01-01
assert_contains "$ERR" "10.255.255.1"
assert_no_file "$MOTCUA_DB"

step "opting in sends it (the host then fails to resolve: exit 5, not 2)"
assert_exit 5 env MOTCUA_TOKEN="$token" MOTCUA_ALLOW_INSECURE_TOKEN=1 "$MOTCUA" dossiers migrate "$remote"
assert_exit 2 env MOTCUA_TOKEN="$token" MOTCUA_ALLOW_INSECURE_TOKEN=yes "$MOTCUA" dossiers migrate "$remote"
assert_contains "$ERR" "MOTCUA_ALLOW_INSECURE_TOKEN=yes"

step "https, loopback, and no token at all are unaffected"
assert_exit 5 env MOTCUA_TOKEN="$token" "$MOTCUA" dossiers migrate "https://portal.example.invalid/d.ndjson"
assert_exit 5 motcua dossiers migrate "$remote"
assert_exit 0 motcua dossiers migrate "$BASE_URL/auth/d.ndjson" --token-file "$TEST_TMP/token" --format json
jq_eq "$OUT" '.inserted' '1'
assert_exit 0 env MOTCUA_TOKEN="$token" "$MOTCUA" catalog import "http://localhost:${BASE_URL##*:}/auth/c.ndjson" --as-of 2018-01-01 --format json
jq_eq "$OUT" '.inserted' '1'
echo "ok"
