#!/usr/bin/env bash
# audit deadlines / audit verify through the real binary, on crafted dossiers.
. "$(dirname "$0")/lib.sh"

step "catalog history: P1 is 1 working day until 2018-06-30, then 3; P2 is 2 working days"
cat >"$TEST_TMP/cat1.json" <<'JSON'
[{"code": "P1", "name": "Thủ tục một", "agency_code": "A1", "processing_time": 1, "level": 4},
 {"code": "P2", "name": "Thủ tục hai", "agency_code": "A2", "processing_time": 2, "level": 3},
 {"code": "PC", "name": "Thủ tục ngày lịch", "agency_code": "A2", "processing_time": 30, "processing_unit": "calendar_days"}]
JSON
cat >"$TEST_TMP/cat2.json" <<'JSON'
[{"code": "P1", "name": "Thủ tục một", "agency_code": "A1", "processing_time": 3, "level": 4},
 {"code": "P2", "name": "Thủ tục hai", "agency_code": "A2", "processing_time": 2, "level": 3},
 {"code": "PC", "name": "Thủ tục ngày lịch", "agency_code": "A2", "processing_time": 30, "processing_unit": "calendar_days"}]
JSON
assert_exit 0 motcua catalog import "$TEST_TMP/cat1.json" --as-of 2018-01-01
assert_exit 0 motcua catalog import "$TEST_TMP/cat2.json" --as-of 2018-07-01

