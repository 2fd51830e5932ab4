#include "util/relative_date.hpp"

#include <algorithm>
#include <cstdlib>

namespace motcua {

namespace {

// Months before `d`, the day clipped to the target month's length.
Days months_back(Days d, long months) {
  CivilDate c = civil_from_days(d);
  long index = static_cast<long>(c.year) * 12 + static_cast<long>(c.month) - 1 - months;
  int year = static_cast<int>(index >= 0 ? index / 12 : -((-index + 11) / 12));
  unsigned month = static_cast<unsigned>(index - static_cast<long>(year) * 12) + 1;
  return days_from_civil(year, month, std::min(c.day, days_in_month(year, month)));
}

} // namespace

std::optional<Days> relative_date(std::string_view text, Days today) {
  if (text == "today") return today;
  if (text == "yesterday") return today - 1;
  if (text.size() < 3 || text.size() > 8 || text[0] != '-') return std::nullopt;
  std::string_view digits = text.substr(1, text.size() - 2);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  long n = std::strtol(std::string(digits).c_str(), nullptr, 10);
  if (n > 100000) return std::nullopt;
  switch (text.back()) {
  case 'd': return static_cast<Days>(today - n);
  case 'w': return static_cast<Days>(today - 7 * n);
  case 'm': return months_back(today, n);
  case 'y': return months_back(today, 12 * n);
  default: return std::nullopt;
  }
}

std::optional<Days> date_or_relative(std::string_view text, Days today) {
  if (auto d = parse_date(text)) return d;
  return relative_date(text, today);
}

bool is_relative_date(std::string_view text) { return relative_date(text, 0).has_value(); }

Result<Days> reference_today() {
  const char* pinned = std::getenv("MOTCUA_TODAY");
  if (!pinned || !*pinned) return today();
  auto d = parse_date(pinned);
  if (!d)
    return make_error(ErrorKind::usage,
                      "MOTCUA_TODAY=" + std::string(pinned).substr(0, 40) + ": expected a date YYYY-MM-DD");
  return *d;
}

} // namespace motcua
