// motcua_stats_seed: writes into a motcua cache a catalog history and a dossier history
// with the properties of the published account of Đà Nẵng's 2018 results, through the
// library's own catalog and dossier stores, so that `motcua stats export` reproduces:
//   2018: 647 online procedures of 980 (66%), 3.14× the 206 of the end of 2015;
//         47% of online services with an online dossier (304/647), 44% online dossiers
//         (176,000/400,000), 640,399 dossiers received, 633,388 resolved in time (98.9%);
//   2017: 32% (160/500) and 35% (7,000/20,000).
// Every state is checked against audit_dossier() as the rows are made, so a change in the
// deadline rules shows up here as a generator error, not as a silently different figure.
//
// Usage: motcua_stats_seed --db PATH [--received-2018 N]
//   N (default 640399) scales the 2018 dossiers (for benchmarks); only the default
//   reproduces the published figures exactly.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "audit/classify.hpp"
#include "cache/cache.hpp"
#include "calendar/store.hpp"
#include "catalog/history.hpp"
#include "catalog/store.hpp"
#include "dossiers/store.hpp"

using namespace motcua;

namespace {

// Procedure i (0..984) in each catalog snapshot. 2015-01-01: i < 900 present, i < 206 online.
// 2017-01-01: i < 950, i < 500 online. 2018-01-01: i < 985, i < 600 online (i < 250 full).
// 2018-07-01: i < 980 (five withdrawn), i < 647 online (47 more, partial).
enum class Snap { y2015, y2017, y2018a, y2018b };

std::optional<Procedure> procedure(int i, Snap s) {
  int present = s == Snap::y2015 ? 900 : s == Snap::y2017 ? 950 : s == Snap::y2018a ? 985 : 980;
  int online = s == Snap::y2015 ? 206 : s == Snap::y2017 ? 500 : s == Snap::y2018a ? 600 : 647;
  if (i >= present) return std::nullopt;
  Procedure p;
  char code[32];
  std::snprintf(code, sizeof code, "1.%06d", 1000 + i);
  p.code = code;
  p.name = "Thủ tục hành chính số " + std::to_string(i + 1);
  int agency = 1 + i % 20;
  char agency_code[32];
  std::snprintf(agency_code, sizeof agency_code, "000.00.%02d.H17", agency);
  p.agency_code = agency_code;
  p.agency_name = "Sở ngành số " + std::to_string(agency);
  p.field_code = "LV" + std::to_string(1 + i % 37);
  p.field_name = "Lĩnh vực " + std::to_string(1 + i % 37);
  bool full = s == Snap::y2015 ? i < 60 : s == Snap::y2017 ? i < 200 : i < 250;
  p.online = i < online ? (full ? Online::full : Online::partial) : Online::none;
  p.level = p.online == Online::full ? 4 : p.online == Online::partial ? 3 : 2;
  if (i % 17 == 0) {
    p.processing_time = 15;
    p.processing_unit = ProcessingUnit::calendar_days;
  } else {
    p.processing_time = 1 + i % 10;
  }
  if (i % 3 == 0) p.fee = 30000;
  return p;
}

std::string code_of(int i) { return procedure(i, Snap::y2018a)->code; }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "motcua_stats_seed: %s\n", what.c_str());
  std::exit(1);
}

// Deterministic scatter (splitmix64).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Exactly `part` of `whole` steps say yes, spread evenly (Bresenham).
bool spread(std::int64_t k, std::int64_t part, std::int64_t whole) { return (k + 1) * part / whole > k * part / whole; }

enum class Outcome { early, on_time, late, open, withdrawn, not_accepted, next_year };

struct Seeder {
  store::Database& db;
  WorkCalendar calendar;
  CatalogHistory history;
  std::unique_ptr<DossierStore> store;
  std::int64_t serial = 0;
  std::int64_t made[7] = {};

  Seeder(store::Database& d, WorkCalendar cal) : db(d), calendar(std::move(cal)) {}

  // The working (or any) days of a year from the calendar motcua itself uses.
  std::vector<Days> days_of(int year, bool working_only, Days from = 0, Days to = 0) const {
    std::vector<Days> out;
    Days a = from ? from : days_from_civil(year, 1, 1), b = to ? to : days_from_civil(year, 12, 31);
    for (Days d = a; d <= b; ++d)
      if (!working_only || calendar.is_working_day(d)) out.push_back(d);
    return out;
  }

