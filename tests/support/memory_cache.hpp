#pragma once
// A fresh cache schema in an in-memory SQLite database, for the unit tests of the modules that read or write the
// cache: one definition, so a schema change reaches every test.

#include <memory>
#include <string>
#include <string_view>

#include "cache/schema.hpp"
#include "store/sqlite.hpp"

namespace motcua::testing {

// Every migration applied and user_version set, as Cache::open leaves a new cache.
inline std::unique_ptr<store::SqliteDatabase> memory_cache() {
  auto db = store::SqliteDatabase::memory();
  for (auto step : migrations()) db->exec(std::string(step));
  db->exec("PRAGMA user_version = " + std::to_string(k_schema_version));
  return db;
}

} // namespace motcua::testing

namespace motcua {

// The first column of the first row as text ("" when there is none): what the tests compare.
inline std::string query_text(store::Database& db, std::string_view sql) {
  auto st = db.prepare(sql);
  return st->step() ? st->get_string(0) : std::string();
}

} // namespace motcua
