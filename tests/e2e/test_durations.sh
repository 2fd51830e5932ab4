#!/usr/bin/env bash
# Durations are bounded (issue 11 item 13): every CLI duration is a finite number > 0 (or >= 0)
# and at most the catalog's cap of 100,000; anything else is a usage error (exit 2) whose
# message never echoes a huge number, and the due-time arithmetic never overflows.
. "$(dirname "$0")/lib.sh"

step "calendar due: out-of-range, NaN and inf durations are usage errors"
for args in "--working-days 999999999" "--calendar-days 2147483647" "--working-days nan" "--working-days 1e308" \
  "--working-hours inf" "--working-days -1" "--calendar-days 0" "--working-days 100001" \
  "--working-days 1$(printf '0%.0s' $(seq 1 308))"; do
  # shellcheck disable=SC2086
  assert_exit 2 motcua calendar due --from 2018-03-05T08:00 $args
  assert_contains "$ERR" "at most 100000" "'$args' names the bound"
  [[ ${#ERR} -lt 400 ]] || fail "'$args': the message is ${#ERR} characters long: ${ERR:0:400}"
  assert_eq "" "$OUT" "'$args' prints no due time"
done

step "the bound itself is accepted and gives a real date"
assert_exit 0 motcua calendar due --from 2018-03-05T08:00 --calendar-days 100000 --format json
jq_eq "$OUT" '.due | test("^22[0-9]{2}-")' 'true' "100000 calendar days later"
assert_exit 0 motcua calendar due --from 2018-03-05T08:00 --working-days 1.5 --format json
jq_eq "$OUT" '.due' '"2018-03-06T13:30:00+07:00"' "1.5 working days"

step "audit deadlines --due-soon: NaN, inf and huge values are usage errors"
for v in nan inf -1 1e308 100001; do
  assert_exit 2 motcua audit deadlines --due-soon "$v"
  assert_contains "$ERR" "--due-soon" "'$v'"
done

step "a catalog processing_time above the cap is rejected naming the cap"
cat >"$TEST_TMP/cat.json" <<'JSON'
[{"code": "K1", "name": "Một", "processing_time": 999999999}, {"code": "K2", "name": "Hai", "processing_time": 5}]
JSON
assert_exit 3 motcua catalog import "$TEST_TMP/cat.json" --as-of 2018-01-01
assert_contains "$ERR" "at most 100000" "the reject names the cap"
