#!/usr/bin/env bash
# The announced public-sector days off and make-up days of 2015, 2025 and 2026 through the real binary, and a
# holiday that is not built in (24 November, Vietnam Culture Day) added with `calendar import`.
. "$(dirname "$0")/lib.sh"

due() { assert_exit 0 motcua calendar due "$@"; echo "$OUT"; }
# "MM-DD type" of every listed day of `calendar show YEAR`.
listed() { assert_exit 0 motcua calendar show "$1" --format json; jq -c '[.days[] | "\(.date[5:]) \(.type)"]' <<<"$OUT"; }

step "2015: New Year 1–4 Jan (2 Jan made up 27 Dec 2014), Tết 15–23 Feb (16 Feb made up 14 Feb), 28 Apr–3 May"
assert_eq '["01-01 holiday","01-02 holiday","02-14 workday","02-15 holiday","02-16 holiday","02-17 holiday","02-18 holiday","02-19 holiday","02-20 holiday","02-21 holiday","02-22 holiday","02-23 holiday","04-25 workday","04-28 holiday","04-29 holiday","04-30 holiday","05-01 holiday","09-02 holiday"]' \
  "$(listed 2015)" "calendar show 2015"
assert_exit 0 motcua calendar show 2014 --format json
jq_eq "$OUT" '[.days[] | select(.date >= "2014-12-01") | "\(.date) \(.type)"]' '["2014-12-27 workday"]'
assert_eq "2014-12-27T17:00:00+07:00" "$(due --from 2014-12-26T17:00 --working-days 1)"
assert_eq "2015-01-05T17:00:00+07:00" "$(due --from 2014-12-31T17:00 --working-days 1)"
assert_eq "2015-02-24T17:00:00+07:00" "$(due --from 2015-02-14T17:00 --working-days 1)"
assert_eq "2015-02-25T17:00:00+07:00" "$(due --from 2015-02-24T17:00 --working-days 1)"  # 24 Feb works, 28 Feb does not
assert_eq "2015-03-02T17:00:00+07:00" "$(due --from 2015-02-27T17:00 --working-days 1)"
assert_eq "2015-05-04T17:00:00+07:00" "$(due --from 2015-04-27T17:00 --working-days 1)"

step "2025: Tết 25 Jan–2 Feb without make-up day, 2 May made up 26 Apr, National Day 30 Aug–2 Sep"
assert_eq '["01-01 holiday","01-25 holiday","01-26 holiday","01-27 holiday","01-28 holiday","01-29 holiday","01-30 holiday","01-31 holiday","02-01 holiday","02-02 holiday","04-07 holiday","04-26 workday","04-30 holiday","05-01 holiday","05-02 holiday","09-01 holiday","09-02 holiday"]' \
  "$(listed 2025)" "calendar show 2025"
assert_exit 0 motcua calendar show 2025 --format json
jq_eq "$OUT" '[.days[] | select(.date == "2025-01-27") | .name]' '["Nghỉ Tết Nguyên Đán (trước Tết)"]'
assert_eq "2025-02-10T17:00:00+07:00" "$(due --from 2025-02-07T17:00 --working-days 1)" # Saturday 8 Feb is a day off
assert_eq "2025-09-03T17:00:00+07:00" "$(due --from 2025-08-29T17:00 --working-days 1)"

step "2026: 2 Jan made up 10 Jan, Tết 14–22 Feb, 27 Apr, National Day 29 Aug–2 Sep with 31 Aug made up 22 Aug"
assert_eq '["01-01 holiday","01-02 holiday","01-10 workday","02-14 holiday","02-15 holiday","02-16 holiday","02-17 holiday","02-18 holiday","02-19 holiday","02-20 holiday","02-21 holiday","02-22 holiday","04-26 holiday","04-27 compensatory","04-30 holiday","05-01 holiday","08-22 workday","08-31 holiday","09-01 holiday","09-02 holiday"]' \
  "$(listed 2026)" "calendar show 2026"
assert_exit 0 motcua calendar show 2026 --format json
jq_eq "$OUT" '.working_days["2026-08"]' '21' # 21 weekdays, minus 31 Aug, plus Saturday 22 Aug
jq_eq "$OUT" '.working_days["2026-09"]' '20'
assert_eq "2026-01-05T17:00:00+07:00" "$(due --from 2025-12-31T17:00 --working-days 1)"
assert_eq "2026-01-10T17:00:00+07:00" "$(due --from 2026-01-09T17:00 --working-days 1)"
assert_eq "2026-08-22T17:00:00+07:00" "$(due --from 2026-08-21T17:00 --working-days 1)"
assert_eq "2026-09-03T17:00:00+07:00" "$(due --from 2026-08-28T17:00 --working-days 1)"
assert_eq "2026-09-03T17:00:00+07:00" "$(due --from 2026-08-20T17:00 --working-days 8)" # 21, 22, 24–28 Aug, 3 Sep

step "24 November is not built in; calendar import adds it"
assert_exit 0 motcua calendar show 2026 --format json
jq_eq "$OUT" '[.days[] | select(.date == "2026-11-24")]' '[]'
assert_eq "2026-11-24T17:00:00+07:00" "$(due --from 2026-11-23T17:00 --working-days 1)"
cat >"$TEST_TMP/culture-day.json" <<'JSON'
{"name": "Ngày Văn hóa Việt Nam", "days": [
  {"date": "2026-11-24", "type": "holiday", "name": "Ngày Văn hóa Việt Nam"}]}
JSON
assert_exit 0 motcua calendar import "$TEST_TMP/culture-day.json" --format json
jq_eq "$OUT" '[.read,.inserted,.rejected]' '[1,1,0]'
assert_eq "2026-11-25T17:00:00+07:00" "$(due --from 2026-11-23T17:00 --working-days 1)"
assert_exit 0 motcua calendar show 2026 --format json
jq_eq "$OUT" '[.days[] | select(.date == "2026-11-24") | [.type, .name]]' '[["holiday","Ngày Văn hóa Việt Nam"]]'
jq_eq "$OUT" '[.days[] | select(.date == "2026-08-31") | .type]' '["holiday"]' # the official days are kept
