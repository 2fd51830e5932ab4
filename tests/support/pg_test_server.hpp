#pragma once
// The PostgreSQL server of the `postgresql` tests (tests/CMakeLists.txt starts it as a CTest fixture with
// scripts/pg-test-server.sh into $MOTCUA_PG_TEST_DIR). These test cases live in the doctest suite
// "postgresql", which only the CTest entry unit.postgresql runs: without the server they fail, never skip.
#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "store/pg.hpp"
#include "store/pg_url.hpp"
#include "support/test_support.hpp"

namespace motcua::testing {

// The directory of the running test server (socket, conninfo, scram-password).
inline std::string pg_test_dir() {
  const char* dir = std::getenv("MOTCUA_PG_TEST_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "MOTCUA_PG_TEST_DIR is not set: run these through ctest -L postgresql");
  return dir;
}

// The conninfo of the test server (superuser postgres, trusted over the socket).
inline std::string pg_test_conninfo() {
  std::string c = slurp(pg_test_dir() + "/conninfo");
  while (!c.empty() && c.back() == '\n') c.pop_back();
  REQUIRE_MESSAGE(!c.empty(), "no conninfo in " << pg_test_dir() << ": the server fixture did not start");
  return c;
}

// A target in its own schema, so test cases never see each other's tables.
inline store::PgTarget pg_test_target(const std::string& schema) {
  auto t = store::parse_pg_target(pg_test_conninfo(), schema);
  REQUIRE(t);
  return *t;
}

// A connection to a fresh, empty schema (dropped first if a previous run left it).
inline std::unique_ptr<store::PgDatabase> pg_fresh(const std::string& schema) {
  auto db = store::PgDatabase::connect(pg_test_target(schema));
  db->exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  return db;
}

} // namespace motcua::testing
