#include "cache/info.hpp"

#include "cache/cache.hpp"
#include "catalog/store.hpp"

namespace motcua {

Result<CacheInfo> cache_info(store::Database& db, Days day) {
  CacheInfo info;
  try {
    auto count = [&](const std::string& sql) { return db.query_int64(sql); };
    // The schema version: SQLite keeps it in the file header.
    if (db.engine() == store::Engine::sqlite)
      info.schema_version = static_cast<int>(db.query_int64("PRAGMA user_version"));
    else // PostgreSQL keeps it in its own one-row table (store/pg_schema)
      info.schema_version = static_cast<int>(db.query_int64("SELECT version FROM schema_version"));
    auto procedures = catalog_size_as_of(db, day); // the one "catalog as of a date" rule
    if (!procedures) return procedures.error();
    info.procedures = *procedures;
    info.procedure_events = count("SELECT count(*) FROM procedure_events");
    info.catalog_snapshots = count("SELECT count(DISTINCT as_of) FROM procedure_events");
    info.dossiers = count("SELECT count(*) FROM dossiers");
    info.calendar_days = count("SELECT count(*) FROM calendar_days");
    auto st = db.prepare("SELECT kind, max(finished_at) FROM imports GROUP BY kind ORDER BY kind");
    while (st->step()) info.last_import.emplace_back(st->get_string(0), st->get_int64(1));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading cache information");
  }
  return info;
}

Status vacuum_cache(store::SqliteDatabase& db) {
  try {
    db.exec("VACUUM");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "vacuum");
  }
  return {};
}

} // namespace motcua
