#pragma once
// A fresh cache schema in an in-memory SQLite database, for the unit tests of the modules that read or write the
// cache: one definition, so a schema change reaches every test.

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>

#include "cache/schema.hpp"

namespace motcua::testing {

// Every migration applied and user_version set, as Cache::open leaves a new cache.
inline std::unique_ptr<SQLite::Database> memory_cache() {
  auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (auto step : migrations()) db->exec(std::string(step));
  db->exec("PRAGMA user_version = " + std::to_string(k_schema_version));
  return db;
}

} // namespace motcua::testing
