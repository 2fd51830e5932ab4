#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <sqlite3.h>

#include "store/sqlite.hpp"
#include <nlohmann/json.hpp>

#include "cache/schema.hpp"
#include "dossiers/store.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

Dossier make(int i, const std::string& agency = "A1") {
  Dossier d;
  d.code = "H-" + std::to_string(i);
  d.procedure_code = "1.001612";
  d.agency_code = agency;
  d.channel = i % 2 ? Channel::online : Channel::direct;
  d.status = DossierStatus::processing;
  d.received_at = *parse_datetime("2018-03-05T08:00") + i * 86400;
  return d;
}

std::unique_ptr<DossierStore> open_store(store::Database& db, StoreOptions o = {}) {
  auto s = DossierStore::open(db, o);
  REQUIRE(s);
  return std::move(*s);
}

std::int64_t rows(store::Database& db) { return db.query_int64("SELECT count(*) FROM dossiers"); }

bool has_received_index(store::Database& db) {
  return db.query_int64("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'dossiers_received'") == 1;
}

void check_reconciles(const ImportCounts& c) { CHECK(c.read == c.inserted + c.updated + c.unchanged + c.rejected); }

// Every stored dossier as canonical JSON text, in order: the cache state as export sees it.
std::string state(store::Database& db) {
  std::string out;
  auto st = for_each_dossier(db, {}, [&](const Dossier& d) {
    out += to_json(d).dump() + "\n";
    return true;
  });
  REQUIRE(st);
  return out;
}

} // namespace

TEST_CASE("upsert counts inserted, updated and unchanged, identical records are not rewritten") {
  auto db = memory_cache();
  {
    auto s = open_store(*db);
    for (int i = 0; i < 3; ++i) REQUIRE(s->put(make(i)));
    s->count_rejected(2);
    REQUIRE(s->finish("test"));
    CHECK(s->counts().inserted == 3);
    CHECK(s->counts().rejected == 2);
    CHECK(s->counts().read == 5);
    check_reconciles(s->counts());
  }
  CHECK(rows(*db) == 3);
  {
    auto s = open_store(*db);
    for (int i = 0; i < 3; ++i) {
      Dossier d = make(i);
      if (i == 1) d.status = DossierStatus::resolved;
      REQUIRE(s->put(d));
    }
    REQUIRE(s->put(make(3)));
    REQUIRE(s->finish("test"));
    CHECK(s->counts().unchanged == 2);
    CHECK(s->counts().updated == 1);
    CHECK(s->counts().inserted == 1);
    check_reconciles(s->counts());
  }
  auto d = find_dossier(*db, "H-1");
  REQUIRE(d);
  REQUIRE(*d);
  CHECK((*d)->status == DossierStatus::resolved);
  // The import log reconciles too.
  CHECK(
      db->query_int64(
          "SELECT count(*) FROM imports WHERE kind = 'dossiers' AND read = inserted + updated + unchanged + rejected") ==
      2);
}

TEST_CASE("every field survives the cache") {
  auto db = memory_cache();
  Dossier d = make(7);
  d.due_at = local_instant(*parse_date("2018-03-20"), k_office_end_seconds);
  d.due_date_only = true;
  d.resolved_at = d.received_at - 60; // contradictory, kept as is
  d.returned_at = d.received_at + 3600;
  d.pauses.push_back(Pause{d.received_at + 100, std::nullopt, "thiếu", false, false});
  d.pauses.push_back(
      Pause{local_instant(*parse_date("2018-03-14")), local_instant(*parse_date("2018-03-15")), "", true, true});
  d.extensions.push_back(
      Extension{d.received_at + 200, date_only_instant(*parse_date("2018-03-21"), true), "xin lỗi", false, true});
  d.applicant_name = "Nguyễn Văn An";
  d.applicant_id = "001";
  d.fee = 0;
  d.paid_online = false;
  d.extra = R"({"x":[1,2]})";
  auto s = open_store(*db);
  REQUIRE(s->put(d));
  REQUIRE(s->finish("t"));
  auto back = find_dossier(*db, d.code);
  REQUIRE(back);
  REQUIRE(*back);
  CHECK(**back == d);
  auto none = find_dossier(*db, "nope");
  REQUIRE(none);
  CHECK_FALSE(*none);
}