step "crafted dossiers"
cat >"$TEST_TMP/d.ndjson" <<'JSON'
{"code":"ONTIME-1659","procedure_code":"P1","agency_code":"A1","channel":"online","status":"resolved","received_at":"2018-03-05T07:00","resolved_at":"2018-03-05T16:59"}
{"code":"ONTIME-1701","procedure_code":"P1","agency_code":"A1","channel":"online","status":"resolved","received_at":"2018-03-05T07:00","resolved_at":"2018-03-05T17:01"}
{"code":"LATE-NEXTDAY","applicant_name":"Nguyễn Văn An","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"returned","received_at":"2018-03-05T07:00","resolved_at":"2018-03-06T08:00","returned_at":"2018-03-06T09:00"}
{"code":"LATE-APOLOGY","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"returned","received_at":"2018-03-05T07:00","resolved_at":"2018-03-07T08:00","returned_at":"2018-03-07T09:00","extensions":[{"apology_at":"2018-03-05","new_due_at":"2018-03-07","reason":"phức tạp"}]}
{"code":"EARLY-HOLIDAY","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-02-16T09:00","resolved_at":"2018-02-21T16:00","due_at":"2018-02-23"}
{"code":"PAUSE-TET","procedure_code":"P2","agency_code":"A2","channel":"online","status":"resolved","received_at":"2018-02-12T08:00","resolved_at":"2018-02-23T07:45","pauses":[{"from":"2018-02-13T08:00","to":"2018-02-22T08:00","reason":"bổ sung"}]}
{"code":"OPEN-PAUSE","procedure_code":"P2","agency_code":"A2","channel":"online","status":"supplementing","received_at":"2018-03-05T08:00","pauses":[{"from":"2018-03-06T08:00","to":null,"reason":"bổ sung"}]}
{"code":"OVERDUE","procedure_code":"P2","agency_code":"A2","channel":"direct","status":"processing","received_at":"2018-03-05T08:00"}
{"code":"CHANGED-PROC","procedure_code":"P1","agency_code":"A1","channel":"direct","status":"resolved","received_at":"2018-07-02T08:00","resolved_at":"2018-07-04T10:00"}
{"code":"UNKNOWN","procedure_code":"NOPE","agency_code":"A2","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-05T10:00"}
{"code":"INVALID","procedure_code":"P2","agency_code":"A2","channel":"direct","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-03-04T10:00"}
{"code":"WITHDRAWN","procedure_code":"P2","agency_code":"A2","channel":"direct","status":"withdrawn","received_at":"2018-03-05T08:00"}
{"code":"CAL30","procedure_code":"PC","agency_code":"A2","channel":"postal","status":"resolved","received_at":"2018-03-05T08:00","resolved_at":"2018-04-04T16:00"}
JSON
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.ndjson"

state_of() { jq -r --arg c "$1" 'select(.code == $c) | .state' <<<"$DETAILS"; }
findings_of() { jq -c --arg c "$1" 'select(.code == $c) | .findings' <<<"$DETAILS"; }
due_of() { jq -r --arg c "$1" 'select(.code == $c) | .legal_due_at' <<<"$DETAILS"; }

step "states and findings as of 2018-12-31"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --details --format ndjson
DETAILS="$OUT"
assert_eq on_time "$(state_of ONTIME-1659)"
assert_eq on_time "$(state_of ONTIME-1701)"
assert_eq late "$(state_of LATE-NEXTDAY)"
assert_eq '["late_without_apology"]' "$(findings_of LATE-NEXTDAY)"
assert_eq late "$(state_of LATE-APOLOGY)"
assert_eq '[]' "$(findings_of LATE-APOLOGY)"
assert_eq "2018-02-21T17:00:00+07:00" "$(due_of EARLY-HOLIDAY)"
assert_eq on_time "$(state_of EARLY-HOLIDAY)"
assert_eq '["recorded_due_after_legal_due"]' "$(findings_of EARLY-HOLIDAY)"
assert_eq "2018-02-23T08:00:00+07:00" "$(due_of PAUSE-TET)"
assert_eq on_time "$(state_of PAUSE-TET)"
assert_eq paused "$(state_of OPEN-PAUSE)"
assert_eq null "$(due_of OPEN-PAUSE)"
assert_eq overdue "$(state_of OVERDUE)"
assert_eq "2018-07-05T08:00:00+07:00" "$(due_of CHANGED-PROC)" # 3 working days: the July snapshot
assert_eq early "$(state_of CHANGED-PROC)"
assert_eq unknown "$(state_of UNKNOWN)"
assert_eq '["unknown_procedure"]' "$(findings_of UNKNOWN)"
assert_eq invalid "$(state_of INVALID)"
assert_contains "$(findings_of INVALID)" resolved_before_received
assert_eq excluded "$(state_of WITHDRAWN)"
assert_eq "2018-04-04T17:00:00+07:00" "$(due_of CAL30)"
assert_eq on_time "$(state_of CAL30)"

step "as-of in the past: later resolutions are not yet resolved"
assert_exit 0 motcua audit deadlines --as-of 2018-03-05T12:00 --details --format ndjson
DETAILS="$OUT"
assert_eq due_soon "$(state_of ONTIME-1659)"
assert_eq pending "$(state_of OVERDUE)"
assert_eq "" "$(state_of CHANGED-PROC)" # not yet received

step "summary JSON shape and per-agency counts"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --format json
jq_eq "$OUT" '.as_of' '"2018-12-31T23:00:00+07:00"'
jq_eq "$OUT" '.total | [.early,.on_time,.late,.pending,.due_soon,.paused,.overdue,.excluded,.unknown,.invalid]' '[1,5,2,0,0,1,1,1,1,1]'
jq_eq "$OUT" '.total.findings.late_without_apology' '2'
jq_eq "$OUT" '[.agencies[].agency_code]' '["A1","A2"]'
jq_eq "$OUT" '.agencies[0].on_time_rate' '0.6667'
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --agency A1 --format json
jq_eq "$OUT" '.total.dossiers' '6'
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --from 2018-03-01 --to 2018-03-31 --format json
jq_eq "$OUT" '.total.dossiers' '10'
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00
assert_contains "$OUT" "total"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --findings-only --format csv
assert_contains "$OUT" "LATE-NEXTDAY"
assert_not_contains "$OUT" "ONTIME-1659"

step "--fail-on-findings exits 10"
assert_exit 10 motcua audit deadlines --as-of 2018-12-31T23:00 --fail-on-findings -q
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --procedure PC --fail-on-findings -q

step "snapshots are byte-identical and verifiable"
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --snapshot "$TEST_TMP/snap1" -q
assert_exit 0 motcua audit deadlines --as-of 2018-12-31T23:00 --snapshot "$TEST_TMP/snap2" -q
diff -r "$TEST_TMP/snap1" "$TEST_TMP/snap2" || fail "two snapshots with the same parameters differ"
for f in summary.json dossiers.csv findings.csv params.json report.html MANIFEST.sha256; do assert_file_exists "$TEST_TMP/snap1/$f"; done
(cd "$TEST_TMP/snap1" && sha256sum -c --quiet MANIFEST.sha256) || fail "sha256sum -c rejects the manifest"
jq_eq "$(cat "$TEST_TMP/snap1/params.json")" '.as_of' '"2018-12-31T23:00:00+07:00"'
jq_eq "$(cat "$TEST_TMP/snap1/params.json")" '.calendar_sha256 | length' '64'
assert_not_contains "$(cat "$TEST_TMP/snap1/dossiers.csv")" "Nguyễn"
assert_exit 2 motcua audit deadlines --as-of 2018-12-31T23:00 --snapshot "$TEST_TMP/snap1"
assert_contains "$ERR" "not empty"
assert_exit 0 motcua audit verify "$TEST_TMP/snap1"

step "tamper detection: an edited byte, a deleted file, an added file"
cp -r "$TEST_TMP/snap1" "$TEST_TMP/t1"
sed -i '0,/on_time/s//late/' "$TEST_TMP/t1/summary.json"
assert_exit 4 motcua audit verify "$TEST_TMP/t1"
assert_contains "$OUT" "changed: summary.json"
cp -r "$TEST_TMP/snap1" "$TEST_TMP/t2"
rm "$TEST_TMP/t2/findings.csv"
assert_exit 4 motcua audit verify "$TEST_TMP/t2" --format json
jq_eq "$OUT" '.missing' '["findings.csv"]'
cp -r "$TEST_TMP/snap1" "$TEST_TMP/t3"
echo x >"$TEST_TMP/t3/notes.txt"
assert_exit 4 motcua audit verify "$TEST_TMP/t3"
assert_contains "$OUT" "extra: notes.txt"

step "a stored row motcua cannot read is a cache error (exit 7) naming the dossier and the column, never dropped"
# Valid JSON (db check's json_valid passes) that is not a list of pauses: the audit used to drop the pause silently.
e2e_sql "UPDATE dossiers SET pauses = '[{\"from\": \"not a date\", \"to\": null}]' WHERE code = 'PAUSE-TET'"
assert_exit 7 motcua audit deadlines --as-of 2018-12-31T23:00
assert_contains "$ERR" "dossier 'PAUSE-TET': column pauses holds a value motcua cannot read"
assert_eq "" "$OUT" "no summary is printed from a cache that cannot be read"
assert_exit 7 motcua dossiers show PAUSE-TET
assert_contains "$ERR" "column pauses"
e2e_sql "UPDATE dossiers SET pauses = NULL WHERE code = 'PAUSE-TET'; UPDATE dossiers SET status = 'lost' WHERE code = 'OVERDUE'"
assert_exit 7 motcua audit deadlines --as-of 2018-12-31T23:00 --details --format ndjson
assert_contains "$ERR" "dossier 'OVERDUE': column status holds a value motcua cannot read ('lost' is not a status)"
