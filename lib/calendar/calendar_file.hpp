#pragma once
// The calendar file of motcua-formats(5) (CALENDAR FILE, `calendar import`), parsed and validated.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/holidays.hpp"
#include "calendar/work_calendar.hpp"
#include "util/error.hpp"

namespace motcua {

// A parsed calendar file. Besides the documented keys it reads two optional motcua extensions that
// other tools ignore as unknown keys: a "source" per day (the decision it comes from) and
// "replaces": [{"from": DATE, "to": DATE}], ranges in which the built-in days are dropped
// before the file's days apply (used by the shipped official Tết schedules).
struct CalendarFile {
  std::string name;
  std::optional<WorkHours> work_hours; // absent → the default hours
  std::vector<SpecialDay> days;        // in file order; dates are unique
  std::vector<DateRange> replaces;
};

// Parses and validates a calendar file. `origin` names the file in messages. Rejects invalid
// JSON, an invalid or duplicate date, an unknown day type, an unknown weekday key, malformed,
// inverted or overlapping hours, and a Monday without hours; the message names the entry
// (days[i], date, work_hours.mon[j]) and the offending value. Missing weekdays keep the
// default hours.
Result<CalendarFile> parse_calendar_file(std::string_view json_text, std::string_view origin = "calendar file");

// "HH:MM-HH:MM" (24:00 allowed as an end) → an interval; nullopt when malformed or start >= end.
std::optional<Interval> parse_interval(std::string_view text);
// "07:30-11:30", the inverse of parse_interval.
std::string format_interval(const Interval& interval);

} // namespace motcua
