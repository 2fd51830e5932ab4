#pragma once
// Dossiers in the cache: upserts by code in batched transactions (a killed migration
// loses at most its open batch, and a re-run converges to the same state), and the
// read side used by list, show, export and the audit.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/imports.hpp"
#include "dossiers/dossier.hpp"
#include "store/db.hpp"
#include "util/error.hpp"

namespace motcua::store {
class PgBulkUpsert;
}

namespace motcua {

// Where a record was read: named in an error met when its sorted run is written later.
struct RecordPlace {
  std::string_view source; // empty: unknown
  std::int64_t position = 0;
  bool is_line = true; // a line number, else a record number
};

// What an upsert does with a code already in the cache holding a different record.
enum class OnConflict { update, skip, fail };

std::optional<OnConflict> parse_on_conflict(std::string_view s);

struct StoreOptions {
  OnConflict on_conflict = OnConflict::update;
  // Records per transaction: big enough to amortise the commit, small enough that an
  // interrupted run loses little.
  std::size_t batch_size = 200000;
  // Count everything, write nothing (no transaction is even opened).
  bool dry_run = false;
};

// The write side of one migration. Counts reconcile: read = inserted + updated + unchanged + rejected.
// A record identical to the stored one (same content hash) is unchanged and not rewritten,
// so a re-run of the same input changes nothing. `skip` counts a differing record as unchanged
// (and in skipped()); `fail` stops at it: batches committed before stay (documented in cli help).
// On PostgreSQL each sorted run goes in with one COPY and one upsert (store::PgBulkUpsert), counted
// record by record as here; under `fail` the run's stored hashes are read first and it is written up
// to its first conflict; a batch closes at the end of the run that reaches batch_size written records;
// dry runs look codes up one by one (they write nothing, so nothing to batch).
class DossierStore {
public:
  // Prepares the statements once (they are reused for every record); a cache error (exit 7) if it cannot.
  static Result<std::unique_ptr<DossierStore>> open(store::Database& db, StoreOptions options);
  // Rolls back a batch left open (an error stopped the migration).
  ~DossierStore();
  DossierStore(const DossierStore&) = delete;
  DossierStore& operator=(const DossierStore&) = delete;

  // Upserts one dossier, committing every batch_size records. Records are written in runs
  // sorted by code (see k_sort_run), so an error may surface a few thousand records later, at
  // the write: a conflict under OnConflict::fail (ErrorKind::input, naming the code), or a
  // cache failure (exit 7). `hash`: content_hash(d) when the caller has it (computed on the reading thread).
  Status put(const Dossier& d, RecordPlace place = {}, std::optional<std::uint64_t> hash = std::nullopt);
  // A record that was read but rejected: counted so the reconciliation holds.
  void count_rejected(std::int64_t n = 1) {
    m_counts.read += n;
    m_counts.rejected += n;
  }
  // Commits the open batch and appends the import log entry (`source` describes the sources);
  // `also` runs inside that last transaction (the sync watermarks), so it commits with the data or not at all.
  Status finish(const std::string& source, const std::function<Status()>& also = {});

  const ImportCounts& counts() const { return m_counts; }
  std::int64_t skipped() const { return m_skipped; }
  // Records whose batch is committed: what survives if the process dies now.
  std::int64_t committed() const { return m_committed; }

private:
  DossierStore(store::Database& db, StoreOptions options);
  // Writes the buffered run in code order.
  Status flush();
  // Upserts one record now (read is already counted); `hash` is content_hash(d).
  Status write(const Dossier& d, std::uint64_t hash);
  // PostgreSQL: writes the sorted run m_order through the bulk loader (see the class comment).
  Status flush_bulk();
  // PostgreSQL, --on-conflict fail: the place in m_order of the run's first record that conflicts
  // with the stored one or an earlier one of the run (m_order.size() when none).
  std::size_t first_conflict();
  // The error of a record that conflicts under --on-conflict fail.
  Error conflict_error(const std::string& code) const;
  // Opens a transaction unless one is open; the first one for rows of a bulk load drops the receipt index.
  Status begin_batch(bool for_rows = true);
  Status commit_batch();
  Error sql_error(const std::exception& e, const std::string& doing) const;
  // The stored hash of a code (or nullopt), looking at this run's earlier records in dry runs.
  std::optional<std::uint64_t> stored_hash(const Dossier& d);
  void bind_record(store::Statement& st, const Dossier& d, std::uint64_t hash);
  // The pauses and extensions columns as JSON text (empty when none), into the reused scratch strings.
  void encode_json_columns(const Dossier& d);

