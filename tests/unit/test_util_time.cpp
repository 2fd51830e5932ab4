#include <doctest/doctest.h>

#include "util/time.hpp"

using namespace motcua;

TEST_CASE("civil dates round-trip and weekdays") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(format_date(days_from_civil(2018, 2, 16)) == "2018-02-16");
  CHECK(weekday(days_from_civil(2018, 3, 5)) == 0);  // a Monday
  CHECK(weekday(days_from_civil(2018, 3, 11)) == 6); // a Sunday
  for (Days d = days_from_civil(1899, 12, 25); d < days_from_civil(2101, 1, 5); d += 17) {
    CivilDate c = civil_from_days(d);
    CHECK(days_from_civil(c.year, c.month, c.day) == d);
  }
}

TEST_CASE("parse_date is strict") {
  CHECK(parse_date("2018-02-29") == std::nullopt);
  CHECK(parse_date("2020-02-29").has_value());
  CHECK(parse_date("2018-2-1") == std::nullopt);
  CHECK(parse_date("2018-02-01x") == std::nullopt);
  CHECK(parse_date("") == std::nullopt);
}

TEST_CASE("parse_datetime defaults to UTC+7 and honours offsets") {
  auto local = parse_datetime("2018-03-05T08:15");
  REQUIRE(local);
  CHECK(format_instant(*local) == "2018-03-05T08:15:00+07:00");
  CHECK(*parse_datetime("2018-03-05T01:15:00Z") == *local);
  CHECK(*parse_datetime("2018-03-05T08:15:00+07:00") == *local);
  CHECK(*parse_datetime("2018-03-05 08:15:00.250") == *local);
  CHECK(*parse_datetime("2018-03-05T03:15:00+02:00") == *local);
  CHECK(parse_datetime("2018-03-05") == std::nullopt);
  CHECK(parse_datetime("2018-03-05T25:00") == std::nullopt);
  CHECK(parse_datetime("2018-03-05T08:15+7") == std::nullopt);
  CHECK(local_date(*local) == days_from_civil(2018, 3, 5));
  CHECK(local_seconds_of_day(*local) == 8 * 3600 + 15 * 60);
  // 23:30 local is still the same local date although UTC has not moved on
  CHECK(local_date(*parse_datetime("2018-03-05T23:30")) == days_from_civil(2018, 3, 5));
  CHECK(local_date(*parse_datetime("2018-03-05T00:30")) == days_from_civil(2018, 3, 5));
}

TEST_CASE("moments: ISO date-times, dates, and the national compact form") {
  auto m = parse_moment("2018-03-05T08:15", DateAs::start_of_day);
  REQUIRE(m);
  CHECK_FALSE(m->date_only);
  CHECK(format_instant(m->at) == "2018-03-05T08:15:00+07:00");
  m = parse_moment("2018-03-05", DateAs::end_of_office_day);
  REQUIRE(m);
  CHECK(m->date_only);
  CHECK(format_instant(m->at) == "2018-03-05T17:00:00+07:00");
  CHECK_FALSE(parse_moment("2018-3-5", DateAs::start_of_day));

  m = parse_compact_moment("20170510153100", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2017-05-10T15:31:00+07:00");
  m = parse_compact_moment("201705101531", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2017-05-10T15:31:00+07:00");
  m = parse_compact_moment("20170510", DateAs::end_of_office_day);
  REQUIRE(m);
  CHECK(m->date_only);
  CHECK_FALSE(parse_compact_moment("20171310000000", DateAs::start_of_day));
  CHECK_FALSE(parse_compact_moment("2017051015310", DateAs::start_of_day));
  CHECK_FALSE(parse_compact_moment("2017-05-10", DateAs::start_of_day));
}

TEST_CASE("DateAs: each convention for a date where an instant is expected") {
  Days d = days_from_civil(2018, 3, 5);
  CHECK(format_instant(date_instant(d, DateAs::start_of_day)) == "2018-03-05T00:00:00+07:00");
  CHECK(format_instant(date_instant(d, DateAs::end_of_day)) == "2018-03-05T23:59:59+07:00");
  CHECK(format_instant(date_instant(d, DateAs::end_of_office_day)) == "2018-03-05T17:00:00+07:00");
  auto m = parse_moment(" 2018-03-05 ", DateAs::end_of_day);
  REQUIRE(m);
  CHECK(m->date_only);
  CHECK(format_instant(m->at) == "2018-03-05T23:59:59+07:00");
  m = parse_moment("2018-03-05T08:00", DateAs::end_of_day); // a date-time is taken as written
  REQUIRE(m);
  CHECK_FALSE(m->date_only);
  CHECK(format_instant(m->at) == "2018-03-05T08:00:00+07:00");
}

TEST_CASE("small readers: digits, clock times, civil dates, times of day") {
  CHECK(parse_digits("0042", 4) == 42);
  CHECK_FALSE(parse_digits("42", 4));
  CHECK_FALSE(parse_digits("4a", 2));
  CHECK_FALSE(parse_digits("-1", 2));
  CHECK_FALSE(parse_digits("", 0));
  CHECK(parse_clock("07:30", false) == 7 * 3600 + 30 * 60);
  CHECK(parse_clock("24:00", true) == 24 * 3600);
  CHECK_FALSE(parse_clock("24:00", false));
  CHECK_FALSE(parse_clock("24:01", true));
  CHECK_FALSE(parse_clock("7:30", false));
  CHECK_FALSE(parse_clock("07:60", false));
  CHECK(civil_date(2020, 2, 29) == days_from_civil(2020, 2, 29));
  CHECK_FALSE(civil_date(2019, 2, 29));
  CHECK_FALSE(civil_date(2019, 13, 1));
  CHECK(time_of_day(24, 0, 0) == 86400);
  CHECK_FALSE(time_of_day(24, 0, 1));
  CHECK_FALSE(time_of_day(23, 60, 0));
}
