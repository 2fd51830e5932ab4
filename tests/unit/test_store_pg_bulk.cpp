#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/pg_bulk.hpp"
#include "store/pg_schema.hpp"

#include "support/pg_test_server.hpp"

using namespace motcua;
using namespace motcua::store;
using namespace motcua::testing;

namespace {

using Row = std::vector<std::optional<std::string>>;

const std::vector<std::string> k_columns = {"code",        "procedure_code", "channel", "status",
                                            "received_at", "extra",          "hash"};

Row dossier(const std::string& code, std::int64_t hash, std::optional<std::string> extra = std::nullopt) {
  return {code, "P1", "online", "received", "1700000000", std::move(extra), std::to_string(hash)};
}

// What the SQLite path counts, record by record (lib/dossiers/store.cpp): the reference the PostgreSQL
// batch must reconcile with.
PgUpsertCounts sequential(std::map<std::string, std::int64_t>& stored, const std::vector<Row>& rows, bool skip) {
  PgUpsertCounts c;
  for (const auto& r : rows) {
    std::int64_t h = std::stoll(*r[6]);
    auto it = stored.find(*r[0]);
    if (it == stored.end()) {
      stored[*r[0]] = h;
      ++c.inserted;
    } else if (it->second == h) {
      ++c.unchanged;
    } else if (skip) {
      ++c.unchanged;
      ++c.skipped;
    } else {
      it->second = h;
      ++c.updated;
    }
  }
  return c;
}

std::map<std::string, std::int64_t> table(PgDatabase& db) {
  std::map<std::string, std::int64_t> out;
  auto st = db.prepare("SELECT code, hash FROM dossiers");
  while (st->step()) out[st->get_string(0)] = st->get_int64(1);
  return out;
}

void check_counts(const PgUpsertCounts& got, const PgUpsertCounts& want) {
  CHECK(got.inserted == want.inserted);
  CHECK(got.updated == want.updated);
  CHECK(got.unchanged == want.unchanged);
  CHECK(got.skipped == want.skipped);
}

// The message of the store::Exception an action throws ("" when it throws none, which fails the caller's check).
template <typename F> std::string thrown_by(F&& f) {
  try {
    f();
  } catch (const Exception& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_SUITE("postgresql") {

  TEST_CASE("pg bulk upsert: counts reconcile with the record-by-record path, duplicates in a batch included") {
    auto db = pg_fresh("t_bulk");
    REQUIRE(migrate_pg_schema(*db));
    std::map<std::string, std::int64_t> model;
    PgBulkUpsert load(*db, "dossiers", k_columns, "code", "hash");

    std::vector<Row> first = {dossier("A", 1), dossier("B", 2), dossier("C", 3)};
    for (const auto& r : first) load.add(r);
    CHECK(load.pending() == 3);
    check_counts(load.flush(), sequential(model, first, false));
    CHECK(load.pending() == 0);
    CHECK(table(*db) == model);

    std::vector<Row> again = first; // a re-run: everything unchanged, nothing written
    for (const auto& r : again) load.add(r);
    auto c = load.flush();
    CHECK(c.unchanged == 3);
    check_counts(c, sequential(model, again, false));

    std::vector<Row> mixed = {dossier("A", 1), dossier("B", 20), dossier("D", 4),  dossier("D", 4),
                              dossier("E", 5), dossier("E", 50), dossier("C", 30), dossier("C", 3),
                              dossier("F", 6), dossier("F", 60), dossier("F", 6),  dossier("B", 21)};
    for (const auto& r : mixed) load.add(r);
    auto want = sequential(model, mixed, false);
    auto got = load.flush();
    check_counts(got, want);
    CHECK(got.inserted + got.updated + got.unchanged == static_cast<std::int64_t>(mixed.size()));
    CHECK(table(*db) == model); // each code holds its last record
  }

  TEST_CASE("pg bulk upsert: a record due no write leaves its row alone (no new version, no row lock)") {
    auto db = pg_fresh("t_bulk_untouched");
    REQUIRE(migrate_pg_schema(*db));
    PgBulkUpsert load(*db, "dossiers", k_columns, "code", "hash");
    // Each row's version (xmin) and locker (xmax): an upsert that merely locks a row sets its xmax.
    auto versions = [&] {
      std::map<std::string, std::string> out;
      auto st = db->prepare("SELECT code, xmin::text || '/' || xmax::text FROM dossiers");
      while (st->step()) out[st->get_string(0)] = st->get_string(1);
      return out;
    };
    for (const auto& r : {dossier("A", 1), dossier("B", 2), dossier("C", 3)}) load.add(r);
    load.flush();
    auto before = versions();
    for (const auto& r : {dossier("A", 1), dossier("B", 20), dossier("C", 3)}) load.add(r);
    auto c = load.flush();
    CHECK(c.updated == 1);
    CHECK(c.unchanged == 2);
    auto after = versions();
    CHECK(after["A"] == before["A"]);
    CHECK(after["C"] == before["C"]);
    CHECK(after["B"] != before["B"]);
  }

  TEST_CASE("pg bulk upsert: skip keeps what is there and counts the rest unchanged") {
    auto db = pg_fresh("t_bulk_skip");
    REQUIRE(migrate_pg_schema(*db));
    std::map<std::string, std::int64_t> model;
    PgBulkUpsert load(*db, "dossiers", k_columns, "code", "hash", true);
    std::vector<Row> first = {dossier("A", 1), dossier("B", 2)};
    for (const auto& r : first) load.add(r);
    check_counts(load.flush(), sequential(model, first, true));
    std::vector<Row> second = {dossier("A", 10), dossier("B", 2), dossier("C", 3), dossier("C", 30), dossier("C", 3)};
    for (const auto& r : second) load.add(r);
    auto got = load.flush();
    check_counts(got, sequential(model, second, true));
    CHECK(got.skipped == 2);
    CHECK(table(*db) == model);
  }

  TEST_CASE("pg bulk upsert: text survives COPY (tabs, newlines, backslashes, NULL, Vietnamese)") {
    auto db = pg_fresh("t_bulk_text");
    REQUIRE(migrate_pg_schema(*db));
    PgBulkUpsert load(*db, "dossiers", k_columns, "code", "hash");
    std::string tricky = "a\tb\nc\r\\N \\ {\"x\":\"Hồ sơ\"}";
    load.add(dossier("T1", 1, tricky));
    load.add(dossier("T2", 2, std::nullopt));
    load.add(dossier("T3", 3, std::string()));
    load.flush();
    auto st = db->prepare("SELECT code, extra, extra IS NULL, rowid FROM dossiers ORDER BY code");
    REQUIRE(st->step());
    CHECK(st->get_text(1) == tricky);
    CHECK(st->get_int64(3) > 0); // the identity column numbers bulk-loaded rows too
    REQUIRE(st->step());
    CHECK(st->get_int64(2) == 1);
    REQUIRE(st->step());
    CHECK(st->get_int64(2) == 0); // empty text stays empty text
  }

  TEST_CASE("pg bulk upsert: a batch is all or nothing inside the caller's transaction") {
    auto db = pg_fresh("t_bulk_tx");
    REQUIRE(migrate_pg_schema(*db));
    PgBulkUpsert load(*db, "dossiers", k_columns, "code", "hash");
    {
      Transaction tx(*db);
      for (int i = 0; i < 20000; ++i) load.add(dossier("K" + std::to_string(i), i));
      auto c = load.flush();
      CHECK(c.inserted == 20000);
      CHECK(db->query_int64("SELECT count(*) FROM dossiers") == 20000);
    } // not committed
    CHECK(db->query_int64("SELECT count(*) FROM dossiers") == 0);
    // A record the table refuses (NOT NULL): the batch fails as a whole, the connection stays usable.
    load.add(dossier("X", 1));
    Row bad = dossier("Y", 2);
    bad[1] = std::nullopt; // procedure_code is NOT NULL
    load.add(bad);
    auto e = thrown_by([&] { load.flush(); });
    CHECK(e.find("procedure_code") != std::string::npos);
    CHECK(load.pending() == 0);
    CHECK(db->query_int64("SELECT count(*) FROM dossiers") == 0);
    load.add(dossier("X", 1)); // the next batch works (the staging table is re-created after the rollback)
    CHECK(load.flush().inserted == 1);
    CHECK_THROWS_AS(load.add(Row{"too", "short"}), Exception);
  }

} // TEST_SUITE
