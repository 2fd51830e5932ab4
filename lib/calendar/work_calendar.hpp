#pragma once
// The working calendar and legal due-time arithmetic of motcua-deadlines(7).
//
// Office time is a step-free, non-decreasing function F(t) = office seconds from the start of
// the precomputed range to instant t. It is stored as one cumulative total per day, so F is a
// table lookup plus a scan of a day's few intervals, and "the first instant where F reaches a
// value" is a galloping binary search: adding working time costs O(log days), not a day walk.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "calendar/holidays.hpp"
#include "util/error.hpp"
#include "util/limits.hpp"
#include "util/time.hpp"

namespace motcua {

// One office-hour interval, seconds since local midnight, half-open [start, end).
struct Interval {
  std::int32_t start = 0;
  std::int32_t end = 0;
  bool operator==(const Interval&) const = default;
};

// Office-hour intervals per weekday (0 = Monday), sorted and non-overlapping.
struct WorkHours {
  std::array<std::vector<Interval>, 7> days;
  // The default of motcua-deadlines(7): Monday–Friday 07:30–11:30 and 13:00–17:00.
  static WorkHours standard();
  // Total office seconds of a weekday.
  std::int64_t day_seconds(int weekday) const;
  bool operator==(const WorkHours&) const = default;
};

// A pause of the clock (a supplement request), [from, to). `to` = k_never for a pause that
// has not ended. Spans with to <= from are ignored: the audit reports them as invalid_pause.
struct Span {
  Instant from = 0;
  Instant to = 0;
};

// "Never": the due time of a dossier whose clock is stopped for good (an open pause), or
// when no office time exists within the search limit.
inline constexpr Instant k_never = std::numeric_limits<Instant>::max();

class WorkCalendar {
public:
  // The calendar motcua uses: built-in days (law + official data) for [first_year,
  // last_year], with `overrides` (imported calendar days) replacing them date by date.
  // Fails when Monday has no office hours (no standard working day) or the embedded data
  // are broken.
  static Result<WorkCalendar> create(WorkHours hours = WorkHours::standard(),
                                     std::span<const SpecialDay> overrides = {}, int first_year = k_builtin_first_year,
                                     int last_year = k_builtin_last_year);

  // A calendar from an explicit, already merged list of special days (any order; a later
  // entry for the same date wins). Years outside [first_year, last_year] still work, through
  // the day-walking path.
  WorkCalendar(WorkHours hours, std::vector<SpecialDay> days, int first_year = k_builtin_first_year,
               int last_year = k_builtin_last_year);

  const WorkHours& hours() const { return m_hours; }
  // Monday's total office seconds: the length of one working day (8 h by default).
  std::int64_t standard_day_seconds() const { return m_standard_day; }
  // N working days (fractional allowed: 0.5 = half a standard day) as seconds.
  std::int64_t working_days_seconds(double days) const;
  // The first and last date of the precomputed (fast) range.
  Days first_day() const { return m_first; }
  Days last_day() const { return m_first + static_cast<Days>(m_patterns.size()) - 1; }

  // The office-hour intervals of a date (none on a holiday, Monday's on a workday).
  std::span<const Interval> intervals_on(Days date) const;
  bool is_working_day(Days date) const { return !intervals_on(date).empty(); }
  // The special-day entry of a date (holiday, compensatory day, make-up workday), if any.
  std::optional<SpecialDay> info(Days date) const;
  // Special days with from <= date <= to, sorted (for `calendar show`).
  std::vector<SpecialDay> special_days(Days from, Days to) const;
  // Working days with from <= date <= to.
  int count_working_days(Days from, Days to) const;
  // The first working day strictly after `date` (searches at most 400 years, then gives up
  // and returns the date where it stopped).
  Days next_working_day(Days date) const;
  // `date` itself when it is a working day, else next_working_day(date).
  Days working_day_on_or_after(Days date) const;
  // The end of the last office interval of a date; for a date without office hours, the end
  // of Monday's last interval (what a date-only appointment means).
  Instant end_of_office_day(Days date) const;

