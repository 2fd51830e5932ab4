#include "stats/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "audit/on_time.hpp"
#include "audit/progress_766.hpp"
#include "cache/cache.hpp"
#include "catalog/store.hpp"
#include "dossiers/scan.hpp"
#include "dossiers/store.hpp"

namespace motcua {

namespace {

constexpr std::array<std::string_view, k_metric_count> k_metric_names = {
    "procedures_total",
    "procedures_online",
    "procedures_online_full",
    "procedures_online_rate",
    "online_procedures_with_online_dossiers",
    "online_procedures_with_online_dossiers_rate",
    "dossiers_received",
    "dossiers_received_online",
    "dossiers_received_direct",
    "dossiers_received_postal",
    "dossiers_of_online_procedures",
    "online_dossier_rate",
    "dossiers_resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "on_time_rate",
    "pending",
    "due_soon",
    "paused",
    "overdue",
    "paid_online_rate",
    "late_without_apology",
};

constexpr std::array<std::string_view, 5> k_group_names = {"agency", "field", "procedure", "channel", "month"};

std::optional<double> ratio(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

bool is_online(const Procedure* p) { return p && is_provided_online(p->online); }

// The procedures of one catalog date, findable by code.
struct Catalog {
  std::vector<Procedure> procedures;
  std::unordered_map<std::string_view, const Procedure*> by_code; // views into `procedures`

  const Procedure* find(const std::string& code) const {
    auto it = by_code.find(code);
    return it == by_code.end() ? nullptr : it->second;
  }
};

// Hashes std::string and std::string_view alike, so a row's key is looked up without a copy.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// One group's counters, and a name for it met along the way (a procedure no longer in the catalog).
struct GroupCell {
  Tally tally;
  std::string label;
};
using GroupCells = std::unordered_map<std::string, GroupCell, KeyHash, std::equal_to<>>;

// One period being summed: the main period, the comparison period, or a month of --by month.
struct Scope {
  Period period;
  Instant start = 0; // local midnight of the first day
  Instant as_of = 0; // A
  std::shared_ptr<const Catalog> catalog;
  std::unordered_set<std::string> online_dossier_procedures; // online procedures with an online dossier received in P
  Tally total;
  std::vector<std::pair<GroupBy, GroupCells>> groups;
  std::int64_t before_first_catalog = 0; // dossiers counted here, received before the first catalog snapshot
};

// What is worked out at most once per dossier, however many scopes look at it.
struct DossierContext {
  DossierContext(const Dossier& dossier) : d(dossier), received_date(local_date(dossier.received_at)) {}
  const Dossier& d;
  Days received_date;
  bool looked_up = false;
  const Procedure* at_receipt = nullptr;
  // A resolved dossier's state and findings do not depend on A once A >= resolved_at
  // (pauses starting later are ignored or invalid, an apology that counts precedes D),
  // so one audit serves every scope that sees it resolved.
  std::optional<AuditResult> resolved_result;
  std::vector<std::pair<Instant, AuditResult>> open_results; // by A
};

} // namespace

std::string_view metric_name(Metric m) { return k_metric_names[static_cast<size_t>(m)]; }

MetricKind metric_kind(Metric m) {
  switch (m) {
  case Metric::procedures_online_rate:
  case Metric::online_procedures_with_online_dossiers_rate:
  case Metric::online_dossier_rate:
  case Metric::on_time_rate:
  case Metric::paid_online_rate: return MetricKind::rate;
  default: return MetricKind::count;
  }
}

std::optional<Metric> parse_metric(std::string_view name) {
  for (size_t i = 0; i < k_metric_count; ++i)
    if (k_metric_names[i] == name) return static_cast<Metric>(i);
  return std::nullopt;
}

size_t channel_index(Channel c) {
  switch (c) {
  case Channel::online: return 0;
  case Channel::direct: return 1;
  default: return 2;
  }
}

std::string_view group_by_name(GroupBy g) { return k_group_names[static_cast<size_t>(g)]; }

std::optional<GroupBy> parse_group_by(std::string_view s) {
  for (size_t i = 0; i < k_group_names.size(); ++i)
    if (k_group_names[i] == s) return static_cast<GroupBy>(i);
  return std::nullopt;
}

MetricValues Tally::values() const {
  MetricValues v;
  auto set = [&](Metric m, std::optional<double> x) { v[static_cast<size_t>(m)] = x; };
  auto count = [&](Metric m, std::int64_t n) { set(m, static_cast<double>(n)); };
  if (has_catalog) {
    count(Metric::procedures_total, procedures_total);
    count(Metric::procedures_online, procedures_online);
    count(Metric::procedures_online_full, procedures_online_full);
    set(Metric::procedures_online_rate, ratio(procedures_online, procedures_total));
    count(Metric::online_procedures_with_online_dossiers, online_with_online_dossiers);
    set(Metric::online_procedures_with_online_dossiers_rate, ratio(online_with_online_dossiers, procedures_online));
  }
  count(Metric::dossiers_received, received);
  count(Metric::dossiers_received_online, received_by_channel[0]);
  count(Metric::dossiers_received_direct, received_by_channel[1]);
  count(Metric::dossiers_received_postal, received_by_channel[2]);
  count(Metric::dossiers_of_online_procedures, of_online_procedures);
  set(Metric::online_dossier_rate, ratio(online_of_online_procedures, of_online_procedures));
  count(Metric::dossiers_resolved, resolved);
  count(Metric::resolved_early, early);
  count(Metric::resolved_on_time, on_time);
  count(Metric::resolved_late, late);
  count(Metric::resolved_in_time, early + on_time);
  set(Metric::on_time_rate, motcua::on_time_rate(early, on_time, resolved));
  count(Metric::pending, pending);
  count(Metric::due_soon, due_soon);
  count(Metric::paused, paused);
  count(Metric::overdue, overdue);
  set(Metric::paid_online_rate, ratio(paid_online_with_fee, with_fee));
  count(Metric::late_without_apology, late_without_apology);
  return v;
}

void Tally::merge(const Tally& o) {
  procedures_total += o.procedures_total;
  procedures_online += o.procedures_online;
  procedures_online_full += o.procedures_online_full;
  online_with_online_dossiers += o.online_with_online_dossiers;
  received += o.received;
  for (size_t i = 0; i < received_by_channel.size(); ++i) received_by_channel[i] += o.received_by_channel[i];
  of_online_procedures += o.of_online_procedures;
  online_of_online_procedures += o.online_of_online_procedures;
  resolved += o.resolved;
  early += o.early;
  on_time += o.on_time;
  late += o.late;
  pending += o.pending;
  due_soon += o.due_soon;
  paused += o.paused;
  overdue += o.overdue;
  with_fee += o.with_fee;
  paid_online_with_fee += o.paid_online_with_fee;
  late_without_apology += o.late_without_apology;
  progress_handled += o.progress_handled;
  progress_in_time += o.progress_in_time;
  of_eligible_procedures += o.of_eligible_procedures;
  full_online_dossiers += o.full_online_dossiers;
  of_procedures_with_fee += o.of_procedures_with_fee;
  paid_online_of_procedures_with_fee += o.paid_online_of_procedures_with_fee;
}

double round_rate(double v) { return std::round(v * 10000.0) / 10000.0; }
double round_ratio(double v) { return std::round(v * 100.0) / 100.0; }

Comparison compare_metrics(const Tally& p, const Tally& p2) {
  Comparison c;
  MetricValues a = p.values(), b = p2.values();
  for (size_t i = 0; i < k_metric_count; ++i) {
    if (!a[i] || !b[i]) continue;
    if (metric_kind(static_cast<Metric>(i)) == MetricKind::count) {
      if (*b[i] != 0) c.ratios[i] = round_ratio(*a[i] / *b[i]);
    } else {
      // The difference of the published (4-decimal) rates, so it matches what people read.
      c.differences[i] = round_rate(round_rate(*a[i]) - round_rate(*b[i]));
    }
  }
  return c;
}

struct StatsPass::Impl {
  StatsRequest request;
  const WorkCalendar& calendar;
  const CatalogHistory& history;
  std::map<Days, std::shared_ptr<const Catalog>> catalogs;
  Scope main;
  std::optional<Scope> compare;
  std::vector<Scope> months;
  Instant max_as_of = 0;
  Instant min_start = 0;

