#pragma once
// The import log behind `db info`: what was loaded, when, with which counts.
#include <cstdint>
#include <optional>
#include <string>

#include "store/db.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// Reconciliation of one import: read = inserted + updated + unchanged + rejected.
struct ImportCounts {
  std::int64_t read = 0;
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t rejected = 0;
  std::int64_t withdrawn = 0;
};

// Appends one row to the log; call inside the import's own transaction. A cache error (exit 7) if it cannot.
Status record_import(store::Database& db, const std::string& kind, const std::string& source, std::optional<Days> as_of,
                     const ImportCounts& counts);

} // namespace motcua
