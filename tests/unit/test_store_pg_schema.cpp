#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cache/schema.hpp"
#include "store/pg_schema.hpp"
#include "store/sqlite.hpp"

#include "support/pg_test_server.hpp"

using namespace motcua;
using namespace motcua::store;
using namespace motcua::testing;

namespace {

// Column names per table, in order, of the PostgreSQL store (without our schema_version table and rowid).
std::map<std::string, std::vector<std::string>> pg_columns(PgDatabase& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto st = db.prepare("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?1 "
                       "AND table_name <> 'schema_version' AND column_name <> 'rowid' ORDER BY table_name, "
                       "ordinal_position");
  st->bind(1, db.schema());
  while (st->step()) out[st->get_string(0)].push_back(st->get_string(1));
  return out;
}

// The same of a SQLite cache built by lib/cache's migrations.
std::map<std::string, std::vector<std::string>> sqlite_columns() {
  auto db = SqliteDatabase::memory();
  for (auto step : migrations()) db->exec(step);
  std::map<std::string, std::vector<std::string>> out;
  auto tables = db->prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (tables->step()) {
    std::string t = tables->get_string(0);
    auto cols = db->prepare("PRAGMA table_info(\"" + t + "\")");
    while (cols->step()) out[t].push_back(cols->get_string(1));
  }
  return out;
}

} // namespace

