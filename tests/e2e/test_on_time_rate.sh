#!/usr/bin/env bash
# audit deadlines and stats export publish one on-time rate for one cache: both divide early + on time
# by every resolved dossier, judged or not (a dossier of an unknown procedure counts against the rate).
. "$(dirname "$0")/lib.sh"

step "one on-time dossier and one resolved dossier of a procedure the catalog does not know"
cat >"$TEST_TMP/cat.json" <<'JSON'
[{"code": "P1", "name": "Thủ tục một", "agency_code": "A1", "processing_time": 1, "level": 4}]
JSON
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json" --as-of 2018-01-01
cat >"$TEST_TMP/d.ndjson" <<'JSON'
{"code":"ON-TIME","procedure_code":"P1","agency_code":"A1","channel":"online","status":"resolved","received_at":"2018-03-05T07:00","resolved_at":"2018-03-05T16:00"}
{"code":"UNKNOWN","procedure_code":"NOPE","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-05T10:00"}
JSON
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.ndjson"

step "audit deadlines: the rate counts the unjudged dossier, and the summary says how many there are"
AUDIT="$("$MOTCUA" audit deadlines --as-of 2018-12-31 --format json)" || fail "audit deadlines failed"
jq_eq "$AUDIT" '.total.on_time_rate' '0.5'
jq_eq "$AUDIT" '[.total.resolved, .total.resolved_not_judged]' '[2,1]'
jq_eq "$AUDIT" '.agencies[0].resolved_not_judged' '1'
TABLE="$("$MOTCUA" audit deadlines --as-of 2018-12-31)" || fail "audit deadlines (table) failed"
assert_contains "$TABLE" "NOT JUDGED" "audit table header"
assert_contains "$TABLE" "50.0%" "audit table rate"

step "stats export: the same figure for the same cache and period"
STATS="$("$MOTCUA" stats export --period 2018 --format json)" || fail "stats export failed"
jq_eq "$STATS" '.metrics.on_time_rate' '0.5'
assert_eq "$(jq -c '.total.on_time_rate' <<<"$AUDIT")" "$(jq -c '.metrics.on_time_rate' <<<"$STATS")" "audit and stats on-time rate"

echo "PASS"
