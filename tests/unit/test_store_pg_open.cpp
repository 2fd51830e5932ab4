#include <doctest/doctest.h>

#include <string>

#include "store/pg_open.hpp"
#include "store/pg_schema.hpp"

#include "support/pg_test_server.hpp"

using namespace motcua;
using namespace motcua::store;
using namespace motcua::testing;

TEST_CASE("open_pg_store: a password in the URL is exit 2 before any connection") {
  auto s = open_pg_store("postgresql://u:secret@127.0.0.1:1/x", "motcua", true, 0);
  REQUIRE_FALSE(s);
  CHECK(s.error().kind == ErrorKind::usage);
}

TEST_SUITE("postgresql") {

  TEST_CASE("open_pg_store: readers need a store, writers create it under the lock") {
    pg_fresh("t_open")->exec("DROP SCHEMA t_open");
    std::string url = pg_test_conninfo();
    auto reader = open_pg_store(url, "t_open", false, 0);
    REQUIRE_FALSE(reader);
    CHECK(reader.error().kind == ErrorKind::cache);
    CHECK(reader.error().message.find("no motcua store") != std::string::npos);
    auto empty = open_pg_store(url, "t_open", false, 0, true);
    REQUIRE(empty);
    CHECK_FALSE(empty->exists);
    CHECK_FALSE(empty->db->table_exists("dossiers")); // nothing created by a reader

    auto writer = open_pg_store(url, "t_open", true, 0);
    REQUIRE(writer);
    CHECK(writer->lock.held());
    CHECK(writer->db->table_exists("dossiers"));
    auto second = open_pg_store(url, "t_open", true, 0.2);
    REQUIRE_FALSE(second);
    CHECK(second.error().kind == ErrorKind::locked);
    auto meanwhile = open_pg_store(url, "t_open", false, 0); // readers never wait
    REQUIRE(meanwhile);
    CHECK(meanwhile->exists);
    *writer = PgStore();
    CHECK(open_pg_store(url, "t_open", true, 0));
  }

  TEST_CASE("open_pg_store: a newer store is exit 7 for readers and writers; an older one asks for a writer") {
    auto db = pg_fresh("t_open_versions");
    REQUIRE(migrate_pg_schema(*db));
    db->exec("UPDATE schema_version SET version = 99");
    for (bool write : {false, true}) {
      auto s = open_pg_store(pg_test_conninfo(), "t_open_versions", write, 0);
      REQUIRE_FALSE(s);
      CHECK(s.error().kind == ErrorKind::cache);
      CHECK(s.error().message.find("newer motcua") != std::string::npos);
    }
    db->exec("UPDATE schema_version SET version = 1");
    auto s = open_pg_store(pg_test_conninfo(), "t_open_versions", false, 0);
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("run a writing command") != std::string::npos);
  }

  TEST_CASE("open_pg_store: no server is exit 5, a wrong password too") {
    auto s = open_pg_store("host=" + pg_test_dir() + "/gone dbname=postgres", "motcua", false, 0);
    REQUIRE_FALSE(s);
    CHECK(s.error().kind == ErrorKind::remote);
    ::setenv("PGPASSWORD", "wrong", 1);
    auto w = open_pg_store("host=" + pg_test_dir() + " dbname=postgres user=motcua_scram", "motcua", true, 0);
    ::unsetenv("PGPASSWORD");
    REQUIRE_FALSE(w);
    CHECK(w.error().kind == ErrorKind::remote);
    CHECK(w.error().message.find("password authentication failed") != std::string::npos);
  }

} // TEST_SUITE