  Impl(const StatsRequest& r, const WorkCalendar& cal, const CatalogHistory& h)
      : request(r), calendar(cal), history(h) {}

  std::shared_ptr<const Catalog> catalog_on(Days date, const CatalogAt& catalog_at) {
    auto& slot = catalogs[date];
    if (!slot) {
      auto c = std::make_shared<Catalog>();
      c->procedures = catalog_at(date);
      for (const auto& p : c->procedures) c->by_code.emplace(p.code, &p);
      slot = std::move(c);
    }
    return slot;
  }

  Scope make_scope(const Period& p, const CatalogAt& catalog_at) {
    Scope s;
    s.period = p;
    s.start = date_instant(p.from, DateAs::start_of_day);
    s.as_of = std::min(date_instant(p.to, DateAs::end_of_day),
                       request.now); // motcua-metrics(7): the end of the last day of P, or now
    s.catalog = catalog_on(p.to, catalog_at);
    return s;
  }

  const Procedure* at_receipt(DossierContext& c) const {
    if (!c.looked_up) {
      c.at_receipt = history.at(c.d.procedure_code, c.received_date);
      c.looked_up = true;
    }
    return c.at_receipt;
  }

  const AuditResult& audit(DossierContext& c, Instant as_of) const {
    const Dossier& d = c.d;
    AuditParams params{as_of, request.due_soon_seconds};
    if (d.resolved_at && *d.resolved_at <= as_of) {
      if (!c.resolved_result) c.resolved_result = audit_dossier(d, at_receipt(c), calendar, params);
      return *c.resolved_result;
    }
    for (const auto& [a, r] : c.open_results)
      if (a == as_of) return r;
    c.open_results.emplace_back(as_of, audit_dossier(d, at_receipt(c), calendar, params));
    return c.open_results.back().second;
  }

