#include <doctest/doctest.h>

#include <mutex>

#include <sqlite3.h>

#include "cache/cache.hpp"
#include "cache/lock.hpp"
#include "cache/schema.hpp"
#include "dossiers/scan.hpp"
#include "dossiers/store.hpp"

#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;

namespace {

Dossier dossier(int i) {
  Dossier d;
  d.code = "D-" + std::to_string(100000 + i);
  d.procedure_code = "P1";
  d.agency_code = i % 2 ? "A" : "B";
  d.channel = Channel::online;
  d.status = DossierStatus::processing;
  d.received_at = *parse_datetime("2018-03-05T08:00") + i;
  d.applicant_name = "Nguyễn Văn An";
  return d;
}

// Every code a scan of `filter` reads, job by job.
std::vector<std::vector<std::string>> codes_by_job(store::Database& db, const DossierFilter& filter, int jobs,
                                                   int& ran) {
  std::vector<std::vector<std::string>> out(static_cast<size_t>(max_scan_jobs(jobs)));
  auto r = run_scan_jobs(db, filter, jobs, [&](int job, store::Database& job_db, const DossierFilter& f) {
    return for_each_dossier(job_db, f, [&](const Dossier& d) {
      out[static_cast<size_t>(job)].push_back(d.code);
      return true;
    });
  });
  REQUIRE(r.ok());
  ran = *r;
  out.resize(static_cast<size_t>(ran));
  return out;
}

} // namespace

TEST_CASE("split_rowids cuts 1..max into consecutive ranges covering every rowid once") {
  auto r = split_rowids(10, 3);
  REQUIRE(r.size() == 3);
  CHECK(r[0].first == 1);
  CHECK(r[0].second == r[1].first);
  CHECK(r[1].second == r[2].first);
  CHECK(r[2].second == 11);
  auto empty = split_rowids(0, 2);
  REQUIRE(empty.size() == 2);
  CHECK(empty[1].second == 1);
  CHECK(split_rowids(5, 0).size() == 1);
}

TEST_CASE("run_scan_jobs: parallel jobs read disjoint ranges whose concatenation is the single pass") {
  TempDir dir;
  std::string path = (dir.path / "motcua.db").string();
  {
    auto w = Cache::open(path, CacheMode::write, 0);
    REQUIRE(w.ok());
    auto store = DossierStore::open((*w)->db(), StoreOptions{});
    REQUIRE(store.ok());
    for (int i = 0; i < 1000; ++i) REQUIRE((*store)->put(dossier(i)).ok());
    REQUIRE((*store)->finish("t").ok());
  }
  auto r = Cache::open(path, CacheMode::read, 0);
  REQUIRE(r.ok());
  DossierFilter filter;
  filter.ordered = false;
  filter.classify_only = true;
  int ran = 0;
  auto single = codes_by_job((*r)->db(), filter, 1, ran);
  CHECK(ran == 1);
  REQUIRE(single[0].size() == 1000);
  auto split = codes_by_job((*r)->db(), filter, 3, ran);
  CHECK(ran == 3);
  std::vector<std::string> joined;
  for (const auto& part : split) {
    CHECK(!part.empty());
    joined.insert(joined.end(), part.begin(), part.end());
  }
  CHECK(joined == single[0]);

  SUBCASE("a running writer (the lock is held) makes it one job on the caller's connection") {
    auto lock = WriterLock::acquire(path, 0);
    REQUIRE(lock.ok());
    codes_by_job((*r)->db(), filter, 3, ran);
    CHECK(ran == 1);
  }
  SUBCASE("an ordered pass is never split") {
    DossierFilter ordered;
    auto one = codes_by_job((*r)->db(), ordered, 3, ran);
    CHECK(ran == 1);
    CHECK(one[0].size() == 1000);
  }
  SUBCASE("the automatic count keeps a small cache on one job") {
    codes_by_job((*r)->db(), filter, k_auto_jobs, ran);
    CHECK(ran == 1);
  }
}

TEST_CASE("classify_only leaves the applicant fields unread; a full read has them") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  auto store = DossierStore::open(db, StoreOptions{});
  REQUIRE(store.ok());
  REQUIRE((*store)->put(dossier(1)).ok());
  REQUIRE((*store)->put(dossier(2)).ok());
  REQUIRE((*store)->finish("t").ok());
  DossierFilter f;
  f.ordered = false;
  f.classify_only = true;
  std::vector<Dossier> seen;
  REQUIRE(for_each_dossier(db, f, [&](const Dossier& d) {
            seen.push_back(d);
            return true;
          }).ok());
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].applicant_name.empty());
  CHECK(seen[1].code == dossier(2).code); // the reused record holds each row's own values
  CHECK(seen[1].received_at == dossier(2).received_at);
  f.classify_only = false;
  seen.clear();
  REQUIRE(for_each_dossier(db, f, [&](const Dossier& d) {
            seen.push_back(d);
            return true;
          }).ok());
  CHECK(seen[0] == dossier(1));
  CHECK(seen[1] == dossier(2));
}
