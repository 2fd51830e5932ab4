#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "calendar/calendar_file.hpp"
#include "calendar/holidays.hpp"
#include "calendar/lunar.hpp"

using namespace motcua;

namespace {

Days date(const char* text) { return *parse_date(text); }

// "date type" for each day of a list, for readable comparisons.
std::vector<std::string> describe(const std::vector<SpecialDay>& days, Days from, Days to) {
  std::vector<std::string> out;
  for (const SpecialDay& d : days)
    if (d.date >= from && d.date <= to) out.push_back(format_date(d.date) + " " + std::string(day_type_name(d.type)));
  return out;
}

const SpecialDay* find(const std::vector<SpecialDay>& days, const char* text) {
  const auto it = std::find_if(days.begin(), days.end(), [&](const SpecialDay& d) { return d.date == date(text); });
  return it == days.end() ? nullptr : &*it;
}

std::vector<SpecialDay> builtin(int year) {
  auto days = builtin_days(year, year);
  REQUIRE(days);
  return *days;
}

} // namespace

TEST_CASE("statutory days of 2018, with Vietnamese names and sources") {
  const auto days = statutory_days(2018);
  CHECK(describe(days, date("2018-01-01"), date("2018-12-31")) ==
        std::vector<std::string>{"2018-01-01 holiday", "2018-02-15 holiday", "2018-02-16 holiday", "2018-02-17 holiday",
                                 "2018-02-18 holiday", "2018-02-19 holiday", "2018-02-20 compensatory",
                                 "2018-02-21 compensatory", "2018-04-25 holiday", "2018-04-30 holiday",
                                 "2018-05-01 holiday", "2018-09-02 holiday", "2018-09-03 compensatory"});
  CHECK(find(days, "2018-01-01")->name == "Tết Dương lịch");
  CHECK(find(days, "2018-02-16")->name == "Tết Nguyên Đán");
  CHECK(find(days, "2018-02-20")->name == "Nghỉ bù Tết Nguyên Đán");
  CHECK(find(days, "2018-04-25")->name == "Giỗ Tổ Hùng Vương");
  CHECK(find(days, "2018-04-30")->name == "Ngày Chiến thắng");
  CHECK(find(days, "2018-05-01")->name == "Quốc tế Lao động");
  CHECK(find(days, "2018-09-02")->name == "Quốc khánh");
  CHECK(find(days, "2018-09-03")->name == "Nghỉ bù Quốc khánh");
  CHECK(find(days, "2018-05-01")->source == "Bộ luật Lao động 2012, Điều 115");
  CHECK(find(statutory_days(2022), "2022-05-01")->source == "Bộ luật Lao động 2019, Điều 112");
  for (const SpecialDay& d : days) CHECK_FALSE(d.source.empty());
}

TEST_CASE("Tết has 4 days up to 2013 and 5 from 2014, Hùng Kings' day only from 2007") {
  // 2006: Tết 29 Jan (Sunday): 28 Jan (last day of the old year, Saturday) to 31 Jan, two weekend days.
  CHECK(describe(statutory_days(2006), date("2006-01-20"), date("2006-02-10")) ==
        std::vector<std::string>{"2006-01-28 holiday", "2006-01-29 holiday", "2006-01-30 holiday", "2006-01-31 holiday",
                                 "2006-02-01 compensatory", "2006-02-02 compensatory"});
  CHECK(find(statutory_days(2006), "2006-04-07") == nullptr); // 10/3 of 2006: not yet a holiday
  CHECK(find(statutory_days(2007), "2007-04-26")->name == "Giỗ Tổ Hùng Vương");
  // Tết 2013 (10 Feb) was still under the 1994 code: 4 days. Tết 2014 (31 Jan): 5 days.
  CHECK(describe(statutory_days(2013), date("2013-02-01"), date("2013-02-20")).size() == 4 + 2);
  CHECK(describe(statutory_days(2014), date("2014-01-25"), date("2014-02-10")) ==
        std::vector<std::string>{"2014-01-30 holiday", "2014-01-31 holiday", "2014-02-01 holiday", "2014-02-02 holiday",
                                 "2014-02-03 holiday", "2014-02-04 compensatory", "2014-02-05 compensatory"});
  CHECK(statutory_days(1989).empty());
  CHECK(statutory_days(2101).empty());
  CHECK_FALSE(statutory_days(1990).empty());
  CHECK_FALSE(statutory_days(2100).empty());
}

