#include <doctest/doctest.h>

#include <cmath>

#include "calendar/lunar.hpp"

using namespace motcua;

namespace {

// Tết (1st day of month 1) 1990–2050 from the published Vietnamese calendar. Where Vietnam
// and China differ, it is because the new moon falls between 16:00 and 17:00 UTC, i.e. before
// midnight in Hà Nội but after midnight in Beijing:
//   2007: new moon 2007-02-17 16:14 UTC → Vietnam 17 Feb, China 18 Feb.
//   2030: new moon 2030-02-02 16:07 UTC → Vietnam 2 Feb, China 3 Feb. (This table first had
//         3 Feb, the Chinese date; the new moon time shows 2 Feb is right for UTC+7.)
constexpr const char* k_tet[] = {
    "1990-01-27", "1991-02-15", "1992-02-04", "1993-01-23", "1994-02-10", "1995-01-31", "1996-02-19", "1997-02-07",
    "1998-01-28", "1999-02-16", "2000-02-05", "2001-01-24", "2002-02-12", "2003-02-01", "2004-01-22", "2005-02-09",
    "2006-01-29", "2007-02-17", "2008-02-07", "2009-01-26", "2010-02-14", "2011-02-03", "2012-01-23", "2013-02-10",
    "2014-01-31", "2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
    "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13",
    "2030-02-02", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08", "2036-01-28", "2037-02-15",
    "2038-02-04", "2039-01-24", "2040-02-12", "2041-02-01", "2042-01-22", "2043-02-10", "2044-01-30", "2045-02-17",
    "2046-02-06", "2047-01-26", "2048-02-14", "2049-02-02", "2050-01-23",
};

// Hùng Kings' day (10th day of the ordinary 3rd month) 1990–2050. 2007–2026 are the dates of
// the public holiday as announced. The other years are the Chinese calendar's 3/10 (ICU's
// independent astronomical implementation, UTC+8), moved one day earlier where the month-3
// new moon falls between 16:00 and 17:00 UTC: 2009 (2009-03-26 16:06 UTC; the 2009 holiday
// was Saturday 4 April with Monday 6 April off in lieu), 2037 (2037-04-15 16:08 UTC),
// 2038 (2038-04-04 16:43 UTC).
constexpr const char* k_hung_kings[] = {
    "1990-04-05", "1991-04-24", "1992-04-12", "1993-04-01", "1994-04-20", "1995-04-09", "1996-04-27", "1997-04-16",
    "1998-04-06", "1999-04-25", "2000-04-14", "2001-04-03", "2002-04-22", "2003-04-11", "2004-04-28", "2005-04-18",
    "2006-04-07", "2007-04-26", "2008-04-15", "2009-04-04", "2010-04-23", "2011-04-12", "2012-03-31", "2013-04-19",
    "2014-04-09", "2015-04-28", "2016-04-16", "2017-04-06", "2018-04-25", "2019-04-14", "2020-04-02", "2021-04-21",
    "2022-04-10", "2023-04-29", "2024-04-18", "2025-04-07", "2026-04-26", "2027-04-16", "2028-04-04", "2029-04-23",
    "2030-04-12", "2031-04-01", "2032-04-19", "2033-04-09", "2034-04-28", "2035-04-17", "2036-04-06", "2037-04-24",
    "2038-04-13", "2039-04-03", "2040-04-20", "2041-04-10", "2042-04-29", "2043-04-19", "2044-04-07", "2045-04-26",
    "2046-04-15", "2047-04-04", "2048-04-22", "2049-04-11", "2050-04-01",
};

// Leap months 1990–2050 (same in Vietnam and China in this range).
constexpr std::pair<int, int> k_leap_months[] = {
    {1990, 5},  {1993, 3}, {1995, 8}, {1998, 5}, {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5},
    {2012, 4},  {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2031, 3},
    {2033, 11}, {2036, 6}, {2039, 5}, {2042, 2}, {2044, 7}, {2047, 5}, {2050, 3},
};

} // namespace

TEST_CASE("new moons follow Meeus, example 49.a") {
  // The new moon of 1977 February: JDE 2443192.65118 (1977-02-18 03:37:42 TD).
  CHECK(std::fabs(new_moon_jde(-283) - 2443192.65118) < 0.00002);
  // Published new moons (UT, to the minute): k = 0 is 2000-01-06 18:14; k = 218 the total
  // eclipse of 2017-08-21 18:30; k = 230 is 2018-08-11 09:58.
  CHECK(std::llabs(new_moon_instant(0) - *parse_datetime("2000-01-06T18:14Z")) <= 30);
  CHECK(std::llabs(new_moon_instant(218) - *parse_datetime("2017-08-21T18:30Z")) <= 30);
  CHECK(std::llabs(new_moon_instant(230) - *parse_datetime("2018-08-11T09:58Z")) <= 30);
}

