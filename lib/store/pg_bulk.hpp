#pragma once
// Bulk loading into a PostgreSQL store (issue 17), for dossiers migrate: a batch goes to a temporary
// staging table through COPY, then into the table with one statement that compares each record's hash
// with the stored one (a key probe) and inserts the new codes and upserts (ON CONFLICT … DO UPDATE)
// the changed ones; unchanged records are not touched. The counts are those the SQLite path gives, record by record in
// input order (a code twice in a batch: the second compares with the first), so a migration
// reconciles the same way on both engines, and a killed run re-runs to the same state.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/pg.hpp"

namespace motcua::store {

// What one batch did to the table.
struct PgUpsertCounts {
  std::int64_t inserted = 0;  // codes new to the table (their first record in the batch)
  std::int64_t updated = 0;   // records whose hash differed from the code's stored or previous record
  std::int64_t unchanged = 0; // records with the same hash (and, with skip_changed, the skipped ones)
  std::int64_t skipped = 0;   // skip_changed: records that differed and were left out
};

class PgBulkUpsert {
public:
  // Loads `columns` of `table` (trusted names from our code, `key` and `hash` among them): `key` is the
  // conflict target, `hash` the content hash compared (NOT NULL in the table: a NULL stored hash reads as
  // no row). skip_changed: a code already there keeps its row
  // (dossiers migrate --on-conflict skip).
  PgBulkUpsert(PgDatabase& db, std::string table, std::vector<std::string> columns, std::string key, std::string hash,
               bool skip_changed = false);
  // Queues one record: its values in `columns` order as text (integers in decimal), nullopt for NULL.
  void add(const std::vector<std::optional<std::string>>& row);
  std::size_t pending() const { return m_rows; }
  // Drops the queued records (a run abandoned before its flush must not ride along with the next one).
  void clear() {
    m_copy.clear();
    m_rows = 0;
  }
  // Writes the queued records, inside the caller's transaction if one is open (else in its own), and
  // empties the queue (also when it fails). Throws store::Exception; a count that does not reconcile is one too.
  PgUpsertCounts flush();

private:
  std::string quoted_columns(const std::string& prefix) const;
  PgDatabase& m_db;
  std::string m_table, m_key, m_hash;
  std::vector<std::string> m_columns;
  bool m_skip_changed;
  std::string m_copy; // the queued records in COPY's text format
  std::size_t m_rows = 0;
};

} // namespace motcua::store
