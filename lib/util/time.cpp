#include "util/time.hpp"

#include <chrono>
#include <cstdio>

namespace motcua {

Days days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate civil_from_days(Days z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{y + (m <= 2), m, d};
}

int weekday(Days d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((static_cast<long>(d) % 7) + 7 + 3) % 7);
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : k_days[m - 1];
}

namespace {

// Reads exactly n digits at pos; advances pos.
bool read_digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool read_date(std::string_view s, size_t& pos, Days& out) {
  int y = 0, m = 0, d = 0; // zeroed: GCC -O3 cannot see read_digits always sets them
  if (!read_digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_digits(s, pos, 2, m) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_digits(s, pos, 2, d)) return false;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) return false;
  out = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

} // namespace

std::optional<Days> parse_date(std::string_view text) {
  size_t pos = 0;
  Days d;
  if (!read_date(text, pos, d) || pos != text.size()) return std::nullopt;
  return d;
}

std::optional<Instant> parse_datetime(std::string_view s) {
  size_t pos = 0;
  Days d;
  if (!read_date(s, pos, d)) return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  int hh, mm, ss = 0;
  if (!read_digits(s, pos, 2, hh) || pos >= s.size() || s[pos++] != ':' || !read_digits(s, pos, 2, mm)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_digits(s, pos, 2, ss)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0))) return std::nullopt;
  if (ss == 60) ss = 59; // a leap second is clamped, not rejected
  Instant offset = k_local_offset;
  if (pos < s.size()) {
    char c = s[pos];
    if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) {
      offset = 0;
      pos = s.size();
    } else if (c == '+' || c == '-') {
      ++pos;
      int oh, om = 0;
      if (!read_digits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && !read_digits(s, pos, 2, om)) return std::nullopt;
      if (oh > 14 || om > 59) return std::nullopt;
      offset = (c == '+' ? 1 : -1) * static_cast<Instant>(oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  return static_cast<Instant>(d) * k_day_seconds + hh * 3600 + mm * 60 + ss - offset;
}

std::string format_date(Days d) {
  CivilDate c = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_instant(Instant t) {
  Days d = local_date(t);
  int s = local_seconds_of_day(t);
  CivilDate c = civil_from_days(d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", c.year, c.month, c.day, s / 3600, s / 60 % 60, s % 60);
  return buf;
}

Instant now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Days today() { return local_date(now()); }

} // namespace motcua
