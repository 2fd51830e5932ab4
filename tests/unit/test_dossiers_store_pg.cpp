// DossierStore on PostgreSQL (issue 17): the bulk path (COPY and one upsert per sorted run) must count,
// store, batch and fail exactly as the record-by-record SQLite path does for the same record sequences.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "support/memory_cache.hpp"
#include "support/pg_test_server.hpp"

#include "dossiers/store.hpp"
#include "store/pg_schema.hpp"

using namespace motcua;
using namespace motcua::testing;

namespace {

// A dossier with every kind of field filled now and then (NULLs, lists, Vietnamese text, tabs).
Dossier varied(int i, int version = 0) {
  Dossier d;
  d.code = "H-" + std::to_string(i);
  d.procedure_code = "1.001612";
  d.agency_code = i % 5 ? "A" + std::to_string(i % 3) : "";
  d.channel = i % 2 ? Channel::online : Channel::direct;
  d.status = version ? DossierStatus::resolved : DossierStatus::processing;
  d.received_at = *parse_datetime("2018-03-05T08:00") + i * 3600;
  if (i % 3 == 0) d.due_at = d.received_at + 10 * 86400;
  d.due_date_only = i % 6 == 0;
  if (version) d.resolved_at = d.received_at + version * 86400;
  if (i % 7 == 0) d.pauses.push_back(Pause{d.received_at + 100, std::nullopt, "thiếu\tgiấy", false, false});
  if (i % 11 == 0)
    d.extensions.push_back(Extension{d.received_at + 200, d.received_at + 900000, "xin lỗi", false, true});
  if (i % 4 == 0) d.applicant_name = "Nguyễn Văn " + std::to_string(i);
  if (i % 4 == 1) d.applicant_id = "0" + std::to_string(i);
  if (i % 2 == 0) d.fee = i * 1000;
  if (i % 3 == 1) d.paid_online = i % 2 == 0;
  if (i % 5 == 2) d.applicant_type = ApplicantType::business;
  if (i % 9 == 0) d.extra = R"({"ghi_chu":"a\\b\nc"})";
  return d;
}

std::unique_ptr<store::PgDatabase> pg_store(const std::string& schema) {
  auto db = pg_fresh(schema);
  REQUIRE(migrate_pg_schema(*db));
  return db;
}

// Every stored column but rowid (numbered differently by the engines), by code, NULLs marked: the rows as stored.
std::string dump(store::Database& db) {
  auto st = db.prepare("SELECT code, procedure_code, agency_code, channel, status, received_at, due_at, due_date_only, "
                       "resolved_at, returned_at, pauses, extensions, applicant_name, applicant_id, fee, paid_online, "
                       "extra, hash, applicant_type FROM dossiers ORDER BY code");
  std::string out;
  while (st->step()) {
    for (int i = 0; i < 19; ++i) out += (st->is_null(i) ? std::string("<null>") : st->get_string(i)) + "|";
    out += "\n";
  }
  return out;
}

// The import log without its times: what each run recorded.
std::string imports(store::Database& db) {
  auto st = db.prepare("SELECT kind, source, read, inserted, updated, unchanged, rejected FROM imports ORDER BY id");
  std::string out;
  while (st->step()) {
    for (int i = 0; i < 7; ++i) out += st->get_string(i) + "|";
    out += "\n";
  }
  return out;
}

std::string describe(const DossierStore& s, const Status& st) {
  const auto& c = s.counts();
  return "read=" + std::to_string(c.read) + " inserted=" + std::to_string(c.inserted) +
         " updated=" + std::to_string(c.updated) + " unchanged=" + std::to_string(c.unchanged) +
         " rejected=" + std::to_string(c.rejected) + " skipped=" + std::to_string(s.skipped()) +
         " committed=" + std::to_string(s.committed()) + (st ? std::string(" ok") : " error: " + st.error().message);
}

// One migration: the records `feed` puts, then finish() (unless it stopped, or `finish` is false); its outcome.
std::string run(store::Database& db, StoreOptions o, const std::function<Status(DossierStore&)>& feed,
                bool finish = true) {
  auto s = DossierStore::open(db, o);
  REQUIRE(s);
  Status st = feed(**s);
  if (st && finish) st = (*s)->finish("test");
  if (st && finish)
    CHECK((*s)->counts().read ==
          (*s)->counts().inserted + (*s)->counts().updated + (*s)->counts().unchanged + (*s)->counts().rejected);
  return describe(**s, st);
}

// Whether this PostgreSQL session has the bulk loader's staging table (the bulk path ran on it).
bool staged(store::Database& db) {
  return db.query_int64("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'motcua_stage_dossiers' AND "
                        "relnamespace = pg_my_temp_schema()") == 1;
}

} // namespace

