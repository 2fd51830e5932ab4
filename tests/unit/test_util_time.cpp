#include <doctest/doctest.h>

#include "util/time.hpp"

using namespace motcua;

TEST_CASE("civil dates round-trip and weekdays") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(format_date(days_from_civil(2018, 2, 16)) == "2018-02-16");
  CHECK(weekday(days_from_civil(2018, 3, 5)) == 0); // a Monday
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