  // One dossier with the wanted outcome; in-time and late resolutions must fall by year_end.
  void make(int proc, Channel channel, Days day, int seconds_of_day, Outcome outcome, Instant year_end,
            Instant next_year_at = 0) {
    Dossier d;
    const Procedure* p = history.at(code_of(proc), day);
    if (!p) die("procedure " + code_of(proc) + " is not in the catalog on " + format_date(day));
    char code[64];
    CivilDate c = civil_from_days(day);
    std::snprintf(code, sizeof code, "%s-%02d%02u%02u-%07lld", p->agency_code.c_str(), c.year % 100, c.month, c.day,
                  static_cast<long long>(++serial));
    d.code = code;
    d.procedure_code = p->code;
    d.agency_code = p->agency_code;
    d.channel = channel;
    d.received_at = local_instant(day, seconds_of_day);
    d.fee = p->fee;
    if (p->fee) d.paid_online = channel == Channel::online && serial % 5 != 0;
    AuditResult open = audit_dossier(d, p, calendar, AuditParams{d.received_at, 8 * 3600});
    if (!open.legal_due) die("no legal due time for " + d.code);
    Instant due = *open.legal_due;
    Days due_day = local_date(due);
    d.due_at = due;
    switch (outcome) {
    case Outcome::early: d.resolved_at = std::max(d.received_at + 1800, local_instant(due_day - 1, 10 * 3600)); break;
    case Outcome::on_time: d.resolved_at = local_instant(due_day, 8 * 3600 + 1800); break;
    case Outcome::late: {
      Days next = calendar.next_working_day(due_day);
      d.resolved_at = local_instant(next, 10 * 3600);
      if (mix(static_cast<std::uint64_t>(serial)) %
          2) { // about half apologised in time (apology slip, new appointment)
        d.extensions.push_back(Extension{std::max(d.received_at + 600, local_instant(due_day, 8 * 3600)),
                                         local_instant(next, 17 * 3600), "Hồ sơ cần xác minh thêm", false, false});
      }
      break;
    }
    case Outcome::next_year: d.resolved_at = next_year_at; break;
    default: break;
    }
    if (outcome == Outcome::early && *d.resolved_at > year_end) d.resolved_at = d.received_at + 1800;
    d.status = d.resolved_at ? DossierStatus::returned : DossierStatus::processing;
    if (d.resolved_at) d.returned_at = *d.resolved_at + 3600;
    if (outcome == Outcome::withdrawn) d.status = DossierStatus::withdrawn;
    if (outcome == Outcome::not_accepted) d.status = DossierStatus::not_accepted;
    if (outcome == Outcome::open) d.status = DossierStatus::processing;

    // The state must be what the figures need.
    if (outcome == Outcome::early || outcome == Outcome::on_time || outcome == Outcome::late) {
      AuditResult r = audit_dossier(d, p, calendar, AuditParams{year_end, 8 * 3600});
      DossierState want = outcome == Outcome::early     ? DossierState::early
                          : outcome == Outcome::on_time ? DossierState::on_time
                                                        : DossierState::late;
      if (r.state != want || *d.resolved_at > year_end)
        die("dossier " + d.code + ": wanted " + std::string(state_name(want)) + " by " + format_instant(year_end) +
            ", got " + std::string(state_name(r.state)) + " (resolved " + format_instant(*d.resolved_at) + ", due " +
            format_instant(due) + ")");
    }
    ++made[static_cast<int>(outcome)];
    if (auto st = store->put(d); !st) die(st.error().message);
  }

  // Whether an outcome can happen inside the year (a late resolution after New Year cannot).
  bool fits(int proc, Days day, int seconds_of_day, Outcome outcome, Instant year_end) const {
    const Procedure* p = history.at(code_of(proc), day);
    Dossier d;
    d.procedure_code = p->code;
    d.received_at = local_instant(day, seconds_of_day);
    AuditResult r = audit_dossier(d, p, calendar, AuditParams{d.received_at, 8 * 3600});
    Days due_day = local_date(*r.legal_due);
    if (outcome == Outcome::on_time) return local_instant(due_day, 8 * 3600 + 1800) <= year_end;
    if (outcome == Outcome::late) return local_instant(calendar.next_working_day(due_day), 10 * 3600) <= year_end;
    return true;
  }
};

// Office-hours receipt times for the counter and the post, 08:00–16:30; online filings 08:00–20:00.
int counter_time(std::int64_t k) {
  return 8 * 3600 + static_cast<int>(mix(static_cast<std::uint64_t>(k)) % (8 * 3600 + 1800));
}
int online_time(std::int64_t k) {
  return 8 * 3600 + static_cast<int>(mix(static_cast<std::uint64_t>(k) ^ 0x5a5a) % (12 * 3600));
}

} // namespace

