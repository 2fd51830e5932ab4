#include "calendar/holidays.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "calendar/calendar_file.hpp"
#include "calendar/lunar.hpp"

// The rules applied by statutory_days(year), by the law in force on each date:
//
// - Labor Code 1994 (Bộ luật Lao động 1994, in force 1995-01-01), Article 73: 1 January;
//   Tết 4 days; 30 April; 1 May; 2 September. The same list is applied to 1990–1994, before
//   that code: an approximation (imported calendars can correct those years).
// - Tết, 4 days (lunar years up to 2013): the last day of the old lunar year and the first
//   3 days of the new one. Tết 2013 (10 Feb 2013) still fell under the 1994 code.
// - Tết, 5 days (from lunar year 2014): Labor Code 2012 (Article 115) came into force on
//   2013-05-01, so Tết 2014 is its first Tết; the 2019 code (Article 112) keeps 5 days. The
//   law does not say which 5 days; the government picks them each year. We take the last day
//   of the old year and the first 4 days of the new one (1 + 4, as announced for 2019, 2022
//   and 2026; other years chose 2 + 3); the shipped official data replace it for 2015–2026.
// - Hùng Kings' day (10th day of the 3rd lunar month, the ordinary month 3 when the year has
//   a leap 3rd month): a holiday from 2007 on (the 2007 amendment of Article 73; 2007-04-26
//   was the first), never before.
// - 2 September plus one adjacent day from 2021 (Labor Code 2019, in force 2021-01-01). The
//   law says "the day before or after"; following the announcements we take 1 September when
//   2 September is a Tuesday (2025), Wednesday (2026), Friday (2022) or Saturday (2023), and
//   3 September when it is a Monday (2024), Thursday (2021) or Sunday (by the same logic).
// - A holiday on a Saturday or Sunday (the weekly rest days of the public sector), or on a
//   date that is already a holiday, gives a compensatory day off (nghỉ bù) on the next
//   weekday that is not already off, in date order.