TEST_CASE("National Day has an adjacent day from 2021") {
  const auto national = [](int year) {
    return describe(statutory_days(year), days_from_civil(year, 8, 28), days_from_civil(year, 9, 8));
  };
  CHECK(national(2020) == std::vector<std::string>{"2020-09-02 holiday"});
  CHECK(national(2021) == std::vector<std::string>{"2021-09-02 holiday", "2021-09-03 holiday"}); // Thu + Fri
  CHECK(national(2022) == std::vector<std::string>{"2022-09-01 holiday", "2022-09-02 holiday"}); // Thu + Fri
  CHECK(national(2023) ==
        std::vector<std::string>{"2023-09-01 holiday", "2023-09-02 holiday", "2023-09-04 compensatory"});
  CHECK(national(2024) == std::vector<std::string>{"2024-09-02 holiday", "2024-09-03 holiday"}); // Mon + Tue
  CHECK(national(2025) == std::vector<std::string>{"2025-09-01 holiday", "2025-09-02 holiday"}); // Mon + Tue
  // Wednesday 2 September 2026 and 2037: Tuesday 1 September, as announced for 2026 (not Thursday 3).
  CHECK(national(2026) == std::vector<std::string>{"2026-09-01 holiday", "2026-09-02 holiday"});
  CHECK(national(2037) == std::vector<std::string>{"2037-09-01 holiday", "2037-09-02 holiday"});
  // Sunday 2 September 2029: Monday 3 is the adjacent day, Tuesday 4 compensates the Sunday.
  CHECK(national(2029) ==
        std::vector<std::string>{"2029-09-02 holiday", "2029-09-03 holiday", "2029-09-04 compensatory"});
  // The announced pattern for every weekday of 2 September (Monday = 0): Mon→3, Tue→1, Wed→1, Thu→3, Fri→1,
  // Sat→1, Sun→3.
  const int adjacent_by_weekday[7] = {3, 1, 1, 3, 1, 1, 3};
  for (int year = 2021; year <= 2100; ++year) {
    CAPTURE(year);
    const Days national_day = days_from_civil(year, 9, 2);
    const auto days = statutory_days(year);
    const Days adjacent = days_from_civil(year, 9, adjacent_by_weekday[weekday(national_day)]);
    REQUIRE(find(days, format_date(adjacent).c_str()) != nullptr);
    CHECK(find(days, format_date(adjacent).c_str())->name == "Quốc khánh (ngày liền kề)");
  }
}

TEST_CASE("weekend holidays are compensated on the next weekday not already off") {
  // 2017: 1 Jan Sunday → Monday 2; 30 Apr Sunday → Tuesday 2 May (Monday 1 May is a holiday).
  const auto y2017 = statutory_days(2017);
  CHECK(find(y2017, "2017-01-02")->type == DayType::compensatory);
  CHECK(find(y2017, "2017-05-02")->name == "Nghỉ bù Ngày Chiến thắng");
  // 2022: 30 Apr Saturday, 1 May Sunday → Monday 2 and Tuesday 3 May.
  CHECK(describe(statutory_days(2022), date("2022-04-29"), date("2022-05-06")) ==
        std::vector<std::string>{"2022-04-30 holiday", "2022-05-01 holiday", "2022-05-02 compensatory",
                                 "2022-05-03 compensatory"});
  // 2023: Hùng Kings on Saturday 29 Apr, 30 Apr Sunday, 1 May Monday → Tuesday 2, Wednesday 3 May.
  CHECK(describe(statutory_days(2023), date("2023-04-28"), date("2023-05-06")) ==
        std::vector<std::string>{"2023-04-29 holiday", "2023-04-30 holiday", "2023-05-01 holiday",
                                 "2023-05-02 compensatory", "2023-05-03 compensatory"});
  // 2009: Hùng Kings on Saturday 4 Apr → Monday 6 Apr.
  CHECK(find(statutory_days(2009), "2009-04-06")->name == "Nghỉ bù Giỗ Tổ Hùng Vương");
  // No compensatory day ever lands on a weekend or another holiday.
  for (int year = 1990; year <= 2100; ++year) {
    std::map<Days, int> count;
    for (const SpecialDay& d : statutory_days(year)) {
      ++count[d.date];
      if (d.type == DayType::compensatory) CHECK(weekday(d.date) < 5);
    }
    for (const auto& [day, n] : count) CHECK(n == 1);
  }
}

