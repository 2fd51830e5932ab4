#!/usr/bin/env bash
# dossiers migrate from http:// sources against the local test server: paged national sync
# JSON (JSON "next" and Link headers), NDJSON pages, bearer tokens from --token-file, and a
# failed page that fails the whole migration without changing the cache (exit 5).
. "$(dirname "$0")/lib.sh"

export MOTCUA_HTTP_TIMEOUT_MS=1500
export MOTCUA_HTTP_CONNECT_TIMEOUT_MS=1000
export MOTCUA_HTTP_RETRIES=1
export MOTCUA_HTTP_BACKOFF_MS=50

W="$TEST_TMP/www"
mkdir -p "$W"
sync() { printf '{"MaHoSo":"%s","MaTTHC":"1.007062","DonViXuLy":"000.00.26.H15","KenhThucHien":"%s","TrangThaiHoSo":"4","NgayTiepNhan":"%s"}' "$1" "$2" "$3"; }
canon() { printf '{"code":"%s","procedure_code":"2.001","channel":"direct","status":"received","received_at":"%s"}\n' "$1" "$2"; }

printf '{"service":"DongBoHoSoMC","data":[%s,%s],"next":"/paged/nx?page=2"}' \
  "$(sync S1 1 20180301080000)" "$(sync S2 2 20180302080000)" >"$W/nx.page1.json"
printf '{"service":"DongBoHoSoMC","data":[%s],"next":null}' "$(sync S3 9 20180303080000)" >"$W/nx.page2.json"
{ canon N1 2018-04-01T08:00; canon N2 2018-04-02T08:00; } >"$W/lk.page1.json"
canon N3 2018-04-03T08:00 >"$W/lk.page2.json"
: >"$W/lk.link"
printf '{"data":[%s],"next":"/status/500"}' "$(sync B1 1 20180301080000)" >"$W/bad.page1.json"
canon T1 2018-05-01T08:00 >"$W/private.ndjson"
token="tok-$RANDOM-s3cr3t-$RANDOM"
printf '%s\n' "$token" >"$W/.token"
printf '%s\n' "$token" >"$TEST_TMP/token"
chmod 600 "$TEST_TMP/token"

start_server "$W"

step "national sync JSON paged by a JSON next member; a bad record is rejected, naming its page"
assert_exit 3 motcua dossiers migrate "$BASE_URL/paged/nx" --rejects "$TEST_TMP/rej.csv" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[3,2,0,0,1]'
assert_contains "$(cat "$TEST_TMP/rej.csv")" "/paged/nx?page=2\",\"record 1\",\"field 'KenhThucHien'" "reject names the page URL"

step "NDJSON pages followed by Link headers"
assert_exit 0 motcua dossiers migrate "$BASE_URL/paged/lk" --format json
jq_eq "$OUT" '[.read,.inserted]' '[3,3]'
assert_exit 0 motcua dossiers migrate "$BASE_URL/paged/lk" --format json
jq_eq "$OUT" '[.read,.unchanged]' '[3,3]' "re-run over HTTP changes nothing"

step "a failed page fails the whole migration and changes nothing (exit 5)"
before="$("$MOTCUA" dossiers export)"
assert_exit 5 motcua dossiers migrate "$BASE_URL/paged/bad"
assert_contains "$ERR" "500"
assert_contains "$ERR" "nothing was imported"
assert_eq "$before" "$("$MOTCUA" dossiers export)" "cache after a failed page"
assert_exit 4 motcua dossiers show B1

step "bearer token from --token-file, never printed"
assert_exit 5 motcua dossiers migrate "$BASE_URL/auth/private.ndjson"
assert_contains "$ERR" "401"
assert_exit 0 motcua dossiers migrate "$BASE_URL/auth/private.ndjson" --token-file "$TEST_TMP/token" -v --format json
jq_eq "$OUT" '.inserted' '1'
assert_not_contains "$OUT$ERR" "$token" "the token is never printed"
echo "ok"
