#pragma once
// Reporting periods of `stats export --period`: a year, a quarter, a month or an
// inclusive date range, always as the first and last local date.
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// [from, to], both inclusive local dates (motcua-metrics(7): P = [first day, last day]).
struct Period {
  Days from = 0;
  Days to = 0;
  bool operator==(const Period&) const = default;
};

// `2018`, `2018-Q3`, `2018-07` or `2018-07-01..2018-09-30`; a usage error naming the text otherwise.
Result<Period> parse_period(std::string_view text);
// The same, and the periods relative to `today` (motcua-metrics(7)): this-month, this-quarter and
// this-year (up to today), last-month, last-quarter, last-year, a relative date (util/relative_date:
// that one day) and ranges with relative ends (`-7d..yesterday`).
Result<Period> parse_period(std::string_view text, Days today);

// The shortest of those spellings that names the period exactly, for titles and file names.
std::string period_name(const Period& p);

// The calendar months that meet the period, each clipped to it: the groups of `--by month`.
std::vector<Period> months_of(const Period& p);

// `2018-07`: the key of the month a date falls in.
std::string month_key(Days d);

} // namespace motcua
