#pragma once
// Words and numbers for people: metric labels in Vietnamese (the default) or English,
// and numbers written the way each language writes them (640.399 and 98,9% in Vietnamese).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dossiers/dossier.hpp"
#include "stats/metrics.hpp"

namespace motcua {

enum class Lang { vi, en };
std::optional<Lang> parse_lang(std::string_view s);

std::string_view metric_label(Metric m, Lang lang);
std::string_view channel_label(Channel c, Lang lang);
// "Cơ quan" / "Agency", ... : the heading of a grouping's key column.
std::string_view group_by_label(GroupBy g, Lang lang);
// A group key as people read it: channels and months spelled out, "" as "(not known)".
std::string group_key_label(GroupBy g, const std::string& key, Lang lang);

// 640399 → "640.399" (vi) or "640,399" (en).
std::string format_count(std::int64_t n, Lang lang);
// A fraction as a percentage with one decimal: 0.98905 → "98,9%" (vi) or "98.9%" (en).
std::string format_percent(double fraction, Lang lang);
// A rate difference in percentage points: 0.09 → "+9,0 điểm %" (vi) or "+9.0 pp" (en).
std::string format_points(double fraction, Lang lang);
// A ratio or multiple: 3.1408 → "3,14 lần" (vi) or "3.14×" (en).
std::string format_times(double ratio, Lang lang);
// A plain number with `decimals` digits and the language's decimal mark.
std::string format_decimal(double v, int decimals, Lang lang);
// A metric value: counts as counts, rates as percentages, null as "—".
std::string format_metric(Metric m, const std::optional<double>& v, Lang lang);
// 2018-12-31 → "31/12/2018" (vi) or "2018-12-31" (en).
std::string format_day(Days d, Lang lang);
// "2018", "Quý 3/2018", "Tháng 7/2018", or "01/07/2018 – 30/09/2018".
std::string period_label(const Period& p, Lang lang);

// One phrase per piece of report text, so md, html and table say the same things.
enum class Phrase {
  report_title,
  period,
  catalog_as_of,
  states_as_of,
  headline,
  all_metrics,
  metric,
  value,
  change,
  comparison,
  targets,
  target,
  actual,
  minimum,
  maximum,
  met,
  multiple,
  yes,
  no,
  groups,
  chart_monthly,
  chart_on_time,
  chart_levels,
  target_line,
  level_full,
  level_partial,
  level_none,
  no_data,
  name,
  generated_by,
};
std::string_view phrase(Phrase p, Lang lang);

} // namespace motcua