namespace motcua {

namespace {

// The holiday article in force on a date.
const char* law_source(Days date, bool hung_kings) {
  static const Days k_1995 = days_from_civil(1995, 1, 1);
  static const Days k_2013 = days_from_civil(2013, 5, 1);
  static const Days k_2021 = days_from_civil(2021, 1, 1);
  if (date >= k_2021) return "Bộ luật Lao động 2019, Điều 112";
  if (date >= k_2013) return "Bộ luật Lao động 2012, Điều 115";
  if (hung_kings) return "Bộ luật Lao động 1994, Điều 73 (sửa đổi năm 2007)";
  if (date >= k_1995) return "Bộ luật Lao động 1994, Điều 73";
  return "Bộ luật Lao động 1994, Điều 73 (áp dụng gần đúng cho năm trước 1995)";
}

bool is_weekend(Days date) { return weekday(date) >= 5; }

void add_holiday(std::vector<SpecialDay>& days, Days date, const char* name, bool hung_kings = false) {
  days.push_back(SpecialDay{date, DayType::holiday, name, law_source(date, hung_kings)});
}

// Compensatory days for holidays on a weekend or on another holiday (see the rules above).
void add_compensation(std::vector<SpecialDay>& days) {
  std::stable_sort(days.begin(), days.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  std::set<Days> off; // every holiday first, so a compensatory day never lands on a later one
  for (const SpecialDay& day : days) off.insert(day.date);
  std::set<Days> seen;
  std::vector<SpecialDay> extra;
  for (const SpecialDay& day : days) {
    const bool duplicate = !seen.insert(day.date).second;
    if (!duplicate && !is_weekend(day.date)) continue;
    Days date = day.date + 1;
    while (is_weekend(date) || off.count(date) != 0) ++date;
    off.insert(date);
    extra.push_back(SpecialDay{date, DayType::compensatory, "Nghỉ bù " + day.name, day.source});
  }
  // A date that holds two holidays is listed once (the first); its second one is compensated.
  days.erase(
      std::unique(days.begin(), days.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date == b.date; }),
      days.end());
  days.insert(days.end(), extra.begin(), extra.end());
  std::sort(days.begin(), days.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
}

} // namespace

std::string_view day_type_name(DayType type) {
  switch (type) {
  case DayType::holiday: return "holiday";
  case DayType::compensatory: return "compensatory";
  case DayType::workday: return "workday";
  }
  return "holiday";
}

std::optional<DayType> parse_day_type(std::string_view text) {
  if (text == "holiday") return DayType::holiday;
  if (text == "compensatory") return DayType::compensatory;
  if (text == "workday") return DayType::workday;
  return std::nullopt;
}

std::vector<SpecialDay> statutory_days(int year) {
  std::vector<SpecialDay> days;
  if (year < k_builtin_first_year || year > k_builtin_last_year) return days;
  add_holiday(days, days_from_civil(year, 1, 1), "Tết Dương lịch");
  if (const auto tet = lunar_new_year(year)) {
    const int new_year_days = year >= 2014 ? 4 : 3;
    for (int i = -1; i < new_year_days; ++i) add_holiday(days, *tet + i, "Tết Nguyên Đán");
  }
  if (year >= 2007) {
    if (const auto hung = lunar_to_solar(LunarDate{year, 3, 10, false}))
      add_holiday(days, *hung, "Giỗ Tổ Hùng Vương", true);
  }
  add_holiday(days, days_from_civil(year, 4, 30), "Ngày Chiến thắng");
  add_holiday(days, days_from_civil(year, 5, 1), "Quốc tế Lao động");
  const Days national_day = days_from_civil(year, 9, 2);
  add_holiday(days, national_day, "Quốc khánh");
  if (year >= 2021) {
    const int wd = weekday(national_day);
    const bool before = wd == 1 || wd == 2 || wd == 4 || wd == 5; // Tuesday, Wednesday, Friday, Saturday
    add_holiday(days, national_day + (before ? -1 : 1), "Quốc khánh (ngày liền kề)");
  }
  add_compensation(days);
  return days;
}

std::vector<SpecialDay> apply_overrides(std::vector<SpecialDay> base, std::span<const SpecialDay> overrides,
                                        std::span<const DateRange> replaces) {
  std::map<Days, SpecialDay> merged;
  for (SpecialDay& day : base) {
    const bool replaced = std::any_of(replaces.begin(), replaces.end(),
                                      [&](const DateRange& r) { return day.date >= r.from && day.date <= r.to; });
    if (!replaced) merged.insert_or_assign(day.date, std::move(day));
  }
  for (const SpecialDay& day : overrides) merged.insert_or_assign(day.date, day);
  std::vector<SpecialDay> result;
  result.reserve(merged.size());
  for (auto& [date, day] : merged) result.push_back(std::move(day));
  return result;
}

Result<std::vector<SpecialDay>> builtin_days(int first_year, int last_year) {
  static const Result<CalendarFile> k_official =
      parse_calendar_file(official_calendar_json(), "data/calendar/official-vn.json");
  if (!k_official)
    return make_error(ErrorKind::internal, "embedded official calendar is broken: " + k_official.error().message);
  std::vector<SpecialDay> base;
  for (int year = first_year; year <= last_year; ++year) {
    std::vector<SpecialDay> days = statutory_days(year);
    base.insert(base.end(), std::make_move_iterator(days.begin()), std::make_move_iterator(days.end()));
  }
  const Days from = days_from_civil(first_year, 1, 1);
  const Days to = days_from_civil(last_year, 12, 31);
  std::vector<SpecialDay> official;
  for (const SpecialDay& day : k_official->days)
    if (day.date >= from && day.date <= to) official.push_back(day);
  return apply_overrides(std::move(base), official, k_official->replaces);
}

} // namespace motcua
