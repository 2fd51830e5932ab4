#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "calendar/work_calendar.hpp"

using namespace motcua;

namespace {

Instant at(const char* text) { return *parse_datetime(text); }
Days date(const char* text) { return *parse_date(text); }

// The calendar motcua uses by default, built once (law + official days, 1990–2100).
const WorkCalendar& standard() {
  static const WorkCalendar calendar = *WorkCalendar::create();
  return calendar;
}

std::string due(Instant from, std::int64_t seconds, std::vector<Span> pauses = {}) {
  const Instant fast = standard().add_working_time(from, seconds, pauses);
  const Instant walked = standard().reference_add_working_time(from, seconds, pauses);
  CHECK(fast == walked);
  return fast == k_never ? "never" : format_instant(fast);
}

constexpr std::int64_t k_hour = 3600;

} // namespace

TEST_CASE("the worked examples of motcua-deadlines(7)") {
  const WorkCalendar& c = standard();
  CHECK(c.standard_day_seconds() == 8 * k_hour);
  CHECK(due(at("2018-03-05T07:00"), c.working_days_seconds(1)) == "2018-03-05T17:00:00+07:00");
  CHECK(due(at("2018-03-05T11:45"), c.working_days_seconds(0.5)) == "2018-03-05T17:00:00+07:00");
  CHECK(due(at("2018-03-10T09:00"), c.working_days_seconds(1)) == "2018-03-12T17:00:00+07:00");
  CHECK(due(at("2018-02-09T15:00"), c.working_days_seconds(3)) == "2018-02-21T15:00:00+07:00");
  CHECK(due(at("2018-03-05T08:00"), c.working_days_seconds(2), {{at("2018-03-06T10:00"), at("2018-03-08T10:00")}}) ==
        "2018-03-09T08:00:00+07:00");
  CHECK(due(at("2018-03-05T08:00"), 4 * k_hour) == "2018-03-05T13:30:00+07:00");
}

TEST_CASE("counting starts at the next interval and ends at an interval's end, not the next start") {
  CHECK(standard().working_days_seconds(0.5) == 4 * k_hour);
  CHECK(due(at("2018-03-05T07:30"), 4 * k_hour) == "2018-03-05T11:30:00+07:00");
  CHECK(due(at("2018-03-05T12:00"), 1) == "2018-03-05T13:00:01+07:00");
  CHECK(due(at("2018-03-05T11:29:59"), 1) == "2018-03-05T11:30:00+07:00");
  CHECK(due(at("2018-03-05T17:00"), 8 * k_hour) == "2018-03-06T17:00:00+07:00");
  CHECK(due(at("2018-03-09T16:00"), k_hour) == "2018-03-09T17:00:00+07:00"); // Friday's end, not Monday
  CHECK(due(at("2018-03-09T16:00"), k_hour + 1) == "2018-03-12T07:30:01+07:00");
  // Zero time: D is where counting starts.
  CHECK(due(at("2018-03-10T09:00"), 0) == "2018-03-12T07:30:00+07:00");
  CHECK(due(at("2018-03-05T08:00"), 0) == "2018-03-05T08:00:00+07:00");
  // An instant given with another offset is the same instant.
  CHECK(due(at("2018-03-05T01:00:00Z"), 4 * k_hour) == "2018-03-05T13:30:00+07:00");
}

TEST_CASE("pauses: merged, clipped, invalid ones ignored, open ones stop the clock") {
  const Instant from = at("2018-03-05T08:00");
  const std::int64_t two_days = 16 * k_hour;
  const std::string expected = "2018-03-09T08:00:00+07:00";
  // The same pause split into overlapping, unsorted pieces.
  CHECK(due(from, two_days,
            {{at("2018-03-07T00:00"), at("2018-03-08T10:00")}, {at("2018-03-06T10:00"), at("2018-03-07T12:00")}}) ==
        expected);
  // A pause that started before receipt only counts after it.
  CHECK(due(from, 4 * k_hour, {{at("2018-03-04T00:00"), at("2018-03-05T09:00")}}) == "2018-03-05T14:30:00+07:00");
  // A pause that ends before it starts is ignored (the audit reports it).
  CHECK(due(from, two_days, {{at("2018-03-08T10:00"), at("2018-03-06T10:00")}}) == "2018-03-07T08:00:00+07:00");
  // A pause outside office hours changes nothing.
  CHECK(due(from, two_days, {{at("2018-03-05T18:00"), at("2018-03-06T07:00")}}) == "2018-03-07T08:00:00+07:00");
  // An open pause: the clock stops for good unless D comes first.
  CHECK(due(from, two_days, {{at("2018-03-06T10:00"), k_never}}) == "never");
  CHECK(due(from, 4 * k_hour, {{at("2018-03-06T10:00"), k_never}}) == "2018-03-05T13:30:00+07:00");
  // D reached exactly when a pause starts.
  CHECK(due(from, 3 * k_hour, {{at("2018-03-05T11:00"), at("2018-03-05T14:00")}}) == "2018-03-05T11:00:00+07:00");
  // Many pauses (more than fit on the stack).
  std::vector<Span> many;
  for (int i = 0; i < 20; ++i) many.push_back({from + (2 * i + 1) * 1800, from + (2 * i + 2) * 1800});
  CHECK(due(from, 4 * k_hour, many) == due(from, 4 * k_hour, std::vector<Span>(many.rbegin(), many.rend())));
}

