#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/schema.hpp"
#include "catalog/store.hpp"
#include "dossiers/store.hpp"
#include "stats/metrics.hpp"

using namespace motcua;

// A small catalog and fifteen dossiers whose every metric was worked out by hand
// (see the comments), for March 2018 (P) and February 2018 (P2).
//
// Catalog: from 2017-01-01 P1 full (agency A1, field F1, 1 working day), P2 partial (A1, F2,
// 5 days), P3 none (A2, F1, 3 days), P4 none (A2, F2, 2 days). On 2018-03-15 P4 becomes
// partial and P5 (none, A2) appears; on 2018-03-20 P3 is withdrawn.
namespace {

Instant at(const char* text) { return *parse_datetime(text); }
Days day(const char* text) { return *parse_date(text); }

Procedure proc(const char* code, Online online, const char* agency, const char* field, double days) {
  Procedure p;
  p.code = code;
  p.name = std::string("Thủ tục ") + code;
  p.agency_code = agency;
  p.agency_name = std::string("Cơ quan ") + agency;
  p.field_code = field;
  p.field_name = std::string("Lĩnh vực ") + field;
  p.online = online;
  p.processing_time = days;
  return p;
}

struct Fixture {
  store::SqliteDatabase db{":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE};
  WorkCalendar calendar = *WorkCalendar::create();
  std::vector<Dossier> dossiers;

  Fixture() {
    for (auto step : migrations()) db.exec(std::string(step));
    auto P1 = proc("P1", Online::full, "A1", "F1", 1), P2 = proc("P2", Online::partial, "A1", "F2", 5),
         P3 = proc("P3", Online::none, "A2", "F1", 3), P4 = proc("P4", Online::none, "A2", "F2", 2),
         P5 = proc("P5", Online::none, "A2", "F2", 4);
    snapshot({P1, P2, P3, P4}, "2017-01-01");
    auto P4online = P4;
    P4online.online = Online::partial;
    snapshot({P1, P2, P3, P4online, P5}, "2018-03-15");
    snapshot({P1, P2, P4online, P5}, "2018-03-20");

    // D1 P1 online, Mon 03-05 08:00 → D Tue 08:00; resolved Mon 10:00: early. Fee paid online.
    add("D1", "P1", Channel::online, "2018-03-05T08:00", "2018-03-05T10:00").fee = 50000;
    dossiers.back().paid_online = true;
    // D2 P2 direct, D Mon 03-12 08:00; resolved 03-12 15:00: on time. Fee not paid online.
    add("D2", "P2", Channel::direct, "2018-03-05T08:00", "2018-03-12T15:00").fee = 20000;
    dossiers.back().paid_online = false;
    // D3 P1 online, D Wed 03-07 09:00; resolved Fri: late, no apology.
    add("D3", "P1", Channel::online, "2018-03-06T09:00", "2018-03-09T09:00");
    // D4 P3 postal: P3 at receipt (3 days), withdrawn by the end of March; resolved next day: early.
    add("D4", "P3", Channel::postal, "2018-03-07T08:00", "2018-03-08T08:00");
    // D5 P4 online (partial since 03-15), D Fri 03-23 09:00, open: overdue at the end of March, no apology.
    add("D5", "P4", Channel::online, "2018-03-21T09:00");
    // D6 P2 direct, received in February, D Mon 03-05 08:00, resolved Fri 03-02: early, counted
    // as received in February and resolved in March; pending at the end of February.
    add("D6", "P2", Channel::direct, "2018-02-26T08:00", "2018-03-02T10:00");
    // D7 P1 direct, Fri 03-30 16:00 → D Mon 04-02 16:00: 7 office hours left at A → due soon.
    add("D7", "P1", Channel::direct, "2018-03-30T16:00");
    // D8 P2 direct, paused since 03-13 (supplement request still open): paused.
    add("D8", "P2", Channel::direct, "2018-03-12T08:00").status = DossierStatus::supplementing;
    dossiers.back().pauses.push_back(Pause{at("2018-03-13T08:00"), std::nullopt, "bổ sung", false, false});
    // D9 unknown procedure, agency A3: received, but no state to count.
    add("D9", "P9", Channel::direct, "2018-03-14T08:00").agency_code = "A3";
    // D10 not accepted: not received at all.
    add("D10", "P1", Channel::online, "2018-03-15T08:00").status = DossierStatus::not_accepted;
    // D11 withdrawn, never resolved: received, but excluded from the open states.
    add("D11", "P1", Channel::direct, "2018-03-16T08:00").status = DossierStatus::withdrawn;
    // D12 P2 from December 2017, never resolved, apology before D: overdue at the end of every
    // later period, without the late_without_apology finding.
    add("D12", "P2", Channel::direct, "2017-12-01T08:00")
        .extensions.push_back(Extension{at("2017-12-07T08:00"), at("2017-12-20T17:00"), "xin lỗi", false, false});
    // D13 received in April: outside March.
    add("D13", "P1", Channel::online, "2018-04-02T08:00");
    // D14 P1 direct, D Wed 03-21 08:00, resolved only on 04-03: overdue at the end of March.
    add("D14", "P1", Channel::direct, "2018-03-20T08:00", "2018-04-03T08:00");
    // D15 P2 direct, Thu 03-29 08:00 → D Thu 04-05 08:00: pending at the end of March.
    add("D15", "P2", Channel::direct, "2018-03-29T08:00");
  }

  void snapshot(const std::vector<Procedure>& procedures, const char* date) {
    auto r =
        apply_catalog_snapshot(db, procedures, day(date), SnapshotMode::full, WithdrawLimit::any(), 0, "test", false);
    REQUIRE(r.ok());
  }

  Dossier& add(const char* code, const char* procedure, Channel channel, const char* received,
               const char* resolved = nullptr) {
    Dossier d;
    d.code = code;
    d.procedure_code = procedure;
    d.channel = channel;
    d.received_at = at(received);
    d.status = DossierStatus::processing;
    if (resolved) {
      d.resolved_at = at(resolved);
      d.status = DossierStatus::resolved;
    }
    dossiers.push_back(d);
    return dossiers.back();
  }

  struct Run {
    PeriodStats main;
    std::optional<PeriodStats> compare;
  };

  Run run(const char* period, std::optional<const char*> compare = std::nullopt, std::vector<GroupBy> groupings = {}) {
    StatsRequest r;
    r.period = *parse_period(period);
    if (compare) r.compare = *parse_period(*compare);
    r.groupings = std::move(groupings);
    r.now = at("2030-01-01T00:00");
    CatalogHistory history = *CatalogHistory::load(db);
    StatsPass pass(r, calendar, history, [&](Days d) { return *catalog_as_of(db, d); });
    for (const auto& d : dossiers) pass.add(d);
    return Run{pass.result(), pass.compare_result()};
  }
};

std::optional<double> value(const Tally& t, Metric m) { return t.values()[static_cast<size_t>(m)]; }

double count(const Tally& t, Metric m) {
  auto v = value(t, m);
  REQUIRE(v.has_value());
  return *v;
}

const GroupRow& row(const PeriodStats& s, GroupBy g, const std::string& key) {
  const auto& rows = s.groups.at(g);
  for (const auto& r : rows)
    if (r.key == key) return r;
  FAIL("no group " << key);
  return rows.front();
}

} // namespace

TEST_CASE("metric names round-trip and kinds follow motcua-metrics(7)") {
  for (size_t i = 0; i < k_metric_count; ++i) {
    auto m = static_cast<Metric>(i);
    CHECK(parse_metric(metric_name(m)) == m);
  }
  CHECK_FALSE(parse_metric("nope"));
  CHECK(metric_kind(Metric::procedures_online_rate) == MetricKind::rate);
  CHECK(metric_kind(Metric::on_time_rate) == MetricKind::rate);
  CHECK(metric_kind(Metric::dossiers_received) == MetricKind::count);
  CHECK(parse_group_by("field") == GroupBy::field);
  CHECK_FALSE(parse_group_by("year"));
}

TEST_CASE("every metric of March 2018 on crafted data") {
  Fixture f;
  auto r = f.run("2018-03");
  const Tally& t = r.main.total;
  CHECK(r.main.catalog_date == day("2018-03-31"));
  CHECK(r.main.as_of == at("2018-03-31T23:59:59"));
  // Catalog on 03-31: P1 full, P2 partial, P4 partial, P5 none (P3 withdrawn).
  CHECK(count(t, Metric::procedures_total) == 4);
  CHECK(count(t, Metric::procedures_online) == 3);
  CHECK(count(t, Metric::procedures_online_full) == 1);
  CHECK(*value(t, Metric::procedures_online_rate) == doctest::Approx(0.75));
  // Online dossiers received in March: D1, D3 (P1), D5 (P4); D10 was not accepted.
  CHECK(count(t, Metric::online_procedures_with_online_dossiers) == 2);
  CHECK(*value(t, Metric::online_procedures_with_online_dossiers_rate) == doctest::Approx(2.0 / 3));
  // Received: D1 D2 D3 D4 D5 D7 D8 D9 D11 D14 D15.
  CHECK(count(t, Metric::dossiers_received) == 11);
  CHECK(count(t, Metric::dossiers_received_online) == 3);
  CHECK(count(t, Metric::dossiers_received_direct) == 7);
  CHECK(count(t, Metric::dossiers_received_postal) == 1);
  // Of procedures online on 03-31: all but D4 (P3 withdrawn) and D9 (unknown).
  CHECK(count(t, Metric::dossiers_of_online_procedures) == 9);
  CHECK(*value(t, Metric::online_dossier_rate) == doctest::Approx(3.0 / 9));
  // Resolved in March: D1 early, D2 on time, D3 late, D4 early, D6 early (received in February).
  CHECK(count(t, Metric::dossiers_resolved) == 5);
  CHECK(count(t, Metric::resolved_early) == 3);
  CHECK(count(t, Metric::resolved_on_time) == 1);
  CHECK(count(t, Metric::resolved_late) == 1);
  CHECK(count(t, Metric::resolved_in_time) == 4);
  CHECK(*value(t, Metric::on_time_rate) == doctest::Approx(0.8));
  // Open at A: D15 pending, D7 due soon, D8 paused, D5 D12 D14 overdue (D9 unknown, D11 excluded).
  CHECK(count(t, Metric::pending) == 1);
  CHECK(count(t, Metric::due_soon) == 1);
  CHECK(count(t, Metric::paused) == 1);
  CHECK(count(t, Metric::overdue) == 3);
  // Fees: D1 paid online, D2 not.
  CHECK(*value(t, Metric::paid_online_rate) == doctest::Approx(0.5));
  // D3 (late), D5 and D14 (overdue); D12 has its apology slip.
  CHECK(count(t, Metric::late_without_apology) == 3);
}

TEST_CASE("February 2018: the dossier spanning periods is received there and open at its end") {
  Fixture f;
  auto r = f.run("2018-02");
  const Tally& t = r.main.total;
  CHECK(count(t, Metric::procedures_total) == 4); // P1..P4, P4 not online yet
  CHECK(count(t, Metric::procedures_online) == 2);
  CHECK(*value(t, Metric::procedures_online_rate) == doctest::Approx(0.5));
  CHECK(count(t, Metric::dossiers_received) == 1); // D6
  CHECK(count(t, Metric::dossiers_of_online_procedures) == 1);
  CHECK(*value(t, Metric::online_dossier_rate) == doctest::Approx(0.0));
  CHECK(count(t, Metric::online_procedures_with_online_dossiers) == 0);
  CHECK(*value(t, Metric::online_procedures_with_online_dossiers_rate) ==
        doctest::Approx(0.0)); // 0 of 2: a rate, not null
  CHECK(count(t, Metric::dossiers_resolved) == 0);
  CHECK_FALSE(value(t, Metric::on_time_rate)); // nothing resolved: null, not 0 or 100
  CHECK_FALSE(value(t, Metric::paid_online_rate));
  CHECK(count(t, Metric::pending) == 1); // D6, resolved only on 03-02
  CHECK(count(t, Metric::overdue) == 1); // D12
  CHECK(count(t, Metric::late_without_apology) == 0);
}

TEST_CASE("empty periods give null rates, and no catalog gives null procedure rates") {
  Fixture f;
  auto later = f.run("2019").main.total;
  CHECK(count(later, Metric::dossiers_received) == 0);
  CHECK_FALSE(value(later, Metric::online_dossier_rate));
  CHECK_FALSE(value(later, Metric::on_time_rate));
  CHECK_FALSE(value(later, Metric::paid_online_rate));
  CHECK(*value(later, Metric::procedures_online_rate) == doctest::Approx(0.75));
  CHECK(*value(later, Metric::online_procedures_with_online_dossiers_rate) == doctest::Approx(0.0));
  // The backlog is still open at the end of 2019: D5 D7 D12 D13 D15 overdue, D8 paused.
  CHECK(count(later, Metric::overdue) == 5);
  CHECK(count(later, Metric::paused) == 1);

  auto before = f.run("2016").main.total;
  CHECK(count(before, Metric::procedures_total) == 0);
  CHECK_FALSE(value(before, Metric::procedures_online_rate));
  CHECK_FALSE(value(before, Metric::online_procedures_with_online_dossiers_rate));
  CHECK(count(before, Metric::overdue) == 0);
}

TEST_CASE("--compare: same pass, each period with its own catalog, ratios and differences") {
  Fixture f;
  auto r = f.run("2018-03", "2018-02");
  REQUIRE(r.compare);
  auto alone = f.run("2018-02").main.total.values();
  CHECK(r.compare->total.values() == alone);
  CHECK(r.main.total.values() == f.run("2018-03").main.total.values());
  Comparison c = compare_metrics(r.main.total, r.compare->total);
  auto ratio = [&](Metric m) { return c.ratios[static_cast<size_t>(m)]; };
  auto diff = [&](Metric m) { return c.differences[static_cast<size_t>(m)]; };
  CHECK(*ratio(Metric::procedures_total) == doctest::Approx(1.0));
  CHECK(*ratio(Metric::procedures_online) == doctest::Approx(1.5)); // the catalog changed between the periods
  CHECK(*ratio(Metric::dossiers_received) == doctest::Approx(11.0));
  CHECK_FALSE(ratio(Metric::dossiers_resolved));      // 5 against 0
  CHECK_FALSE(ratio(Metric::procedures_online_rate)); // rates have differences, not ratios
  CHECK(*diff(Metric::procedures_online_rate) == doctest::Approx(0.25));
  CHECK(*diff(Metric::online_dossier_rate) == doctest::Approx(0.3333));
  CHECK_FALSE(diff(Metric::on_time_rate)); // null in February
  CHECK_FALSE(diff(Metric::dossiers_received));
}

TEST_CASE("ratios to 2 decimals and rate differences of the published rates") {
  Tally a, b;
  a.procedures_total = 980;
  a.procedures_online = 647;
  b.procedures_total = 600;
  b.procedures_online = 206;
  Comparison c = compare_metrics(a, b);
  CHECK(*c.ratios[static_cast<size_t>(Metric::procedures_online)] == 3.14);
  // 0.6602 − 0.3433 = 0.3169
  CHECK(*c.differences[static_cast<size_t>(Metric::procedures_online_rate)] == doctest::Approx(0.3169).epsilon(1e-12));
  CHECK(round_rate(0.98905) == 0.9891);
  CHECK(round_rate(647.0 / 980) == 0.6602);
  CHECK(round_ratio(647.0 / 206) == 3.14);
}

TEST_CASE("--by agency, field, procedure, channel: dossier counts by attribution, procedure counts from the catalog") {
  Fixture f;
  auto r = f.run("2018-03", std::nullopt, {GroupBy::agency, GroupBy::field, GroupBy::procedure, GroupBy::channel});
  const auto& a1 = row(r.main, GroupBy::agency, "A1").tally;
  CHECK(row(r.main, GroupBy::agency, "A1").label == "Cơ quan A1");
  CHECK(count(a1, Metric::procedures_total) == 2);
  CHECK(count(a1, Metric::procedures_online) == 2);
  CHECK(count(a1, Metric::online_procedures_with_online_dossiers) == 1); // P1 only
  CHECK(count(a1, Metric::dossiers_received) == 8);
  CHECK(count(a1, Metric::dossiers_resolved) == 4);
  CHECK(count(a1, Metric::resolved_early) == 2);
  CHECK(count(a1, Metric::overdue) == 2); // D12, D14
  CHECK(count(a1, Metric::due_soon) == 1);
  CHECK(count(a1, Metric::paused) == 1);
  const auto& a2 = row(r.main, GroupBy::agency, "A2").tally;
  CHECK(count(a2, Metric::procedures_total) == 2); // P4, P5
  CHECK(count(a2, Metric::procedures_online) == 1);
  CHECK(*value(a2, Metric::online_procedures_with_online_dossiers_rate) == doctest::Approx(1.0));
  CHECK(count(a2, Metric::dossiers_received) == 2); // D4 (P3 at receipt) and D5
  CHECK(count(a2, Metric::overdue) == 1);
  const auto& a3 = row(r.main, GroupBy::agency, "A3").tally; // only in the dossier
  CHECK(count(a3, Metric::procedures_total) == 0);
  CHECK_FALSE(value(a3, Metric::procedures_online_rate));
  CHECK(count(a3, Metric::dossiers_received) == 1);
  CHECK_FALSE(value(a3, Metric::online_dossier_rate));
  // The groups add up to the whole period.
  double received = 0, resolved = 0, overdue = 0;
  for (const auto& g : r.main.groups.at(GroupBy::agency)) {
    received += count(g.tally, Metric::dossiers_received);
    resolved += count(g.tally, Metric::dossiers_resolved);
    overdue += count(g.tally, Metric::overdue);
  }
  CHECK(received == 11);
  CHECK(resolved == 5);
  CHECK(overdue == 3);

  const auto& f1 = row(r.main, GroupBy::field, "F1").tally; // P1, P3 (D4 via its receipt-date entry)
  CHECK(count(f1, Metric::procedures_total) == 1);
  CHECK(count(f1, Metric::dossiers_received) == 6);                  // D1 D3 D4 D7 D11 D14
  const auto& unknown_field = row(r.main, GroupBy::field, "").tally; // D9
  CHECK(count(unknown_field, Metric::dossiers_received) == 1);
  CHECK(r.main.groups.at(GroupBy::field).back().key.empty()); // "not known" comes last

  const auto& p5 = row(r.main, GroupBy::procedure, "P5").tally; // in the catalog, no dossiers
  CHECK(count(p5, Metric::procedures_total) == 1);
  CHECK(count(p5, Metric::dossiers_received) == 0);
  const auto& p9 = row(r.main, GroupBy::procedure, "P9").tally; // dossiers, not in the catalog
  CHECK(count(p9, Metric::procedures_total) == 0);
  CHECK(count(p9, Metric::dossiers_received) == 1);

  const auto& channels = r.main.groups.at(GroupBy::channel);
  REQUIRE(channels.size() == 3);
  CHECK(channels[0].key == "online");
  CHECK(channels[1].key == "direct");
  CHECK(channels[2].key == "postal");
  CHECK(count(channels[0].tally, Metric::dossiers_received) == 3);
  CHECK(*value(channels[0].tally, Metric::online_dossier_rate) == doctest::Approx(1.0));
  CHECK_FALSE(value(channels[0].tally, Metric::procedures_total)); // no procedure counts per channel
}

TEST_CASE("--by month: each month is a period of its own (its catalog, its end of period)") {
  Fixture f;
  auto r = f.run("2018-02-01..2018-03-31", std::nullopt, {GroupBy::month});
  const auto& months = r.main.groups.at(GroupBy::month);
  REQUIRE(months.size() == 2);
  CHECK(months[0].key == "2018-02");
  CHECK(months[1].key == "2018-03");
  CHECK(months[0].tally.values() == f.run("2018-02").main.total.values());
  CHECK(months[1].tally.values() == f.run("2018-03").main.total.values());
  // The whole range: D6 is received and resolved inside it.
  CHECK(count(r.main.total, Metric::dossiers_received) == 12);
  CHECK(count(r.main.total, Metric::dossiers_resolved) == 5);
}

TEST_CASE("A is now when the period has not ended") {
  Fixture f;
  StatsRequest r;
  r.period = *parse_period("2018-03");
  r.now = at("2018-03-20T12:00");
  CatalogHistory history = *CatalogHistory::load(f.db);
  StatsPass pass(r, f.calendar, history, [&](Days d) { return *catalog_as_of(f.db, d); });
  for (const auto& d : f.dossiers) pass.add(d);
  auto s = pass.result();
  CHECK(s.as_of == at("2018-03-20T12:00"));
  // Received by then: D1 D2 D3 D4 D8 D9 D11 D14 (D14 at 08:00 on the 20th).
  CHECK(count(s.total, Metric::dossiers_received) == 8);
  CHECK(count(s.total, Metric::dossiers_resolved) == 5);
  CHECK(pass.last_receipt_date() == day("2018-03-20"));
}

TEST_CASE("compute_stats streams the cache's dossiers through the same pass") {
  Fixture f;
  auto store = DossierStore::open(f.db, StoreOptions{});
  REQUIRE(store.ok());
  for (const auto& d : f.dossiers) REQUIRE((*store)->put(d).ok());
  REQUIRE((*store)->finish("test").ok());
  StatsRequest r;
  r.period = *parse_period("2018-03");
  r.compare = *parse_period("2018-02");
  r.now = at("2030-01-01T00:00");
  auto computed = compute_stats(f.db, f.calendar, r);
  REQUIRE(computed.ok());
  CHECK(computed->first.total.values() == f.run("2018-03").main.total.values());
  REQUIRE(computed->second);
  CHECK(computed->second->total.values() == f.run("2018-02").main.total.values());
}

TEST_CASE("the Decision 766 counters of March 2018 on crafted data") {
  Fixture f;
  const Tally& t = f.run("2018-03").main.total;
  // Handled: resolved in March D1 D2 D3 D4 D6, open at A D5 D7 D8 D9 D12 D14 D15 (D11 withdrawn is not).
  CHECK(t.progress_handled == 12);
  // In time: D1 D4 D6 early, D2 on time, D15 pending, D7 due soon, D8 paused on one request.
  // Late: D3, D5 D12 D14 overdue, D9 (unknown procedure: not judgeable, never in time).
  CHECK(t.progress_in_time == 7);
  // Received for procedures online (eligible) on 03-31: as dossiers_of_online_procedures; full-online: D1 D3 on P1.
  CHECK(t.of_eligible_procedures == 9);
  CHECK(t.full_online_dossiers == 2);
  // No procedure of this catalog has a fee: the dossiers' own fees do not make one.
  CHECK(t.of_procedures_with_fee == 0);
  CHECK(t.paid_online_of_procedures_with_fee == 0);
}
