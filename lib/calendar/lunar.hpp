#pragma once
// The Vietnamese lunar calendar (âm lịch), computed from astronomy for UTC+7.
//
// Rules (the Chinese "Shixian" rules as used in Vietnam, with Vietnamese local time):
// - a month starts on the local (UTC+7) day that holds the astronomical new moon;
// - the month holding the December solstice (sun at 270°) is month 11;
// - when 13 months lie between two months 11, the first month after the first month 11
//   that holds no major solar term (sun at a multiple of 30°, on a UTC+7 local date) is
//   the leap month and repeats the number of the month before it.
// New moons: Meeus, "Astronomical Algorithms" ch. 49; sun: VSOP87 truncated (Meeus ch. 25,
// Appendix III) with nutation and aberration; ΔT: Espenak–Meeus polynomials. UTC+7 is
// applied to every year (North Vietnam used UTC+8 before 1968, so dates before 1968 may
// differ from calendars printed then).
#include <optional>

#include "util/time.hpp"

namespace motcua {

// A lunar date; `leap` marks the intercalary month (tháng nhuận).
struct LunarDate {
  int year = 0;  // the solar year in which this lunar year's month 1 begins
  int month = 1; // 1..12
  int day = 1;   // 1..30
  bool leap = false;
  bool operator==(const LunarDate&) const = default;
};

// Lunar years that can be converted; the astronomy is good well beyond, ΔT is not.
inline constexpr int k_lunar_first_year = 1900;
inline constexpr int k_lunar_last_year = 2199;

// The solar date of a lunar date; nullopt when it does not exist (day 30 of a 29-day month,
// `leap` on a month that is not repeated that year) or the year is outside the range.
std::optional<Days> lunar_to_solar(const LunarDate& date);
// The lunar date of a solar date; nullopt outside the supported range.
std::optional<LunarDate> solar_to_lunar(Days date);
// Tết (1st day of month 1) of a lunar year; nullopt outside the range.
std::optional<Days> lunar_new_year(int year);
// The leap month of a lunar year, 0 when it has none (or outside the range).
int lunar_leap_month(int year);
// Days in a lunar month (29 or 30), 0 when that month does not exist.
int lunar_month_length(int year, int month, bool leap = false);

// --- Astronomy, exposed so tests can check it against Meeus' worked examples. ---

// Julian Ephemeris Day (TT) of new moon number k (k = 0 is the new moon of 2000-01-06).
double new_moon_jde(int k);
// The same new moon as a Unix instant (UT = TT − ΔT), rounded to the second.
Instant new_moon_instant(int k);
// The sun's apparent geocentric longitude in degrees [0, 360) at a Julian Ephemeris Day.
double sun_apparent_longitude(double jde);
// TT − UT in seconds for a decimal year.
double delta_t_seconds(double decimal_year);
// The instant (UT) at which the sun's apparent longitude reaches `degrees` (a multiple of 15
// is a solar term), searching near `near` (within about ±3 months).
Instant solar_longitude_instant(double degrees, Instant near);

} // namespace motcua
