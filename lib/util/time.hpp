#pragma once
// Dates and instants, and every way motcua reads them from text (ISO 8601, the national
// compact form, clock times; user date formats are in util/date_format.hpp). Vietnam is
// UTC+7 with no daylight saving, so local time is plain arithmetic: no tz database involved.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua {

// Days since 1970-01-01 (a civil date, no time zone).
using Days = std::int32_t;
// Seconds since 1970-01-01T00:00:00Z.
using Instant = std::int64_t;

inline constexpr Instant k_local_offset = 7 * 3600; // UTC+7
inline constexpr Instant k_day_seconds = 86400;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

// Howard Hinnant's days_from_civil / civil_from_days.
Days days_from_civil(int y, unsigned m, unsigned d);
CivilDate civil_from_days(Days z);
// 0 = Monday ... 6 = Sunday.
int weekday(Days d);
bool is_leap_year(int y);
unsigned days_in_month(int y, unsigned m);

// The local (UTC+7) date of an instant.
inline Days local_date(Instant t) {
  Instant s = t + k_local_offset;
  return static_cast<Days>(s >= 0 ? s / k_day_seconds : -((-s + k_day_seconds - 1) / k_day_seconds));
}
// Seconds since local midnight of an instant.
inline int local_seconds_of_day(Instant t) {
  return static_cast<int>(t + k_local_offset - static_cast<Instant>(local_date(t)) * k_day_seconds);
}
// The instant of local midnight + seconds on a date.
inline Instant local_instant(Days d, int seconds_of_day = 0) {
  return static_cast<Instant>(d) * k_day_seconds + seconds_of_day - k_local_offset;
}

// The end of office hours on the default calendar (17:00): what a date-only appointment means.
inline constexpr int k_office_end_seconds = 17 * 3600;

// What a date stands for where an instant is expected. There is no default: every caller
// names the convention its option or field documents.
enum class DateAs {
  start_of_day,      // 00:00:00 local: a receipt or a resolution date, a pause, `calendar due --from`
  end_of_day,        // 23:59:59 local: "as of that day", everything that happened during it counts
  end_of_office_day, // 17:00 local (k_office_end_seconds): an appointment (due_at, new_due_at)
};
// The instant of a date under a convention.
Instant date_instant(Days d, DateAs as);

// An instant as written in a source: a date-only value remembers it (exports write it back as a date).
struct Moment {
  Instant at = 0;
  bool date_only = false;
};

// `YYYY-MM-DD` (strict).
std::optional<Days> parse_date(std::string_view text);
// ISO 8601 date-time: `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]` (a space may replace T);
// without an offset it is local time UTC+7.
std::optional<Instant> parse_datetime(std::string_view text);
// An ISO 8601 date-time (parse_datetime), or a date (parse_date) made an instant by `as`.
// Surrounding blanks are ignored.
std::optional<Moment> parse_moment(std::string_view text, DateAs as);
// The national compact form, local time: yyyyMMddHHmmss, yyyyMMddHHmm, or yyyyMMdd (a date, made an instant by `as`).
std::optional<Moment> parse_compact_moment(std::string_view text, DateAs as);
// A clock time "HH:MM" → seconds of day; "24:00" only when `allow_24` (the end of a working interval).
std::optional<std::int32_t> parse_clock(std::string_view text, bool allow_24);
// Exactly `width` ASCII digits (no sign, no blanks) → their value; the building block of every reader here.
std::optional<int> parse_digits(std::string_view text, size_t width);
// A valid civil date from its parts (month 1–12, day within the month), else nullopt.
std::optional<Days> civil_date(int year, int month, int day);
// A valid time of day (24:00:00 allowed as the end of a day) → seconds, else nullopt.
std::optional<int> time_of_day(int hour, int minute, int second);

// `YYYY-MM-DD`.
std::string format_date(Days d);
// `2018-02-21T15:00:00+07:00`.
std::string format_instant(Instant t);
// Today's local date.
Days today();
// The current instant.
Instant now();

} // namespace motcua
