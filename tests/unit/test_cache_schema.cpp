#include <doctest/doctest.h>

#include <set>
#include <string>

#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "support/memory_cache.hpp"

#include "cache/cache.hpp"
#include "cache/schema.hpp"

using namespace motcua;

namespace {

std::set<std::string> names_of(store::Database& db, const char* type) {
  std::set<std::string> out;
  auto st = db.prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%'");
  st->bind(1, type);
  while (st->step()) out.insert(st->get_string(0));
  return out;
}

} // namespace

TEST_CASE("schema: one migration per version, the application id spells MCUA") {
  CHECK(migrations().size() == static_cast<size_t>(k_schema_version));
  CHECK(k_application_id == ('M' << 24 | 'C' << 16 | 'U' << 8 | 'A'));
  for (auto step : migrations()) CHECK_FALSE(step.empty());
}

TEST_CASE("schema: the migrations apply in order on :memory: and create every table") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) REQUIRE_NOTHROW(db.exec(std::string(step)));
  CHECK(names_of(db, "table") == std::set<std::string>{"procedure_events", "dossiers", "calendar_days", "settings",
                                                       "imports", "sync_watermarks", "agency_lineage"});
  auto indexes = names_of(db, "index");
  CHECK(indexes.count("procedure_events_as_of") == 1);
  CHECK(indexes.count("dossiers_received") == 1);
  // Applying version 1 twice is an error: migrations are steps, not idempotent scripts.
  CHECK_THROWS_AS(db.exec(std::string(migrations()[0])), store::Exception);
}

TEST_CASE("schema: the constraints the importers rely on hold") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  // One event per (code, as_of).
  db.exec("INSERT INTO procedure_events (code, as_of, present) VALUES ('P', 1, 1)");
  CHECK_THROWS_AS(db.exec("INSERT INTO procedure_events (code, as_of, present) VALUES ('P', 1, 0)"), store::Exception);
  CHECK_NOTHROW(db.exec("INSERT INTO procedure_events (code, as_of, present) VALUES ('P', 2, 0)"));
  // Calendar day types are a closed set.
  CHECK_NOTHROW(db.exec("INSERT INTO calendar_days (date, type, name) VALUES (1, 'holiday', 'x')"));
  CHECK_THROWS_AS(db.exec("INSERT INTO calendar_days (date, type, name) VALUES (2, 'weekend', 'x')"), store::Exception);
  // A dossier's hash defaults to 0 and due_date_only to 0.
  db.exec(
      "INSERT INTO dossiers (code, procedure_code, channel, status, received_at) VALUES ('H', 'P', 'direct', 'received', 0)");
  CHECK(query_text(db, "SELECT hash || '/' || due_date_only FROM dossiers") == "0/0");
}

TEST_CASE("schema: a cache opened through Cache carries user_version and application_id") {
  // read_or_empty on a missing file migrates an in-memory database: no file is involved.
  auto cache = Cache::open("/nonexistent-motcua-dir/never.db", CacheMode::read_or_empty, 0);
  REQUIRE(cache);
  auto& db = (*cache)->db();
  CHECK(db.query_int64("PRAGMA user_version") == k_schema_version);
  CHECK(db.query_int64("PRAGMA application_id") == k_application_id);
  CHECK(names_of(db, "table").count("procedure_events") == 1);
}

TEST_CASE("schema: version 2 adds the sync watermarks to a version 1 cache, its rows untouched") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(std::string(migrations()[0]));
  db.exec("INSERT INTO dossiers (code, procedure_code, channel, status, received_at) VALUES ('D', 'P', 'direct', "
          "'received', 0)");
  REQUIRE_NOTHROW(db.exec(std::string(migrations()[1])));
  CHECK(db.query_int64("SELECT count(*) FROM dossiers") == 1);
  CHECK(db.query_int64("SELECT count(*) FROM sync_watermarks") == 0);
}
