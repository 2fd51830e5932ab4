#include <doctest/doctest.h>

#include <cstdlib>

#include "util/relative_date.hpp"

using namespace motcua;

namespace {
Days d(const char* text) { return *parse_date(text); }
std::string rel(const char* text, const char* today) {
  auto r = relative_date(text, d(today));
  return r ? format_date(*r) : "none";
}
} // namespace

TEST_CASE("relative dates count back from today") {
  CHECK(rel("today", "2026-03-31") == "2026-03-31");
  CHECK(rel("yesterday", "2026-03-01") == "2026-02-28");
  CHECK(rel("-7d", "2026-01-03") == "2025-12-27");
  CHECK(rel("-0d", "2026-01-03") == "2026-01-03");
  CHECK(rel("-2w", "2026-01-15") == "2026-01-01");
}

TEST_CASE("a month back keeps the day, clipped to the month's end") {
  CHECK(rel("-1m", "2026-03-31") == "2026-02-28");
  CHECK(rel("-1m", "2024-03-31") == "2024-02-29");
  CHECK(rel("-1m", "2026-01-15") == "2025-12-15");
  CHECK(rel("-13m", "2026-01-15") == "2024-12-15");
  CHECK(rel("-1y", "2024-02-29") == "2023-02-28");
}

TEST_CASE("anything else is not a relative date") {
  for (const char* bad : {"", "tomorrow", "-d", "+7d", "7d", "-7", "-7x", "-1.5d", "-999999d", "Today", " today"})
    CHECK_MESSAGE(rel(bad, "2026-01-01") == "none", bad);
  CHECK(date_or_relative("2018-07-01", 0) == d("2018-07-01"));
  CHECK(is_relative_date("-1m"));
  CHECK_FALSE(is_relative_date("2018-07-01"));
}

TEST_CASE("MOTCUA_TODAY pins today and must be a date") {
  ::setenv("MOTCUA_TODAY", "2018-07-04", 1);
  CHECK(reference_today().value() == d("2018-07-04"));
  ::setenv("MOTCUA_TODAY", "yesterday", 1);
  auto r = reference_today();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(r.error().message.find("MOTCUA_TODAY") != std::string::npos);
  ::unsetenv("MOTCUA_TODAY");
  CHECK(reference_today().value() == today());
}
