#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "cache/imports.hpp"
#include "cache/schema.hpp"
#include "util/time.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

} // namespace

TEST_CASE("record_import: one row with the kind, source, date and every count") {
  auto db_owner = memory_cache();
  SQLite::Database& db = *db_owner;
  ImportCounts c;
  c.read = 10;
  c.inserted = 4;
  c.updated = 3;
  c.unchanged = 2;
  c.rejected = 1;
  c.withdrawn = 5;
  Days as_of = *parse_date("2024-07-01");
  Instant before = now();
  record_import(db, "catalog", "/data/catalog.json", as_of, c);
  Instant after = now();

  CHECK(db.execAndGet("SELECT count(*) FROM imports").getInt() == 1);
  SQLite::Statement st(
      db,
      "SELECT kind, source, as_of, finished_at, read, inserted, updated, unchanged, rejected, withdrawn FROM imports");
  REQUIRE(st.executeStep());
  CHECK(st.getColumn(0).getString() == "catalog");
  CHECK(st.getColumn(1).getString() == "/data/catalog.json");
  CHECK(st.getColumn(2).getInt64() == as_of);
  CHECK(st.getColumn(3).getInt64() >= before);
  CHECK(st.getColumn(3).getInt64() <= after);
  CHECK(st.getColumn(4).getInt64() == 10);
  CHECK(st.getColumn(5).getInt64() == 4);
  CHECK(st.getColumn(6).getInt64() == 3);
  CHECK(st.getColumn(7).getInt64() == 2);
  CHECK(st.getColumn(8).getInt64() == 1);
  CHECK(st.getColumn(9).getInt64() == 5);
}

TEST_CASE("record_import: no date is stored as NULL, and rows append in order") {
  auto db_owner = memory_cache();
  SQLite::Database& db = *db_owner;
  ImportCounts big;
  big.read = 5'000'000'000; // beyond 32 bits
  big.inserted = 5'000'000'000;
  record_import(db, "dossiers", "a.ndjson", std::nullopt, big);
  record_import(db, "calendar", "b.json", std::nullopt, ImportCounts{});
  CHECK(db.execAndGet("SELECT count(*) FROM imports").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM imports WHERE as_of IS NULL").getInt() == 2);
  CHECK(db.execAndGet("SELECT read FROM imports WHERE kind = 'dossiers'").getInt64() == 5'000'000'000);
  CHECK(db.execAndGet("SELECT group_concat(kind, ',') FROM (SELECT kind FROM imports ORDER BY id)").getString() ==
        "dossiers,calendar");
  CHECK(db.execAndGet("SELECT read + inserted + withdrawn FROM imports WHERE kind = 'calendar'").getInt() == 0);
}

TEST_CASE("record_import: joins the caller's transaction, so a rollback leaves no row") {
  auto db_owner = memory_cache();
  SQLite::Database& db = *db_owner;
  {
    SQLite::Transaction tx(db);
    record_import(db, "catalog", "x", std::nullopt, ImportCounts{});
  } // not committed
  CHECK(db.execAndGet("SELECT count(*) FROM imports").getInt() == 0);
}
