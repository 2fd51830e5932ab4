#pragma once
// `db info` and `db vacuum`: what the cache holds, counted, and compacting it.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// Row counts and the import log's last entries.
struct CacheInfo {
  int schema_version = 0;
  std::int64_t procedures = 0; // present in the catalog as of the day asked for
  std::int64_t procedure_events = 0;
  std::int64_t catalog_snapshots = 0; // distinct snapshot dates
  std::int64_t dossiers = 0;
  std::int64_t calendar_days = 0;
  std::vector<std::pair<std::string, Instant>> last_import; // per kind (catalog, dossiers, calendar), by kind
};

// Counts what the cache holds, the catalog as of `day`; a cache error (exit 7) if it cannot.
Result<CacheInfo> cache_info(store::Database& db, Days day);

// Rebuilds the file to reclaim free space and truncates the write-ahead log.
Status vacuum_cache(store::SqliteDatabase& db);

} // namespace motcua
