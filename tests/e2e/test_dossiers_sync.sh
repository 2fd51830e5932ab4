#!/usr/bin/env bash
# Incremental sync: `dossiers migrate URL --since last|DATE [--until DATE]` against a local paged
# server serving dossiers by time window. The first run needs --since; the watermark is kept per
# source (db info lists it), advanced only by a run that commits in full, so the second run
# fetches only new dossiers and a failed run leaves it; --since-format compact; the cap on the
# bytes of one source stops an endless server (exit 5).
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_TIMEOUT_MS=3000
export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=1000
export MOTCUA_HTTP_RETRIES=0
export MOTCUA_HTTP_BACKOFF_MS=50

W="$TEST_TMP/www"
mkdir -p "$W"
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"direct","status":"received","received_at":"%s"}\n' "$1" "$2"; }
{ canon A1 2018-04-01T08:00; canon A2 2018-04-01T09:00; canon A3 2018-04-02T08:00; } >"$W/feed.ndjson"
start_server "$W"
URL="$BASE_URL/window/feed.ndjson?since={since}&until={until}"
log() { curl -s "$BASE_URL/log"; }

step "a {since} URL without --since, and --since on a file, are usage errors"
assert_exit 2 motcua dossiers migrate "$URL"
assert_contains "$ERR" "--since"
assert_exit 2 motcua dossiers migrate "$W/feed.ndjson" --since 2018-04-01
assert_contains "$ERR" "{since}"

step "the first run without a watermark needs --since DATE (exit 2), nothing fetched"
curl -s "$BASE_URL/log?clear=1" >/dev/null
assert_exit 2 motcua dossiers migrate "$URL" --since last
assert_contains "$ERR" "no watermark yet for $BASE_URL/window/feed.ndjson?since={since}&until={until}"
assert_contains "$ERR" "--since DATE"
assert_eq "" "$(log)" "requests made without a watermark"

step "first run: --since DATE --until DATE fetches the window page by page and sets the watermark"
assert_exit 0 motcua dossiers migrate "$URL" --since 2018-04-01 --until 2018-04-03 --format json
jq_eq "$OUT" '[.read,.inserted]' '[3,3]'
assert_contains "$(log)" "since=2018-04-01T00:00:00+07:00&until=2018-04-03T00:00:00+07:00" "ISO placeholders (decoded by the server)"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.watermarks' '{"'"$BASE_URL"'/window/feed.ndjson?since={since}&until={until}":"2018-04-03T00:00:00+07:00"}'
assert_exit 0 motcua db info
assert_contains "$OUT" "2018-04-03T00:00:00+07:00" "db info table lists the watermark"

step "new dossiers arrive; --since last fetches only them and moves the watermark to now"
{ canon B1 2018-04-03T08:00; canon B2 2018-04-04T10:00; } >>"$W/feed.ndjson"
curl -s "$BASE_URL/log?clear=1" >/dev/null
assert_exit 0 motcua dossiers migrate "$URL" --since last --format json
jq_eq "$OUT" '[.read,.inserted,.unchanged]' '[2,2,0]' "the second run reads only the new dossiers"
assert_contains "$(log)" "since=2018-04-03T00:00:00+07:00" "the second run starts at the watermark"
assert_exit 0 motcua db info --format json
mark="$(jq -r '.watermarks[]' <<<"$OUT")"
[[ "$mark" > "2020-" ]] || fail "the watermark did not move to the run's until (now): $mark"
assert_exit 0 motcua dossiers list --format json
jq_eq "$OUT" '[.[].code]' '["A1","A2","A3","B1","B2"]'

step "a failed run (server gone) leaves the watermark where it was"
before="$(motcua db info --format json | jq -c .watermarks)"
assert_exit 5 motcua dossiers migrate "http://127.0.0.1:1/window/feed.ndjson?since={since}&until={until}" --since 2018-01-01
assert_exit 5 motcua dossiers migrate "$BASE_URL/window/missing.ndjson?since={since}&until={until}" --since 2018-01-01
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.watermarks | length' '1' "a failed first run sets no watermark"
assert_eq "$before" "$(jq -c .watermarks <<<"$OUT")" "watermarks after failed runs"

step "a run stopped by --max-rejects (exit 4) leaves the watermark too"
C_URL="$BASE_URL/window/feed.ndjson?from={since}&to={until}&fmt=c"
{ canon C1 2018-05-01T08:00; printf '{"code":"C2","procedure_code":"2.001","channel":"fax","status":"received","received_at":"2018-05-01T09:00"}\n'; } >>"$W/feed.ndjson"
assert_exit 4 motcua dossiers migrate "$C_URL" --since 2018-05-01 --until 2018-05-02 --max-rejects 0
assert_contains "$ERR" "past --max-rejects 0"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.watermarks | length' '1' "a refused run sets no watermark"
assert_exit 4 motcua dossiers show C1

step "--since-format compact writes yyyyMMddHHmmss (URL-encoded either way)"
curl -s "$BASE_URL/log?clear=1" >/dev/null
assert_exit 3 motcua dossiers migrate "$C_URL" --since 2018-05-01T07:30 --until 2018-05-02 --since-format compact \
  --rejects "$TEST_TMP/rej.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[2,1,1]'
assert_contains "$(log)" "from=20180501073000&to=20180502000000"
assert_exit 0 motcua db info --format json
jq_eq "$OUT" '.watermarks | length' '2' "a run with rejects (exit 3) commits in full and sets its watermark"

step "--until in the future, or an empty window, is a usage error"
assert_exit 2 motcua dossiers migrate "$URL" --since 2018-04-01 --until 2999-01-01
assert_contains "$ERR" "future"
assert_exit 2 motcua dossiers migrate "$URL" --since 2018-04-02 --until 2018-04-02
assert_contains "$ERR" "empty"

step "a server that pages for ever stops at MOTCUA_HTTP_MAX_SOURCE_MB (exit 5), nothing imported"
head -c 300000 /dev/zero | tr '\0' ' ' >"$W/pad.ndjson"
canon E1 2018-06-01T08:00 >>"$W/pad.ndjson"
MOTCUA_HTTP_MAX_SOURCE_MB=1 assert_exit 5 motcua dossiers migrate "$BASE_URL/endless/pad.ndjson"
assert_contains "$ERR" "exceed 1048576 bytes in all (MOTCUA_HTTP_MAX_SOURCE_MB)"
assert_contains "$ERR" "nothing was imported"
assert_exit 4 motcua dossiers show E1
echo "ok"
