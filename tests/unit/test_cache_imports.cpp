#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <string>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/imports.hpp"
#include "cache/schema.hpp"
#include "util/time.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

} // namespace

TEST_CASE("record_import: one row with the kind, source, date and every count") {
  auto db_owner = memory_cache();
  store::Database& db = *db_owner;
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

  CHECK(db.query_int64("SELECT count(*) FROM imports") == 1);
  auto st = db.prepare(
      "SELECT kind, source, as_of, finished_at, read, inserted, updated, unchanged, rejected, withdrawn FROM imports");
  REQUIRE(st->step());
  CHECK(st->get_string(0) == "catalog");
  CHECK(st->get_string(1) == "/data/catalog.json");
  CHECK(st->get_int64(2) == as_of);
  CHECK(st->get_int64(3) >= before);
  CHECK(st->get_int64(3) <= after);
  CHECK(st->get_int64(4) == 10);
  CHECK(st->get_int64(5) == 4);
  CHECK(st->get_int64(6) == 3);
  CHECK(st->get_int64(7) == 2);
  CHECK(st->get_int64(8) == 1);
  CHECK(st->get_int64(9) == 5);
}

TEST_CASE("record_import: no date is stored as NULL, and rows append in order") {
  auto db_owner = memory_cache();
  store::Database& db = *db_owner;
  ImportCounts big;
  big.read = 5'000'000'000; // beyond 32 bits
  big.inserted = 5'000'000'000;
  record_import(db, "dossiers", "a.ndjson", std::nullopt, big);
  record_import(db, "calendar", "b.json", std::nullopt, ImportCounts{});
  CHECK(db.query_int64("SELECT count(*) FROM imports") == 2);
  CHECK(db.query_int64("SELECT count(*) FROM imports WHERE as_of IS NULL") == 2);
  CHECK(db.query_int64("SELECT read FROM imports WHERE kind = 'dossiers'") == 5'000'000'000);
  CHECK(query_text(db, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM imports ORDER BY id)") ==
        "dossiers,calendar");
  CHECK(db.query_int64("SELECT read + inserted + withdrawn FROM imports WHERE kind = 'calendar'") == 0);
}

TEST_CASE("record_import: joins the caller's transaction, so a rollback leaves no row") {
  auto db_owner = memory_cache();
  store::Database& db = *db_owner;
  {
    store::Transaction tx(db);
    record_import(db, "catalog", "x", std::nullopt, ImportCounts{});
  } // not committed
  CHECK(db.query_int64("SELECT count(*) FROM imports") == 0);
}
