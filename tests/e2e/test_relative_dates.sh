#!/usr/bin/env bash
# Dates relative to today (today, yesterday, -7d, -1m; --period this-month ... last-year), resolved
# in UTC+7 against MOTCUA_TODAY when set; the resolved dates are told in the summary line and kept
# in a snapshot's params.json.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

assert_exit 0 motcua sample --out "$TEST_TMP/s" --procedures 40 --dossiers 400
assert_exit 0 motcua catalog import "$TEST_TMP/s/catalog.csv" --as-of 2016-01-01 -q
assert_exit 3 motcua dossiers migrate "$TEST_TMP/s/dossiers.ndjson" -q --rejects "$TEST_TMP/rejects.csv"

step "--from -1m --to yesterday lists exactly what the dates list"
assert_exit 0 motcua dossiers list --from 2018-06-01 --to 2018-06-30 --format csv --limit 100000
want=$OUT
[[ $(wc -l <<<"$want") -gt 2 ]] || fail "the sample has no June 2018 dossiers: $want"
assert_exit 0 env MOTCUA_TODAY=2018-07-01 "$MOTCUA" dossiers list --from -1m --to yesterday --format csv --limit 100000
assert_eq "$want" "$OUT" "dossiers list with relative dates"
assert_contains "$ERR" "dates: -1m = 2018-06-01, yesterday = 2018-06-30"

step "-7d and today"
assert_exit 0 env MOTCUA_TODAY=2018-06-08 "$MOTCUA" dossiers list --from -7d --to today --format csv --limit 100000
assert_contains "$ERR" "-7d = 2018-06-01, today = 2018-06-08"
assert_exit 0 motcua dossiers list --from 2018-06-01 --to 2018-06-08 --format csv --limit 100000
assert_eq "$OUT" "$(env MOTCUA_TODAY=2018-06-08 "$MOTCUA" dossiers list --from -7d --to today --format csv --limit 100000 2>/dev/null)"

step "--period last-month is the month before MOTCUA_TODAY"
assert_exit 0 motcua stats export --period 2018-06 --format json
want=$OUT
assert_exit 0 env MOTCUA_TODAY=2018-07-15 "$MOTCUA" stats export --period last-month --format json
assert_eq "$want" "$OUT" "stats for last-month"
assert_contains "$ERR" "last-month = 2018-06"
assert_exit 0 env MOTCUA_TODAY=2018-10-02 "$MOTCUA" stats export --period last-quarter --format json
assert_eq "$(motcua stats export --period 2018-Q3 --format json)" "$OUT" "stats for last-quarter"
assert_exit 0 env MOTCUA_TODAY=2019-03-02 "$MOTCUA" stats export --period last-year --compare -1y..-1y --format json
assert_contains "$ERR" "last-year = 2018"

step "audit --as-of today: the snapshot's params.json holds the resolved date"
assert_exit 0 env MOTCUA_TODAY=2018-12-31 "$MOTCUA" audit deadlines --as-of today --from -6m --snapshot "$TEST_TMP/snap"
jq_eq "$(cat "$TEST_TMP/snap/params.json")" '[.request.as_of // .as_of, .request.from // .from]' '["2018-12-31T23:59:59+07:00","2018-06-30"]'
assert_contains "$ERR" "today = 2018-12-31, -6m = 2018-06-30"

step "calendar due --from yesterday"
assert_exit 0 env MOTCUA_TODAY=2018-02-14 "$MOTCUA" calendar due --from yesterday --calendar-days 1 --format json
assert_eq "$(motcua calendar due --from 2018-02-13 --calendar-days 1 --format json)" "$OUT"

step "a bad MOTCUA_TODAY or relative date is a usage error"
assert_exit 2 env MOTCUA_TODAY=soon "$MOTCUA" dossiers list --from yesterday
assert_contains "$ERR" "MOTCUA_TODAY=soon: expected a date YYYY-MM-DD"
assert_exit 2 motcua dossiers list --from tomorrow
assert_contains "$ERR" "or today, yesterday, -7d, -1m"
assert_exit 2 motcua stats export --period next-month
