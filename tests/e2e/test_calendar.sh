#!/usr/bin/env bash
# calendar show / due / import through the real binary.
. "$(dirname "$0")/lib.sh"

step "the worked examples of motcua-deadlines(7)"
due() { assert_exit 0 motcua calendar due "$@"; echo "$OUT"; }
assert_eq "2018-03-05T17:00:00+07:00" "$(due --from 2018-03-05T07:00 --working-days 1)"
assert_eq "2018-03-05T17:00:00+07:00" "$(due --from 2018-03-05T11:45 --working-days 0.5)"
assert_eq "2018-03-12T17:00:00+07:00" "$(due --from 2018-03-10T09:00 --working-days 1)"
assert_eq "2018-02-21T15:00:00+07:00" "$(due --from 2018-02-09T15:00 --working-days 3)"
assert_eq "2018-03-09T08:00:00+07:00" "$(due --from 2018-03-05T08:00 --working-days 2 --pause 2018-03-06T10:00..2018-03-08T10:00)"
assert_eq "2018-03-05T13:30:00+07:00" "$(due --from 2018-03-05T08:00 --working-hours 4)"
assert_exit 0 motcua calendar due --from 2018-03-05T08:00+07:00 --calendar-days 30 --format json
jq_eq "$OUT" '.' '{"from":"2018-03-05T08:00:00+07:00","due":"2018-04-04T17:00:00+07:00"}'
assert_exit 0 motcua calendar due --from 2018-03-05T08:00 --working-days 2 --pause 2018-03-06T10:00..
assert_contains "$OUT" "never"
assert_no_store # reading commands never create the cache

step "usage errors"
assert_exit 2 motcua calendar due --from 2018-03-05T08:00
assert_exit 2 motcua calendar due --from 2018-03-05T08:00 --working-days 1 --working-hours 2
assert_exit 2 motcua calendar due --from tomorrow --working-days 1
assert_exit 2 motcua calendar due --from 2018-03-05T08:00 --working-days 1 --pause 2018-03-06

step "calendar show 2018: Tết, compensation, working days per month"
assert_exit 0 motcua calendar show 2018 --format json
jq_eq "$OUT" '.year' '2018'
jq_eq "$OUT" '[.days[] | select(.date >= "2018-02-14" and .date <= "2018-02-20") | .type] | unique' '["holiday"]'
jq_eq "$OUT" '[.days[] | select(.date == "2018-09-03") | .type]' '["compensatory"]'
jq_eq "$OUT" '.working_days["2018-03"]' '22'
jq_eq "$OUT" '.working_days | length' '12'
assert_exit 0 motcua calendar show 2018
assert_contains "$OUT" "Tết Nguyên Đán"
assert_contains "$OUT" "Giỗ Tổ Hùng Vương"

step "calendar import overrides day by day; importing twice changes nothing"
cat >"$TEST_TMP/cal.json" <<'JSON'
{"name": "test", "days": [
  {"date": "2018-03-06", "type": "holiday", "name": "Nghỉ đột xuất"},
  {"date": "2018-03-10", "type": "workday", "name": "Làm bù"}]}
JSON
assert_exit 0 motcua calendar import "$TEST_TMP/cal.json" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged,.rejected]' '[2,2,0,0,0]'
e2e_sqlite && assert_file_mode 600 "$MOTCUA_DB"
assert_exit 0 motcua calendar import "$TEST_TMP/cal.json" --format json
jq_eq "$OUT" '[.read,.inserted,.updated,.unchanged]' '[2,0,0,2]'
assert_eq "2018-03-07T17:00:00+07:00" "$(due --from 2018-03-06T07:00 --working-days 1)"
assert_eq "2018-03-10T17:00:00+07:00" "$(due --from 2018-03-09T17:00 --working-days 1)"
assert_exit 0 motcua calendar show 2018 --format json
jq_eq "$OUT" '[.days[] | select(.date == "2018-03-10") | .type]' '["workday"]'

step "bad calendar files: exit 4 naming the entry, nothing imported"
before="$(e2e_sql 'SELECT * FROM calendar_days ORDER BY date')"
printf '{"days":[{"date":"2018-02-30","type":"holiday","name":"x"}]}' >"$TEST_TMP/bad1.json"
assert_exit 4 motcua calendar import "$TEST_TMP/bad1.json"
assert_contains "$ERR" "2018-02-30"
printf '{"work_hours":{"mon":["08:00-12:00","11:00-17:00"]},"days":[]}' >"$TEST_TMP/bad2.json"
assert_exit 4 motcua calendar import "$TEST_TMP/bad2.json"
assert_contains "$ERR" "mon"
printf '{"work_hours":{"tue":["17:00-08:00"]},"days":[]}' >"$TEST_TMP/bad3.json"
assert_exit 4 motcua calendar import "$TEST_TMP/bad3.json"
assert_contains "$ERR" "17:00-08:00"
printf '{"days":[{"date":"2018-04-02","type":"holiday","name":"ok"},{"date":"2018-04-03","type":"vacation","name":"x"}]}' >"$TEST_TMP/bad4.json"
assert_exit 4 motcua calendar import "$TEST_TMP/bad4.json"
assert_contains "$ERR" "vacation"
assert_exit 4 motcua calendar import "$TEST_TMP/missing.json"
assert_eq "$before" "$(e2e_sql 'SELECT * FROM calendar_days ORDER BY date')" "calendar days after bad imports"
