#pragma once
// Reports for people: Markdown, and one self-contained HTML file (inline CSS and SVG
// charts, no scripts, no network) laid out to print on A4. Vietnamese by default.
#include <ostream>
#include <string>
#include <vector>

#include "stats/export.hpp"

namespace motcua {

// A headline figure: the number people quote, what it counts, and how it was reached.
struct Headline {
  std::string value;  // "647"
  std::string label;  // "Dịch vụ công trực tuyến toàn trình và một phần"
  std::string detail; // "66,0% of 980 procedures; 3,14 lần 2015 (206)"
};

// The figures an official published account quotes (on-time, online rates), from the period (and comparison).
std::vector<Headline> headlines(const StatsExport& e);

// Text for a Markdown table cell: one line, controls shown escaped, Markdown's special characters escaped.
std::string md_escape(const std::string& raw);

// Headline figures, the metrics with the comparison, targets, and the group table.
void write_stats_markdown(std::ostream& out, const StatsExport& e);
// The same as one HTML document, plus three charts: monthly receipts by channel (needs
// the month grouping in e.main.groups), on-time rate per agency against the on_time_rate
// target (needs the agency grouping), and the catalog's online levels.
void write_stats_html(std::ostream& out, const StatsExport& e);

} // namespace motcua
