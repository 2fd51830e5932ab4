#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/schema.hpp"
#include "calendar/store.hpp"

using namespace motcua;

namespace {
std::unique_ptr<store::SqliteDatabase> fresh_db() {
  auto db = store::SqliteDatabase::memory();
  for (auto step : migrations()) db->exec(std::string(step));
  return db;
}
} // namespace

TEST_CASE("calendar import overrides built-in days and is idempotent") {
  auto db_owner = fresh_db();
  auto& db = *db_owner;
  auto file = parse_calendar_file(R"({"name":"t","work_hours":{"mon":["08:00-12:00","13:00-17:00"]},
    "days":[{"date":"2018-03-06","type":"holiday","name":"Nghỉ thử"},
            {"date":"2018-03-10","type":"workday","name":"Làm bù thử"}]})");
  REQUIRE(file.ok());
  auto first = import_calendar(db, *file, "t.json");
  REQUIRE(first.ok());
  CHECK(first->inserted == 2);
  CHECK(first->updated == 1); // the office hours
  auto second = import_calendar(db, *file, "t.json");
  REQUIRE(second.ok());
  CHECK(second->inserted == 0);
  CHECK(second->updated == 0);
  CHECK(second->unchanged == 3);

  auto cal = load_calendar(db);
  REQUIRE(cal.ok());
  CHECK_FALSE(cal->is_working_day(days_from_civil(2018, 3, 6)));
  CHECK(cal->is_working_day(days_from_civil(2018, 3, 10)));       // a Saturday made a working day
  CHECK_FALSE(cal->is_working_day(days_from_civil(2018, 2, 16))); // built-in Tết still there
  CHECK(cal->standard_day_seconds() == 8 * 3600);
  // Monday 2018-03-05 07:00 + 1 working day: the imported hours start at 08:00.
  CHECK(format_instant(cal->add_working_time(*parse_datetime("2018-03-05T07:00"), cal->standard_day_seconds())) ==
        "2018-03-05T17:00:00+07:00");
  CHECK(format_instant(cal->add_working_time(*parse_datetime("2018-03-05T07:00"), 3600)) ==
        "2018-03-05T09:00:00+07:00");
  auto fingerprint = calendar_fingerprint(db);
  REQUIRE(fingerprint);
  CHECK(fingerprint->find("Nghỉ thử") != std::string::npos);
}
