#pragma once
// `db check`: SQLite's own integrity and foreign-key checks plus motcua's invariants on what
// the cache holds, as a list of problems the caller renders. Reads only.
#include <string>
#include <vector>

#include "store/sqlite.hpp"

#include "util/error.hpp"

namespace motcua {

// What a check found. Each problem is one line for people ("integrity: ...", "3 x dossier with unknown status").
struct CacheCheck {
  std::vector<std::string> problems;
  // The dossiers' receipt-time index is missing (a first migration runs or was killed): not a
  // problem, the data is complete; reads in receipt order are slower until a writer rebuilds it.
  bool receipt_index_missing = false;
  bool ok() const { return problems.empty(); }
};

// Runs every check; a cache error (exit 7) only when the checks themselves cannot run.
Result<CacheCheck> check_cache(store::SqliteDatabase& db);

} // namespace motcua