TEST_SUITE("postgresql") {

  TEST_CASE("pg schema: a fresh store gets the current version with SQLite's tables and columns") {
    auto db = pg_fresh("t_schema_fresh");
    db->exec("DROP SCHEMA t_schema_fresh"); // migrate creates it
    auto v = pg_schema_version(*db);
    REQUIRE(v);
    CHECK(*v == 0);
    REQUIRE(migrate_pg_schema(*db));
    v = pg_schema_version(*db);
    REQUIRE(v);
    CHECK(*v == k_pg_schema_version);
    CHECK(k_pg_schema_version == k_schema_version);
    CHECK(pg_columns(*db) == sqlite_columns());
    REQUIRE(migrate_pg_schema(*db)); // a second run changes nothing
    CHECK(db->query_int64("SELECT version FROM schema_version") == k_pg_schema_version);
  }

  TEST_CASE("pg schema: identity columns, byte order, checks") {
    auto db = pg_fresh("t_schema_use");
    REQUIRE(migrate_pg_schema(*db));
    auto ins = db->prepare("INSERT INTO dossiers (code, procedure_code, channel, status, received_at) "
                           "VALUES (?1, 'P', 'online', 'received', ?2)");
    for (std::string code : {"b", "B", "\xc3\x89", "a"}) { // É sorts after every ASCII letter by bytes
      ins->bind(1, code);
      ins->bind(2, 100);
      ins->step();
      ins->reset();
    }
    std::string order;
    auto q = db->prepare("SELECT code, rowid FROM dossiers ORDER BY code");
    while (q->step()) order += q->get_string(0) + ",";
    CHECK(order == "B,a,b,\xc3\x89,");
    CHECK(db->query_int64("SELECT max(rowid) - min(rowid) FROM dossiers") == 3);
    db->exec("INSERT INTO imports (kind, source, finished_at, read, inserted, updated, unchanged, rejected, withdrawn) "
             "VALUES ('dossiers', 'x', 1, 0, 0, 0, 0, 0, 0)");
    CHECK(db->query_int64("SELECT id FROM imports") == 1);
    CHECK_THROWS_AS(db->exec("UPDATE dossiers SET applicant_type = 'alien'"), Exception);
  }

  TEST_CASE("pg schema: distributable by Citus: every unique index of dossiers includes code") {
    auto db = pg_fresh("t_schema_citus");
    REQUIRE(migrate_pg_schema(*db));
    auto st = db->prepare("SELECT i.indexrelid::regclass::text, bool_or(a.attname = 'code') FROM pg_catalog.pg_index i "
                          "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                          "WHERE i.indrelid = 'dossiers'::regclass AND i.indisunique GROUP BY 1");
    int unique = 0;
    while (st->step()) {
      ++unique;
      CAPTURE(st->get_string(0));
      CHECK(st->get_int64(1) == 1);
    }
    CHECK(unique == 1); // the key on code, nothing on rowid
    CHECK(db->query_int64("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = 't_schema_citus' AND "
                          "indexname = 'dossiers_rowid'") == 1);
  }

  TEST_CASE("pg schema: a newer store is refused with exit 7, and nothing is changed") {
    auto db = pg_fresh("t_schema_newer");
    REQUIRE(migrate_pg_schema(*db));
    const auto newer = std::to_string(k_pg_schema_version + 1);
    db->exec("UPDATE schema_version SET version = " + newer);
    auto st = migrate_pg_schema(*db);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::cache);
    CHECK(st.error().message.find("newer motcua") != std::string::npos);
    CHECK(st.error().message.find("schema t_schema_newer") != std::string::npos);
    CHECK(db->query_int64("SELECT version FROM schema_version") == k_pg_schema_version + 1);
  }

  TEST_CASE("pg schema: a schema with someone else's tables is not migrated") {
    auto db = pg_fresh("t_schema_foreign");
    db->exec("CREATE TABLE dossiers (x BIGINT)");
    auto st = migrate_pg_schema(*db);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::cache);
    CHECK(st.error().message.find("not a motcua store") != std::string::npos);
    CHECK_FALSE(db->table_exists("schema_version"));
  }

  TEST_CASE("pg schema: a failed migration leaves the store at its old version (one transaction)") {
    auto db = pg_fresh("t_schema_atomic");
    db->exec(pg_migrations()[0]);
    db->exec("UPDATE schema_version SET version = 1");
    db->exec("CREATE TABLE sync_watermarks (x BIGINT)"); // v2 will collide with it
    auto st = migrate_pg_schema(*db);
    REQUIRE_FALSE(st);
    CHECK(db->query_int64("SELECT version FROM schema_version") == 1);
    CHECK_FALSE(db->table_exists("agency_lineage"));
    db->exec("DROP TABLE sync_watermarks");
    REQUIRE(migrate_pg_schema(*db));
    CHECK(db->query_int64("SELECT version FROM schema_version") == k_pg_schema_version);
    CHECK(db->table_exists("agency_lineage"));
  }

  TEST_CASE("pg schema: the Citus steps of motcua-postgresql(7) name every table, dossiers distributed by code") {
    const char* src = std::getenv("MOTCUA_SOURCE_DIR");
    REQUIRE_MESSAGE(src != nullptr, "MOTCUA_SOURCE_DIR is not set: run through ctest -L postgresql");
    std::string page = slurp(std::string(src) + "/man/motcua-postgresql.7");
    REQUIRE_FALSE(page.empty());
    std::set<std::string> reference;
    std::string distributed;
    for (std::string_view call : {"create_reference_table(\\(aq", "create_distributed_table(\\(aq"}) {
      for (size_t at = page.find(call); at != std::string::npos; at = page.find(call, at + 1)) {
        size_t start = at + call.size();
        std::string table = page.substr(start, page.find("\\(aq", start) - start);
        if (call.substr(0, 13) == "create_distri") {
          CHECK(distributed.empty());
          distributed = table;
          CHECK(page.substr(start + table.size(), 18) == "\\(aq, \\(aqcode\\(aq");
        } else {
          reference.insert(table);
        }
      }
    }
    CHECK(distributed == "dossiers");
    auto db = pg_fresh("t_schema_man");
    REQUIRE(migrate_pg_schema(*db));
    std::set<std::string> tables;
    auto st = db->prepare("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 't_schema_man'");
    while (st->step()) tables.insert(st->get_string(0));
    reference.insert(distributed);
    CHECK(reference == tables);
  }

} // TEST_SUITE
