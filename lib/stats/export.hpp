#pragma once
// What `stats export` hands to its writers, and the writers for scripts and
// terminals: JSON (the shape of motcua-stats(1)), CSV (one row per group) and an aligned table.
#include <map>
#include <optional>
#include <set>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "stats/labels.hpp"
#include "stats/metrics.hpp"
#include "stats/targets.hpp"

namespace motcua {

struct StatsExport {
  PeriodStats main;
  std::optional<GroupBy> by;          // the requested --by (main.groups may hold more, for charts)
  std::optional<PeriodStats> compare; // --compare
  std::vector<TargetResult> targets;  // --targets
  Lang lang = Lang::vi;               // group labels of channels and months
  // --agency-structure: the date agencies were rolled to, and successor → the old codes merged into it.
  std::optional<Days> agency_structure;
  std::map<std::string, std::set<std::string>> merged_agencies;

  // The rows of the requested grouping (empty without --by).
  const std::vector<GroupRow>& group_rows() const;
  // The same rows of the comparison period (empty without --by or --compare).
  const std::vector<GroupRow>& compare_group_rows() const;
};

// Counts as integers, rates rounded to 4 decimals, null as null, in motcua-metrics(7)'s order.
nlohmann::ordered_json metrics_json(const MetricValues& values);
// The whole JSON document: period, catalog_as_of, metrics, groups, compare, targets.
nlohmann::ordered_json stats_json(const StatsExport& e);
// One row per group, the whole period first (key `all`), one column per metric; with
// --compare a last row keyed `compare` holds P2's metrics.
void write_stats_csv(std::ostream& out, const StatsExport& e);
// For terminals: the metrics with labels (and the comparison), targets, then the groups,
// aligned, numbers right-aligned with thousands separators.
void write_stats_table(std::ostream& out, const StatsExport& e);

// The columns shown per group in tables and reports for people (CSV and JSON carry all).
const std::vector<Metric>& group_table_metrics();

} // namespace motcua
