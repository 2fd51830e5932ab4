#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/check.hpp"
#include "cache/schema.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

} // namespace

TEST_CASE("check_cache: a fresh cache passes every check") {
  auto db = memory_cache();
  auto c = check_cache(*db);
  REQUIRE(c);
  CHECK(c->ok());
  CHECK(c->problems.empty());
  CHECK_FALSE(c->receipt_index_missing);
}

TEST_CASE("check_cache: each broken invariant is one problem line with its count") {
  auto db = memory_cache();
  db->exec(
      "INSERT INTO dossiers (code, procedure_code, channel, status, received_at, hash) VALUES "
      "('A', 'P', 'fax', 'received', 0, 1), ('B', 'P', 'direct', 'lost', 0, 2), ('C', 'P', 'pigeon', 'lost', 0, 3)");
  db->exec("UPDATE dossiers SET pauses = '[not json' WHERE code = 'A'");
  db->exec("INSERT INTO imports (kind, source, finished_at, read, inserted, updated, unchanged, rejected, withdrawn) "
           "VALUES ('dossiers', 'x', 0, 5, 1, 1, 1, 1, 0)");
  auto c = check_cache(*db);
  REQUIRE(c);
  CHECK_FALSE(c->ok());
  std::vector<std::string> expected = {"2 x dossier with unknown channel", "2 x dossier with unknown status",
                                       "1 x dossier with malformed pauses or extensions JSON",
                                       "1 x import log with counts that do not reconcile"};
  CHECK(c->problems == expected);
}

TEST_CASE("check_cache: a wrong schema version is a problem, a missing receipt index only a note") {
  auto db = memory_cache();
  db->exec("PRAGMA user_version = 0");
  db->exec("DROP INDEX dossiers_received");
  auto c = check_cache(*db);
  REQUIRE(c);
  REQUIRE(c->problems.size() == 1);
  CHECK(c->problems[0] == "schema version 0 is not " + std::to_string(k_schema_version));
  CHECK(c->receipt_index_missing);
}

TEST_CASE("check_cache: a database without the cache's tables is a cache error, not an exception") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto c = check_cache(db);
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::cache);
  CHECK(c.error().message.find("checking the cache failed") != std::string::npos);
}
