#include "dossiers/scan.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "cache/cache.hpp"
#include "cache/lock.hpp"

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

// The jobs' connections, each inside a read transaction begun under the writer lock.
struct JobCaches {
  std::vector<std::unique_ptr<Cache>> caches;
  std::int64_t max_rowid = 0;
};

// Opens `jobs` read connections to db's file, all reading the same state; nullopt when that
// cannot be arranged (no file, the lock is taken or cannot be created): one job runs instead.
std::optional<JobCaches> open_job_caches(store::Database& db, int jobs) {
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
    out.caches.push_back(std::move(*cache));
  }
  return out; // the lock is released here: every job's view is already fixed
}

Status run_guarded(const ScanJob& job, int index, store::Database& db, const DossierFilter& filter) {
  try {
    return job(index, db, filter);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::internal, std::string("scan job ") + std::to_string(index) + ": " + e.what());
  }
}

} // namespace

Result<int> run_scan_jobs(store::Database& db, const DossierFilter& filter, int jobs, const ScanJob& job) {
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
  if (jobs > 1 && !filter.ordered && !filter.limit) caches = open_job_caches(db, jobs);
  if (!caches) {
    if (auto st = run_guarded(job, 0, db, filter); !st) return st.error();
    return 1;
  }
  auto ranges = split_rowids(caches->max_rowid, jobs);
  std::vector<Status> results(static_cast<size_t>(jobs));
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    DossierFilter f = filter;
    f.rowid_from = ranges[static_cast<size_t>(i)].first;
    f.rowid_to = ranges[static_cast<size_t>(i)].second;
    threads.emplace_back([&, i, f] {
      results[static_cast<size_t>(i)] = run_guarded(job, i, caches->caches[static_cast<size_t>(i)]->db(), f);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& st : results)
    if (!st) return st.error();
  return jobs;
}

} // namespace motcua
