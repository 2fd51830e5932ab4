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

Instant date_instant(Days d, DateAs as) {
  switch (as) {
  case DateAs::end_of_day: return local_instant(d + 1) - 1;
  case DateAs::end_of_office_day: return local_instant(d, k_office_end_seconds);
  default: return local_instant(d);
  }
}

std::optional<int> parse_digits(std::string_view s, size_t width) {
  if (s.size() != width || width == 0 || width > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<Days> civil_date(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m)))
    return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::optional<int> time_of_day(int hh, int mm, int ss) {
  if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 59 || ss > 59 || (hh == 24 && (mm != 0 || ss != 0)))
    return std::nullopt;
  return hh * 3600 + mm * 60 + ss;
}

namespace {

// Reads exactly n digits at pos; advances pos.
bool read_digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  auto v = parse_digits(s.substr(pos, n), n);
  if (!v) return false;
  out = *v;
  pos += n;
  return true;
}

// ASCII blanks around a value (as io/text.hpp trim(), which util cannot depend on).
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool read_date(std::string_view s, size_t& pos, Days& out) {
  int y = 0, m = 0, d = 0; // zeroed: GCC -O3 cannot see read_digits always sets them
  if (!read_digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_digits(s, pos, 2, m) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_digits(s, pos, 2, d)) return false;
  auto day = civil_date(y, m, d);
  if (!day) return false;
  out = *day;
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
  if (!read_digits(s, pos, 2, hh) || pos >= s.size() || s[pos++] != ':' || !read_digits(s, pos, 2, mm))
    return std::nullopt;
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

std::optional<Moment> parse_moment(std::string_view text, DateAs as) {
  text = trim_blanks(text);
  if (auto d = parse_date(text)) return Moment{date_instant(*d, as), true};
  if (auto t = parse_datetime(text)) return Moment{*t, false};
  return std::nullopt;
}

std::optional<Moment> parse_compact_moment(std::string_view text, DateAs as) {
  text = trim_blanks(text);
  if (text.size() != 8 && text.size() != 12 && text.size() != 14) return std::nullopt;
  auto y = parse_digits(text.substr(0, 4), 4), m = parse_digits(text.substr(4, 2), 2),
       d = parse_digits(text.substr(6, 2), 2);
  if (!y || !m || !d) return std::nullopt;
  auto day = civil_date(*y, *m, *d);
  if (!day) return std::nullopt;
  if (text.size() == 8) return Moment{date_instant(*day, as), true};
  auto hh = parse_digits(text.substr(8, 2), 2), mm = parse_digits(text.substr(10, 2), 2);
  auto ss = text.size() == 14 ? parse_digits(text.substr(12, 2), 2) : std::optional<int>(0);
  if (!hh || !mm || !ss) return std::nullopt;
  auto tod = time_of_day(*hh, *mm, *ss);
  if (!tod) return std::nullopt;
  return Moment{local_instant(*day, *tod), false};
}

std::optional<std::int32_t> parse_clock(std::string_view s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto hh = parse_digits(s.substr(0, 2), 2), mm = parse_digits(s.substr(3, 2), 2);
  if (!hh || !mm || (*hh == 24 && !allow_24)) return std::nullopt;
  auto tod = time_of_day(*hh, *mm, 0);
  if (!tod) return std::nullopt;
  return *tod;
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
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", c.year, c.month, c.day, s / 3600, s / 60 % 60,
                s % 60);
  return buf;
}

Instant now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Days today() { return local_date(now()); }

} // namespace motcua
