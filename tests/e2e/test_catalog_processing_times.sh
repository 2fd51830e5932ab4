#!/usr/bin/env bash
# National THOIGIAN entries per channel (MOTA names the channel, else KENH) and months ("Tháng"), from
# tests/data/national/catalog-thoigian.json: a dossier is judged by its channel's entry, else the longest;
# a due time in months counts calendar months, then moves off a day off (motcua-deadlines(7)).
. "$(dirname "$0")/lib.sh"

N="$MOTCUA_SOURCE_DIR/tests/data/national"

step "every entry is kept, with its channel; months are a unit"
assert_exit 0 motcua catalog import "$N/catalog-thoigian.json" --as-of 2024-01-01 --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[2,2,0]'
assert_exit 0 motcua catalog show 1.000201 --as-of 2024-01-01 --format json
jq_eq "$OUT" '[.processing_time, .processing_unit, .fee]' '[3,"working_days",20000]' "headline: the online channel"
jq_eq "$OUT" '[.processing_times[] | [.time, .unit, .channel]]' \
  '[[5,"working_days","direct"],[7,"working_days","postal"],[3,"working_days","online"]]' "all entries, MOTA first"
jq_eq "$OUT" '.processing_times[1].description' '"Trường hợp gửi hồ sơ qua dịch vụ BƯU CHÍNH công ích"'
assert_exit 0 motcua catalog show 1.000202 --as-of 2024-01-01 --format json
jq_eq "$OUT" '[.processing_time, .processing_unit, has("processing_times")]' '[1,"months",false]' "months"
assert_exit 0 motcua catalog list --as-of 2024-01-01 --format csv
assert_contains "$OUT" "processing_times" "CSV header"
assert_contains "$OUT" '""channel"":""postal""' "CSV cell holds the entries"

step "the list survives a re-import unchanged (stored whole in the cache)"
assert_exit 0 motcua catalog import "$N/catalog-thoigian.json" --as-of 2024-01-01 --format json
jq_eq "$OUT" '[.inserted,.updated,.unchanged]' '[0,0,2]'

step "a dossier is judged by its channel's processing time"
cat >"$TEST_TMP/d.ndjson" <<'JSON'
{"code":"ON","procedure_code":"1.000201","channel":"online","status":"processing","received_at":"2024-03-04T07:30"}
{"code":"DI","procedure_code":"1.000201","channel":"direct","status":"processing","received_at":"2024-03-04T07:30"}
{"code":"PO","procedure_code":"1.000201","channel":"postal","status":"processing","received_at":"2024-03-04T07:30"}
{"code":"M-CLAMP","procedure_code":"1.000202","channel":"direct","status":"processing","received_at":"2024-01-31T09:00"}
{"code":"M-SUNDAY","procedure_code":"1.000202","channel":"online","status":"processing","received_at":"2024-05-30T09:00"}
{"code":"M-HOLIDAY","procedure_code":"1.000202","channel":"postal","status":"processing","received_at":"2025-03-31T09:00"}
JSON
assert_exit 0 motcua dossiers migrate "$TEST_TMP/d.ndjson"
due_of() { jq -r --arg c "$1" 'select(.code == $c) | .legal_due_at' <<<"$DETAILS"; }
assert_exit 0 motcua audit deadlines --as-of 2025-12-31T00:00 --details --format ndjson
DETAILS="$OUT"
assert_eq "2024-03-06T17:00:00+07:00" "$(due_of ON)" "online: 3 working days"
assert_eq "2024-03-08T17:00:00+07:00" "$(due_of DI)" "direct: 5 working days"
assert_eq "2024-03-12T17:00:00+07:00" "$(due_of PO)" "postal: 7 working days (named by MOTA under KENH 1)"

step "a due time in months: same day of the month, clamped, then the next working day"
assert_eq "2024-02-29T17:00:00+07:00" "$(due_of M-CLAMP)" "31 Jan + 1 month: 29 Feb"
assert_eq "2024-07-01T17:00:00+07:00" "$(due_of M-SUNDAY)" "30 Jun 2024 is a Sunday"
assert_eq "2025-05-05T17:00:00+07:00" "$(due_of M-HOLIDAY)" "30 Apr-4 May 2025 are days off"

step "the canonical form takes the entries back (JSON and CSV)"
assert_exit 0 motcua catalog list --as-of 2024-01-01 --format json
jq '[.[] | .code |= "C" + .]' <<<"$OUT" >"$TEST_TMP/canon.json"
assert_exit 0 motcua catalog import "$TEST_TMP/canon.json" --partial --as-of 2024-02-01 --format json
jq_eq "$OUT" '[.inserted,.rejected]' '[2,0]'
assert_exit 0 motcua catalog show C1.000201 --as-of 2024-02-01 --format json
jq_eq "$OUT" '.processing_times | length' '3' "round trip"
printf '%s\n' 'code,name,processing_time,processing_times' \
  'X1,Một,3,"[{""time"":2,""unit"":""months"",""channel"":""online""}]"' \
  'X2,Hai,3,"[{""time"":2,""unit"":""weeks""}]"' >"$TEST_TMP/c.csv"
assert_exit 3 motcua catalog import "$TEST_TMP/c.csv" --partial --as-of 2024-02-01 --format json
jq_eq "$OUT" '[.inserted,.rejected]' '[1,1]'
assert_contains "$ERR" "processing_times" "the reject names the field"

step "calendar due --months: the same rule from the command line"
assert_exit 0 motcua calendar due --from 2024-01-31T09:00 --months 1 --format json
jq_eq "$OUT" '.due' '"2024-02-29T17:00:00+07:00"'
assert_exit 0 motcua calendar due --from 2025-03-31T09:00 --months 1 --format json
jq_eq "$OUT" '.due' '"2025-05-05T17:00:00+07:00"'
assert_exit 2 motcua calendar due --from 2025-03-31T09:00 --months 1 --calendar-days 3
assert_exit 2 motcua calendar due --from 2025-03-31T09:00 --months 0