TEST_CASE("batches commit every batch_size records, an interrupted run keeps only committed batches") {
  auto reference = memory_cache();
  {
    auto s = open_store(*reference);
    for (int i = 0; i < 10; ++i) REQUIRE(s->put(make(i)));
    REQUIRE(s->finish("t"));
  }
  auto db = memory_cache();
  {
    auto s = open_store(*db, StoreOptions{OnConflict::update, 4, false});
    for (int i = 0; i < 7; ++i) REQUIRE(s->put(make(i)));
    CHECK(s->committed() == 4);
    // destroyed without finish(): the open batch (records 4-6) is rolled back, as after a kill
  }
  CHECK(rows(*db) == 4);
  {
    auto s = open_store(*db, StoreOptions{OnConflict::update, 4, false});
    for (int i = 0; i < 10; ++i) REQUIRE(s->put(make(i)));
    REQUIRE(s->finish("t"));
    CHECK(s->counts().unchanged == 4);
    CHECK(s->counts().inserted == 6);
  }
  CHECK(state(*db) == state(*reference));
}

TEST_CASE("a first load into an empty table drops the receipt index and builds it once at the end") {
  auto db = memory_cache();
  {
    auto s = open_store(*db, StoreOptions{OnConflict::update, 4, false});
    for (int i = 0; i < 6; ++i) REQUIRE(s->put(make(i)));
    CHECK_FALSE(has_received_index(*db)); // gone from the first batch on, committed batches included
    REQUIRE(s->finish("t"));
    CHECK(has_received_index(*db));
  }
  CHECK(has_received_index(*db));
  CHECK(db->query_int64("SELECT count(*) FROM dossiers INDEXED BY dossiers_received WHERE received_at > 0") == 6);
  CHECK(db->query_int64("PRAGMA temp_store") == 2); // MEMORY again for the queries that follow

  // A later migration into a non-empty table keeps the index all along.
  {
    auto s = open_store(*db, StoreOptions{OnConflict::update, 2, false});
    for (int i = 6; i < 10; ++i) REQUIRE(s->put(make(i)));
    CHECK(has_received_index(*db));
    REQUIRE(s->finish("t"));
  }
  CHECK(has_received_index(*db));
}

TEST_CASE("a bulk load stopped by an error gives the committed batches their index back") {
  auto db = memory_cache();
  {
    auto s = open_store(*db, StoreOptions{OnConflict::update, 4, false});
    for (int i = 0; i < 7; ++i) REQUIRE(s->put(make(i)));
    CHECK(s->committed() == 4);
    CHECK_FALSE(has_received_index(*db));
    // destroyed without finish(): the open batch is rolled back, the index rebuilt
  }
  CHECK(rows(*db) == 4);
  CHECK(has_received_index(*db));
  // A run that commits nothing leaves the index where it was: the drop was in the rolled-back
  // batch. (One sorted run more than fits is written into the open transaction, not committed.)
  auto empty = memory_cache();
  {
    auto s = open_store(*empty, StoreOptions{OnConflict::update, 100000, false});
    for (int i = 0; i < 16385; ++i) REQUIRE(s->put(make(i)));
    CHECK(s->committed() == 0);
    CHECK(rows(*empty) == 16384); // visible inside the open transaction
    CHECK_FALSE(has_received_index(*empty));
  }
  CHECK(rows(*empty) == 0);
  CHECK(has_received_index(*empty));
  // A dry run never touches it.
  {
    auto s = open_store(*empty, StoreOptions{OnConflict::update, 1, true});
    REQUIRE(s->put(make(1)));
    CHECK(has_received_index(*empty));
  }
}

