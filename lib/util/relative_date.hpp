#pragma once
// Dates relative to today for unattended jobs (`--from yesterday`, `--to -7d`), resolved in
// Asia/Ho_Chi_Minh (UTC+7, util/time), and the pinned today of MOTCUA_TODAY.
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// `today`, `yesterday`, or `-N` followed by d (days), w (weeks), m (months) or y (years) before
// `today`; a month or year back keeps the day of the month, clipped to the month's last day
// (-1m of 03-31 is 02-28/29). nullopt for anything else (N is 0 to 100000).
std::optional<Days> relative_date(std::string_view text, Days today);

// A date option's text: YYYY-MM-DD, or a relative date (relative_date); nullopt otherwise.
std::optional<Days> date_or_relative(std::string_view text, Days today);

// Whether the text is one of the relative spellings (so the resolved date is worth telling).
bool is_relative_date(std::string_view text);

// Today's local date, or the date of MOTCUA_TODAY=YYYY-MM-DD when it is set (tests, re-running a
// missed night); a usage error naming the variable when it is not a date.
Result<Days> reference_today();

} // namespace motcua
