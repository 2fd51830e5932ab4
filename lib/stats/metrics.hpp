#pragma once
// Every statistic of motcua-metrics(7) for a period, from ONE streaming pass over the dossiers.
// States are never re-derived here: each dossier goes through audit_dossier() and the
// pass only sums its results (early/on time/late, open states, findings).
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

#include "audit/classify.hpp"
#include "calendar/work_calendar.hpp"
#include "catalog/history.hpp"
#include "catalog/lineage.hpp"
#include "dossiers/dossier.hpp"
#include "stats/period.hpp"
#include "util/error.hpp"

namespace motcua {

// The metrics of motcua-metrics(7) in its order (plus resolved_in_time, the "resolved on time"
// count the published figures quote: early + on time). The value indexes MetricValues.
enum class Metric {
  procedures_total,
  procedures_online,
  procedures_online_full,
  procedures_online_rate,
  online_procedures_with_online_dossiers,
  online_procedures_with_online_dossiers_rate,
  dossiers_received,
  dossiers_received_online,
  dossiers_received_direct,
  dossiers_received_postal,
  dossiers_of_online_procedures,
  online_dossier_rate,
  dossiers_resolved,
  resolved_early,
  resolved_on_time,
  resolved_late,
  resolved_in_time,
  on_time_rate,
  pending,
  due_soon,
  paused,
  overdue,
  paid_online_rate,
  late_without_apology,
};
inline constexpr size_t k_metric_count = 24;

// Counts are whole numbers; rates are fractions, null when their denominator is 0.
enum class MetricKind { count, rate };

std::string_view metric_name(Metric m);
MetricKind metric_kind(Metric m);
std::optional<Metric> parse_metric(std::string_view name);

// One value per metric; nullopt is JSON null (a rate over nothing, or not applicable).
using MetricValues = std::array<std::optional<double>, k_metric_count>;

// The raw counters behind the metrics of one period or group: kept (not just the
// rates) so reports can show numerators and denominators.
struct Tally {
  bool has_catalog = true; // false where procedure counts do not apply (channel groups)
  std::int64_t procedures_total = 0;
  std::int64_t procedures_online = 0;
  std::int64_t procedures_online_full = 0;
  std::int64_t online_with_online_dossiers = 0;
  std::int64_t received = 0;
  std::array<std::int64_t, 3> received_by_channel{}; // online, direct, postal
  std::int64_t of_online_procedures = 0;
  std::int64_t online_of_online_procedures = 0;
  std::int64_t resolved = 0;
  std::int64_t early = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t pending = 0;
  std::int64_t due_soon = 0;
  std::int64_t paused = 0;
  std::int64_t overdue = 0;
  std::int64_t with_fee = 0;
  std::int64_t paid_online_with_fee = 0;
  std::int64_t late_without_apology = 0;
  // Decision 766 (stats/indicators): the progress indicator's counts (audit/progress_766) ...
  std::int64_t progress_handled = 0; // resolved in P, or in progress at A
  std::int64_t progress_in_time = 0; // of those, resolved or in progress within the deadline
  // ... dossiers received of procedures eligible for full-online service (full or partial online on the last
  // day), of which received online for a full-online procedure ...
  std::int64_t of_eligible_procedures = 0;
  std::int64_t full_online_dossiers = 0;
  // ... and dossiers received whose procedure has a fee on the last day, of which paid online.
  std::int64_t of_procedures_with_fee = 0;
  std::int64_t paid_online_of_procedures_with_fee = 0;

  // The metric values, rates unrounded.
  MetricValues values() const;
  // Adds another tally's counters (a parallel job's share of the same row).
  void merge(const Tally& other);
};

// Index of a channel in Tally::received_by_channel (online, direct, postal).
size_t channel_index(Channel c);

enum class GroupBy { agency, field, procedure, channel, month };
std::string_view group_by_name(GroupBy g);
std::optional<GroupBy> parse_group_by(std::string_view s);

// One row of a grouping. key "" = dossiers whose agency/field is not known.
struct GroupRow {
  std::string key;
  std::string label; // agency, field or procedure name from the catalog; "" when none
  Tally tally;
};

struct PeriodStats {
  Period period;
  Instant as_of = 0;     // A: the end of the last day of P, or now if earlier
  Days catalog_date = 0; // the catalog as it stood on the last day of P
  Tally total;
  // Dossiers counted in this period that were received before the first catalog snapshot
  // (CatalogHistory::before_first_snapshot): their procedure is unknown, so the figures miss them.
  std::int64_t before_first_catalog = 0;
  std::optional<Days> first_catalog; // the first snapshot's date, for the message; nullopt with no catalog
  // Every grouping computed (the requested --by, and those the html charts need).
  std::map<GroupBy, std::vector<GroupRow>> groups;
};

// What to compute. `now` is passed in so the same call always gives the same answer.
struct StatsRequest {
  Period period;
  std::optional<Period> compare;
  std::vector<GroupBy> groupings; // computed for `period` only
  Instant now = 0;
  std::int64_t due_soon_seconds = k_default_due_soon_seconds;
  // --agency-structure: agency groups (of the period and of the comparison) are those of each agency's successor.
  AgencyRoll* agency_roll = nullptr;
};

// The procedures as they stood on a date (catalog_as_of over the cache, or a test's list).
using CatalogAt = std::function<std::vector<Procedure>(Days)>;

// The pass itself, fed one dossier at a time in any order; separate from the cache so
// tests can feed crafted dossiers. Memory grows with groups and procedures, never with
// the number of dossiers.
class StatsPass {
public:
  StatsPass(const StatsRequest& request, const WorkCalendar& calendar, const CatalogHistory& history,
            const CatalogAt& catalog_at);
  ~StatsPass();
  StatsPass(const StatsPass&) = delete;
  StatsPass& operator=(const StatsPass&) = delete;

  // The last local date a dossier can be received on and still count: stream up to it.
  Days last_receipt_date() const;
  void add(const Dossier& d);
  // Adds what a pass over later dossiers (in storage order: a later parallel job) counted; a group's
  // label stays the one met first, as in a single pass. Both passes come from the same request.
  void merge(const StatsPass& later);
  // The period (and comparison period) statistics.
  PeriodStats result() const;
  std::optional<PeriodStats> compare_result() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// Runs the pass over the cache (in `jobs` parallel jobs: dossiers/scan, k_auto_jobs is one per core),
// catalog from its history. The result is the same whatever the number of jobs; `jobs_run`, when
// given, receives how many ran (for --verbose).
Result<std::pair<PeriodStats, std::optional<PeriodStats>>> compute_stats(store::Database& db,
                                                                         const WorkCalendar& calendar,
                                                                         const StatsRequest& request, int jobs = 1,
                                                                         int* jobs_run = nullptr);

// Rates to 4 decimals, as motcua-metrics(7) says (0.6602); ratios and multiples to 2 (3.14).
double round_rate(double v);
double round_ratio(double v);

// --compare: P / P2 for each count (null when P2 is 0), P − P2 for each rate (null when either is).
struct Comparison {
  MetricValues ratios;
  MetricValues differences;
};
Comparison compare_metrics(const Tally& p, const Tally& p2);

} // namespace motcua
