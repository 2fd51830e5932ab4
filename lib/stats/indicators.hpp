#pragma once
// `stats export --indicators 766`: the indicators of Decision 766/QĐ-TTg that one-stop data can give
// (motcua-metrics(7), DECISION 766 INDICATORS), from the counters of the stats pass, and the points of a
// user-supplied scoring file (`--scoring FILE`, motcua-formats(5), SCORING FILE).
#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stats/export.hpp"
#include "util/error.hpp"

namespace motcua {

// The computable indicators in output order; the value indexes IndicatorValues.
enum class Indicator {
  progress,
  full_online_dossiers,
  channel_online,
  channel_direct,
  channel_postal,
  online_payment,
  full_online_procedures,
};
inline constexpr size_t k_indicator_count = 7;

std::string_view indicator_name(Indicator i);
std::optional<Indicator> parse_indicator(std::string_view name);
std::string_view indicator_label(Indicator i, Lang lang);

// numerator / denominator; rate null when the denominator is 0; points only with a scoring file.
struct IndicatorValue {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> rate;   // unrounded fraction
  std::optional<double> points; // null without a scoring rule for it, or without a rate
  bool applies = true;          // false for procedure counts where no catalog applies (channel groups)
};
using IndicatorValues = std::array<IndicatorValue, k_indicator_count>;

// How one indicator is scored: `scale` × rate, or the points of the first band whose min the rate reaches
// (bands sorted by min, highest first; below every band 0 points).
struct ScoringRule {
  std::optional<double> scale;
  std::vector<std::pair<double, double>> bands; // (min rate, points)
};
struct Scoring {
  std::array<std::optional<ScoringRule>, k_indicator_count> rules;
};

// Parses the JSON text of a scoring file; `source` names it in messages, which name the indicator and field.
Result<Scoring> parse_scoring(std::string_view text, const std::string& source);
Result<Scoring> load_scoring(const std::string& path);
// The points of a rate under a rule, from the published (4-decimal) rate, rounded to 2 decimals.
double score(const ScoringRule& rule, double rate);

// The sum of the points given (null when none was).
std::optional<double> points_total(const IndicatorValues& values);

// The indicators of one period or group.
IndicatorValues indicators_766(const Tally& t, const Scoring* scoring);

// The JSON document: decision, period, as_of, catalog_as_of, indicators, groups, compare, not_computable.
nlohmann::ordered_json indicators_json(const StatsExport& e, const Scoring* scoring);
// One row per period or group and indicator: key,label,indicator,numerator,denominator,rate[,points].
void write_indicators_csv(std::ostream& out, const StatsExport& e, const Scoring* scoring);
// For terminals (table) and Markdown (md): the indicators of the period, the comparison, then each group.
void write_indicators_table(std::ostream& out, const StatsExport& e, const Scoring* scoring);
void write_indicators_markdown(std::ostream& out, const StatsExport& e, const Scoring* scoring);

} // namespace motcua