  // The row of a dossier in a grouping of the main scope: its agency (the dossier's own, else its
  // procedure's), its procedure's field, its procedure or its channel.
  Tally& group_row(GroupBy g, GroupCells& cells, DossierContext& c, const Procedure* at_end) const {
    const Dossier& d = c.d;
    const Procedure* p = at_end ? at_end : (g == GroupBy::channel ? nullptr : at_receipt(c));
    std::string_view key, label;
    std::string rolled, rolled_name; // the successor under --agency-structure, and its name
    switch (g) {
    case GroupBy::agency:
      key = !d.agency_code.empty() ? std::string_view(d.agency_code)
            : p                    ? std::string_view(p->agency_code)
                                   : std::string_view();
      if (p && p->agency_code == key) label = p->agency_name;
      if (request.agency_roll && !key.empty()) {
        rolled = request.agency_roll->roll(std::string(key), d.procedure_code);
        if (rolled != key) {
          rolled_name = request.agency_roll->name_of(rolled);
          key = rolled;
          label = rolled_name;
        }
      }
      break;
    case GroupBy::field:
      if (p) {
        key = p->field_code;
        label = p->field_name;
      }
      break;
    case GroupBy::procedure:
      key = d.procedure_code;
      if (p) label = p->name;
      break;
    default: key = channel_name(d.channel);
    }
    auto it = cells.find(key);
    if (it == cells.end()) it = cells.emplace(std::string(key), GroupCell{}).first;
    if (it->second.label.empty() && !label.empty()) it->second.label = label;
    return it->second.tally;
  }

  void add_to_scope(Scope& s, DossierContext& c) {
    const Dossier& d = c.d;
    if (d.received_at > s.as_of) return;
    bool received_in =
        c.received_date >= s.period.from && c.received_date <= s.period.to && d.status != DossierStatus::not_accepted;
    bool resolved_by_a = d.resolved_at && *d.resolved_at <= s.as_of;
    bool resolved_in = resolved_by_a && *d.resolved_at >= s.start;
    bool open = !resolved_by_a && !excluded_status(d.status);
    if (!received_in && !resolved_in && !open) return;
    if (history.before_first_snapshot(c.received_date)) ++s.before_first_catalog;

    const Procedure* at_end = s.catalog->find(d.procedure_code);
    const AuditResult* r = resolved_in || open ? &audit(c, s.as_of) : nullptr;

    // The scope's total, then each grouping's row for this dossier.
    Tally* targets[8];
    size_t n = 0;
    targets[n++] = &s.total;
    for (auto& [g, cells] : s.groups) targets[n++] = &group_row(g, cells, c, at_end);

    bool online_channel = d.channel == Channel::online;
    Progress766 progress = r ? progress_766(d, *r, s.as_of) : Progress766::not_counted;
    if (received_in && online_channel && is_online(at_end)) s.online_dossier_procedures.insert(d.procedure_code);
    for (size_t i = 0; i < n; ++i) {
      Tally& t = *targets[i];
      if (received_in) {
        ++t.received;
        ++t.received_by_channel[channel_index(d.channel)];
        if (is_online(at_end)) {
          ++t.of_online_procedures;
          if (online_channel) ++t.online_of_online_procedures;
        }
        if (d.fee && *d.fee > 0) {
          ++t.with_fee;
          if (d.paid_online && *d.paid_online) ++t.paid_online_with_fee;
        }
        if (at_end && at_end->online != Online::none) {
          ++t.of_eligible_procedures;
          if (online_channel && at_end->online == Online::full) ++t.full_online_dossiers;
        }
        if (at_end && at_end->fee && *at_end->fee > 0) {
          ++t.of_procedures_with_fee;
          if (d.paid_online && *d.paid_online) ++t.paid_online_of_procedures_with_fee;
        }
      }
      if (progress != Progress766::not_counted) {
        ++t.progress_handled;
        if (progress == Progress766::in_time) ++t.progress_in_time;
      }
      if (resolved_in) {
        ++t.resolved;
        if (r->state == DossierState::early) ++t.early;
        else if (r->state == DossierState::on_time) ++t.on_time;
        else if (r->state == DossierState::late) ++t.late;
      } else if (open) {
        switch (r->state) {
        case DossierState::pending: ++t.pending; break;
        case DossierState::due_soon: ++t.due_soon; break;
        case DossierState::paused: ++t.paused; break;
        case DossierState::overdue: ++t.overdue; break;
        default: break;
        }
      }
      bool counted_late =
          (resolved_in && r->state == DossierState::late) || (open && r->state == DossierState::overdue);
      if (counted_late && (r->findings & f_late_without_apology)) ++t.late_without_apology;
    }
  }