TEST_CASE("office time between two instants") {
  const WorkCalendar& c = standard();
  CHECK(c.office_seconds_between(at("2018-03-05T00:00"), at("2018-03-06T00:00")) == 8 * k_hour);
  CHECK(c.office_seconds_between(at("2018-03-05T11:00"), at("2018-03-05T13:30")) == 3600);
  CHECK(c.office_seconds_between(at("2018-03-09T16:00"), at("2018-03-12T08:00")) == 3600 + 1800);
  CHECK(c.office_seconds_between(at("2018-02-13T17:00"), at("2018-02-21T07:30")) == 0); // Tết 2018
  CHECK(c.office_seconds_between(at("2018-03-06T00:00"), at("2018-03-05T00:00")) == 0);
  // Outside the precomputed range the walker answers.
  CHECK(c.office_seconds_between(at("1989-12-29T00:00"), at("1990-01-03T00:00")) == 8 * k_hour * 2);
}

TEST_CASE("working days, next working day and day information") {
  const WorkCalendar& c = standard();
  CHECK(c.is_working_day(date("2018-03-05")));
  CHECK_FALSE(c.is_working_day(date("2018-03-10")));
  CHECK_FALSE(c.is_working_day(date("2018-02-14")));
  CHECK(c.is_working_day(date("2025-04-26"))); // make-up Saturday
  CHECK(c.intervals_on(date("2025-04-26")).size() == 2);
  CHECK(format_date(c.next_working_day(date("2018-03-09"))) == "2018-03-12");
  CHECK(format_date(c.next_working_day(date("2018-02-13"))) == "2018-02-21");
  CHECK(format_date(c.working_day_on_or_after(date("2018-03-05"))) == "2018-03-05");
  CHECK(format_date(c.working_day_on_or_after(date("2018-02-17"))) == "2018-02-21");
  CHECK(c.count_working_days(date("2018-01-01"), date("2018-01-31")) == 22);
  const auto info = c.info(date("2018-09-03"));
  REQUIRE(info);
  CHECK(info->type == DayType::compensatory);
  CHECK(info->name == "Nghỉ bù Quốc khánh");
  CHECK_FALSE(c.info(date("2018-03-05")).has_value());
  const auto days = c.special_days(date("2018-02-01"), date("2018-02-28"));
  CHECK(days.size() == 7);
  CHECK(c.end_of_office_day(date("2018-03-05")) == at("2018-03-05T17:00"));
  CHECK(c.end_of_office_day(date("2018-03-10")) == at("2018-03-10T17:00")); // a date-only appointment
}

TEST_CASE("calendar days (motcua-deadlines(7) rule 3)") {
  const WorkCalendar& c = standard();
  CHECK(format_date(WorkCalendar::add_calendar_days(at("2018-03-05T10:00"), 10)) == "2018-03-15");
  CHECK(c.calendar_days_due(at("2018-03-05T10:00"), 10) == at("2018-03-15T17:00"));
  // A pause from the 6th to the 8th adds 2 days; the 17th is a Saturday → Monday's end.
  const std::vector<Span> pause = {{at("2018-03-06T10:00"), at("2018-03-08T09:00")}};
  CHECK(format_date(WorkCalendar::add_calendar_days(at("2018-03-05T10:00"), 10, pause)) == "2018-03-17");
  CHECK(c.calendar_days_due(at("2018-03-05T10:00"), 10, pause) == at("2018-03-19T17:00"));
  // Landing inside the Tết break: the end of the first working day after it.
  CHECK(c.calendar_days_due(at("2018-02-04T10:00"), 10) == at("2018-02-21T17:00"));
  const std::vector<Span> open = {{at("2018-03-06T10:00"), k_never}};
  CHECK(c.calendar_days_due(at("2018-03-05T10:00"), 10, open) == k_never);
}

