#include "cache/schema.hpp"

#include <string>

#include "cache/cache.hpp"

namespace motcua {

namespace {

// Version 1: catalog history as dated events, dossiers, calendar overrides, import log.
constexpr std::string_view k_v1 = R"SQL(
CREATE TABLE procedure_events (
  code TEXT NOT NULL,
  as_of INTEGER NOT NULL,            -- days since 1970-01-01 from which this state holds
  present INTEGER NOT NULL,          -- 0: withdrawn from the catalog on as_of
  name TEXT, agency_code TEXT, agency_name TEXT, field_code TEXT, field_name TEXT,
  level INTEGER, online TEXT, processing_time REAL, processing_unit TEXT, fee INTEGER,
  extra TEXT,                        -- unknown source fields kept as raw JSON
  search_key TEXT,                   -- folded code + name for diacritic-blind search
  PRIMARY KEY (code, as_of)
) WITHOUT ROWID;
CREATE INDEX procedure_events_as_of ON procedure_events (as_of);

CREATE TABLE dossiers (
  code TEXT PRIMARY KEY NOT NULL,
  procedure_code TEXT NOT NULL,
  agency_code TEXT,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  received_at INTEGER NOT NULL,      -- Unix seconds
  due_at INTEGER,
  due_date_only INTEGER NOT NULL DEFAULT 0, -- due_at came as a date (end of office hours)
  resolved_at INTEGER,
  returned_at INTEGER,
  pauses TEXT,                       -- JSON array of {from,to,reason} as in motcua-formats(5); NULL: none
  extensions TEXT,                   -- JSON array of {apology_at,new_due_at,reason}; NULL: none
  applicant_name TEXT,
  applicant_id TEXT,
  fee INTEGER,
  paid_online INTEGER,
  extra TEXT,                        -- unknown source fields, compact JSON object
  hash INTEGER NOT NULL DEFAULT 0    -- content_hash() of the record: re-imports compare one integer
);
CREATE INDEX dossiers_received ON dossiers (received_at);

CREATE TABLE calendar_days (
  date INTEGER PRIMARY KEY NOT NULL, -- days since 1970-01-01
  type TEXT NOT NULL CHECK (type IN ('holiday', 'compensatory', 'workday')),
  name TEXT NOT NULL,
  source TEXT                        -- the decision it comes from, when the file says
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                -- catalog | dossiers | calendar
  source TEXT NOT NULL,
  as_of INTEGER,
  finished_at INTEGER NOT NULL,
  read INTEGER NOT NULL, inserted INTEGER NOT NULL, updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL, rejected INTEGER NOT NULL, withdrawn INTEGER NOT NULL
);
)SQL";

// Version 2: one watermark per incremental source (`dossiers migrate URL --since last`); agency lineage
// across reorganisations (catalog agencies import; catalog/lineage), replaced whole by each import, `position`
// keeping the file's order (a split's first successor takes the rest); and who applied (national
// LoaiDoiTuong), a column of its own so reports can group by it.
constexpr std::string_view k_v2 = R"SQL(
CREATE TABLE sync_watermarks (
  source TEXT PRIMARY KEY NOT NULL,  -- the URL template, secrets redacted
  until INTEGER NOT NULL,            -- Unix seconds: everything up to here was committed
  updated_at INTEGER NOT NULL        -- Unix seconds: when the run that set it finished
);
CREATE TABLE agency_lineage (
  position INTEGER PRIMARY KEY,      -- the row's place in the imported file, from 1
  old_code TEXT NOT NULL,
  new_code TEXT NOT NULL,
  from_date INTEGER NOT NULL,        -- days since 1970-01-01 from which old_code is (part of) new_code
  note TEXT,
  UNIQUE (old_code, new_code)
);
ALTER TABLE dossiers ADD COLUMN applicant_type TEXT
  CHECK (applicant_type IN ('citizen', 'business', 'state_body', 'other'));
)SQL";

// Version 3: every published processing time of a procedure (national THOIGIAN entries per channel) as the
// compact JSON of catalog/processing_time; NULL when processing_time/unit is the only one.
constexpr std::string_view k_v3 = R"SQL(
ALTER TABLE procedure_events ADD COLUMN processing_times TEXT;
)SQL";

constexpr std::string_view k_migrations[] = {k_v1, k_v2, k_v3};

} // namespace

std::span<const std::string_view> migrations() { return k_migrations; }

Result<bool> has_dossiers_received_index(store::Database& db) {
  // Only SQLite's bulk load drops the index (DossierStore): another engine always has it.
  if (db.engine() != store::Engine::sqlite) return true;
  try {
    return db.query_int64("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'dossiers_received'") > 0;
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "looking for the receipt-time index");
  }
}

Status size_cache_for_load(store::Database& db) {
  if (db.engine() != store::Engine::sqlite) return {};
  try {
    db.exec("PRAGMA cache_size = -16384");
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "sizing the page cache for the load");
  }
  return {};
}

Status ensure_dossiers_received_index(store::Database& db) {
  // temp_store = MEMORY (set at open for query sorts) would hold the whole index sort in RAM,
  // and the sorter's in-memory runs are as big as the page cache: both are lowered meanwhile
  // (the pages the cache gives up become the sorter's), so peak memory does not grow.
  try {
    if (db.engine() != store::Engine::sqlite) {
      db.exec("CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers (received_at)");
      return {};
    }
    std::int64_t cache_size = db.query_int64("PRAGMA cache_size");
    db.exec("PRAGMA temp_store = FILE");
    db.exec("PRAGMA cache_size = -2048");
    db.exec("CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers (received_at)");
    db.exec("PRAGMA cache_size = " + std::to_string(cache_size));
    db.exec("PRAGMA temp_store = MEMORY");
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "building the receipt-time index");
  }
  return {};
}

} // namespace motcua
