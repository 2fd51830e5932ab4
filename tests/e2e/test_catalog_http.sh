#!/usr/bin/env bash
# catalog import from http:// sources against the local test server: paging, retries,
# Retry-After, timeouts, truncated bodies, bearer tokens. Small timeouts keep it fast.
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_TIMEOUT_MS=1500
export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=1000
export MOTCUA_HTTP_RETRIES=2
export MOTCUA_HTTP_BACKOFF_MS=50

W="$TEST_TMP/www"
mkdir -p "$W"
proc() { printf '{"code":"%s","name":"%s","processing_time":%s}' "$1" "$2" "$3"; }

# Paged by Link header: lk.page<N>.json plus lk.link.
printf '{"procedures":[%s,%s]}' "$(proc L1 'Trang một A' 1)" "$(proc L2 'Trang một B' 2)" >"$W/lk.page1.json"
printf '{"procedures":[%s]}' "$(proc L3 'Trang hai' 3)" >"$W/lk.page2.json"
printf '[%s]' "$(proc L4 'Trang ba' 4)" >"$W/lk.page3.json"
: >"$W/lk.link"
# Paged by a JSON "next" member (relative and absolute URLs both occur in the wild).
printf '{"procedures":[%s],"next":"/paged/nx?page=2"}' "$(proc N1 'Tiếp một' 1)" >"$W/nx.page1.json"
printf '{"procedures":[%s],"next":"PLACEHOLDER"}' "$(proc N2 'Tiếp hai' 2)" >"$W/nx.page2.json"
printf '{"procedures":[%s],"next":null}' "$(proc N3 'Tiếp ba' 3)" >"$W/nx.page3.json"
# A catalog for the failure scenarios, and a secret for /auth.
printf '[%s,%s]' "$(proc C1 'Thủ tục qua mạng' 5)" "$(proc C2 'Thủ tục khác' 7)" >"$W/cat.json"
printf '[%s]' "$(proc C9 'Thay đổi' 9)" >"$W/other.json"
token="tok-$RANDOM-s3cr3t-$RANDOM"
printf '%s\n' "$token" >"$W/.token"

start_server "$W"
sed -i "s|PLACEHOLDER|$BASE_URL/paged/nx?page=3|" "$W/nx.page2.json"
log() { curl -fsS "$BASE_URL/log${1:-}"; }

step "paging by Link header: every page is imported"
assert_exit 0 motcua catalog import "$BASE_URL/paged/lk" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[4,4,0]' "Link-paged counts"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["L1","L2","L3","L4"]' "Link-paged catalog"
l="$(log '?clear=1')"
assert_contains "$l" "GET /paged/lk?page=3" "the third page was fetched"

step "paging by JSON next: every page is imported"
export MOTCUA_DB="$TEST_TMP/next/motcua.db"
assert_exit 0 motcua catalog import "$BASE_URL/paged/nx" --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.read,.inserted]' '[3,3]' "next-paged counts"
assert_exit 0 motcua catalog list --as-of 2018-01-01 --format json
jq_eq "$OUT" '[.[].code]' '["N1","N2","N3"]' "next-paged catalog"
assert_eq 3 "$(log '?clear=1' | grep -c 'GET /paged/nx')" "requests for 3 pages"

export MOTCUA_DB="$TEST_TMP/cache/motcua.db"
step "503 once, then success"
assert_exit 0 motcua catalog import "$BASE_URL/flaky/cat.json" --as-of 2018-01-01 --max-withdraw 100% --format json
jq_eq "$OUT" '[.read,.inserted]' '[2,2]' "counts after a 503"
assert_eq 2 "$(log '?clear=1' | grep -c 'GET /flaky/cat.json')" "one retry after 503"

step "429 with Retry-After: 1 is honoured"
start=$(date +%s%N)
assert_exit 0 motcua catalog import "$BASE_URL/ratelimit/cat.json" --as-of 2018-01-01 --format json -v
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
jq_eq "$OUT" '[.read,.unchanged]' '[2,2]' "counts after a 429"
assert_eq 2 "$(log '?clear=1' | grep -c 'GET /ratelimit/cat.json')" "one retry after 429"
assert_contains "$ERR" "429" "--verbose notes the retry"
((elapsed_ms >= 900)) || fail "Retry-After: 1 was not waited for (took ${elapsed_ms} ms with a 50 ms backoff)"

