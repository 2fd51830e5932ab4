#include "cache/check.hpp"

#include "cache/cache.hpp"
#include "cache/schema.hpp"

namespace motcua {

namespace {

// motcua's own invariants, beyond SQLite's integrity check: each a query that counts offenders.
const std::pair<const char*, const char*> k_invariants[] = {
    {"procedure present without name or positive processing time",
     "SELECT count(*) FROM procedure_events WHERE present = 1 AND (name IS NULL OR name = '' OR processing_time IS NULL OR processing_time <= 0)"},
    {"procedure with unknown online level or processing unit",
     "SELECT count(*) FROM procedure_events WHERE present = 1 AND (online NOT IN ('full','partial','none','unknown') OR "
     "processing_unit NOT IN ('working_days','working_hours','calendar_days','months'))"},
    {"dossier with unknown channel", "SELECT count(*) FROM dossiers WHERE channel NOT IN ('online','direct','postal')"},
    {"dossier with unknown status",
     "SELECT count(*) FROM dossiers WHERE status NOT IN ('submitted','received','not_accepted','processing','supplementing',"
     "'awaiting_payment','withdrawn','stopped','resolved','returned')"},
    {"dossier with malformed pauses or extensions JSON",
     "SELECT count(*) FROM dossiers WHERE (pauses IS NOT NULL AND NOT json_valid(pauses)) OR (extensions IS NOT NULL AND NOT json_valid(extensions))"},
    {"calendar day with unknown type",
     "SELECT count(*) FROM calendar_days WHERE type NOT IN ('holiday','compensatory','workday')"},
    {"import log with counts that do not reconcile",
     "SELECT count(*) FROM imports WHERE read != inserted + updated + unchanged + rejected"},
};

} // namespace

Result<CacheCheck> check_cache(store::SqliteDatabase& db) {
  CacheCheck c;
  try {
    auto integrity = db.prepare("PRAGMA integrity_check");
    while (integrity->step()) {
      std::string line = integrity->get_string(0);
      if (line != "ok") c.problems.push_back("integrity: " + line);
    }
    auto fk = db.prepare("PRAGMA foreign_key_check");
    while (fk->step()) c.problems.push_back("foreign key: " + fk->get_string(0));
    int version = static_cast<int>(db.query_int64("PRAGMA user_version"));
    if (version != k_schema_version)
      c.problems.push_back("schema version " + std::to_string(version) + " is not " + std::to_string(k_schema_version));
    for (const auto& [what, sql] : k_invariants)
      if (auto n = db.query_int64(sql); n > 0) c.problems.push_back(std::to_string(n) + " x " + what);
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "checking the cache");
  }
  // Only a note: a cache whose checks passed is not failed because the index cannot be looked up.
  auto indexed = has_dossiers_received_index(db);
  c.receipt_index_missing = indexed && !*indexed;
  return c;
}

} // namespace motcua
