#pragma once
// Dates and instants. Vietnam is UTC+7 with no daylight saving, so local time is
// plain arithmetic: no tz database involved.
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

// `YYYY-MM-DD` (strict).
std::optional<Days> parse_date(std::string_view text);
// ISO 8601 date-time: `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]` (a space may replace T);
// without an offset it is local time UTC+7.
std::optional<Instant> parse_datetime(std::string_view text);
// `YYYY-MM-DD`.
std::string format_date(Days d);
// `2018-02-21T15:00:00+07:00`.
std::string format_instant(Instant t);
// Today's local date.
Days today();
// The current instant.
Instant now();

} // namespace motcua