  store::Database& m_db;
  StoreOptions m_options;
  std::unique_ptr<store::Statement> m_lookup;
  std::unique_ptr<store::Statement> m_insert;
  std::unique_ptr<store::Statement> m_update;
  std::unique_ptr<store::PgBulkUpsert> m_pg_bulk;   // PostgreSQL and not a dry run: the bulk path
  std::vector<std::optional<std::string>> m_pg_row; // scratch: one record as the bulk loader's text values
  bool m_expect_new = true;                         // the last code was new: try the insert before any lookup
  bool m_bulk = false;          // the table was empty: load without the receipt index, build it at the end
  bool m_index_dropped = false; // the receipt index is gone until finish() (or the destructor) rebuilds it
  bool m_in_batch = false;
  std::size_t m_batch_count = 0;
  std::int64_t m_committed = 0;
  std::int64_t m_skipped = 0;
  ImportCounts m_counts;
  std::unordered_map<std::string, std::uint64_t> m_dry_seen; // dry runs only: codes "written" so far
  // Records are buffered and written this many at a time in code order: the code index then
  // takes inserts that walk it in order instead of scattered ones (1M rows: ~20% faster). The
  // buffer fills long before 100k rows, so it is a constant in the peak memory, not a growth.
  static constexpr std::size_t k_sort_run = 16384;
  // A buffered record and where it was read (named in an error met when it is written).
  struct Pending {
    Dossier dossier;
    std::uint64_t hash = 0; // content_hash(dossier)
    std::string source;
    std::int64_t position = 0;
    bool is_line = true;
  };
  std::vector<Pending> m_pending; // the run being buffered; slots are reused
  std::size_t m_pending_count = 0;
  std::vector<std::uint32_t> m_order;
  std::string m_pauses_text; // scratch, reused between records
  std::string m_extensions_text;
};

// Which dossiers list / export / the audit look at; empty members do not filter.
struct DossierFilter {
  std::optional<Days> from; // local date of received_at, inclusive
  std::optional<Days> to;   // inclusive
  std::string agency_code;
  std::string procedure_code;
  std::optional<DossierStatus> status;
  std::optional<std::int64_t> limit;
  // Receipt order costs an index walk with a table lookup per row; whole-cache passes that
  // only sum (audit/stats summaries) read the table in storage order instead.
  bool ordered = true;
  // Passes that only classify and sum (audit, stats) leave applicant_name, applicant_id and extra
  // unread (empty): fewer columns decoded per row.
  bool classify_only = false;
  // A rowid range [rowid_from, rowid_to): one job's share of a parallel scan (dossiers/scan).
  std::optional<std::int64_t> rowid_from;
  std::optional<std::int64_t> rowid_to;
};

// One dossier by code; nullopt when absent.
Result<std::optional<Dossier>> find_dossier(store::Database& db, const std::string& code);
// Streams the matching dossiers ordered by received_at, then code; `on_dossier` returns false
// to stop early. Memory stays flat whatever the cache size.
Status for_each_dossier(store::Database& db, const DossierFilter& filter,
                        const std::function<bool(const Dossier&)>& on_dossier);
// The largest rowid of the dossiers table (0 when empty): the extent parallel scans split.
Result<std::int64_t> max_dossier_rowid(store::Database& db);
// How many dossiers match (ignores the limit).
Result<std::int64_t> count_dossiers(store::Database& db, const DossierFilter& filter);

} // namespace motcua