TEST_CASE("the embedded official data parse and agree with the lunar calendar") {
  auto file = parse_calendar_file(official_calendar_json(), "official-vn.json");
  REQUIRE_MESSAGE(file, (file ? "" : file.error().message));
  CHECK(file->replaces.size() == 13); // Tết of 2015–2026 and the National Day break of 2026
  for (const SpecialDay& d : file->days) {
    CAPTURE(format_date(d.date));
    CHECK_FALSE(d.source.empty());
    CHECK_FALSE(d.name.empty());
    if (d.type == DayType::workday) CHECK(weekday(d.date) == 5); // make-up days are Saturdays
  }
  // Each official Tết break holds the computed Tết, named as its first day.
  for (int year = 2015; year <= 2026; ++year) {
    CAPTURE(year);
    const Days tet = *lunar_new_year(year);
    const auto it =
        std::find_if(file->days.begin(), file->days.end(), [&](const SpecialDay& d) { return d.date == tet; });
    REQUIRE(it != file->days.end());
    CHECK(it->name == "Tết Nguyên Đán (mùng 1)");
    CHECK(it->type == DayType::holiday);
  }
}

TEST_CASE("built-in days: the official Tết breaks replace the law-derived choice") {
  // 2018: announced break 14–20 Feb; the law-derived compensatory 21 Feb is gone.
  const auto y2018 = builtin(2018);
  CHECK(describe(y2018, date("2018-02-08"), date("2018-02-26")) ==
        std::vector<std::string>{"2018-02-14 holiday", "2018-02-15 holiday", "2018-02-16 holiday", "2018-02-17 holiday",
                                 "2018-02-18 holiday", "2018-02-19 holiday", "2018-02-20 holiday"});
  CHECK(find(y2018, "2018-09-03")->type == DayType::compensatory); // untouched law-derived day
  // 2025: 25 Jan – 2 Feb without any make-up day; Monday 3 Feb and Saturday 8 Feb are ordinary days.
  const auto y2025 = builtin(2025);
  REQUIRE(find(y2025, "2025-01-27") != nullptr);
  CHECK(find(y2025, "2025-01-27")->name == "Nghỉ Tết Nguyên Đán (trước Tết)");
  CHECK(find(y2025, "2025-02-08") == nullptr);
  CHECK(find(y2025, "2025-02-03") == nullptr);
  CHECK(find(y2025, "2025-04-26")->type == DayType::workday);
  CHECK(find(y2025, "2025-05-02")->type == DayType::holiday);
  // 2015: Saturday 14 Feb is the only make-up day of Tết; 24 Feb is a working day.
  const auto y2015 = builtin(2015);
  CHECK(find(y2015, "2015-02-14")->type == DayType::workday);
  CHECK(find(y2015, "2015-02-24") == nullptr);
  CHECK(find(y2015, "2015-02-28") == nullptr);
  // 2026: the National Day break is pinned by the data, with the announced source.
  const auto y2026 = builtin(2026);
  REQUIRE(find(y2026, "2026-09-01") != nullptr);
  CHECK(find(y2026, "2026-09-01")->source.find("12729/VPCP-KGVX") != std::string::npos);
  CHECK(find(y2026, "2026-09-03") == nullptr);
  // Swaps announced for 2019 that reach into 2018 apply to the year they fall in.
  CHECK(find(builtin(2018), "2018-12-31")->type == DayType::holiday);
  CHECK(find(builtin(2019), "2019-01-05")->type == DayType::workday);
  // Years without official data are the law-derived ones.
  CHECK(builtin(2030) == statutory_days(2030));
  auto whole = builtin_days();
  REQUIRE(whole);
  CHECK(whole->front().date == date("1990-01-01"));
  CHECK(civil_from_days(whole->back().date).year == 2100);
}

