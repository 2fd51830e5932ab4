#include "stats/report.hpp"

#include <cmath>
#include <cstdio>

#include "io/render.hpp"
#include "io/text.hpp"
#include "stats/charts.hpp"
#include "util/version.hpp"

namespace motcua {

namespace {

std::optional<double> value_of(const MetricValues& v, Metric m) { return v[static_cast<size_t>(m)]; }

std::int64_t count_of(const MetricValues& v, Metric m) {
  auto x = value_of(v, m);
  return x ? static_cast<std::int64_t>(std::llround(*x)) : 0;
}

// 23:59 31/12/2018 (vi) or 2018-12-31 23:59 (en): the instant A in words people read.
std::string format_moment_for(Instant t, Lang lang) {
  int s = local_seconds_of_day(t);
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", s / 3600, s / 60 % 60);
  return lang == Lang::vi ? std::string(hm) + " " + format_day(local_date(t), lang)
                          : format_day(local_date(t), lang) + " " + hm;
}

std::string title_of(const StatsExport& e) {
  return std::string(phrase(Phrase::report_title, e.lang)) + " — " + period_label(e.main.period, e.lang);
}

// The change against P2 in words: "3,14 lần" for counts, "+9,0 điểm %" for rates.
std::string change_text(Metric m, const Comparison& c, Lang lang) {
  size_t i = static_cast<size_t>(m);
  if (metric_kind(m) == MetricKind::count) return c.ratios[i] ? format_times(*c.ratios[i], lang) : "—";
  return c.differences[i] ? format_points(*c.differences[i], lang) : "—";
}

std::string group_label(GroupBy g, const GroupRow& row, Lang lang) {
  if (!row.label.empty()) return row.label;
  if (g == GroupBy::channel || g == GroupBy::month || row.key.empty()) return group_key_label(g, row.key, lang);
  return "";
}

} // namespace

std::string md_escape(const std::string& raw) {
  // Line breaks become spaces (a table row is one line); other controls are shown escaped, for
  // the file is read as text too (cat, less), then the escapes' backslashes are escaped for Markdown.
  std::string flat = raw;
  for (char& c : flat)
    if (c == '\n' || c == '\r') c = ' ';
  std::string s = printable_for_terminal(flat);
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '\\') out += '\\';
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

namespace {

std::optional<double> on_time_target(const StatsExport& e) {
  for (const auto& t : e.targets)
    if (t.target.metric == Metric::on_time_rate && t.target.min) return t.target.min;
  return std::nullopt;
}

const std::vector<GroupRow>& grouping(const StatsExport& e, GroupBy g) {
  static const std::vector<GroupRow> k_none;
  auto it = e.main.groups.find(g);
  return it == e.main.groups.end() ? k_none : it->second;
}

std::string target_name(const TargetResult& t, Lang lang) {
  return t.target.label.empty() ? std::string(metric_label(t.target.metric, lang)) : t.target.label;
}

constexpr const char* k_css = R"CSS(
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4;
       color: #1d2733; max-width: 186mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 16pt; margin: 0 0 4px; color: #0d3b66; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; color: #0d3b66; border-bottom: 2px solid #0d3b66; padding-bottom: 2px;
     break-after: avoid; page-break-after: avoid; }
.meta { color: #4a5866; margin: 0 0 10px; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.card { border: 1px solid #d5dbe3; border-left: 4px solid #1f6fb2; padding: 6px 8px; break-inside: avoid; page-break-inside: avoid; }
.card .v { font-size: 17pt; font-weight: bold; color: #0d3b66; }
.card .l { font-weight: bold; }
.card .d { color: #4a5866; font-size: 8.5pt; }
figure { margin: 8px 0 14px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4px 0 10px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #eef2f7; text-align: left; }
th, td { border-bottom: 1px solid #d5dbe3; padding: 3px 5px; vertical-align: top; }
td { overflow-wrap: break-word; }
th.n { text-align: right; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td:first-child { min-width: 32mm; }
.key { color: #6b7785; font-size: 7.5pt; }
.no { color: #b03a2e; font-weight: bold; }
.yes { color: #2e7d32; font-weight: bold; }
footer { margin-top: 16px; color: #6b7785; font-size: 8pt; }
@media print { body { max-width: none; padding: 0; } }
)CSS";

} // namespace

std::vector<Headline> headlines(const StatsExport& e) {
  const Lang lang = e.lang;
  MetricValues v = e.main.total.values();
  std::optional<MetricValues> v2;
  std::optional<Comparison> cmp;
  if (e.compare) {
    v2 = e.compare->total.values();
    cmp = compare_metrics(e.main.total, e.compare->total);
  }
  auto of = [&](std::int64_t num, std::int64_t den) { return format_count(num, lang) + "/" + format_count(den, lang); };
  auto against = [&](Metric m) -> std::string {
    if (!cmp) return "";
    std::string p2 = period_name(e.compare->period);
    return "; " + change_text(m, *cmp, lang) + (lang == Lang::vi ? " so với " : " against ") + p2 + " (" +
           format_metric(m, value_of(*v2, m), lang) + ")";
  };
  std::vector<Headline> out;
  out.push_back({format_count(count_of(v, Metric::procedures_online), lang),
                 std::string(metric_label(Metric::procedures_online, lang)),
                 format_metric(Metric::procedures_online_rate, value_of(v, Metric::procedures_online_rate), lang) +
                     (lang == Lang::vi ? " tổng số " : " of ") +
                     format_count(count_of(v, Metric::procedures_total), lang) +
                     (lang == Lang::vi ? " thủ tục" : " procedures") + against(Metric::procedures_online)});
  out.push_back(
      {format_metric(Metric::online_procedures_with_online_dossiers_rate,
                     value_of(v, Metric::online_procedures_with_online_dossiers_rate), lang),
       std::string(metric_label(Metric::online_procedures_with_online_dossiers_rate, lang)),
       of(count_of(v, Metric::online_procedures_with_online_dossiers), count_of(v, Metric::procedures_online)) +
           against(Metric::online_procedures_with_online_dossiers_rate)});
  out.push_back({format_metric(Metric::online_dossier_rate, value_of(v, Metric::online_dossier_rate), lang),
                 std::string(metric_label(Metric::online_dossier_rate, lang)),
                 of(e.main.total.online_of_online_procedures, e.main.total.of_online_procedures) +
                     against(Metric::online_dossier_rate)});
  out.push_back({format_count(count_of(v, Metric::dossiers_received), lang),
                 std::string(metric_label(Metric::dossiers_received, lang)),
                 std::string(metric_label(Metric::dossiers_received_online, lang)) + ": " +
                     format_count(count_of(v, Metric::dossiers_received_online), lang) +
                     against(Metric::dossiers_received)});
  out.push_back({format_count(count_of(v, Metric::resolved_in_time), lang),
                 std::string(metric_label(Metric::resolved_in_time, lang)),
                 std::string(metric_label(Metric::on_time_rate, lang)) + ": " +
                     format_metric(Metric::on_time_rate, value_of(v, Metric::on_time_rate), lang) + " (" +
                     of(count_of(v, Metric::resolved_in_time), count_of(v, Metric::dossiers_resolved)) + ")" +
                     against(Metric::on_time_rate)});
  out.push_back({format_count(count_of(v, Metric::overdue), lang), std::string(metric_label(Metric::overdue, lang)),
                 std::string(metric_label(Metric::late_without_apology, lang)) + ": " +
                     format_count(count_of(v, Metric::late_without_apology), lang)});
  return out;
}

void write_stats_markdown(std::ostream& out, const StatsExport& e) {
  const Lang lang = e.lang;
  out << "# " << md_escape(title_of(e)) << "\n\n";
  out << "- **" << phrase(Phrase::period, lang) << ":** " << period_label(e.main.period, lang) << " ("
      << format_day(e.main.period.from, lang) << " – " << format_day(e.main.period.to, lang) << ")\n";
  out << "- **" << phrase(Phrase::catalog_as_of, lang) << ":** " << format_day(e.main.catalog_date, lang) << "\n";
  out << "- **" << phrase(Phrase::states_as_of, lang) << ":** " << format_moment_for(e.main.as_of, lang) << "\n\n";

  out << "## " << phrase(Phrase::headline, lang) << "\n\n";
  for (const auto& h : headlines(e))
    out << "- **" << h.value << "** " << md_escape(h.label) << " — " << md_escape(h.detail) << "\n";

  out << "\n## " << phrase(Phrase::all_metrics, lang) << "\n\n";
  MetricValues v = e.main.total.values(), v2;
  std::optional<Comparison> cmp;
  out << "| " << phrase(Phrase::metric, lang) << " | " << period_name(e.main.period);
  if (e.compare) {
    v2 = e.compare->total.values();
    cmp = compare_metrics(e.main.total, e.compare->total);
    out << " | " << period_name(e.compare->period) << " | " << phrase(Phrase::change, lang);
  }
  out << " |\n| --- | ---:" << (e.compare ? " | ---: | ---:" : "") << " |\n";
  for (size_t i = 0; i < k_metric_count; ++i) {
    auto m = static_cast<Metric>(i);
    out << "| " << md_escape(std::string(metric_label(m, lang))) << " (`" << metric_name(m) << "`) | "
        << format_metric(m, v[i], lang);
    if (cmp) out << " | " << format_metric(m, v2[i], lang) << " | " << change_text(m, *cmp, lang);
    out << " |\n";
  }

  if (!e.targets.empty()) {
    out << "\n## " << phrase(Phrase::targets, lang) << "\n\n";
    out << "| " << phrase(Phrase::target, lang) << " | " << phrase(Phrase::actual, lang) << " | "
        << phrase(Phrase::minimum, lang) << " | " << phrase(Phrase::maximum, lang) << " | " << phrase(Phrase::met, lang)
        << " | " << phrase(Phrase::multiple, lang) << " |\n| --- | ---: | ---: | ---: | --- | ---: |\n";
    for (const auto& t : e.targets) {
      auto m = t.target.metric;
      out << "| " << md_escape(target_name(t, lang)) << " | " << format_metric(m, t.actual, lang) << " | "
          << format_metric(m, t.target.min, lang) << " | " << format_metric(m, t.target.max, lang) << " | "
          << phrase(t.met ? Phrase::yes : Phrase::no, lang) << " | "
          << (t.multiple ? format_times(*t.multiple, lang) : "—") << " |\n";
    }
  }

  if (e.by) {
    out << "\n## " << phrase(Phrase::groups, lang) << ": " << group_by_label(*e.by, lang) << "\n\n";
    out << "| " << group_by_label(*e.by, lang) << " | " << phrase(Phrase::name, lang);
    for (Metric m : group_table_metrics()) out << " | " << md_escape(std::string(metric_label(m, lang)));
    out << " |\n| --- | ---";
    for (size_t i = 0; i < group_table_metrics().size(); ++i) out << " | ---:";
    out << " |\n";
    for (const auto& g : e.group_rows()) {
      MetricValues gv = g.tally.values();
      out << "| " << md_escape(g.key.empty() ? "—" : g.key) << " | " << md_escape(group_label(*e.by, g, lang));
      for (Metric m : group_table_metrics()) out << " | " << format_metric(m, gv[static_cast<size_t>(m)], lang);
      out << " |\n";
    }
  }
  if (e.agency_structure)
    out << '\n' << md_escape(agency_structure_note(*e.agency_structure, e.merged_agencies)) << '\n';
  out << "\n_" << phrase(Phrase::generated_by, lang) << " " << k_version << "_\n";
  out.flush();
}

void write_stats_html(std::ostream& out, const StatsExport& e) {
  const Lang lang = e.lang;
  auto h = [](const std::string& s) { return html_escape(s); };
  out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::vi ? "vi" : "en")
      << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"motcua " << k_version << "\">\n"
      << "<link rel=\"icon\" href=\"data:,\">\n<title>" << h(title_of(e)) << "</title>\n<style>" << k_css
      << "</style>\n</head>\n<body>\n";
  out << "<header>\n<h1>" << h(title_of(e)) << "</h1>\n<p class=\"meta\">"
      << h(std::string(phrase(Phrase::period, lang))) << ": " << h(period_label(e.main.period, lang)) << " ("
      << format_day(e.main.period.from, lang) << " – " << format_day(e.main.period.to, lang) << ") · "
      << h(std::string(phrase(Phrase::catalog_as_of, lang))) << " " << format_day(e.main.catalog_date, lang) << " · "
      << h(std::string(phrase(Phrase::states_as_of, lang))) << " " << h(format_moment_for(e.main.as_of, lang))
      << "</p>\n</header>\n";

  out << "<section>\n<h2>" << h(std::string(phrase(Phrase::headline, lang))) << "</h2>\n<div class=\"cards\">\n";
  for (const auto& hl : headlines(e))
    out << "<div class=\"card\"><div class=\"v\">" << h(hl.value) << "</div><div class=\"l\">" << h(hl.label)
        << "</div><div class=\"d\">" << h(hl.detail) << "</div></div>\n";
  out << "</div>\n</section>\n";

  out << "<section>\n<figure><figcaption>" << h(std::string(phrase(Phrase::chart_monthly, lang))) << "</figcaption>"
      << svg_monthly_channels(grouping(e, GroupBy::month), lang) << "</figure>\n";
  out << "<figure><figcaption>" << h(std::string(phrase(Phrase::chart_on_time, lang))) << "</figcaption>"
      << svg_on_time_by_agency(grouping(e, GroupBy::agency), on_time_target(e), lang) << "</figure>\n";
  out << "<figure><figcaption>" << h(std::string(phrase(Phrase::chart_levels, lang))) << "</figcaption>"
      << svg_catalog_levels(e.main.total, lang) << "</figure>\n</section>\n";

  if (!e.targets.empty()) {
    out << "<section>\n<h2>" << h(std::string(phrase(Phrase::targets, lang))) << "</h2>\n<table>\n<thead><tr><th>"
        << h(std::string(phrase(Phrase::target, lang))) << "</th><th class=\"n\">"
        << h(std::string(phrase(Phrase::actual, lang))) << "</th><th class=\"n\">"
        << h(std::string(phrase(Phrase::minimum, lang))) << "</th><th class=\"n\">"
        << h(std::string(phrase(Phrase::maximum, lang))) << "</th><th>" << h(std::string(phrase(Phrase::met, lang)))
        << "</th><th class=\"n\">" << h(std::string(phrase(Phrase::multiple, lang))) << "</th></tr></thead>\n<tbody>\n";
    for (const auto& t : e.targets) {
      auto m = t.target.metric;
      out << "<tr><td>" << h(target_name(t, lang)) << "<div class=\"key\">" << metric_name(m)
          << "</div></td><td class=\"n\">" << h(format_metric(m, t.actual, lang)) << "</td><td class=\"n\">"
          << h(format_metric(m, t.target.min, lang)) << "</td><td class=\"n\">"
          << h(format_metric(m, t.target.max, lang)) << "</td><td class=\"" << (t.met ? "yes" : "no") << "\">"
          << h(std::string(phrase(t.met ? Phrase::yes : Phrase::no, lang))) << "</td><td class=\"n\">"
          << h(t.multiple ? format_times(*t.multiple, lang) : "—") << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n</section>\n";
  }

  out << "<section>\n<h2>" << h(std::string(phrase(Phrase::all_metrics, lang))) << "</h2>\n<table>\n<thead><tr><th>"
      << h(std::string(phrase(Phrase::metric, lang))) << "</th><th class=\"n\">" << h(period_name(e.main.period))
      << "</th>";
  MetricValues v = e.main.total.values(), v2;
  std::optional<Comparison> cmp;
  if (e.compare) {
    v2 = e.compare->total.values();
    cmp = compare_metrics(e.main.total, e.compare->total);
    out << "<th class=\"n\">" << h(period_name(e.compare->period)) << "</th><th class=\"n\">"
        << h(std::string(phrase(Phrase::change, lang))) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < k_metric_count; ++i) {
    auto m = static_cast<Metric>(i);
    out << "<tr><td>" << h(std::string(metric_label(m, lang))) << "<div class=\"key\">" << metric_name(m)
        << "</div></td><td class=\"n\">" << h(format_metric(m, v[i], lang)) << "</td>";
    if (cmp)
      out << "<td class=\"n\">" << h(format_metric(m, v2[i], lang)) << "</td><td class=\"n\">"
          << h(change_text(m, *cmp, lang)) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";

  if (e.by) {
    out << "<section>\n<h2>" << h(std::string(phrase(Phrase::groups, lang))) << ": "
        << h(std::string(group_by_label(*e.by, lang))) << "</h2>\n<table>\n<thead><tr><th>"
        << h(std::string(group_by_label(*e.by, lang))) << "</th>";
    for (Metric m : group_table_metrics())
      out << "<th class=\"n\">" << h(std::string(metric_label(m, lang))) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (const auto& g : e.group_rows()) {
      MetricValues gv = g.tally.values();
      std::string label = group_label(*e.by, g, lang);
      out << "<tr><td>" << h(label.empty() ? g.key : label);
      if (!label.empty() && !g.key.empty() && label != g.key && *e.by != GroupBy::channel && *e.by != GroupBy::month)
        out << "<div class=\"key\">" << h(g.key) << "</div>";
      out << "</td>";
      for (Metric m : group_table_metrics())
        out << "<td class=\"n\">" << h(format_metric(m, gv[static_cast<size_t>(m)], lang)) << "</td>";
      out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n</section>\n";
  }
  out << "<footer>" << h(std::string(phrase(Phrase::generated_by, lang))) << " " << k_version
      << "</footer>\n</body>\n</html>\n";
  out.flush();
}

} // namespace motcua
