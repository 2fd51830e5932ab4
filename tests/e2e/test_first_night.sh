#!/usr/bin/env bash
# First night: a catalog imported without --as-of (today) leaves every older dossier without a
# procedure. audit and stats count those dossiers apart, warn with the count and the fix, and
# carry the count in their JSON; re-importing with --as-of makes the count 0 and the warning go.
. "$(dirname "$0")/lib.sh"

step "catalog imported without --as-of (as of today), dossiers received in 2018"
cat >"$TEST_TMP/cat.json" <<'JSON'
[{"code": "P1", "name": "Thủ tục một", "agency_code": "A1", "processing_time": 3, "level": 4}]
JSON
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json"
cat >"$TEST_TMP/d.ndjson" <<'JSON'
{"code":"D1","procedure_code":"P1","agency_code":"A1","channel":"online","status":"resolved","received_at":"2018-03-05T07:00","resolved_at":"2018-03-06T10:00"}
{"code":"D2","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-05-07T08:00","resolved_at":"2018-05-08T10:00"}
{"code":"D3","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-09-03T08:00","resolved_at":"2018-09-04T10:00"}
JSON
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.ndjson"

step "audit: warning with the count and the fix, JSON carries the count"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --format json
jq_eq "$OUT" '.before_first_catalog' '3'
jq_eq "$OUT" '.total.findings.unknown_procedure' '3'
assert_contains "$ERR" "warning: 3 dossiers were received before the first catalog snapshot"
assert_contains "$ERR" "catalog import FILE --as-of DATE"

step "audit --details: the same warning (the summary is not printed, the count still is)"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --details --format ndjson
assert_contains "$ERR" "warning: 3 dossiers were received before the first catalog snapshot"

step "stats export --period 2018: warning, JSON carries the count"
assert_exit 0 motcua stats export --period 2018 --format json
jq_eq "$OUT" '.before_first_catalog' '3'
jq_eq "$OUT" '.metrics.procedures_total' '0'
assert_contains "$ERR" "warning: 3 dossiers were received before the first catalog snapshot"
assert_contains "$ERR" "catalog import FILE --as-of DATE"

step "--quiet silences the warning (the convention of every warning), not the JSON count"
assert_exit 0 motcua -q stats export --period 2018 --format json
jq_eq "$OUT" '.before_first_catalog' '3'
assert_eq "" "$ERR" "stderr with --quiet"

step "re-imported as of 2017-01-01: count 0, no warning"
assert_exit 0 motcua catalog import "$TEST_TMP/cat.json" --as-of 2017-01-01
assert_exit 0 motcua audit deadlines --as-of 2018-12-31 --format json
jq_eq "$OUT" '.before_first_catalog' '0'
jq_eq "$OUT" '.total.findings.unknown_procedure' '0'
assert_not_contains "$ERR" "first catalog snapshot"
assert_exit 0 motcua stats export --period 2018 --format json
jq_eq "$OUT" '.before_first_catalog' '0'
jq_eq "$OUT" '.metrics.procedures_total' '1'
assert_not_contains "$ERR" "first catalog snapshot"
echo "ok"