  // Office seconds in [a, b) (0 when b <= a).
  std::int64_t office_seconds_between(Instant a, Instant b) const;
  // motcua-deadlines(7) rule 2: the first instant at which the office time counted from `from`,
  // outside `pauses`, reaches `seconds`. An instant outside office hours starts at the next
  // interval; reached exactly at an interval's end, D is that end. seconds <= 0 → the instant
  // counting starts. k_never when an open pause stops the clock first.
  Instant add_working_time(Instant from, std::int64_t seconds, std::span<const Span> pauses = {}) const;
  // The same result by walking day by day over the intervals: the reference the fast engine
  // is tested and benchmarked against.
  Instant reference_add_working_time(Instant from, std::int64_t seconds, std::span<const Span> pauses = {}) const;
  // motcua-deadlines(7) rule 3: the date of `received` plus `days`, plus for each pause the number of
  // days from its `from` date to its `to` date. Unchanged by holidays.
  static Days add_calendar_days(Instant received, int days, std::span<const Span> pauses = {});
  // Rule 3's D: the end of office hours on add_calendar_days(...), or on the next working day
  // when that date is not one. k_never with an open pause.
  Instant calendar_days_due(Instant received, int days, std::span<const Span> pauses = {}) const;
  // The months of rule 3 (motcua-deadlines(7)): the same day of the month `months` calendar months after the
  // receipt date, the month's last day when it has no such day (31 Jan + 1 month = 28 or 29 Feb), plus the
  // days of each pause as in add_calendar_days. Unchanged by holidays.
  static Days add_calendar_months(Instant received, int months, std::span<const Span> pauses = {});
  // Its D: the end of office hours on that date, or on the next working day when that date is not one (the
  // Civil Code's end of a period on a day off). k_never with an open pause.
  Instant calendar_months_due(Instant received, int months, std::span<const Span> pauses = {}) const;

  // The checked doors for durations from outside (CLI, files): `amount` must be a finite
  // number in (0, k_max_duration], else a usage error naming `what` (never an overflow, a
  // year -5877593 or a "never"). k_never still means an open pause stopped the clock.
  Result<Instant> due_in_working_days(Instant from, double amount, std::span<const Span> pauses = {}) const;
  Result<Instant> due_in_working_hours(Instant from, double amount, std::span<const Span> pauses = {}) const;
  Result<Instant> due_in_calendar_days(Instant from, double amount, std::span<const Span> pauses = {}) const;
  Result<Instant> due_in_months(Instant from, double amount, std::span<const Span> pauses = {}) const;

private:
  // Day pattern ids: 0..6 = that weekday's hours, 7 = no office hours.
  static constexpr std::uint8_t k_closed = 7;
  std::uint8_t pattern_of(Days date) const;
  const SpecialDay* find_day(Days date) const;
  // Office seconds from the range start to t; t must lie inside the range.
  std::int64_t cumulative_at(Instant t) const;
  // The first instant at which cumulative_at reaches `value` (0 < value <= total), searching
  // forward from day index `hint`.
  Instant instant_of_cumulative(std::int64_t value, std::size_t hint) const;
  bool in_range(Instant t) const { return t >= m_range_start && t <= m_range_end; }
  // Walker-based fallbacks for instants outside the precomputed range.
  std::int64_t walk_office_seconds(Instant a, Instant b) const;

  WorkHours m_hours;
  std::array<std::vector<Interval>, 8> m_pattern_intervals; // by pattern id
  std::int64_t m_standard_day = 0;
  std::vector<SpecialDay> m_days; // sorted by date, unique
  Days m_first = 0;
  Instant m_range_start = 0;              // local midnight of m_first
  Instant m_range_end = 0;                // local midnight after the last day
  std::vector<std::uint8_t> m_patterns;   // per day of the range
  std::vector<std::int64_t> m_cumulative; // office seconds before each day; one extra at the end
};

} // namespace motcua
