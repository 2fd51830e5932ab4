#pragma once
// Whole-cache passes over the dossiers split into jobs: one read connection and one thread per
// job, each over a disjoint rowid range, so a pass that sums (audit, stats) uses every core. The
// caller keeps one partial result per job and merges them in job order: the ranges follow the
// table's storage order, so the merged result is the one a single pass gives.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "store/db.hpp"

#include "dossiers/store.hpp"
#include "util/error.hpp"

namespace motcua {

// --jobs 0 (the default): the number of cores, or 1 for a cache too small to gain from threads.
inline constexpr int k_auto_jobs = 0;
// Below this many rows a pass is over before threads and connections pay for themselves.
inline constexpr std::int64_t k_min_rows_per_job = 50000;

// The most jobs run_scan_jobs() may run for a --jobs value: how many partial results to prepare.
int max_scan_jobs(int jobs);

// The rowids 1..max_rowid cut into `jobs` consecutive half-open ranges [from, to), in order.
std::vector<std::pair<std::int64_t, std::int64_t>> split_rowids(std::int64_t max_rowid, int jobs);

// One job: its index (0-based, in range order), its own connection, and the filter narrowed to its range.
using ScanJob = std::function<Status(int job, store::Database& db, const DossierFilter& filter)>;

// Called once a job's connection has fixed the state it reads (job index): tests commit a write there.
using ScanOpened = std::function<void(int job)>;

// Runs `job` over `filter` (unordered) with up to `jobs` jobs (k_auto_jobs: see above) and returns
// how many ran: results 0..n-1 are to be merged in order. With one job it runs on `db` itself (on
// PostgreSQL, outside a transaction, on a new connection of its own, whose query streams row by row). On
// SQLite the jobs' read transactions all begin while the writer lock is held, so they see the same
// cache; when the lock cannot be taken (a migration is running, a read-only directory) one job runs on
// `db`. On PostgreSQL the first job's connection exports its snapshot and the others begin on it
// (readers never wait for a writer); when a connection cannot be opened, one job runs on `db`.
// The first error in job order is returned.
Result<int> run_scan_jobs(store::Database& db, const DossierFilter& filter, int jobs, const ScanJob& job,
                          const ScanOpened& opened = {});

} // namespace motcua
