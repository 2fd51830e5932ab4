#include "stats/period.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "util/relative_date.hpp"

namespace motcua {

namespace {

// Exactly `width` ASCII digits (util/time.hpp parse_digits), or -1.
int digits(std::string_view s, size_t width) { return parse_digits(s, width).value_or(-1); }

Error bad_period(std::string_view text, const std::string& why) {
  return make_error(ErrorKind::usage, "--period '" + std::string(text) + "': " + why +
                                          "; write a year (2018), a quarter (2018-Q3), a month (2018-07) "
                                          "or a date range (2018-07-01..2018-09-30)");
}

Days last_of_month(int y, unsigned m) { return days_from_civil(y, m, days_in_month(y, m)); }

} // namespace

Result<Period> parse_period(std::string_view text) {
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    auto from = parse_date(text.substr(0, dots));
    auto to = parse_date(text.substr(dots + 2));
    if (!from || !to) return bad_period(text, "both ends of a range must be dates YYYY-MM-DD");
    if (*to < *from) return bad_period(text, "the range ends before it starts");
    return Period{*from, *to};
  }
  int year = digits(text.substr(0, 4), 4);
  if (year < 1) return bad_period(text, "it does not start with a four-digit year");
  std::string_view rest = text.substr(4);
  if (rest.empty()) return Period{days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)};
  if (rest.size() == 3 && rest[0] == '-' && (rest[1] == 'Q' || rest[1] == 'q')) {
    int q = digits(rest.substr(2), 1);
    if (q < 1 || q > 4) return bad_period(text, "a quarter is Q1 to Q4");
    auto first = static_cast<unsigned>(3 * q - 2);
    return Period{days_from_civil(year, first, 1), last_of_month(year, first + 2)};
  }
  if (rest.size() == 3 && rest[0] == '-') {
    int m = digits(rest.substr(1), 2);
    if (m < 1 || m > 12) return bad_period(text, "a month is 01 to 12");
    auto month = static_cast<unsigned>(m);
    return Period{days_from_civil(year, month, 1), last_of_month(year, month)};
  }
  return bad_period(text, "unknown form");
}

Result<Period> parse_period(std::string_view text, Days today) {
  CivilDate t = civil_from_days(today);
  auto month = [](int y, unsigned m) { return Period{days_from_civil(y, m, 1), last_of_month(y, m)}; };
  auto quarter = [](int y, unsigned q) { return Period{days_from_civil(y, 3 * q - 2, 1), last_of_month(y, 3 * q)}; };
  unsigned q = (t.month + 2) / 3;
  if (text == "this-month") return Period{days_from_civil(t.year, t.month, 1), today};
  if (text == "last-month") return t.month == 1 ? month(t.year - 1, 12) : month(t.year, t.month - 1);
  if (text == "this-quarter") return Period{days_from_civil(t.year, 3 * q - 2, 1), today};
  if (text == "last-quarter") return q == 1 ? quarter(t.year - 1, 4) : quarter(t.year, q - 1);
  if (text == "this-year") return Period{days_from_civil(t.year, 1, 1), today};
  if (text == "last-year") return Period{days_from_civil(t.year - 1, 1, 1), days_from_civil(t.year - 1, 12, 31)};
  if (auto d = relative_date(text, today)) return Period{*d, *d};
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    auto from = date_or_relative(text.substr(0, dots), today);
    auto to = date_or_relative(text.substr(dots + 2), today);
    if (from && to) {
      if (*to < *from) return bad_period(text, "the range ends before it starts");
      return Period{*from, *to};
    }
  }
  return parse_period(text);
}

std::string period_name(const Period& p) {
  CivilDate a = civil_from_days(p.from), b = civil_from_days(p.to);
  char buf[32];
  bool starts_month = a.day == 1, ends_month = b.day == days_in_month(b.year, b.month);
  if (a.year == b.year && starts_month && ends_month) {
    if (a.month == 1 && b.month == 12) {
      std::snprintf(buf, sizeof buf, "%04d", a.year);
      return buf;
    }
    if (a.month == b.month) {
      std::snprintf(buf, sizeof buf, "%04d-%02u", a.year, a.month);
      return buf;
    }
    if (a.month % 3 == 1 && b.month == a.month + 2) {
      std::snprintf(buf, sizeof buf, "%04d-Q%u", a.year, (a.month + 2) / 3);
      return buf;
    }
  }
  return format_date(p.from) + ".." + format_date(p.to);
}

std::vector<Period> months_of(const Period& p) {
  std::vector<Period> out;
  Days start = p.from;
  while (start <= p.to) {
    CivilDate c = civil_from_days(start);
    Days end = std::min(last_of_month(c.year, c.month), p.to);
    out.push_back(Period{start, end});
    start = end + 1;
  }
  return out;
}

std::string month_key(Days d) {
  CivilDate c = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", c.year, c.month);
  return buf;
}

} // namespace motcua
