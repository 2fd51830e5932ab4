#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/info.hpp"
#include "cache/schema.hpp"

using namespace motcua;

TEST_CASE("cache_info: counts rows, the catalog as of a day, and the last import per kind") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  db.exec("PRAGMA user_version = " + std::to_string(k_schema_version));
  db.exec("INSERT INTO procedure_events (code, as_of, present, name, processing_time, online, processing_unit) VALUES "
          "('A', 10, 1, 'a', 1, 'none', 'working_days'), ('A', 20, 0, NULL, NULL, NULL, NULL), "
          "('B', 10, 1, 'b', 1, 'none', 'working_days')");
  db.exec(
      "INSERT INTO dossiers (code, procedure_code, channel, status, received_at, hash) VALUES ('D', 'A', 'direct', 'received', 0, 1)");
  db.exec(
      "INSERT INTO imports (kind, source, finished_at, read, inserted, updated, unchanged, rejected, withdrawn) VALUES "
      "('catalog', 'x', 100, 0, 0, 0, 0, 0, 0), ('catalog', 'y', 200, 0, 0, 0, 0, 0, 0), ('dossiers', 'z', 150, 0, 0, 0, 0, 0, 0)");
  auto before = cache_info(db, 15);
  REQUIRE(before);
  CHECK(before->schema_version == k_schema_version);
  CHECK(before->procedures == 2);
  CHECK(before->procedure_events == 3);
  CHECK(before->catalog_snapshots == 2);
  CHECK(before->dossiers == 1);
  CHECK(before->calendar_days == 0);
  std::vector<std::pair<std::string, Instant>> last = {{"catalog", 200}, {"dossiers", 150}};
  CHECK(before->last_import == last);
  auto after = cache_info(db, 25);
  REQUIRE(after);
  CHECK(after->procedures == 1); // A was withdrawn on day 20
  CHECK(vacuum_cache(db));
}

TEST_CASE("cache_info: a database that is not a cache is a cache error, not an exception") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto info = cache_info(db, 0);
  REQUIRE_FALSE(info);
  CHECK(info.error().kind == ErrorKind::cache);
}
