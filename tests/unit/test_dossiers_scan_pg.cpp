// Parallel scans on PostgreSQL (issue 17): one connection per job, all on the first one's exported
// snapshot, split by rowid ranges and merged in job order as on SQLite.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "support/pg_test_server.hpp"

#include "dossiers/scan.hpp"
#include "dossiers/store.hpp"
#include "store/pg_schema.hpp"

using namespace motcua;
using namespace motcua::testing;

namespace {

Dossier dossier(int i, DossierStatus status = DossierStatus::processing) {
  Dossier d;
  d.code = "D-" + std::to_string(100000 + i);
  d.procedure_code = "P1";
  d.agency_code = i % 3 ? "A" : "B";
  d.channel = Channel::online;
  d.status = status;
  d.received_at = *parse_datetime("2018-03-05T08:00") + i;
  return d;
}

void load(store::Database& db, int from, int to, DossierStatus status = DossierStatus::processing) {
  auto s = DossierStore::open(db, StoreOptions{});
  REQUIRE(s);
  for (int i = from; i < to; ++i) REQUIRE((*s)->put(dossier(i, status)));
  REQUIRE((*s)->finish("t"));
}

// What each job read: its codes in order, and its counts by agency and status (a partial aggregate).
struct JobRead {
  std::vector<std::string> codes;
  std::map<std::string, int> counts;
};

std::vector<JobRead> scan(store::Database& db, int jobs, int& ran, const ScanOpened& opened = {}) {
  DossierFilter filter;
  filter.ordered = false;
  filter.classify_only = true;
  std::vector<JobRead> out(static_cast<size_t>(max_scan_jobs(jobs)));
  auto r = run_scan_jobs(
      db, filter, jobs,
      [&](int job, store::Database& job_db, const DossierFilter& f) {
        return for_each_dossier(job_db, f, [&](const Dossier& d) {
          auto& mine = out[static_cast<size_t>(job)];
          mine.codes.push_back(d.code);
          ++mine.counts[d.agency_code + "/" + std::string(status_name(d.status))];
          return true;
        });
      },
      opened);
  REQUIRE(r);
  ran = *r;
  out.resize(static_cast<size_t>(ran));
  return out;
}

// The partial results merged in job order, as audit and stats merge theirs.
JobRead merged(const std::vector<JobRead>& parts) {
  JobRead all;
  for (const auto& p : parts) {
    all.codes.insert(all.codes.end(), p.codes.begin(), p.codes.end());
    for (const auto& [k, n] : p.counts) all.counts[k] += n;
  }
  return all;
}

} // namespace

TEST_SUITE("postgresql") {

  TEST_CASE("pg scan: two jobs on one snapshot read what one job reads, in the same order") {
    auto db = pg_fresh("t_scan_jobs");
    REQUIRE(migrate_pg_schema(*db));
    load(*db, 0, 3000);
    load(*db, 1000, 1500, DossierStatus::resolved); // updated rows: new tuple versions, same rowids
    int ran = 0;
    auto one = scan(*db, 1, ran);
    CHECK(ran == 1);
    REQUIRE(one[0].codes.size() == 3000);
    auto two = scan(*db, 2, ran);
    CHECK(ran == 2); // on PostgreSQL too, no longer one job
    REQUIRE(two.size() == 2);
    CHECK_FALSE(two[0].codes.empty());
    CHECK_FALSE(two[1].codes.empty());
    auto all = merged(two);
    CHECK(all.counts == one[0].counts);
    CHECK(all.counts["A/resolved"] + all.counts["B/resolved"] == 500);
    std::vector<std::string> sorted_one = one[0].codes, sorted_all = all.codes;
    std::sort(sorted_one.begin(), sorted_one.end());
    std::sort(sorted_all.begin(), sorted_all.end());
    CHECK(sorted_all == sorted_one);                     // every row once
    CHECK(merged(scan(*db, 2, ran)).codes == all.codes); // the same order every time: byte-identical output
    // The one job reads in rowid order too, as SQLite does, though the updated rows moved in the heap.
    CHECK(all.codes == one[0].codes);
    auto three = scan(*db, 3, ran);
    CHECK(ran == 3);
    CHECK(merged(three).counts == one[0].counts);
  }

  TEST_CASE("pg scan: a writer committing between two job starts is seen by no job") {
    auto db = pg_fresh("t_scan_snapshot");
    REQUIRE(migrate_pg_schema(*db));
    load(*db, 0, 2000);
    auto writer = store::PgDatabase::connect(pg_test_target("t_scan_snapshot"));
    int ran = 0;
    auto parts = scan(*db, 2, ran, [&](int job) {
      if (job != 0) return;
      load(*writer, 1990, 2100, DossierStatus::resolved); // 10 changed, 100 new, committed
    });
    CHECK(ran == 2);
    auto all = merged(parts);
    CHECK(all.codes.size() == 2000);
    CHECK(all.counts["A/resolved"] + all.counts["B/resolved"] == 0);
    // The second job, begun after that commit, has the last rowids: it read them as they were.
    CHECK(parts[1].codes.size() > 0);
    CHECK(std::find(parts[1].codes.begin(), parts[1].codes.end(), "D-101999") != parts[1].codes.end());
    // The writes are there for the next scan.
    auto after = merged(scan(*db, 2, ran));
    CHECK(after.codes.size() == 2100);
    CHECK(after.counts["A/resolved"] + after.counts["B/resolved"] == 110);
  }

  TEST_CASE("pg scan: one job streams on a connection of its own, or on the caller's inside its transaction") {
    auto db = pg_fresh("t_scan_single");
    REQUIRE(migrate_pg_schema(*db));
    load(*db, 0, 1200);
    DossierFilter filter;
    filter.classify_only = true;
    auto run = [&](store::Database*& used, std::int64_t& rows) {
      rows = 0;
      auto r = run_scan_jobs(*db, filter, 1, [&](int, store::Database& job_db, const DossierFilter& f) {
        used = &job_db;
        return for_each_dossier(job_db, f, [&](const Dossier&) {
          ++rows;
          return true;
        });
      });
      REQUIRE(r);
      CHECK(*r == 1);
    };
    store::Database* used = nullptr;
    std::int64_t rows = 0;
    run(used, rows);
    CHECK(used != db.get()); // a reader of its own: the caller's connection stays free for the catalog
    CHECK(rows == 1200);
    CHECK_FALSE(db->busy());
    // Inside the caller's transaction its uncommitted rows must be seen: the job runs on the caller's connection.
    db->begin();
    db->exec("INSERT INTO dossiers (code, procedure_code, agency_code, channel, status, received_at) SELECT 'X-' || "
             "code, procedure_code, agency_code, channel, status, received_at FROM dossiers ORDER BY code LIMIT 100");
    run(used, rows);
    CHECK(used == db.get());
    CHECK(rows == 1300);
    db->rollback();
  }

} // TEST_SUITE
