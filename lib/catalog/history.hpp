#pragma once
// The whole catalog history in memory, for computations that need "the procedure
// as it stood on this dossier's receipt date" millions of times.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/db.hpp"

#include "catalog/procedure.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

class CatalogHistory {
public:
  // Reads every event of the cache's catalog (thousands of rows, not millions); a cache error (exit 7) if it cannot.
  static Result<CatalogHistory> load(store::Database& db);

  // The procedure as it stood on a date; nullptr when absent or withdrawn then. The same rule as
  // catalog/store.hpp catalog_as_of (the latest event on or before the date), over rows in memory.
  const Procedure* at(const std::string& code, Days date) const;
  // Agency code → name over the procedures present on a date (the catalog as it stood then), for
  // reports that name agencies; the name of the smallest procedure code wins when they differ.
  std::map<std::string, std::string> agency_names(Days date) const;
  // Number of distinct codes ever seen.
  size_t codes() const { return m_versions.size(); }
  // Canonical text of every version (hashed into snapshot parameters).
  std::string fingerprint() const;
  // The date of the earliest catalog snapshot; nullopt when no catalog was ever imported.
  std::optional<Days> first_snapshot() const { return m_first; }
  // True for a receipt date before the first snapshot: no procedure can judge such a dossier, because
  // the catalog was imported as of a later date (a first night without --as-of). False with no catalog
  // at all (nothing to re-import as of an earlier date).
  bool before_first_snapshot(Days date) const { return m_first && date < *m_first; }

private:
  struct Version {
    Days as_of;
    bool present;
    Procedure procedure;
  };
  std::unordered_map<std::string, std::vector<Version>> m_versions; // per code, sorted by as_of
  std::optional<Days> m_first;                                      // earliest as_of of any version
};

} // namespace motcua
