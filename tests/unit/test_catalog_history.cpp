#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <string>
#include <vector>

#include <sqlite3.h>

#include "store/sqlite.hpp"
#include <nlohmann/json.hpp>

#include "cache/schema.hpp"
#include "catalog/history.hpp"
#include "catalog/store.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

// The library's reads, which must succeed on these caches.
std::optional<Procedure> stored_procedure(store::Database& db, const std::string& code, Days as_of) {
  auto p = procedure_as_of(db, code, as_of);
  REQUIRE_MESSAGE(p, p.error().message);
  return *p;
}

// The whole history, which must load from these caches.
CatalogHistory load_history(store::Database& db) {
  auto h = CatalogHistory::load(db);
  REQUIRE_MESSAGE(h, h.error().message);
  return std::move(*h);
}

Procedure proc(const std::string& code, const std::string& name, double time = 5) {
  Procedure p;
  p.code = code;
  p.name = name;
  p.processing_time = time;
  return p;
}

Days day(const char* text) { return *parse_date(text); }

void apply(store::Database& db, const std::vector<Procedure>& ps, const char* date,
           SnapshotMode mode = SnapshotMode::full, bool dry_run = false) {
  auto c = apply_catalog_snapshot(db, ps, day(date), mode, WithdrawLimit::any(), 0, "t", dry_run);
  REQUIRE_MESSAGE(c, c.error().message);
}

// The name on a date, or "-" when absent or withdrawn.
std::string name_at(const CatalogHistory& h, const std::string& code, const char* date) {
  const Procedure* p = h.at(code, day(date));
  return p ? p->name : "-";
}

// A: renamed in 2021; B: withdrawn in 2021 and back in 2022; C: new in 2021.
void three_snapshots(store::Database& db) {
  apply(db, {proc("A", "a1"), proc("B", "b1")}, "2020-01-01");
  apply(db, {proc("A", "a2"), proc("C", "c1")}, "2021-01-01");
  apply(db, {proc("A", "a2"), proc("B", "b2"), proc("C", "c1")}, "2022-01-01");
}

} // namespace

TEST_CASE("CatalogHistory: at(code, date) follows snapshots and withdrawals") {
  auto db = memory_cache();
  three_snapshots(*db);
  auto h = load_history(*db);
  CHECK(h.codes() == 3);

  CHECK(name_at(h, "A", "2019-12-31") == "-");
  CHECK(name_at(h, "A", "2020-01-01") == "a1");
  CHECK(name_at(h, "A", "2020-12-31") == "a1");
  CHECK(name_at(h, "A", "2021-01-01") == "a2");
  CHECK(name_at(h, "A", "2099-01-01") == "a2");

  CHECK(name_at(h, "B", "2020-06-01") == "b1");
  CHECK(name_at(h, "B", "2021-01-01") == "-");
  CHECK(name_at(h, "B", "2021-12-31") == "-");
  CHECK(name_at(h, "B", "2022-01-01") == "b2");

  CHECK(name_at(h, "C", "2020-12-31") == "-");
  CHECK(name_at(h, "C", "2021-01-01") == "c1");
  CHECK(name_at(h, "Z", "2021-01-01") == "-");
}

