#include <doctest/doctest.h>

#include "util/date_format.hpp"

using namespace motcua;

TEST_CASE("date formats: directives, 1- or 2-digit fields, a date-only cell") {
  auto f = DateFormat::compile("%d/%m/%Y %H:%M");
  REQUIRE(f);
  auto m = f->parse("01/11/2018 08:53", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2018-11-01T08:53:00+07:00");
  CHECK_FALSE(m->date_only);
  m = f->parse("1/3/2018 8:05", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2018-03-01T08:05:00+07:00");
  m = f->parse("01/11/2018", DateAs::end_of_office_day); // the time part dropped by the legacy system
  REQUIRE(m);
  CHECK(m->date_only);
  CHECK(format_instant(m->at) == "2018-11-01T17:00:00+07:00");
  CHECK_FALSE(f->parse("31/02/2018 08:00", DateAs::start_of_day));
  CHECK_FALSE(f->parse("01-11-2018 08:53", DateAs::start_of_day));
  CHECK_FALSE(f->parse("01/11/2018 08:53:10", DateAs::start_of_day)); // ":10" is left over
  CHECK_FALSE(f->parse("01/11/18 08:53", DateAs::start_of_day));
  CHECK_FALSE(f->parse("", DateAs::start_of_day));

  auto g = DateFormat::compile("%Y%m%d%H%M%S");
  REQUIRE(g);
  m = g->parse("20170510153100", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2017-05-10T15:31:00+07:00");

  auto y = DateFormat::compile("%d.%m.%y");
  REQUIRE(y);
  CHECK(format_date(local_date(y->parse("05.03.18", DateAs::start_of_day)->at)) == "2018-03-05");
  CHECK(format_date(local_date(y->parse("05.03.98", DateAs::start_of_day)->at)) == "1998-03-05");
  CHECK(y->parse("05.03.18", DateAs::start_of_day)->date_only);

  auto pct = DateFormat::compile("%Y-%m-%d%%");
  REQUIRE(pct);
  CHECK(pct->parse("2018-03-05%", DateAs::start_of_day));

  CHECK_FALSE(DateFormat::compile("%d/%m/%Q"));
  CHECK(DateFormat::compile("%d/%m/%Q").error().message.find("%Q") != std::string::npos);
  CHECK_FALSE(DateFormat::compile("%m/%Y"));
  CHECK_FALSE(DateFormat::compile("%d/%m/%Y %"));
  CHECK_FALSE(DateFormat::compile("%d/%d/%Y"));
}

TEST_CASE("date formats: every directive must match, nothing may be left over") {
  auto f = DateFormat::compile("%d/%m/%Y %H:%M:%S");
  REQUIRE(f);
  auto m = f->parse("27/11/2017 10:44:05", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(format_instant(m->at) == "2017-11-27T10:44:05+07:00");
  // A cell without the seconds is not silently midnight: it is refused, saying what was missing.
  auto partial = f->parse("27/11/2017 10:44", DateAs::start_of_day);
  REQUIRE_FALSE(partial);
  CHECK(partial.error().message.find("':'") != std::string::npos);
  CHECK_FALSE(f->parse("27/11/2017 10", DateAs::start_of_day));
  CHECK_FALSE(f->parse("27/11/2017 ", DateAs::start_of_day)); // a separator, then nothing
  auto extra = f->parse("27/11/2017 10:44:05 SA", DateAs::start_of_day);
  REQUIRE_FALSE(extra);
  CHECK(extra.error().message.find("' SA' is left over") != std::string::npos);
  // The documented shortening stays: a cell that stops right after its date part.
  m = f->parse("27/11/2017", DateAs::start_of_day);
  REQUIRE(m);
  CHECK(m->date_only);
  CHECK(format_instant(m->at) == "2017-11-27T00:00:00+07:00");

  auto date_only = DateFormat::compile("%d/%m/%Y");
  REQUIRE(date_only);
  CHECK_FALSE(date_only->parse("27/11/2017 10:44", DateAs::start_of_day)); // a time the format does not have
  CHECK_FALSE(date_only->parse("27/11/20171", DateAs::start_of_day));
  auto bad_time = f->parse("27/11/2017 25:00:00", DateAs::start_of_day);
  REQUIRE_FALSE(bad_time);
  CHECK(bad_time.error().message.find("time of day") != std::string::npos);
}