  void add(const Dossier& d) {
    if (d.received_at > max_as_of) return;
    // Received and resolved before every period starts: it counts nowhere.
    if (d.received_at < min_start && d.resolved_at && *d.resolved_at < min_start) return;
    DossierContext c(d);
    add_to_scope(main, c);
    if (compare) add_to_scope(*compare, c);
    for (auto& m : months) add_to_scope(m, c);
  }

  // Adds a later pass's counts of the same scope (see StatsPass::merge).
  static void merge_scope(Scope& into, const Scope& later) {
    into.total.merge(later.total);
    into.before_first_catalog += later.before_first_catalog;
    into.online_dossier_procedures.insert(later.online_dossier_procedures.begin(),
                                          later.online_dossier_procedures.end());
    for (size_t g = 0; g < into.groups.size(); ++g) {
      GroupCells& cells = into.groups[g].second;
      for (const auto& [key, cell] : later.groups[g].second) {
        auto it = cells.find(key);
        if (it == cells.end()) {
          cells.emplace(key, cell);
          continue;
        }
        it->second.tally.merge(cell.tally);
        if (it->second.label.empty()) it->second.label = cell.label;
      }
    }
  }

  // Adds the catalog's procedure counts to a tally.
  static void count_procedure(Tally& t, const Procedure& p, const Scope& s) {
    ++t.procedures_total;
    if (!is_provided_online(p.online)) return;
    ++t.procedures_online;
    if (p.online == Online::full) ++t.procedures_online_full;
    if (s.online_dossier_procedures.count(p.code)) ++t.online_with_online_dossiers;
  }

