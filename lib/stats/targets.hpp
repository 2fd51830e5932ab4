#pragma once
// `stats export --targets FILE` (motcua-formats(5)): goals such as Resolution 17/NQ-CP's
// "20% of dossiers online", checked against a period's metrics.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/metrics.hpp"
#include "util/error.hpp"

namespace motcua {

struct Target {
  Metric metric = Metric::procedures_total;
  std::optional<double> min;
  std::optional<double> max;
  std::string label; // "" when the file gives none
};

// Parses the JSON text of a targets file; `source` names it in error messages, which
// also name the target's position and field (ErrorKind::input).
Result<std::vector<Target>> parse_targets(std::string_view text, const std::string& source);
// Reads and parses a targets file.
Result<std::vector<Target>> load_targets(const std::string& path);

// One target against the period: the published (rounded) value decides `met`, so the
// verdict agrees with the figure people read.
struct TargetResult {
  Target target;
  std::optional<double> actual;   // null when the metric has no value (a rate over nothing)
  bool met = false;               // false when actual is null
  std::optional<double> multiple; // actual / min (44% against 20% → 2.2); null without a positive min
};

std::vector<TargetResult> evaluate_targets(const std::vector<Target>& targets, const MetricValues& values);

} // namespace motcua