TEST_CASE("the sun's apparent longitude follows Meeus, example 25.b") {
  // 1992-10-13 0h TD: 199°54'21.5" with the full nutation; our short series is within 1".
  CHECK(std::fabs(sun_apparent_longitude(2448908.5) - 199.90597) < 0.0003);
  // The December solstice of 2018 was at 22:23 UTC on 21 December.
  const Instant solstice = solar_longitude_instant(270.0, *parse_datetime("2018-12-20T00:00Z"));
  CHECK(std::llabs(solstice - *parse_datetime("2018-12-21T22:23Z")) < 120);
  CHECK(delta_t_seconds(2000.0) == doctest::Approx(63.86));
}

TEST_CASE("Tết 1990–2050 matches the published Vietnamese calendar") {
  for (int year = 1990; year <= 2050; ++year) {
    CAPTURE(year);
    const auto tet = lunar_new_year(year);
    REQUIRE(tet);
    CHECK(format_date(*tet) == k_tet[year - 1990]);
    CHECK(solar_to_lunar(*tet) == LunarDate{year, 1, 1, false});
  }
}

TEST_CASE("Tết where Vietnam differs from China, and the list of 2015-2026") {
  // 1985: Vietnam had no leap 10th month in 1984 (China did), so Tết came a month earlier.
  CHECK(format_date(*lunar_new_year(1985)) == "1985-01-21");
  CHECK(lunar_leap_month(1984) == 0);
  CHECK(lunar_leap_month(1985) == 2);
  CHECK(format_date(*lunar_new_year(2007)) == "2007-02-17");
  const char* listed[] = {"2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25",
                          "2021-02-12", "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17"};
  for (int year = 2015; year <= 2026; ++year) CHECK(format_date(*lunar_new_year(year)) == listed[year - 2015]);
}

TEST_CASE("Hùng Kings' day 1990–2050 matches the published dates") {
  for (int year = 1990; year <= 2050; ++year) {
    CAPTURE(year);
    const auto day = lunar_to_solar(LunarDate{year, 3, 10, false});
    REQUIRE(day);
    CHECK(format_date(*day) == k_hung_kings[year - 1990]);
  }
}

TEST_CASE("leap months 1990–2050") {
  for (int year = 1990; year <= 2050; ++year) {
    CAPTURE(year);
    int expected = 0;
    for (const auto& [y, m] : k_leap_months)
      if (y == year) expected = m;
    CHECK(lunar_leap_month(year) == expected);
  }
  // 2033: the leap month is the 11th (the "2033 problem" of the Chinese calendar rules).
  CHECK(format_date(*lunar_to_solar(LunarDate{2033, 11, 1, true})) == "2033-12-22");
}

TEST_CASE("lunar and solar dates convert both ways, month by month 1990–2100") {
  Days expected_start = *lunar_new_year(1990);
  for (int year = 1990; year <= 2100; ++year) {
    const int leap = lunar_leap_month(year);
    for (int month = 1; month <= 12; ++month) {
      for (bool is_leap : {false, true}) {
        if (is_leap && leap != month) continue;
        CAPTURE(year);
        CAPTURE(month);
        CAPTURE(is_leap);
        const LunarDate first{year, month, 1, is_leap};
        const auto start = lunar_to_solar(first);
        REQUIRE(start);
        CHECK(*start == expected_start);
        const int length = lunar_month_length(year, month, is_leap);
        CHECK((length == 29 || length == 30));
        CHECK(solar_to_lunar(*start) == first);
        CHECK(solar_to_lunar(*start + length - 1) == LunarDate{year, month, length, is_leap});
        CHECK(lunar_to_solar(LunarDate{year, month, 30, is_leap}).has_value() == (length == 30));
        expected_start = *start + length;
      }
    }
  }
}

TEST_CASE("lunar dates that do not exist are rejected") {
  CHECK_FALSE(lunar_to_solar(LunarDate{2018, 3, 10, true}).has_value()); // 2018 has no leap month
  CHECK_FALSE(lunar_to_solar(LunarDate{2018, 13, 1, false}).has_value());
  CHECK_FALSE(lunar_to_solar(LunarDate{2018, 1, 31, false}).has_value());
  CHECK_FALSE(lunar_to_solar(LunarDate{1800, 1, 1, false}).has_value());
  CHECK_FALSE(solar_to_lunar(days_from_civil(1800, 1, 1)).has_value());
  CHECK(lunar_month_length(2018, 3, true) == 0);
}