TEST_CASE("every shipped official year gives the announced days off and make-up days") {
  // Written from the announcements (issue 13) for 2015, 2025 and 2026; for the other years the days the data
  // shipped when this table was written, so that an edit of the data or of the rules cannot silently change a
  // past year. Each list is the whole year: law-derived days plus the official breaks and swaps.
  const std::map<int, std::vector<std::string>> announced = {
      // 2015: New Year 1–4 Jan, Fri 2 Jan off made up Sat 27 Dec 2014; Tết 15–23 Feb, Mon 16 Feb off made up
      // Sat 14 Feb (the only make-up day); Hùng Kings + 30/4 + 1/5 as 28 Apr – 3 May, Wed 29 Apr off made up
      // Sat 25 Apr.
      {2015,
       {"2015-01-01 holiday", "2015-01-02 holiday", "2015-02-14 workday", "2015-02-15 holiday", "2015-02-16 holiday",
        "2015-02-17 holiday", "2015-02-18 holiday", "2015-02-19 holiday", "2015-02-20 holiday", "2015-02-21 holiday",
        "2015-02-22 holiday", "2015-02-23 holiday", "2015-04-25 workday", "2015-04-28 holiday", "2015-04-29 holiday",
        "2015-04-30 holiday", "2015-05-01 holiday", "2015-09-02 holiday"}},
      {2016,
       {"2016-01-01 holiday", "2016-02-06 holiday", "2016-02-07 holiday", "2016-02-08 holiday", "2016-02-09 holiday",
        "2016-02-10 holiday", "2016-02-11 holiday", "2016-02-12 holiday", "2016-02-13 holiday", "2016-02-14 holiday",
        "2016-04-16 holiday", "2016-04-18 compensatory", "2016-04-30 holiday", "2016-05-01 holiday",
        "2016-05-02 compensatory", "2016-05-03 compensatory", "2016-09-02 holiday"}},
      {2017,
       {"2017-01-01 holiday", "2017-01-02 compensatory", "2017-01-26 holiday", "2017-01-27 holiday",
        "2017-01-28 holiday", "2017-01-29 holiday", "2017-01-30 holiday", "2017-01-31 holiday", "2017-02-01 holiday",
        "2017-04-06 holiday", "2017-04-30 holiday", "2017-05-01 holiday", "2017-05-02 compensatory",
        "2017-09-02 holiday", "2017-09-04 compensatory"}},
      {2018,
       {"2018-01-01 holiday", "2018-02-14 holiday", "2018-02-15 holiday", "2018-02-16 holiday", "2018-02-17 holiday",
        "2018-02-18 holiday", "2018-02-19 holiday", "2018-02-20 holiday", "2018-04-25 holiday", "2018-04-30 holiday",
        "2018-05-01 holiday", "2018-09-02 holiday", "2018-09-03 compensatory", "2018-12-31 holiday"}},
      {2019,
       {"2019-01-01 holiday", "2019-01-05 workday", "2019-02-02 holiday", "2019-02-03 holiday", "2019-02-04 holiday",
        "2019-02-05 holiday", "2019-02-06 holiday", "2019-02-07 holiday", "2019-02-08 holiday", "2019-02-09 holiday",
        "2019-02-10 holiday", "2019-04-14 holiday", "2019-04-15 compensatory", "2019-04-29 holiday",
        "2019-04-30 holiday", "2019-05-01 holiday", "2019-05-04 workday", "2019-09-02 holiday"}},
      {2020,
       {"2020-01-01 holiday", "2020-01-23 holiday", "2020-01-24 holiday", "2020-01-25 holiday", "2020-01-26 holiday",
        "2020-01-27 holiday", "2020-01-28 holiday", "2020-01-29 holiday", "2020-04-02 holiday", "2020-04-30 holiday",
        "2020-05-01 holiday", "2020-09-02 holiday"}},
      {2021,
       {"2021-01-01 holiday", "2021-02-10 holiday", "2021-02-11 holiday", "2021-02-12 holiday", "2021-02-13 holiday",
        "2021-02-14 holiday", "2021-02-15 holiday", "2021-02-16 holiday", "2021-04-21 holiday", "2021-04-30 holiday",
        "2021-05-01 holiday", "2021-05-03 compensatory", "2021-09-02 holiday", "2021-09-03 holiday"}},
      {2022,
       {"2022-01-01 holiday", "2022-01-03 compensatory", "2022-01-29 holiday", "2022-01-30 holiday",
        "2022-01-31 holiday", "2022-02-01 holiday", "2022-02-02 holiday", "2022-02-03 holiday", "2022-02-04 holiday",
        "2022-02-05 holiday", "2022-02-06 holiday", "2022-04-10 holiday", "2022-04-11 compensatory",
        "2022-04-30 holiday", "2022-05-01 holiday", "2022-05-02 compensatory", "2022-05-03 compensatory",
        "2022-09-01 holiday", "2022-09-02 holiday"}},
      {2023,
       {"2023-01-01 holiday", "2023-01-02 compensatory", "2023-01-20 holiday", "2023-01-21 holiday",
        "2023-01-22 holiday", "2023-01-23 holiday", "2023-01-24 holiday", "2023-01-25 holiday", "2023-01-26 holiday",
        "2023-04-29 holiday", "2023-04-30 holiday", "2023-05-01 holiday", "2023-05-02 compensatory",
        "2023-05-03 compensatory", "2023-09-01 holiday", "2023-09-02 holiday", "2023-09-04 compensatory"}},
      {2024,
       {"2024-01-01 holiday", "2024-02-08 holiday", "2024-02-09 holiday", "2024-02-10 holiday", "2024-02-11 holiday",
        "2024-02-12 holiday", "2024-02-13 holiday", "2024-02-14 holiday", "2024-04-18 holiday", "2024-04-29 holiday",
        "2024-04-30 holiday", "2024-05-01 holiday", "2024-05-04 workday", "2024-09-02 holiday", "2024-09-03 holiday"}},
      // 2025: Tết 25 Jan – 2 Feb (statutory 27–31 Jan), no make-up day; 30/4 – 4/5 with Fri 2 May off made up
      // Sat 26 Apr; National Day 30 Aug – 2 Sep (Mon 1 and Tue 2 Sep).
      {2025,
       {"2025-01-01 holiday", "2025-01-25 holiday", "2025-01-26 holiday", "2025-01-27 holiday", "2025-01-28 holiday",
        "2025-01-29 holiday", "2025-01-30 holiday", "2025-01-31 holiday", "2025-02-01 holiday", "2025-02-02 holiday",
        "2025-04-07 holiday", "2025-04-26 workday", "2025-04-30 holiday", "2025-05-01 holiday", "2025-05-02 holiday",
        "2025-09-01 holiday", "2025-09-02 holiday"}},
      // 2026: New Year 1–4 Jan, Fri 2 Jan off made up Sat 10 Jan; Tết 14–22 Feb; Hùng Kings Sun 26 Apr compensated
      // Mon 27 Apr; National Day 29 Aug – 2 Sep (statutory 1–2 Sep), Mon 31 Aug off made up Sat 22 Aug.
      {2026, {"2026-01-01 holiday", "2026-01-02 holiday",      "2026-01-10 workday", "2026-02-14 holiday",
              "2026-02-15 holiday", "2026-02-16 holiday",      "2026-02-17 holiday", "2026-02-18 holiday",
              "2026-02-19 holiday", "2026-02-20 holiday",      "2026-02-21 holiday", "2026-02-22 holiday",
              "2026-04-26 holiday", "2026-04-27 compensatory", "2026-04-30 holiday", "2026-05-01 holiday",
              "2026-08-22 workday", "2026-08-31 holiday",      "2026-09-01 holiday", "2026-09-02 holiday"}},
  };
  auto all = builtin_days(2014, 2027);
  REQUIRE(all);
  for (int year = 2015; year <= 2026; ++year) {
    CAPTURE(year);
    REQUIRE(announced.count(year) == 1);
    CHECK(describe(*all, days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)) == announced.at(year));
  }
  // The make-up Saturday of New Year 2015 falls in December 2014.
  CHECK(describe(*all, date("2014-12-01"), date("2014-12-31")) == std::vector<std::string>{"2014-12-27 workday"});
}