int main(int argc, char** argv) {
  std::string db_path;
  std::int64_t n2018 = 640399;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) db_path = argv[++i];
    else if (!std::strcmp(argv[i], "--received-2018") && i + 1 < argc) n2018 = std::atoll(argv[++i]);
    else die(std::string("usage: motcua_stats_seed --db PATH [--received-2018 N] (unknown argument ") + argv[i] + ")");
  }
  if (db_path.empty() || n2018 < 10000) die("usage: motcua_stats_seed --db PATH [--received-2018 N >= 10000]");
  auto cache = Cache::open(db_path, CacheMode::write, 0);
  if (!cache) die(cache.error().message);
  auto& db = (*cache)->db();

  // The catalog history.
  const std::pair<Snap, const char*> snaps[] = {{Snap::y2015, "2015-01-01"},
                                                {Snap::y2017, "2017-01-01"},
                                                {Snap::y2018a, "2018-01-01"},
                                                {Snap::y2018b, "2018-07-01"}};
  for (const auto& [snap, date] : snaps) {
    std::vector<Procedure> list;
    for (int i = 0; i < 985; ++i)
      if (auto p = procedure(i, snap)) list.push_back(*p);
    auto r = apply_catalog_snapshot(db, list, *parse_date(date), SnapshotMode::full, WithdrawLimit::any(), 0,
                                    std::string("stats-seed ") + date, false);
    if (!r) die(r.error().message);
  }
  auto calendar = load_calendar(db);
  if (!calendar) die(calendar.error().message);
  Seeder s(db, std::move(*calendar));
  auto history = CatalogHistory::load(db);
  if (!history) die(history.error().message);
  s.history = std::move(*history);
  StoreOptions options;
  options.batch_size = 20000;
  auto store = DossierStore::open(db, options);
  if (!store) die(store.error().message);
  s.store = std::move(*store);

  // 2017: 40,000 received. Of procedures online at the end of 2017 (i < 500): 20,000, of which
  // 7,000 filed online on i < 160. Of the others (500 <= i < 950): 20,000 at the counter or by
  // post, including 300 received in late December and resolved on time in January 2018 and
  // 50 never resolved (overdue ever since).
  {
    const Instant year_end = local_instant(days_from_civil(2018, 1, 1)) - 1;
    auto all = s.days_of(2017, false), work = s.days_of(2017, true, 0, days_from_civil(2017, 12, 15));
    std::int64_t online = 7000, counter = 33000 - 300, a = 0, b = 0, backlog = 0;
    for (std::int64_t k = 0; k < online; ++k) {
      Days day = all[static_cast<size_t>(k * static_cast<std::int64_t>(all.size()) / online)];
      s.make(static_cast<int>(k % 160), Channel::online, day, online_time(k), Outcome::early, year_end);
    }
    for (std::int64_t k = 0; k < counter; ++k) {
      Days day = work[static_cast<size_t>(k * static_cast<std::int64_t>(work.size()) / counter)];
      bool of_online = spread(k, 13000, counter);
      int proc = of_online ? static_cast<int>(a++ % 500) : 500 + static_cast<int>(b++ % 450);
      Outcome o = k % 60 == 7 && s.fits(proc, day, counter_time(k), Outcome::late, year_end)     ? Outcome::late
                  : k % 4 == 1 && s.fits(proc, day, counter_time(k), Outcome::on_time, year_end) ? Outcome::on_time
                                                                                                 : Outcome::early;
      if (!of_online && k % 300 == 11 && backlog < 50) o = Outcome::open, ++backlog;
      s.make(proc, k % 50 == 0 ? Channel::postal : Channel::direct, day, counter_time(k), o, year_end);
    }
    // Ten working days for 10-day procedures received on 18–29 December: due in January 2018.
    auto december = s.days_of(2017, true, days_from_civil(2017, 12, 18), days_from_civil(2017, 12, 29));
    for (std::int64_t k = 0; k < 300; ++k) {
      int proc = 509 + static_cast<int>(k % 44) * 10; // i % 10 == 9: 10 working days, never i % 17 == 0 here
      if (proc % 17 == 0) proc += 10;
      s.make(proc, Channel::direct, december[static_cast<size_t>(k * static_cast<std::int64_t>(december.size()) / 300)],
             counter_time(k), Outcome::on_time, local_instant(days_from_civil(2019, 1, 1)) - 1);
    }
    if (backlog != 50) die("2017 backlog: made " + std::to_string(backlog) + " of 50");
  }

  // 2018: n2018 received (and 1,200 not accepted, online, which must not count). Of procedures
  // online at the end of 2018 (i < 647): 400,000, of which 176,000 filed online on i < 304; of
  // the others (647 <= i < 985): 240,399, including 100 withdrawn. The last 200 are resolved
  // only in January 2019; 7,011 of the rest are resolved late.
  {
    const Instant year_end = local_instant(days_from_civil(2019, 1, 1)) - 1;
    const bool exact = n2018 == 640399;
    std::int64_t online = exact ? 176000 : n2018 * 176000 / 640399;
    std::int64_t of_online_counter = exact ? 224000 : n2018 * 224000 / 640399;
    std::int64_t counter = n2018 - online;
    const std::int64_t spill = 200, withdrawn_total = 100, late_total = exact ? 7011 : n2018 * 7011 / 640399;
    auto all = s.days_of(2018, false), work = s.days_of(2018, true);
    const Instant january = local_instant(days_from_civil(2019, 1, 10), 10 * 3600);
    std::int64_t late = 0, withdrawn = 0, a = 0, b = 0;
    const Days july = days_from_civil(2018, 7, 1);
    // Filed online: spread over every day, the last ones spill into 2019.
    for (std::int64_t k = 0; k < online; ++k) {
      Days day = all[static_cast<size_t>(k * static_cast<std::int64_t>(all.size()) / online)];
      int proc = static_cast<int>(k % 304);
      Outcome o = k >= online - spill / 2 ? Outcome::next_year
                  : late < late_total && k % 80 == 5 && s.fits(proc, day, online_time(k), Outcome::late, year_end)
                      ? Outcome::late
                  : k % 4 == 1 && s.fits(proc, day, online_time(k), Outcome::on_time, year_end) ? Outcome::on_time
                                                                                                : Outcome::early;
      if (o == Outcome::late) ++late;
      s.make(proc, Channel::online, day, online_time(k), o, year_end, january);
    }
    for (std::int64_t k = 0; k < counter; ++k) {
      Days day = work[static_cast<size_t>(k * static_cast<std::int64_t>(work.size()) / counter)];
      bool of_online = spread(k, of_online_counter, counter);
      int proc = of_online ? static_cast<int>(a++ % 647) : 647 + static_cast<int>(b++ % 338);
      if (proc >= 980 && day >= july) proc -= 333; // withdrawn on 1 July: nothing filed after
      Outcome o = k >= counter - spill / 2                                      ? Outcome::next_year
                  : !of_online && withdrawn < withdrawn_total && k % 2000 == 13 ? Outcome::withdrawn
                  : late < late_total && k % 80 == 5 && s.fits(proc, day, counter_time(k), Outcome::late, year_end)
                      ? Outcome::late
                  : k % 4 == 1 && s.fits(proc, day, counter_time(k), Outcome::on_time, year_end) ? Outcome::on_time
                                                                                                 : Outcome::early;
      if (o == Outcome::late) ++late;
      if (o == Outcome::withdrawn) ++withdrawn;
      s.make(proc, k % 50 == 0 ? Channel::postal : Channel::direct, day, counter_time(k), o, year_end, january);
    }
    for (std::int64_t k = 0; k < 1200; ++k)
      s.make(304 + static_cast<int>(k % 343), Channel::online,
             all[static_cast<size_t>(k * static_cast<std::int64_t>(all.size()) / 1200)], online_time(k),
             Outcome::not_accepted, year_end);
    if (late != late_total || withdrawn != withdrawn_total)
      die("2018: made " + std::to_string(late) + " late (want " + std::to_string(late_total) + ") and " +
          std::to_string(withdrawn) + " withdrawn (want " + std::to_string(withdrawn_total) + ")");
  }
  if (auto st = s.store->finish("stats-seed"); !st) die(st.error().message);
  std::fprintf(
      stderr,
      "stats-seed: %lld dossiers (early %lld, on time %lld, late %lld, open %lld, withdrawn %lld, not accepted %lld, resolved next year %lld)\n",
      static_cast<long long>(s.store->counts().inserted), static_cast<long long>(s.made[0]),
      static_cast<long long>(s.made[1]), static_cast<long long>(s.made[2]), static_cast<long long>(s.made[3]),
      static_cast<long long>(s.made[4]), static_cast<long long>(s.made[5]), static_cast<long long>(s.made[6]));
  return 0;
}