TEST_CASE("CatalogHistory: agrees with procedure_as_of on every code and date") {
  auto db = memory_cache();
  three_snapshots(*db);
  Procedure full = proc("F", "đủ", 0.5);
  full.agency_code = "AG";
  full.agency_name = "Sở";
  full.field_code = "FC";
  full.field_name = "Lĩnh vực";
  full.level = 4;
  full.online = Online::partial;
  full.processing_unit = ProcessingUnit::working_hours;
  full.fee = 12345;
  apply(*db, {full}, "2021-06-01", SnapshotMode::partial);
  auto h = load_history(*db);
  for (const char* code : {"A", "B", "C", "F", "Z"}) {
    for (Days d = day("2019-12-30"); d <= day("2022-01-02"); d += 7) {
      CAPTURE(code);
      CAPTURE(format_date(d));
      auto stored = stored_procedure(*db, code, d);
      const Procedure* held = h.at(code, d);
      REQUIRE(bool(stored) == (held != nullptr));
      if (held) CHECK(to_json(*held) == to_json(*stored));
    }
  }
  const Procedure* f = h.at("F", day("2021-06-01"));
  REQUIRE(f);
  CHECK(f->level == 4);
  CHECK(f->online == Online::partial);
  CHECK(f->processing_time == 0.5);
  CHECK(f->processing_unit == ProcessingUnit::working_hours);
  CHECK(f->fee == 12345);
  CHECK(f->field_name == "Lĩnh vực");
}

TEST_CASE("CatalogHistory: an empty cache has no codes and a empty fingerprint") {
  auto db = memory_cache();
  auto h = load_history(*db);
  CHECK(h.codes() == 0);
  CHECK(h.at("A", 0) == nullptr);
  CHECK(h.fingerprint().empty());
}

TEST_CASE("CatalogHistory: the fingerprint changes exactly when a version does") {
  auto db = memory_cache();
  three_snapshots(*db);
  std::string before = load_history(*db).fingerprint();
  CHECK_FALSE(before.empty());
  CHECK(load_history(*db).fingerprint() == before);

  // Nothing new: an unchanged re-import and a dry run leave it as it is.
  apply(*db, {proc("A", "a2"), proc("B", "b2"), proc("C", "c1")}, "2023-01-01");
  CHECK(load_history(*db).fingerprint() == before);
  apply(*db, {proc("A", "a3")}, "2023-01-01", SnapshotMode::full, true);
  CHECK(load_history(*db).fingerprint() == before);

  // A changed processing time is a new version.
  apply(*db, {proc("A", "a2", 6), proc("B", "b2"), proc("C", "c1")}, "2023-01-01");
  std::string changed = load_history(*db).fingerprint();
  CHECK(changed != before);

  // So is a withdrawal.
  apply(*db, {proc("A", "a2", 6), proc("B", "b2")}, "2024-01-01");
  std::string withdrawn = load_history(*db).fingerprint();
  CHECK(withdrawn != changed);
  CHECK(withdrawn.find("withdrawn") != std::string::npos);
}

TEST_CASE("CatalogHistory: the fingerprint does not depend on the order events were written") {
  auto one = memory_cache();
  auto two = memory_cache();
  apply(*one, {proc("A", "a1"), proc("B", "b1")}, "2020-01-01");
  apply(*one, {proc("A", "a2")}, "2021-01-01", SnapshotMode::partial);
  apply(*two, {proc("A", "a2")}, "2021-01-01", SnapshotMode::partial);
  apply(*two, {proc("B", "b1"), proc("A", "a1")}, "2020-01-01");
  CHECK(load_history(*one).fingerprint() == load_history(*two).fingerprint());
}

TEST_CASE("CatalogHistory: before_first_snapshot is the earliest snapshot of any code, false with no catalog") {
  auto db = memory_cache();
  CHECK_FALSE(load_history(*db).first_snapshot());
  CHECK_FALSE(load_history(*db).before_first_snapshot(parse_date("2000-01-01").value()));
  apply(*db, {proc("A", "a1")}, "2021-01-01", SnapshotMode::partial);
  apply(*db, {proc("B", "b1")}, "2020-06-01", SnapshotMode::partial);
  auto h = load_history(*db);
  CHECK(h.first_snapshot() == parse_date("2020-06-01").value());
  CHECK(h.before_first_snapshot(parse_date("2020-05-31").value()));
  CHECK_FALSE(h.before_first_snapshot(parse_date("2020-06-01").value()));
  CHECK_FALSE(h.before_first_snapshot(parse_date("2022-01-01").value()));
}
