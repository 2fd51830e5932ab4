#include <doctest/doctest.h>

#include "calendar/calendar_file.hpp"

using namespace motcua;

namespace {

// The error message of a rejected file (fails the test when the file was accepted).
std::string rejection(const std::string& json) {
  auto file = parse_calendar_file(json, "cal.json");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().kind == ErrorKind::input);
  return file.error().message;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string with_days(const std::string& days) { return R"({"name":"t","days":[)" + days + "]}"; }
std::string with_hours(const std::string& hours) { return R"({"work_hours":{)" + hours + R"(},"days":[]})"; }

} // namespace

TEST_CASE("the example of motcua-formats(5) parses") {
  const char* text = R"({
    "name": "Official working calendar 2018",
    "work_hours": {"mon": ["07:30-11:30", "13:00-17:00"], "tue": ["07:30-11:30", "13:00-17:00"],
                   "wed": ["07:30-11:30", "13:00-17:00"], "thu": ["07:30-11:30", "13:00-17:00"],
                   "fri": ["07:30-11:30", "13:00-17:00"], "sat": [], "sun": []},
    "days": [
      {"date": "2018-02-14", "type": "holiday", "name": "Tết Nguyên Đán"},
      {"date": "2018-05-05", "type": "workday", "name": "Làm bù cho 30/4"}
    ]
  })";
  auto file = parse_calendar_file(text);
  REQUIRE(file);
  CHECK(file->name == "Official working calendar 2018");
  REQUIRE(file->work_hours);
  CHECK(*file->work_hours == WorkHours::standard());
  REQUIRE(file->days.size() == 2);
  CHECK(file->days[0] == SpecialDay{*parse_date("2018-02-14"), DayType::holiday, "Tết Nguyên Đán", ""});
  CHECK(file->days[1].type == DayType::workday);
  CHECK(file->days[1].name == "Làm bù cho 30/4");
}

TEST_CASE("optional parts: no work_hours, missing weekdays, source, replaces, compensatory") {
  auto plain = parse_calendar_file(
      with_days(R"({"date":"2018-09-03","type":"compensatory","name":"Nghỉ bù","source":"QĐ X","extra":1})"));
  REQUIRE(plain);
  CHECK_FALSE(plain->work_hours.has_value());
  CHECK(plain->days[0].type == DayType::compensatory);
  CHECK(plain->days[0].source == "QĐ X");

  auto saturday = parse_calendar_file(with_hours(R"("sat":["07:30-11:30"],"mon":["08:00-12:00","13:00-24:00"])"));
  REQUIRE(saturday);
  CHECK(saturday->work_hours->days[5] == std::vector<Interval>{{27000, 41400}});
  CHECK(saturday->work_hours->days[0] == std::vector<Interval>{{28800, 43200}, {46800, 86400}});
  CHECK(saturday->work_hours->days[1] == WorkHours::standard().days[1]); // not given: default

  auto ranges = parse_calendar_file(R"({"replaces":[{"from":"2018-02-06","to":"2018-02-26"}],"days":[]})");
  REQUIRE(ranges);
  REQUIRE(ranges->replaces.size() == 1);
  CHECK(format_date(ranges->replaces[0].to) == "2018-02-26");

  // Intervals given out of order are sorted.
  auto unsorted = parse_calendar_file(with_hours(R"("mon":["13:00-17:00","07:30-11:30"])"));
  REQUIRE(unsorted);
  CHECK(unsorted->work_hours->days[0] == WorkHours::standard().days[0]);
}

TEST_CASE("an invalid date is rejected, naming the entry and the value") {
  const std::string msg =
      rejection(with_days(R"({"date":"2018-02-14","type":"holiday"},{"date":"2018-02-30","type":"holiday"})"));
  CHECK(contains(msg, "cal.json"));
  CHECK(contains(msg, "days[1]"));
  CHECK(contains(msg, "\"2018-02-30\""));
  CHECK(contains(rejection(with_days(R"({"date":20180214,"type":"holiday"})")), "days[0]: invalid date 20180214"));
  CHECK(contains(rejection(with_days(R"({"date":"14/02/2018","type":"holiday"})")), "\"14/02/2018\""));
  CHECK(contains(rejection(with_days(R"({"type":"holiday"})")), "days[0]: missing \"date\""));
}