TEST_SUITE("postgresql") {

  TEST_CASE("pg dossier store: the same record sequences give the same counts and rows as SQLite") {
    auto lite = memory_cache();
    auto pg = pg_store("t_dstore_same");
    std::vector<std::function<Status(DossierStore&)>> feeds = {
        [](DossierStore& s) { // a first load, backwards, a code changed twice in its run, rejects
          for (int i = 59; i >= 0; --i)
            if (auto st = s.put(varied(i)); !st) return st;
          if (auto st = s.put(varied(7, 1)); !st) return st;
          if (auto st = s.put(varied(7, 2)); !st) return st;
          s.count_rejected(3);
          return Status();
        },
        [](DossierStore& s) { // changes, identical records, new codes, a code back to what it was
          for (int i = 0; i < 80; i += 2)
            if (auto st = s.put(varied(i, i % 4 ? 1 : 0)); !st) return st;
          if (auto st = s.put(varied(7, 0)); !st) return st;
          return s.put(varied(7, 0));
        },
        [](DossierStore& s) { // more than one sorted run (16384 records): runs of the bulk loader
          for (int i = 0; i < 20000; ++i)
            if (auto st = s.put(varied(i, i % 3 == 0 ? 1 : 0)); !st) return st;
          return Status();
        },
    };
    for (std::size_t k = 0; k < feeds.size(); ++k) {
      CAPTURE(k);
      for (std::size_t batch : {std::size_t(7), std::size_t(200000)}) {
        StoreOptions o{OnConflict::update, batch, false};
        std::string on_lite = run(*lite, o, feeds[k]);
        std::string on_pg = run(*pg, o, feeds[k]);
        CHECK(on_pg == on_lite);
        CHECK(dump(*pg) == dump(*lite));
      }
    }
    CHECK(staged(*pg)); // the bulk loader wrote them, not the statements
    // A re-run of the same input: everything unchanged, nothing rewritten.
    std::string before = dump(*pg);
    std::string again = run(*pg, {}, feeds[2]);
    CHECK(again == run(*lite, {}, feeds[2]));
    CHECK(again.find("read=20000 inserted=0 updated=0 unchanged=20000") == 0);
    CHECK(dump(*pg) == before);
    CHECK(imports(*pg) == imports(*lite));
    CHECK(pg->query_int64("SELECT count(*) FROM imports WHERE read = inserted + updated + unchanged + rejected") == 7);
    // Every field reads back as it went in.
    for (int i : {0, 7, 9, 11, 22, 63}) {
      auto a = find_dossier(*lite, "H-" + std::to_string(i));
      auto b = find_dossier(*pg, "H-" + std::to_string(i));
      REQUIRE(a);
      REQUIRE(b);
      REQUIRE(a->has_value());
      CHECK(**a == **b);
    }
  }

  TEST_CASE("pg dossier store: batches commit as on SQLite; a killed run keeps them and a re-run converges") {
    auto lite = memory_cache();
    auto pg = pg_store("t_dstore_batches");
    auto seven = [](DossierStore& s) {
      for (int i = 0; i < 7; ++i)
        if (auto st = s.put(varied(i)); !st) return st;
      return Status();
    };
    StoreOptions o{OnConflict::update, 4, false};
    std::string on_lite = run(*lite, o, seven, false); // destroyed without finish(), as after a kill
    CHECK(run(*pg, o, seven, false) == on_lite);
    CHECK(on_lite.find("committed=4") != std::string::npos);
    CHECK(pg->query_int64("SELECT count(*) FROM dossiers") == 4);
    CHECK(dump(*pg) == dump(*lite));
    auto ten = [](DossierStore& s) {
      for (int i = 0; i < 10; ++i)
        if (auto st = s.put(varied(i)); !st) return st;
      return Status();
    };
    CHECK(run(*pg, o, ten) == run(*lite, o, ten));
    CHECK(dump(*pg) == dump(*lite));
    CHECK(pg->query_int64("SELECT count(*) FROM dossiers") == 10);
    CHECK(imports(*pg) == imports(*lite));
  }

  TEST_CASE("pg dossier store: skip keeps the stored record, fail stops naming the code and place as on SQLite") {
    auto lite = memory_cache();
    auto pg = pg_store("t_dstore_conflict");
    auto three = [](DossierStore& s) {
      for (int i = 0; i < 3; ++i)
        if (auto st = s.put(varied(i)); !st) return st;
      return Status();
    };
    CHECK(run(*pg, {}, three) == run(*lite, {}, three));
    auto changed_one = [](DossierStore& s) {
      if (auto st = s.put(varied(1, 1)); !st) return st;
      if (auto st = s.put(varied(2)); !st) return st;
      if (auto st = s.put(varied(5)); !st) return st;
      if (auto st = s.put(varied(5, 1)); !st) return st; // differs from its own earlier record: skipped too
      return s.put(varied(5, 1));
    };
    StoreOptions skip{OnConflict::skip, 100, false};
    std::string on_lite = run(*lite, skip, changed_one);
    CHECK(run(*pg, skip, changed_one) == on_lite);
    CHECK(on_lite.find("read=5 inserted=1 updated=0 unchanged=4 rejected=0 skipped=3") == 0);
    CHECK(dump(*pg) == dump(*lite));

    auto conflicting = [](DossierStore& s) {
      if (auto st = s.put(varied(10)); !st) return st;
      if (auto st = s.put(varied(11)); !st) return st; // batch committed
      if (auto st = s.put(varied(12)); !st) return st;
      if (auto st = s.put(varied(0)); !st) return st; // identical: fine
      Dossier changed = varied(2);
      changed.fee = 5;
      return s.put(changed, RecordPlace{"in.ndjson", 7, true});
    };
    StoreOptions fail{OnConflict::fail, 2, false};
    on_lite = run(*lite, fail, conflicting);
    std::string on_pg = run(*pg, fail, conflicting);
    CHECK(on_pg == on_lite);
    CHECK(on_pg.find("error: at in.ndjson:7: dossier 'H-2' is already in the cache") != std::string::npos);
    CHECK(dump(*pg) == dump(*lite));
    CHECK(pg->query_int64("SELECT count(*) FROM dossiers WHERE code IN ('H-11', 'H-12')") == 1); // H-12 rolled back

    // A conflict inside one run, between two records of a new code, stops there too.
    auto twice = [](DossierStore& s) {
      if (auto st = s.put(varied(30), RecordPlace{"a.csv", 2, true}); !st) return st;
      if (auto st = s.put(varied(20), RecordPlace{"a.csv", 3, true}); !st) return st;
      return s.put(varied(20, 1), RecordPlace{"a.csv", 4, true});
    };
    StoreOptions big{OnConflict::fail, 100, false};
    on_lite = run(*lite, big, twice);
    CHECK(run(*pg, big, twice) == on_lite);
    CHECK(on_lite.find("error: at a.csv:4: dossier 'H-20'") != std::string::npos);
    CHECK(dump(*pg) == dump(*lite));
    CHECK(imports(*pg) == imports(*lite));
  }

  TEST_CASE("pg dossier store: a dry run counts like SQLite's and writes nothing") {
    auto lite = memory_cache();
    auto pg = pg_store("t_dstore_dry");
    auto first = [](DossierStore& s) { return s.put(varied(0)); };
    CHECK(run(*pg, {}, first) == run(*lite, {}, first));
    std::string before = dump(*pg);
    std::string log = imports(*pg);
    auto mixed = [](DossierStore& s) {
      if (auto st = s.put(varied(0, 1)); !st) return st; // updated
      if (auto st = s.put(varied(1)); !st) return st;    // inserted
      if (auto st = s.put(varied(1)); !st) return st;    // the same again: unchanged
      return s.put(varied(1, 1));                        // updated
    };
    StoreOptions dry{OnConflict::update, 1, true};
    std::string on_pg = run(*pg, dry, mixed);
    CHECK(on_pg == run(*lite, dry, mixed));
    CHECK(on_pg.find("read=4 inserted=1 updated=2 unchanged=1") == 0);
    CHECK(dump(*pg) == before);
    CHECK(imports(*pg) == log);
    auto fresh = store::PgDatabase::connect(pg_test_target("t_dstore_dry"));
    CHECK(run(*fresh, dry, mixed) == on_pg);
    CHECK_FALSE(staged(*fresh)); // a dry run never loads
  }

} // TEST_SUITE
