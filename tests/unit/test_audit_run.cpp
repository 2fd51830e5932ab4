#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "audit/run.hpp"
#include "cache/schema.hpp"
#include "catalog/store.hpp"
#include "dossiers/store.hpp"

using namespace motcua;

namespace {

Instant at(const char* t) { return *parse_datetime(t); }

struct Fixture {
  store::SqliteDatabase db{":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE};
  WorkCalendar calendar = *WorkCalendar::create();

  Fixture() {
    for (auto step : migrations()) db.exec(std::string(step));
    Procedure p;
    p.code = "P1";
    p.name = "Một ngày";
    p.processing_time = 1;
    REQUIRE(apply_catalog_snapshot(db, {p}, days_from_civil(2018, 1, 1), SnapshotMode::full, WithdrawLimit(), 0, "t",
                                   false, {})
                .ok());
  }

  void add(std::string code, std::string agency, const char* received, std::optional<const char*> resolved) {
    Dossier d;
    d.code = std::move(code);
    d.procedure_code = "P1";
    d.agency_code = std::move(agency);
    d.channel = Channel::online;
    d.received_at = at(received);
    d.status = resolved ? DossierStatus::resolved : DossierStatus::processing;
    if (resolved) d.resolved_at = at(*resolved);
    dossiers.push_back(d);
  }

  void store() {
    auto s = DossierStore::open(db, StoreOptions{});
    REQUIRE(s.ok());
    for (const auto& d : dossiers) REQUIRE((*s)->put(d).ok());
    REQUIRE((*s)->finish("t").ok());
  }

  std::vector<Dossier> dossiers;
};

} // namespace

TEST_CASE("run_audit sums states per agency and skips dossiers received after the as-of instant") {
  Fixture f;
  f.add("A-1", "A", "2018-03-05T07:00", "2018-03-05T10:00"); // on time
  f.add("A-2", "A", "2018-03-05T07:00", "2018-03-07T10:00"); // late
  f.add("B-1", "B", "2018-03-05T07:00", std::nullopt);       // overdue at the end of March
  f.add("B-2", "B", "2018-04-02T08:00", std::nullopt);       // after A: not audited
  f.store();
  auto loaded = CatalogHistory::load(f.db);
  REQUIRE(loaded);
  const CatalogHistory& catalog = *loaded;
  std::vector<std::string> seen;
  auto summary = run_audit(f.db, f.calendar, catalog, DossierFilter{}, AuditParams{at("2018-03-31T12:00"), 8 * 3600},
                           [&](const Dossier& d, const AuditResult&) { seen.push_back(d.code); });
  REQUIRE(summary.ok());
  CHECK(seen == std::vector<std::string>{"A-1", "A-2", "B-1"});
  CHECK(summary->total.total == 3);
  CHECK(summary->total.states[static_cast<size_t>(DossierState::on_time)] == 1);
  CHECK(summary->total.states[static_cast<size_t>(DossierState::late)] == 1);
  CHECK(summary->total.states[static_cast<size_t>(DossierState::overdue)] == 1);
  CHECK(summary->total.findings[2] == 2); // late_without_apology: the late and the overdue one
  CHECK(summary->agencies.size() == 2);
  CHECK(summary->agencies["A"].on_time_rate() == doctest::Approx(0.5));
  CHECK_FALSE(summary->agencies["B"].on_time_rate().has_value()); // nothing resolved: no rate, not 0

  auto j = summary_json(*summary);
  CHECK(j["as_of"] == "2018-03-31T12:00:00+07:00");
  CHECK(j["total"]["late"] == 1);
  CHECK(j["total"]["findings"]["late_without_apology"] == 2);
  CHECK(j["agencies"][1]["agency_code"] == "B");
  CHECK(j["agencies"][1]["on_time_rate"].is_null());

  CHECK(j["total"]["resolved"] == 2);
  CHECK(j["total"]["resolved_not_judged"] == 0);

  DossierFilter only_a;
  only_a.agency_code = "A";
  only_a.ordered = false;
  auto a = run_audit(f.db, f.calendar, catalog, only_a, AuditParams{at("2018-03-31T12:00"), 8 * 3600}, nullptr);
  REQUIRE(a.ok());
  CHECK(a->total.total == 2);
}

TEST_CASE("run_audit: a resolved dossier of an unknown procedure counts in the on-time rate, as not judged") {
  Fixture f;
  f.add("A-1", "A", "2018-03-05T07:00", "2018-03-05T10:00"); // on time
  f.add("A-2", "A", "2018-03-05T08:00", "2018-03-05T11:00");
  f.dossiers.back().procedure_code = "NOPE"; // no catalog entry: state unknown
  f.store();
  auto catalog = CatalogHistory::load(f.db);
  REQUIRE(catalog.ok());
  auto summary = run_audit(f.db, f.calendar, *catalog, DossierFilter{}, AuditParams{at("2018-03-31T12:00")}, nullptr);
  REQUIRE(summary.ok());
  CHECK(summary->total.resolved == 2);
  CHECK(summary->total.resolved_not_judged == 1);
  CHECK(summary->total.on_time_rate() == doctest::Approx(0.5)); // as stats export computes it
  auto j = summary_json(*summary);
  CHECK(j["total"]["resolved_not_judged"] == 1);
  CHECK(j["total"]["on_time_rate"] == 0.5);
}

TEST_CASE("detail_json has the documented shape") {
  Fixture f;
  f.add("A-2", "A", "2018-03-05T07:00", "2018-03-06T08:00");
  Procedure p;
  p.processing_time = 1;
  auto r = audit_dossier(f.dossiers[0], &p, f.calendar, AuditParams{at("2018-12-31T00:00"), 8 * 3600});
  auto j = detail_json(f.dossiers[0], r);
  CHECK(j["code"] == "A-2");
  CHECK(j["legal_due_at"] == "2018-03-05T17:00:00+07:00");
  CHECK(j["resolved_at"] == "2018-03-06T08:00:00+07:00");
  CHECK(j["state"] == "late");
  CHECK(j["working_hours_late"] == doctest::Approx(0.5));
  CHECK(j["findings"] == nlohmann::ordered_json::array({"late_without_apology"}));
}