TEST_CASE("records are written in code order within a run, the same code in input order: the later one wins") {
  auto forward = memory_cache();
  auto backward = memory_cache();
  {
    auto s = open_store(*forward);
    for (int i = 0; i < 50; ++i) REQUIRE(s->put(make(i)));
    REQUIRE(s->finish("t"));
  }
  {
    auto s = open_store(*backward);
    for (int i = 49; i >= 0; --i) REQUIRE(s->put(make(i)));
    Dossier first = make(7);
    first.status = DossierStatus::received;
    Dossier second = make(7);
    second.status = DossierStatus::returned;
    REQUIRE(s->put(first)); // H-7 again, changed twice in the same run
    REQUIRE(s->put(second));
    REQUIRE(s->finish("t"));
    CHECK(s->counts().read == 52);
    CHECK(s->counts().inserted == 50);
    CHECK(s->counts().updated == 2);
    check_reconciles(s->counts());
  }
  auto h7 = find_dossier(*backward, "H-7");
  REQUIRE(h7);
  REQUIRE(*h7);
  CHECK((*h7)->status == DossierStatus::returned);
  (*backward).exec("UPDATE dossiers SET status = 'processing' WHERE code = 'H-7'");
  CHECK(state(*forward) == state(*backward));
  // Given backwards, the rows went in sorted by code all the same.
  auto by_rowid = backward->prepare("SELECT code FROM dossiers ORDER BY rowid");
  std::string previous;
  int n = 0;
  while (by_rowid->step()) {
    std::string code = by_rowid->get_string(0);
    CHECK(previous < code);
    previous = code;
    ++n;
  }
  CHECK(n == 50);
}

TEST_CASE("on-conflict skip keeps the cached record, fail stops naming the code, earlier batches stay") {
  auto db = memory_cache();
  {
    auto s = open_store(*db);
    for (int i = 0; i < 3; ++i) REQUIRE(s->put(make(i)));
    REQUIRE(s->finish("t"));
  }
  {
    auto s = open_store(*db, StoreOptions{OnConflict::skip, 100, false});
    Dossier changed = make(1);
    changed.status = DossierStatus::stopped;
    REQUIRE(s->put(changed));
    REQUIRE(s->put(make(2)));
    REQUIRE(s->finish("t"));
    CHECK(s->counts().unchanged == 2);
    CHECK(s->skipped() == 1);
    check_reconciles(s->counts());
  }
  CHECK((*find_dossier(*db, "H-1"))->status == DossierStatus::processing);
  {
    auto s = open_store(*db, StoreOptions{OnConflict::fail, 2, false});
    REQUIRE(s->put(make(10)));
    REQUIRE(s->put(make(11))); // batch committed
    REQUIRE(s->put(make(12)));
    REQUIRE(s->put(make(0))); // identical: fine
    Dossier changed = make(2);
    changed.fee = 5;
    auto st = s->put(changed, RecordPlace{"in.ndjson", 7, true});
    if (st) st = s->finish("t"); // records are written in sorted runs: the conflict surfaces at the write
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::input);
    CHECK(st.error().message.find("'H-2'") != std::string::npos);
    CHECK(st.error().message.find("at in.ndjson:7: ") == 0); // the run is written later: where it was read
    check_reconciles(s->counts());
  }
  CHECK(find_dossier(*db, "H-11")->has_value());
  CHECK_FALSE(find_dossier(*db, "H-12")->has_value()); // its batch was rolled back
  CHECK_FALSE((*find_dossier(*db, "H-2"))->fee);
}

TEST_CASE("a dry run counts like a real run and writes nothing") {
  auto db = memory_cache();
  {
    auto s = open_store(*db);
    REQUIRE(s->put(make(0)));
    REQUIRE(s->finish("t"));
  }
  std::string before = state(*db);
  auto s = open_store(*db, StoreOptions{OnConflict::update, 1, true});
  Dossier changed = make(0);
  changed.status = DossierStatus::returned;
  REQUIRE(s->put(changed)); // updated
  REQUIRE(s->put(make(1))); // inserted
  REQUIRE(s->put(make(1))); // the same again: unchanged, as in a real run
  Dossier again = make(1);
  again.fee = 1;
  REQUIRE(s->put(again)); // updated
  REQUIRE(s->finish("t"));
  CHECK(s->counts().inserted == 1);
  CHECK(s->counts().updated == 2);
  CHECK(s->counts().unchanged == 1);
  CHECK(state(*db) == before);
  CHECK(db->query_int64("SELECT count(*) FROM imports") == 1);
}