TEST_CASE("the shipped official data name the announcements' document numbers") {
  const auto source_of = [](const char* day) {
    auto days = builtin_days(2014, 2026);
    REQUIRE(days);
    const SpecialDay* found = find(*days, day);
    REQUIRE(found != nullptr);
    return found->source;
  };
  const std::pair<const char*, const char*> expected[] = {
      {"2016-02-08", "4659/TB-LĐTBXH"},  {"2017-01-28", "9794/VPCP-KGVX"},  {"2019-02-05", "6519/VPCP-KGVX"},
      {"2018-12-31", "6519/VPCP-KGVX"},  {"2022-02-01", "245/VPCP"},        {"2024-04-29", "2450/VPCP-KGVX"},
      {"2025-01-29", "8726/VPCP-KGVX"},  {"2025-05-02", "8726/VPCP-KGVX"},  {"2026-02-17", "9441/TB-BNV"},
      {"2026-01-02", "12729/VPCP-KGVX"}, {"2026-08-31", "12729/VPCP-KGVX"}, {"2014-12-27", "01/12/2014"}};
  for (const auto& [day, number] : expected) {
    CAPTURE(day);
    CHECK(source_of(day).find(number) != std::string::npos);
  }
  // Years whose number was not found say so instead of inventing one.
  CHECK(source_of("2018-02-16").find("chưa kiểm chứng") != std::string::npos);
  CHECK(source_of("2024-02-10").find("chưa kiểm chứng") != std::string::npos);
}

TEST_CASE("apply_overrides: replaces ranges first, then date by date") {
  const std::vector<SpecialDay> base = {{date("2018-02-15"), DayType::holiday, "A", ""},
                                        {date("2018-02-21"), DayType::compensatory, "B", ""},
                                        {date("2018-04-30"), DayType::holiday, "C", ""}};
  const std::vector<SpecialDay> overrides = {{date("2018-04-30"), DayType::workday, "D", ""},
                                             {date("2018-02-14"), DayType::holiday, "E", ""}};
  const std::vector<DateRange> replaces = {{date("2018-02-10"), date("2018-02-25")}};
  const auto merged = apply_overrides(base, overrides, replaces);
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].name == "E");
  CHECK(merged[1].name == "D");
  CHECK(apply_overrides(base, overrides).size() == 4);
}

TEST_CASE("day type names round-trip") {
  for (DayType t : {DayType::holiday, DayType::compensatory, DayType::workday})
    CHECK(parse_day_type(day_type_name(t)) == t);
  CHECK_FALSE(parse_day_type("vacation").has_value());
  CHECK_FALSE(parse_day_type("Holiday").has_value());
}
