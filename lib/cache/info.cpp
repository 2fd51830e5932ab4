#include "cache/info.hpp"

#include <SQLiteCpp/Statement.h>

#include "cache/cache.hpp"
#include "catalog/store.hpp"

namespace motcua {

Result<CacheInfo> cache_info(SQLite::Database& db, Days day) {
  CacheInfo info;
  try {
    auto count = [&](const std::string& sql) { return db.execAndGet(sql).getInt64(); };
    info.schema_version = db.execAndGet("PRAGMA user_version").getInt();
    auto procedures = catalog_size_as_of(db, day); // the one "catalog as of a date" rule
    if (!procedures) return procedures.error();
    info.procedures = *procedures;
    info.procedure_events = count("SELECT count(*) FROM procedure_events");
    info.catalog_snapshots = count("SELECT count(DISTINCT as_of) FROM procedure_events");
    info.dossiers = count("SELECT count(*) FROM dossiers");
    info.calendar_days = count("SELECT count(*) FROM calendar_days");
    SQLite::Statement st(db, "SELECT kind, max(finished_at) FROM imports GROUP BY kind ORDER BY kind");
    while (st.executeStep()) info.last_import.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt64());
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading cache information");
  }
  return info;
}

Status vacuum_cache(SQLite::Database& db) {
  try {
    db.exec("VACUUM");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "vacuum");
  }
  return {};
}

} // namespace motcua