TEST_CASE("an unknown day type is rejected, naming the entry and the value") {
  const std::string msg = rejection(with_days(R"({"date":"2018-02-14","type":"vacation","name":"x"})"));
  CHECK(contains(msg, "days[0] (2018-02-14)"));
  CHECK(contains(msg, "\"vacation\""));
  CHECK(contains(rejection(with_days(R"({"date":"2018-02-14"})")), "missing \"type\""));
}

TEST_CASE("inverted, overlapping and malformed hours are rejected") {
  std::string msg = rejection(with_hours(R"("mon":["11:30-07:30"])"));
  CHECK(contains(msg, "work_hours.mon[0]"));
  CHECK(contains(msg, "11:30-07:30"));
  CHECK(contains(msg, "inverted"));

  msg = rejection(with_hours(R"("tue":["07:30-11:30","11:00-12:00"])"));
  CHECK(contains(msg, "work_hours.tue[1] \"11:00-12:00\" overlaps work_hours.tue[0] \"07:30-11:30\""));

  CHECK(contains(rejection(with_hours(R"("wed":["08:00-08:00"])")), "inverted"));
  CHECK(
      contains(rejection(with_hours(R"("thu":["7:30-11:30"])")), "work_hours.thu[0]: invalid interval \"7:30-11:30\""));
  CHECK(contains(rejection(with_hours(R"("fri":["07:30-11:60"])")), "\"07:30-11:60\""));
  CHECK(contains(rejection(with_hours(R"("fri":["24:00-24:00"])")), "work_hours.fri[0]"));
  CHECK(contains(rejection(with_hours(R"("fri":[730])")), "work_hours.fri[0]"));
  CHECK(contains(rejection(with_hours(R"("fri":"07:30-11:30")")), "work_hours.fri must be an array"));
}

TEST_CASE("an unknown weekday key and an empty Monday are rejected") {
  CHECK(contains(rejection(with_hours(R"("monday":["07:30-11:30"])")), "unknown weekday key \"monday\""));
  CHECK(contains(rejection(with_hours(R"("mon":[])")), "work_hours.mon is empty"));
}

TEST_CASE("document-level errors") {
  CHECK(contains(rejection("{not json"), "not valid JSON"));
  CHECK(contains(rejection("[]"), "expected a JSON object"));
  CHECK(contains(rejection(R"({"days":{}})"), "\"days\" must be an array"));
  CHECK(contains(rejection(with_days("42")), "days[0] must be an object"));
  CHECK(contains(rejection(with_days(R"({"date":"2018-02-14","type":"holiday","name":5})")),
                 "\"name\" must be a string"));
  CHECK(
      contains(rejection(with_days(R"({"date":"2018-02-14","type":"holiday"},{"date":"2018-02-14","type":"workday"})")),
               "days[1] (2018-02-14): duplicate date, already given by days[0]"));
  CHECK(contains(rejection(R"({"replaces":[{"from":"2018-02-26","to":"2018-02-06"}]})"), "replaces[0]"));
  CHECK(contains(rejection(R"({"replaces":[{"from":"2018-02-30","to":"2018-03-06"}]})"), "replaces[0].from"));
}

TEST_CASE("parse_interval and format_interval") {
  CHECK(parse_interval("07:30-11:30") == Interval{27000, 41400});
  CHECK(parse_interval("13:00-24:00") == Interval{46800, 86400});
  CHECK_FALSE(parse_interval("24:00-24:30").has_value());
  CHECK_FALSE(parse_interval("11:30-07:30").has_value());
  CHECK_FALSE(parse_interval("0730-1130").has_value());
  CHECK(format_interval(Interval{27000, 41400}) == "07:30-11:30");
  CHECK(format_interval(Interval{46800, 86400}) == "13:00-24:00");
}
