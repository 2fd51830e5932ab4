#include <doctest/doctest.h>

#include "store/url.hpp"

using motcua::store::names_postgresql;

TEST_CASE("names_postgresql: URLs and conninfo strings are PostgreSQL, paths are SQLite files") {
  CHECK(names_postgresql("postgresql://db1/motcua"));
  CHECK(names_postgresql("postgres://u@db1:5433/motcua?sslmode=verify-full"));
  CHECK(names_postgresql("host=db1 dbname=motcua"));
  CHECK(names_postgresql("  dbname = motcua"));
  CHECK(names_postgresql("service=motcua"));
  CHECK_FALSE(names_postgresql("/var/lib/motcua/motcua.db"));
  CHECK_FALSE(names_postgresql("motcua.db"));
  CHECK_FALSE(names_postgresql("./host=db1"));       // a file that happens to look like conninfo
  CHECK_FALSE(names_postgresql("data/a=b.db"));      // '/' before the '=': a path
  CHECK_FALSE(names_postgresql("postgresql:/x.db")); // not the URL scheme
  CHECK_FALSE(names_postgresql("2024=x.db"));        // a keyword has no digit
  CHECK_FALSE(names_postgresql(""));
  CHECK_FALSE(names_postgresql(":memory:"));
}
