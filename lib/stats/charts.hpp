#pragma once
// The html report's charts as inline SVG text: no scripts, no fonts, no network, so
// the report stays one file that any browser (or printer) renders the same way.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/labels.hpp"
#include "stats/metrics.hpp"

namespace motcua {

// Stacked bars: dossiers received per month, split by channel (rows of --by month).
std::string svg_monthly_channels(const std::vector<GroupRow>& months, Lang lang);
// Horizontal bars: on-time rate per agency (rows of --by agency), with the target as a
// dashed line when there is one. Agencies that resolved nothing are left out.
std::string svg_on_time_by_agency(const std::vector<GroupRow>& agencies, std::optional<double> target, Lang lang);
// One 100% bar: the catalog's procedures by online level (full, partial, none).
std::string svg_catalog_levels(const Tally& total, Lang lang);

} // namespace motcua
