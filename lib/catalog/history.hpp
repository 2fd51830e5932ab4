#pragma once
// The whole catalog history in memory, for computations that need "the procedure
// as it stood on this dossier's receipt date" millions of times.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "catalog/procedure.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

class CatalogHistory {
public:
  // Reads every event of the cache's catalog (thousands of rows, not millions); a cache error (exit 7) if it cannot.
  static Result<CatalogHistory> load(SQLite::Database& db);

  // The procedure as it stood on a date; nullptr when absent or withdrawn then. The same rule as
  // catalog/store.hpp catalog_as_of (the latest event on or before the date), over rows in memory.
  const Procedure* at(const std::string& code, Days date) const;
  // Number of distinct codes ever seen.
  size_t codes() const { return m_versions.size(); }
  // Canonical text of every version (hashed into snapshot parameters).
  std::string fingerprint() const;

private:
  struct Version {
    Days as_of;
    bool present;
    Procedure procedure;
  };
  std::unordered_map<std::string, std::vector<Version>> m_versions; // per code, sorted by as_of
};

} // namespace motcua
