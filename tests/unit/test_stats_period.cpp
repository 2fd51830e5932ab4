#include <doctest/doctest.h>

#include "stats/period.hpp"

using namespace motcua;

namespace {
Days day(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }
} // namespace

TEST_CASE("periods: year, quarter, month and inclusive range") {
  auto year = parse_period("2018");
  REQUIRE(year.ok());
  CHECK(*year == Period{day(2018, 1, 1), day(2018, 12, 31)});
  auto q3 = parse_period("2018-Q3");
  REQUIRE(q3.ok());
  CHECK(*q3 == Period{day(2018, 7, 1), day(2018, 9, 30)});
  CHECK(*parse_period("2018-q4") == Period{day(2018, 10, 1), day(2018, 12, 31)});
  CHECK(*parse_period("2016-Q1") == Period{day(2016, 1, 1), day(2016, 3, 31)});
  CHECK(*parse_period("2018-07") == Period{day(2018, 7, 1), day(2018, 7, 31)});
  CHECK(*parse_period("2016-02") == Period{day(2016, 2, 1), day(2016, 2, 29)}); // leap year
  CHECK(*parse_period("2018-02") == Period{day(2018, 2, 1), day(2018, 2, 28)});
  CHECK(*parse_period("2018-07-01..2018-09-30") == Period{day(2018, 7, 1), day(2018, 9, 30)});
  CHECK(*parse_period("2018-07-05..2018-07-05") == Period{day(2018, 7, 5), day(2018, 7, 5)});
}

TEST_CASE("periods: malformed text is a usage error that names it and shows the forms") {
  for (const char* bad :
       {"", "18", "2018-Q0", "2018-Q5", "2018-13", "2018-00", "2018-7", "2018-Q3x", "abcd", "2018-07-01..",
        "..2018-07-01", "2018-09-30..2018-07-01", "2018-02-30..2018-03-01", "2018/07", "+018"}) {
    CAPTURE(bad);
    auto p = parse_period(bad);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::usage);
    CHECK(p.error().message.find("'" + std::string(bad) + "'") != std::string::npos);
    CHECK(p.error().message.find("2018-Q3") != std::string::npos);
  }
}

TEST_CASE("period names: the shortest spelling that parses back to the same period") {
  for (const char* text : {"2018", "2018-Q1", "2018-Q3", "2018-07", "2016-02", "2018-07-01..2018-08-31",
                           "2018-07-02..2018-07-31", "2017-12-01..2018-01-31"}) {
    CAPTURE(text);
    auto p = parse_period(text);
    REQUIRE(p.ok());
    CHECK(period_name(*p) == text);
  }
  CHECK(period_name(*parse_period("2018-07-01..2018-09-30")) == "2018-Q3");
  CHECK(period_name(*parse_period("2018-01-01..2018-12-31")) == "2018");
}

TEST_CASE("months of a period are clipped to it") {
  auto months = months_of(*parse_period("2018-07-15..2018-09-10"));
  REQUIRE(months.size() == 3);
  CHECK(months[0] == Period{day(2018, 7, 15), day(2018, 7, 31)});
  CHECK(months[1] == Period{day(2018, 8, 1), day(2018, 8, 31)});
  CHECK(months[2] == Period{day(2018, 9, 1), day(2018, 9, 10)});
  CHECK(months_of(*parse_period("2018")).size() == 12);
  CHECK(months_of(*parse_period("2017-12-31..2018-01-01")).size() == 2);
  CHECK(months_of(*parse_period("2018-02")).front() == Period{day(2018, 2, 1), day(2018, 2, 28)});
  CHECK(month_key(day(2018, 7, 15)) == "2018-07");
  CHECK(month_key(day(2018, 12, 31)) == "2018-12");
}

TEST_CASE("periods relative to today") {
  Days today = *parse_date("2026-01-15");
  auto name = [&](const char* text) {
    auto p = parse_period(text, today);
    return p ? format_date(p->from) + ".." + format_date(p->to) : "error: " + p.error().message;
  };
  CHECK(name("this-month") == "2026-01-01..2026-01-15");
  CHECK(name("last-month") == "2025-12-01..2025-12-31");
  CHECK(name("this-quarter") == "2026-01-01..2026-01-15");
  CHECK(name("last-quarter") == "2025-10-01..2025-12-31");
  CHECK(name("this-year") == "2026-01-01..2026-01-15");
  CHECK(name("last-year") == "2025-01-01..2025-12-31");
  CHECK(name("yesterday") == "2026-01-14..2026-01-14");
  CHECK(name("-7d..yesterday") == "2026-01-08..2026-01-14");
  CHECK(name("2025-12-01..today") == "2025-12-01..2026-01-15");
  CHECK(name("2018-Q3") == "2018-07-01..2018-09-30");
  CHECK(name("today..-1m").rfind("error: --period 'today..-1m': the range ends before it starts", 0) == 0);
  CHECK(name("next-month").rfind("error:", 0) == 0);
  Days may = *parse_date("2026-05-31");
  auto lq = parse_period("last-quarter", may).value();
  CHECK(format_date(lq.from) == "2026-01-01");
  CHECK(format_date(lq.to) == "2026-03-31");
}
