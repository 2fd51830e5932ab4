#include "dossiers/scan.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "cache/cache.hpp"
#include "cache/lock.hpp"
#include "store/pg.hpp"

namespace motcua {

int max_scan_jobs(int jobs) {
  return jobs == k_auto_jobs ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : std::max(jobs, 1);
}

std::vector<std::pair<std::int64_t, std::int64_t>> split_rowids(std::int64_t max_rowid, int jobs) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  jobs = std::max(jobs, 1);
  std::int64_t n = std::max<std::int64_t>(max_rowid, 0);
  for (int i = 0; i < jobs; ++i) {
    std::int64_t from = 1 + n * i / jobs, to = 1 + n * (i + 1) / jobs;
    if (i == jobs - 1) to = n + 1;
    out.emplace_back(from, to);
  }
  return out;
}

namespace {

// The jobs' connections, each inside a read transaction that sees the same state of the store.
struct JobCaches {
  std::vector<std::unique_ptr<Cache>> caches;         // SQLite
  std::vector<std::unique_ptr<store::PgDatabase>> pg; // PostgreSQL
  std::vector<store::Database*> dbs;                  // job i's connection, either kind
  std::int64_t max_rowid = 0;
};

// PostgreSQL: `jobs` new connections to db's store, the first exporting its snapshot, the others
// beginning on it; nullopt when one cannot be opened (max_connections reached…): one job runs instead.
std::optional<JobCaches> open_pg_readers(store::PgDatabase& db, int jobs, const ScanOpened& opened) {
  JobCaches out;
  std::string snapshot;
  try {
    for (int i = 0; i < jobs; ++i) {
      auto reader = store::PgDatabase::connect(db.target());
      reader->set_single_row_reads(); // the job runs one query on it
      if (i == 0) {
        reader->begin(false);
        snapshot = reader->export_snapshot(); // also the transaction's first statement: its state is fixed
        out.max_rowid = reader->query_int64("SELECT coalesce(max(rowid), 0) FROM dossiers");
      } else {
        reader->begin_on_snapshot(snapshot);
      }
      out.dbs.push_back(reader.get());
      out.pg.push_back(std::move(reader));
      if (opened) opened(i);
    }
  } catch (const store::Exception&) {
    return std::nullopt;
  }
  return out;
}

// Opens `jobs` read connections to db's file, all reading the same state; nullopt when that
// cannot be arranged (no file, the lock is taken or cannot be created): one job runs instead.
std::optional<JobCaches> open_job_caches(store::Database& db, int jobs, const ScanOpened& opened) {
  if (db.engine() == store::Engine::postgresql) {
    if (auto* pg = dynamic_cast<store::PgDatabase*>(&db)) return open_pg_readers(*pg, jobs, opened);
    return std::nullopt;
  }
  // Several connections reading one state: SQLite's WAL snapshots under the writer lock.
  if (db.engine() != store::Engine::sqlite) return std::nullopt;
  std::string path = db.name();
  if (path.empty()) return std::nullopt;
  auto lock = WriterLock::acquire(path, 0);
  if (!lock || !lock->held()) return std::nullopt;
  JobCaches out;
  for (int i = 0; i < jobs; ++i) {
    auto cache = Cache::open(path, CacheMode::read, 0);
    if (!cache) return std::nullopt;
    try {
      (*cache)->db().begin(false);
      // The first read fixes the transaction's view of the cache (WAL snapshot).
      auto max = (*cache)->db().query_int64("SELECT coalesce(max(rowid), 0) FROM dossiers");
      if (i == 0) out.max_rowid = max;
      else if (max != out.max_rowid) return std::nullopt;
    } catch (const store::Exception&) {
      return std::nullopt;
    }
    out.dbs.push_back(&(*cache)->db());
    out.caches.push_back(std::move(*cache));
    if (opened) opened(i);
  }
  return out; // the lock is released here: every job's view is already fixed
}

// PostgreSQL, one job: a new connection whose query streams in single-row mode, where `db`'s own queries go
// through a cursor (other statements may run on `db` between two rows). nullopt on SQLite, when `db` is inside
// a transaction (its own uncommitted writes must be seen) or the connection cannot be opened: the job runs on `db`.
std::optional<JobCaches> open_pg_single_reader(store::Database& db) {
  auto* pg = db.engine() == store::Engine::postgresql ? dynamic_cast<store::PgDatabase*>(&db) : nullptr;
  if (!pg || pg->busy()) return std::nullopt;
  JobCaches out;
  try {
    auto reader = store::PgDatabase::connect(pg->target());
    reader->set_single_row_reads();
    out.dbs.push_back(reader.get());
    out.pg.push_back(std::move(reader));
  } catch (const store::Exception&) {
    return std::nullopt;
  }
  return out;
}

Status run_guarded(const ScanJob& job, int index, store::Database& db, const DossierFilter& filter) {
  try {
    return job(index, db, filter);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::internal, std::string("scan job ") + std::to_string(index) + ": " + e.what());
  }
}

} // namespace

Result<int> run_scan_jobs(store::Database& db, const DossierFilter& filter, int jobs, const ScanJob& job,
                          const ScanOpened& opened) {
  if (jobs < 0) jobs = 1;
  if (jobs == k_auto_jobs) {
    jobs = max_scan_jobs(jobs);
    if (jobs > 1) {
      auto max = max_dossier_rowid(db);
      if (!max) return max.error();
      jobs = static_cast<int>(std::clamp<std::int64_t>(*max / k_min_rows_per_job, 1, jobs));
    }
  }
  std::optional<JobCaches> caches;
  if (jobs > 1 && !filter.ordered && !filter.limit) caches = open_job_caches(db, jobs, opened);
  if (!caches) {
    auto single = open_pg_single_reader(db);
    if (auto st = run_guarded(job, 0, single ? *single->dbs[0] : db, filter); !st) return st.error();
    return 1;
  }
  auto ranges = split_rowids(caches->max_rowid, jobs);
  std::vector<Status> results(static_cast<size_t>(jobs));
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    DossierFilter f = filter;
    f.rowid_from = ranges[static_cast<size_t>(i)].first;
    f.rowid_to = ranges[static_cast<size_t>(i)].second;
    threads.emplace_back(
        [&, i, f] { results[static_cast<size_t>(i)] = run_guarded(job, i, *caches->dbs[static_cast<size_t>(i)], f); });
  }
  for (auto& t : threads) t.join();
  for (const auto& st : results)
    if (!st) return st.error();
  return jobs;
}

} // namespace motcua