TEST_CASE("reads filter by receipt date, agency, procedure and status, in receipt order") {
  auto db = memory_cache();
  {
    auto s = open_store(*db);
    for (int i = 9; i >= 0; --i) {
      Dossier d = make(i, i < 5 ? "A1" : "A2");
      if (i == 3) d.status = DossierStatus::returned;
      if (i == 4) d.procedure_code = "2.000001";
      REQUIRE(s->put(d));
    }
    REQUIRE(s->finish("t"));
  }
  auto codes = [&](const DossierFilter& f) {
    std::string out;
    REQUIRE(for_each_dossier(*db, f, [&](const Dossier& d) {
      out += d.code + " ";
      return true;
    }));
    return out;
  };
  CHECK(codes({}) == "H-0 H-1 H-2 H-3 H-4 H-5 H-6 H-7 H-8 H-9 ");
  DossierFilter f;
  f.from = parse_date("2018-03-07");
  f.to = parse_date("2018-03-08"); // inclusive: H-2 (03-07) and H-3 (03-08)
  CHECK(codes(f) == "H-2 H-3 ");
  CHECK(*count_dossiers(*db, f) == 2);
  f = {};
  f.agency_code = "A2";
  f.limit = 2;
  CHECK(codes(f) == "H-5 H-6 ");
  CHECK(*count_dossiers(*db, f) == 5);
  f = {};
  f.status = DossierStatus::returned;
  CHECK(codes(f) == "H-3 ");
  f = {};
  f.procedure_code = "2.000001";
  CHECK(codes(f) == "H-4 ");
  // The callback stops the walk.
  int seen = 0;
  REQUIRE(for_each_dossier(*db, {}, [&](const Dossier&) { return ++seen < 3; }));
  CHECK(seen == 3);
}

TEST_CASE("on-conflict names parse") {
  CHECK(parse_on_conflict("update") == OnConflict::update);
  CHECK(parse_on_conflict("skip") == OnConflict::skip);
  CHECK(parse_on_conflict("fail") == OnConflict::fail);
  CHECK_FALSE(parse_on_conflict("replace"));
}

TEST_CASE("a stored value that does not decode is a cache error naming the dossier and the column, never dropped") {
  auto db = memory_cache();
  {
    auto s = open_store(*db);
    for (int i = 0; i < 3; ++i) REQUIRE(s->put(make(i)));
    REQUIRE(s->finish("test"));
  }
  auto refused = [&](const std::string& sql, const std::string& expected) {
    CAPTURE(sql);
    db->exec(sql);
    auto all = for_each_dossier(*db, {}, [](const Dossier&) { return true; });
    REQUIRE_FALSE(all);
    CHECK(all.error().kind == ErrorKind::cache);
    CHECK(all.error().message.find(expected) != std::string::npos);
    auto one = find_dossier(*db, "H-1");
    REQUIRE_FALSE(one);
    CHECK(one.error().message.find(expected) != std::string::npos);
  };
  refused(R"(UPDATE dossiers SET pauses = '[{"from": "soon"}]' WHERE code = 'H-1')",
          "dossier 'H-1': column pauses holds a value motcua cannot read");
  refused("UPDATE dossiers SET pauses = '[{' WHERE code = 'H-1'",
          "dossier 'H-1': column pauses holds a value motcua cannot read (not JSON)");
  refused("UPDATE dossiers SET pauses = NULL, extensions = '{}' WHERE code = 'H-1'",
          "dossier 'H-1': column extensions");
  refused("UPDATE dossiers SET extensions = NULL, channel = 'fax' WHERE code = 'H-1'",
          "column channel holds a value motcua cannot read ('fax' is not a channel)");
  refused("UPDATE dossiers SET channel = 'direct', status = 'lost' WHERE code = 'H-1'",
          "column status holds a value motcua cannot read ('lost' is not a status)");
  db->exec("UPDATE dossiers SET status = 'received' WHERE code = 'H-1'");
  CHECK(for_each_dossier(*db, {}, [](const Dossier&) { return true; }));
}