  PeriodStats finish(const Scope& s) const {
    PeriodStats out;
    out.period = s.period;
    out.as_of = s.as_of;
    out.catalog_date = s.period.to;
    out.total = s.total;
    out.before_first_catalog = s.before_first_catalog;
    out.first_catalog = history.first_snapshot();
    for (const auto& p : s.catalog->procedures) count_procedure(out.total, p, s);
    for (const auto& [g, cells] : s.groups) {
      std::map<std::string, GroupRow> sorted;
      for (const auto& [key, cell] : cells) {
        sorted[key].tally = cell.tally;
        sorted[key].label = cell.label;
      }
      if (g != GroupBy::channel) {
        for (const auto& p : s.catalog->procedures) {
          std::string key = g == GroupBy::agency ? p.agency_code : g == GroupBy::field ? p.field_code : p.code;
          std::string label = g == GroupBy::agency ? p.agency_name : g == GroupBy::field ? p.field_name : p.name;
          if (g == GroupBy::agency && request.agency_roll && !key.empty()) {
            std::string rolled = request.agency_roll->roll(key, p.code);
            if (rolled != key) {
              label = request.agency_roll->name_of(rolled);
              key = rolled;
            }
          }
          GroupRow& row = sorted[key];
          count_procedure(row.tally, p, s);
          if (!label.empty()) row.label = label; // the catalog on the last day names it
        }
      }
      std::vector<GroupRow> list;
      for (auto& [key, row] : sorted) {
        row.key = key;
        row.tally.has_catalog = g != GroupBy::channel;
        list.push_back(std::move(row));
      }
      if (g == GroupBy::channel) {
        auto rank = [](const std::string& k) { return parse_channel(k) ? channel_index(*parse_channel(k)) : 9; };
        std::stable_sort(list.begin(), list.end(),
                         [&](const GroupRow& a, const GroupRow& b) { return rank(a.key) < rank(b.key); });
      } else if (!list.empty() && list.front().key.empty()) {
        std::rotate(list.begin(), list.begin() + 1, list.end()); // "not known" last
      }
      out.groups[g] = std::move(list);
    }
    return out;
  }
};

StatsPass::StatsPass(const StatsRequest& request, const WorkCalendar& calendar, const CatalogHistory& history,
                     const CatalogAt& catalog_at)
    : m(std::make_unique<Impl>(request, calendar, history)) {
  m->main = m->make_scope(request.period, catalog_at);
  for (GroupBy g : request.groupings) {
    if (g == GroupBy::month) {
      if (m->months.empty())
        for (const auto& month : months_of(request.period)) m->months.push_back(m->make_scope(month, catalog_at));
    } else if (std::none_of(m->main.groups.begin(), m->main.groups.end(),
                            [&](const auto& e) { return e.first == g; })) {
      m->main.groups.emplace_back(g, GroupCells{});
    }
  }
  if (request.compare) {
    m->compare = m->make_scope(*request.compare, catalog_at);
    for (const auto& [g, cells] : m->main.groups) m->compare->groups.emplace_back(g, GroupCells{}); // like with like
  }
  m->max_as_of = m->main.as_of;
  m->min_start = m->main.start;
  if (m->compare) {
    m->max_as_of = std::max(m->max_as_of, m->compare->as_of);
    m->min_start = std::min(m->min_start, m->compare->start);
  }
}

StatsPass::~StatsPass() = default;

Days StatsPass::last_receipt_date() const { return local_date(m->max_as_of); }

void StatsPass::add(const Dossier& d) { m->add(d); }

void StatsPass::merge(const StatsPass& later) {
  Impl::merge_scope(m->main, later.m->main);
  if (m->compare && later.m->compare) Impl::merge_scope(*m->compare, *later.m->compare);
  for (size_t i = 0; i < m->months.size() && i < later.m->months.size(); ++i)
    Impl::merge_scope(m->months[i], later.m->months[i]);
}

PeriodStats StatsPass::result() const {
  PeriodStats out = m->finish(m->main);
  if (!m->months.empty()) {
    std::vector<GroupRow> rows;
    for (const auto& s : m->months) {
      PeriodStats month = m->finish(s);
      rows.push_back(GroupRow{month_key(s.period.from), "", month.total});
    }
    out.groups[GroupBy::month] = std::move(rows);
  }
  return out;
}

std::optional<PeriodStats> StatsPass::compare_result() const {
  if (!m->compare) return std::nullopt;
  return m->finish(*m->compare);
}

Result<std::pair<PeriodStats, std::optional<PeriodStats>>>
compute_stats(store::Database& db, const WorkCalendar& calendar, const StatsRequest& request, int jobs, int* jobs_run) {
  try {
    auto history = CatalogHistory::load(db);
    if (!history) return history.error();
    std::optional<Error> catalog_error;
    auto catalog_at = [&](Days d) {
      auto catalog = catalog_as_of(db, d);
      if (catalog) return std::move(*catalog);
      if (!catalog_error) catalog_error = catalog.error();
      return std::vector<Procedure>();
    };
    // One pass per possible job, built here (they read the catalog through `db`), fed by its job.
    std::vector<std::unique_ptr<StatsPass>> passes;
    if (request.agency_roll) jobs = 1; // the roll records what it merged as it goes: one job owns it
    for (int i = 0; i < max_scan_jobs(jobs); ++i)
      passes.push_back(std::make_unique<StatsPass>(request, calendar, *history, catalog_at));
    if (catalog_error) return *catalog_error;
    DossierFilter filter;
    filter.to = passes[0]->last_receipt_date();
    filter.ordered = false;      // sums do not care about order: a table scan beats an index walk
    filter.classify_only = true; // no applicant or extra field is counted
    auto ran = run_scan_jobs(db, filter, jobs, [&](int job, store::Database& job_db, const DossierFilter& f) {
      StatsPass& pass = *passes[static_cast<size_t>(job)];
      return for_each_dossier(job_db, f, [&](const Dossier& d) {
        pass.add(d);
        return true;
      });
    });
    if (!ran) return ran.error();
    if (jobs_run) *jobs_run = *ran;
    for (int i = 1; i < *ran; ++i) passes[0]->merge(*passes[static_cast<size_t>(i)]);
    return std::make_pair(passes[0]->result(), passes[0]->compare_result());
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "computing statistics");
  }
}

} // namespace motcua