TEST_CASE("months (motcua-deadlines(7) rule 3): the same day of the month, clamped, then a working day") {
  const WorkCalendar& c = standard();
  CHECK(format_date(WorkCalendar::add_calendar_months(at("2018-03-05T10:00"), 1)) == "2018-04-05");
  CHECK(format_date(WorkCalendar::add_calendar_months(at("2018-01-31T10:00"), 1)) == "2018-02-28");
  CHECK(format_date(WorkCalendar::add_calendar_months(at("2020-01-31T10:00"), 1)) == "2020-02-29"); // leap year
  CHECK(format_date(WorkCalendar::add_calendar_months(at("2018-11-30T10:00"), 3)) == "2019-02-28"); // across a year
  CHECK(format_date(WorkCalendar::add_calendar_months(at("2018-03-05T10:00"), 12)) == "2019-03-05");
  CHECK(c.calendar_months_due(at("2018-03-05T10:00"), 1) == at("2018-04-05T17:00"));
  // Ending on a Thursday: that day's end.
  CHECK(c.calendar_months_due(at("2018-04-10T10:00"), 1) == at("2018-05-10T17:00"));
  // Ending on Saturday 2018-04-07: Monday's end.
  CHECK(c.calendar_months_due(at("2018-03-07T10:00"), 1) == at("2018-04-09T17:00"));
  // Ending inside the Tết break of 2018 (15-20 Feb): the end of the first working day after it.
  CHECK(c.calendar_months_due(at("2018-01-16T10:00"), 1) == at("2018-02-21T17:00"));
  // A pause adds its days after the months, as for calendar days.
  const std::vector<Span> pause = {{at("2018-03-06T10:00"), at("2018-03-08T09:00")}};
  CHECK(c.calendar_months_due(at("2018-03-05T10:00"), 1, pause) == at("2018-04-09T17:00")); // 7th is a Saturday
  const std::vector<Span> open = {{at("2018-03-06T10:00"), k_never}};
  CHECK(c.calendar_months_due(at("2018-03-05T10:00"), 1, open) == k_never);
  CHECK(*c.due_in_months(at("2018-03-05T10:00"), 0.5) == at("2018-04-05T17:00")); // rounded up
  CHECK_FALSE(c.due_in_months(at("2018-03-05T10:00"), 0));
  CHECK_FALSE(c.due_in_months(at("2018-03-05T10:00"), 1e9));
  CHECK(c.due_in_months(at("2018-03-05T10:00"), 100000)); // the bound: no overflow
}

TEST_CASE("imported days override the built-in calendar, custom hours") {
  // 14 Feb 2018 imported as a working day: the 3-day example of motcua-deadlines(7) now ends that day.
  const std::vector<SpecialDay> overrides = {{date("2018-02-14"), DayType::workday, "Làm việc", ""}};
  auto calendar = WorkCalendar::create(WorkHours::standard(), overrides);
  REQUIRE(calendar);
  CHECK(format_instant(calendar->add_working_time(at("2018-02-09T15:00"), 24 * k_hour)) == "2018-02-14T15:00:00+07:00");
  CHECK(calendar->info(date("2018-02-14"))->type == DayType::workday);

  // A province working Saturday mornings, 08:00–12:00 and 13:30–17:30 on weekdays.
  WorkHours hours;
  for (int d = 0; d < 5; ++d)
    hours.days[static_cast<size_t>(d)] = {{8 * 3600, 12 * 3600}, {13 * 3600 + 1800, 17 * 3600 + 1800}};
  hours.days[5] = {{8 * 3600, 12 * 3600}};
  auto province = WorkCalendar::create(hours);
  REQUIRE(province);
  CHECK(province->standard_day_seconds() == 8 * k_hour);
  CHECK(format_instant(province->add_working_time(at("2018-03-09T16:00"), 4 * k_hour)) == "2018-03-10T10:30:00+07:00");
  CHECK(province->reference_add_working_time(at("2018-03-09T16:00"), 4 * k_hour) == at("2018-03-10T10:30"));

  WorkHours no_monday;
  CHECK_FALSE(WorkCalendar::create(no_monday).ok());
}

