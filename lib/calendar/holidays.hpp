#pragma once
// Vietnamese public holidays: the days the Labor Code gives (computed for any year of
// the built-in range) and the government's yearly decisions shipped as data.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// What a listed date is: a day off by law or decision, a day off in exchange for a holiday
// that fell on a weekend (nghỉ bù), or a Saturday/Sunday worked with Monday's hours (làm bù).
enum class DayType { holiday, compensatory, workday };

// One date that is not an ordinary weekday/weekend: its kind, Vietnamese name, and the
// legal text or decision it comes from (so a person can check it).
struct SpecialDay {
  Days date = 0;
  DayType type = DayType::holiday;
  std::string name;
  std::string source;
  bool operator==(const SpecialDay&) const = default;
};

// An inclusive range of dates.
struct DateRange {
  Days from = 0;
  Days to = 0;
};

// "holiday", "compensatory", "workday": the spelling of calendar files and JSON output.
std::string_view day_type_name(DayType type);
std::optional<DayType> parse_day_type(std::string_view text);

// The years for which the library derives holidays from the law.
inline constexpr int k_builtin_first_year = 1990;
inline constexpr int k_builtin_last_year = 2100;

// The holidays the law gives in one solar year, with weekend compensation, sorted by date.
// Empty outside [k_builtin_first_year, k_builtin_last_year]. See holidays.cpp for the rules.
std::vector<SpecialDay> statutory_days(int year);

// The government's announced breaks and day swaps (data/calendar/official-vn.json,
// embedded at build time), in the calendar-file format plus "source" and "replaces".
std::string_view official_calendar_json();

// Overrides applied date by date on top of `base`; any base day inside a `replaces` range is
// dropped first (an official Tết or National Day break replaces the law-derived choice of days).
// Sorted by date.
std::vector<SpecialDay> apply_overrides(std::vector<SpecialDay> base, std::span<const SpecialDay> overrides,
                                        std::span<const DateRange> replaces = {});

// Law-derived days for [first_year, last_year] with the embedded official data on top.
// Fails only if the embedded data are broken (a build defect).
Result<std::vector<SpecialDay>> builtin_days(int first_year = k_builtin_first_year,
                                             int last_year = k_builtin_last_year);

} // namespace motcua
