#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "store/pg_lock.hpp"

#include "support/pg_test_server.hpp"

using namespace motcua;
using namespace motcua::store;
using namespace motcua::testing;

TEST_CASE("pg_lock_key: fixed per schema, different between schemas") {
  CHECK(pg_lock_key("motcua") == pg_lock_key("motcua"));
  CHECK(pg_lock_key("motcua") != pg_lock_key("motcua2"));
  CHECK(pg_lock_key("motcua") == 7469357957570904472LL); // every build, every host: the same lock
}

TEST_SUITE("postgresql") {

  TEST_CASE("pg writer lock: a second writer waits, then fails with exit 6 naming the holder") {
    auto a = pg_fresh("t_lock");
    auto b = PgDatabase::connect(pg_test_target("t_lock"));
    auto held = PgWriterLock::acquire(*a, 0);
    REQUIRE(held);
    CHECK(held->held());
    auto t0 = std::chrono::steady_clock::now();
    auto second = PgWriterLock::acquire(*b, 0.3);
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE_FALSE(second);
    CHECK(waited >= 0.3);
    CHECK(second.error().kind == ErrorKind::locked);
    const std::string& m = second.error().message;
    CHECK(m.find(pg_application_name()) != std::string::npos); // "motcua <host> <pid>" of the holder
    CHECK(m.find("server pid " + std::to_string(a->query_int64("SELECT pg_backend_pid()"))) != std::string::npos);
    CHECK(m.find("--lock-timeout") != std::string::npos);
    CHECK(m.find("schema t_lock") != std::string::npos);

    // Readers take no lock: b reads meanwhile.
    CHECK(b->query_int64("SELECT 1") == 1);
    // Another schema is another store.
    auto other = PgDatabase::connect(pg_test_target("t_lock_other"));
    CHECK(PgWriterLock::acquire(*other, 0));

    // Released by the holder: the next one gets it.
    *held = PgWriterLock();
    auto third = PgWriterLock::acquire(*b, 1);
    CHECK(third);
  }

  TEST_CASE("pg writer lock: a holder whose connection ends (a killed writer) releases it to the one waiting") {
    auto a = pg_fresh("t_lock_wait");
    auto b = PgDatabase::connect(pg_test_target("t_lock_wait"));
    auto held = PgWriterLock::acquire(*a, 0);
    REQUIRE(held);
    // The holder's session is ended by the server (as a killed writer's would be) while b waits.
    auto killer = PgDatabase::connect(pg_test_target("t_lock_wait"));
    killer->exec("SELECT pg_terminate_backend(" + std::to_string(a->query_int64("SELECT pg_backend_pid()")) + ")");
    auto got = PgWriterLock::acquire(*b, 5);
    CHECK(got);
  }

} // TEST_SUITE