TEST_CASE("outside the precomputed range the engine falls back and never crashes") {
  // A calendar precomputed for 2018 only, with a holiday in 2019 from an import.
  const std::vector<SpecialDay> days = {{date("2019-01-02"), DayType::holiday, "x", ""}};
  const WorkCalendar small(WorkHours::standard(), days, 2018, 2018);
  CHECK(small.first_day() == date("2018-01-01"));
  CHECK(small.last_day() == date("2018-12-31"));
  const Instant from = at("2018-12-28T15:00");
  // Fri 2 h, Mon 31 and Tue 1 (no holiday in this calendar) 16 h, Wed 2 imported holiday, Thu 6 h.
  CHECK(small.add_working_time(from, 24 * k_hour) == at("2019-01-03T15:00"));
  CHECK(small.reference_add_working_time(from, 24 * k_hour) == at("2019-01-03T15:00"));
  CHECK(small.add_working_time(at("2017-12-29T16:00"), 2 * k_hour) == at("2018-01-01T08:30"));
  const std::vector<Span> new_year_pause = {{at("2018-12-31T16:30"), at("2019-01-01T09:00")}};
  CHECK(small.add_working_time(at("2018-12-31T16:00"), 2 * k_hour, new_year_pause) == at("2019-01-01T10:30"));
  const WorkCalendar& c = standard();
  for (const char* when : {"1900-06-01T10:00", "1989-12-31T10:00", "2100-12-31T16:00", "2250-06-01T10:00"}) {
    CAPTURE(when);
    CHECK(c.add_working_time(at(when), 40 * k_hour) == c.reference_add_working_time(at(when), 40 * k_hour));
  }
  // A calendar without any office hours answers "never" instead of looping.
  const WorkCalendar closed(WorkHours{}, {}, 2018, 2018);
  CHECK(closed.add_working_time(at("2018-03-05T08:00"), 3600) == k_never);
  CHECK(closed.calendar_days_due(at("2018-03-05T08:00"), 1) != k_never); // a date, even if nobody works
}

TEST_CASE("property: the fast engine equals the day walker on random cases") {
  const WorkCalendar& c = standard();
  std::mt19937_64 rng(42);
  const Instant lo = at("1989-06-01T00:00"); // a little outside the range at both ends
  const Instant hi = at("2101-06-01T00:00");
  std::uniform_int_distribution<Instant> when(lo, hi);
  std::uniform_int_distribution<std::int64_t> seconds(0, 60 * 8 * k_hour);
  std::uniform_int_distribution<int> pause_count(0, 3), coin(0, 9);
  std::uniform_int_distribution<Instant> offset(-2 * 86400, 20 * 86400), length(-3600, 15 * 86400);
  for (int i = 0; i < 20000; ++i) {
    const Instant from = when(rng);
    // Seconds at whole minutes half of the time, to hit interval ends exactly.
    std::int64_t total = seconds(rng);
    if (coin(rng) < 5) total -= total % 60;
    std::vector<Span> pauses;
    for (int p = pause_count(rng); p > 0; --p) {
      const Instant start = from + offset(rng);
      pauses.push_back({start, coin(rng) == 0 ? k_never : start + length(rng)});
    }
    CAPTURE(format_instant(from));
    CAPTURE(total);
    CAPTURE(pauses.size());
    REQUIRE(c.add_working_time(from, total, pauses) == c.reference_add_working_time(from, total, pauses));
    // Without pauses, the office time from `from` to D is exactly the total asked for.
    const Instant d = c.add_working_time(from, total);
    REQUIRE(d != k_never);
    REQUIRE(c.office_seconds_between(from, d) == total);
  }
}

TEST_CASE("WorkCalendar::due_in_*: out-of-range durations are errors, never an overflow or a false 'never'") {
  auto cal = WorkCalendar::create();
  REQUIRE(cal);
  Instant from = *parse_datetime("2018-03-05T08:00");
  for (double bad :
       {999999999.0, 2147483647.0, 1e308, -1.0, 0.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    CHECK_FALSE(cal->due_in_working_days(from, bad));
    CHECK_FALSE(cal->due_in_working_hours(from, bad));
    CHECK_FALSE(cal->due_in_calendar_days(from, bad));
  }
  auto far = cal->due_in_calendar_days(from, k_max_duration);
  REQUIRE(far);
  CHECK(*far != k_never);
  CHECK(*far > from + std::int64_t{270} * 365 * 86400);
  // The unchecked arithmetic saturates instead of overflowing.
  CHECK(WorkCalendar::add_calendar_days(from, std::numeric_limits<int>::max()) > local_date(from));
  CHECK(cal->working_days_seconds(std::nan("")) == 0);
  CHECK(cal->working_days_seconds(1e308) == cal->working_days_seconds(k_max_duration));
}