before="$(cache_state)"
step "timeout: exit 5, nothing changed"
start=$(date +%s%N)
assert_exit 5 motcua catalog import "$BASE_URL/slow/other.json?sleep=4" --as-of 2018-02-01
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
assert_contains "$ERR" "/slow/other.json" "names the URL"
assert_contains "$ERR" "nothing was imported" "says nothing changed"
assert_eq 3 "$(log '?clear=1' | grep -c 'GET /slow/other.json')" "1 try + MOTCUA_HTTP_RETRIES=2"
((elapsed_ms < 15000)) || fail "the timeout took ${elapsed_ms} ms"
assert_cache_unchanged "$before" "the cache after a timeout"

step "truncated body: exit 5, nothing changed"
assert_exit 5 motcua catalog import "$BASE_URL/truncated/other.json" --as-of 2018-02-01
assert_contains "$ERR" "/truncated/other.json" "names the URL"
assert_contains "$ERR" "truncated" "says what happened"
assert_cache_unchanged "$before" "the cache after a truncated body"

step "a failed page after good ones fails the whole import"
printf '{"procedures":[%s],"next":"/status/500"}' "$(proc C9 'Thay đổi' 9)" >"$W/bad.page1.json"
assert_exit 5 motcua catalog import "$BASE_URL/paged/bad" --as-of 2018-02-01
assert_contains "$ERR" "500" "names the status"
assert_exit 5 motcua catalog import "$BASE_URL/status/404" --as-of 2018-02-01
assert_contains "$ERR" "404" "names the status"
assert_cache_unchanged "$before" "the cache after a failed page"
log '?clear=1' >/dev/null

step "401 without a token: exit 5, mentions MOTCUA_TOKEN"
assert_exit 5 motcua catalog import "$BASE_URL/auth/other.json" --as-of 2018-02-01
assert_contains "$ERR" "401" "names the status"
assert_contains "$ERR" "MOTCUA_TOKEN" "says how to authenticate"
assert_eq 1 "$(log '?clear=1' | grep -c 'GET /auth/other.json auth=no')" "a 401 is not retried"
assert_cache_unchanged "$before" "the cache after a 401"

step "a wrong token: exit 5, the token is never printed"
MOTCUA_TOKEN="wrong-$token" assert_exit 5 motcua catalog import "$BASE_URL/auth/other.json?access_token=$token" --as-of 2018-02-01 -v
assert_contains "$ERR" "MOTCUA_TOKEN" "says how to authenticate"
assert_not_contains "$ERR$OUT" "$token" "output"
assert_contains "$ERR" "access_token=REDACTED" "secrets in the URL are redacted"
log '?clear=1' >/dev/null

step "the right token via MOTCUA_TOKEN"
MOTCUA_TOKEN="$token" assert_exit 0 motcua catalog import "$BASE_URL/auth/other.json" --as-of 2018-02-01 --partial --format json -v
jq_eq "$OUT" '[.read,.inserted]' '[1,1]' "authorised import"
assert_not_contains "$ERR$OUT" "$token" "output"
assert_contains "$(log '?clear=1')" "GET /auth/other.json auth=yes" "the token was sent"

step "the right token via --token-file"
printf '%s\n' "$token" >"$TEST_TMP/token"
chmod 600 "$TEST_TMP/token"
assert_exit 0 motcua catalog import "$BASE_URL/auth/cat.json" --token-file "$TEST_TMP/token" --as-of 2018-03-01 --max-withdraw 100% --format json -v
jq_eq "$OUT" '[.read,.unchanged,.withdrawn]' '[2,2,1]' "import with --token-file"
assert_not_contains "$ERR$OUT" "$token" "output"
assert_exit 2 motcua catalog import "$BASE_URL/auth/cat.json" --token-file "$TEST_TMP/no-token-here"
assert_contains "$ERR" "--token-file" "names the option"
assert_exit 0 motcua catalog list --as-of 2018-03-01 --format json
jq_eq "$OUT" '[.[].code]' '["C1","C2"]' "catalog after the token-file import"

step "the import log and the cache stay consistent"
assert_exit 0 motcua db check

echo "ok: $TEST_NAME"
