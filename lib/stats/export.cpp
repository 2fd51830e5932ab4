#include "stats/export.hpp"

#include <algorithm>
#include <cmath>

#include "io/csv_writer.hpp"
#include "io/render.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

nlohmann::ordered_json value_json(Metric m, const std::optional<double>& v) {
  if (!v) return nullptr;
  if (metric_kind(m) == MetricKind::rate) return round_rate(*v);
  return static_cast<std::int64_t>(std::llround(*v));
}

nlohmann::ordered_json period_json(const Period& p) {
  return {{"from", format_date(p.from)}, {"to", format_date(p.to)}};
}

nlohmann::ordered_json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

// A group's label for people: the catalog's name, or the spelled-out channel or month.
std::string row_label(GroupBy g, const GroupRow& row, Lang lang) {
  if (!row.label.empty()) return row.label;
  if (g == GroupBy::channel || g == GroupBy::month || row.key.empty()) return group_key_label(g, row.key, lang);
  return "";
}

// The shared table layout with the first `left_columns` columns left-aligned, the rest right.
void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows, size_t left_columns) {
  size_t columns = 0;
  for (const auto& r : rows) columns = std::max(columns, r.size());
  std::vector<bool> right(columns, true);
  for (size_t i = 0; i < left_columns && i < columns; ++i) right[i] = false;
  write_table(out, rows, right);
}

} // namespace

const std::vector<GroupRow>& StatsExport::group_rows() const {
  static const std::vector<GroupRow> k_none;
  if (!by) return k_none;
  auto it = main.groups.find(*by);
  return it == main.groups.end() ? k_none : it->second;
}

const std::vector<GroupRow>& StatsExport::compare_group_rows() const {
  static const std::vector<GroupRow> k_none;
  if (!by || !compare) return k_none;
  auto it = compare->groups.find(*by);
  return it == compare->groups.end() ? k_none : it->second;
}

const std::vector<Metric>& group_table_metrics() {
  static const std::vector<Metric> k = {
      Metric::procedures_total,    Metric::procedures_online, Metric::procedures_online_rate, Metric::dossiers_received,
      Metric::online_dossier_rate, Metric::dossiers_resolved, Metric::on_time_rate,           Metric::overdue};
  return k;
}

nlohmann::ordered_json metrics_json(const MetricValues& values) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t i = 0; i < k_metric_count; ++i) {
    auto m = static_cast<Metric>(i);
    j[std::string(metric_name(m))] = value_json(m, values[i]);
  }
  return j;
}

nlohmann::ordered_json stats_json(const StatsExport& e) {
  nlohmann::ordered_json j;
  j["period"] = period_json(e.main.period);
  j["catalog_as_of"] = format_date(e.main.catalog_date);
  j["as_of"] = format_instant(e.main.as_of);
  j["before_first_catalog"] = e.main.before_first_catalog;
  j["metrics"] = metrics_json(e.main.total.values());
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const auto& row : e.group_rows()) {
    nlohmann::ordered_json g;
    g["by"] = group_by_name(*e.by);
    g["key"] = row.key.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.key);
    std::string label = row_label(*e.by, row, e.lang);
    g["label"] = label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(label);
    g["metrics"] = metrics_json(row.tally.values());
    groups.push_back(std::move(g));
  }
  j["groups"] = std::move(groups);
  if (e.compare) {
    Comparison c = compare_metrics(e.main.total, e.compare->total);
    nlohmann::ordered_json cj;
    cj["period"] = period_json(e.compare->period);
    cj["catalog_as_of"] = format_date(e.compare->catalog_date);
    cj["as_of"] = format_instant(e.compare->as_of);
    cj["before_first_catalog"] = e.compare->before_first_catalog;
    cj["metrics"] = metrics_json(e.compare->total.values());
    nlohmann::ordered_json ratios = nlohmann::ordered_json::object(), diffs = nlohmann::ordered_json::object();
    for (size_t i = 0; i < k_metric_count; ++i) {
      auto m = static_cast<Metric>(i);
      if (metric_kind(m) == MetricKind::count) ratios[std::string(metric_name(m))] = optional_json(c.ratios[i]);
      else diffs[std::string(metric_name(m))] = optional_json(c.differences[i]);
    }
    cj["ratios"] = std::move(ratios);
    cj["differences"] = std::move(diffs);
    if (e.by) { // the comparison period's groups, keyed like the period's (--agency-structure: successors)
      nlohmann::ordered_json cgroups = nlohmann::ordered_json::array();
      for (const auto& row : e.compare_group_rows()) {
        nlohmann::ordered_json g;
        g["by"] = group_by_name(*e.by);
        g["key"] = row.key.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.key);
        std::string label = row_label(*e.by, row, e.lang);
        g["label"] = label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(label);
        g["metrics"] = metrics_json(row.tally.values());
        cgroups.push_back(std::move(g));
      }
      cj["groups"] = std::move(cgroups);
    }
    j["compare"] = std::move(cj);
  } else {
    j["compare"] = nullptr;
  }
  nlohmann::ordered_json targets = nlohmann::ordered_json::array();
  for (const auto& t : e.targets) {
    nlohmann::ordered_json tj;
    tj["metric"] = metric_name(t.target.metric);
    tj["actual"] = value_json(t.target.metric, t.actual);
    tj["min"] = optional_json(t.target.min);
    tj["max"] = optional_json(t.target.max);
    tj["met"] = t.met;
    tj["multiple"] = optional_json(t.multiple);
    tj["label"] = t.target.label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.target.label);
    targets.push_back(std::move(tj));
  }
  j["targets"] = std::move(targets);
  if (e.agency_structure) j["agency_structure"] = agency_structure_json(*e.agency_structure, e.merged_agencies);
  return j;
}

void write_stats_csv(std::ostream& out, const StatsExport& e) {
  CsvWriter csv(out);
  csv.name("key").name("label");
  for (size_t i = 0; i < k_metric_count; ++i) csv.name(metric_name(static_cast<Metric>(i)));
  csv.end_row();
  auto row = [&](const std::string& key, const std::string& label, const Tally& t) {
    csv.text(key).text(label);
    MetricValues v = t.values();
    for (size_t i = 0; i < k_metric_count; ++i) csv.value(value_json(static_cast<Metric>(i), v[i]));
    csv.end_row();
  };
  row("all", period_name(e.main.period), e.main.total);
  for (const auto& r : e.group_rows()) row(r.key, row_label(*e.by, r, e.lang), r.tally);
  if (e.compare) row("compare", period_name(e.compare->period), e.compare->total);
  out.flush();
}

void write_stats_table(std::ostream& out, const StatsExport& e) {
  const Lang lang = e.lang;
  out << phrase(Phrase::period, lang) << ": " << period_label(e.main.period, lang) << " ("
      << format_day(e.main.period.from, lang) << " – " << format_day(e.main.period.to, lang) << "); "
      << phrase(Phrase::catalog_as_of, lang) << " " << format_day(e.main.catalog_date, lang) << "\n\n";

  std::optional<Comparison> cmp;
  if (e.compare) cmp = compare_metrics(e.main.total, e.compare->total);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {std::string(phrase(Phrase::metric, lang)), "", period_name(e.main.period)};
  if (e.compare) {
    head.push_back(period_name(e.compare->period));
    head.push_back(std::string(phrase(Phrase::change, lang)));
  }
  rows.push_back(head);
  MetricValues v = e.main.total.values(), v2;
  if (e.compare) v2 = e.compare->total.values();
  for (size_t i = 0; i < k_metric_count; ++i) {
    auto m = static_cast<Metric>(i);
    std::vector<std::string> r = {std::string(metric_name(m)), std::string(metric_label(m, lang)),
                                  format_metric(m, v[i], lang)};
    if (cmp) {
      r.push_back(format_metric(m, v2[i], lang));
      const auto& change = metric_kind(m) == MetricKind::count ? cmp->ratios[i] : cmp->differences[i];
      r.push_back(!change                               ? "—"
                  : metric_kind(m) == MetricKind::count ? format_times(*change, lang)
                                                        : format_points(*change, lang));
    }
    rows.push_back(std::move(r));
  }
  write_aligned(out, rows, 2);

  if (!e.targets.empty()) {
    out << '\n' << phrase(Phrase::targets, lang) << '\n';
    rows.clear();
    rows.push_back({std::string(phrase(Phrase::metric, lang)), std::string(phrase(Phrase::actual, lang)),
                    std::string(phrase(Phrase::minimum, lang)), std::string(phrase(Phrase::maximum, lang)),
                    std::string(phrase(Phrase::met, lang)), std::string(phrase(Phrase::multiple, lang))});
    for (const auto& t : e.targets) {
      auto m = t.target.metric;
      rows.push_back({std::string(metric_name(m)), format_metric(m, t.actual, lang),
                      format_metric(m, t.target.min, lang), format_metric(m, t.target.max, lang),
                      std::string(phrase(t.met ? Phrase::yes : Phrase::no, lang)),
                      t.multiple ? format_times(*t.multiple, lang) : "—"});
    }
    write_aligned(out, rows, 1);
  }

  if (e.by) {
    out << '\n' << phrase(Phrase::groups, lang) << ": " << group_by_label(*e.by, lang) << '\n';
    rows.clear();
    std::vector<std::string> gh = {std::string(group_by_label(*e.by, lang)), std::string(phrase(Phrase::name, lang))};
    for (Metric m : group_table_metrics()) gh.emplace_back(metric_name(m));
    rows.push_back(gh);
    for (const auto& g : e.group_rows()) {
      std::vector<std::string> r = {g.key.empty() ? "-" : g.key,
                                    clip(printable_for_terminal(row_label(*e.by, g, lang)), 40)};
      MetricValues gv = g.tally.values();
      for (Metric m : group_table_metrics()) r.push_back(format_metric(m, gv[static_cast<size_t>(m)], lang));
      rows.push_back(std::move(r));
    }
    write_aligned(out, rows, 2);
  }
  if (e.agency_structure)
    out << '\n' << printable_for_terminal(agency_structure_note(*e.agency_structure, e.merged_agencies)) << '\n';
  out.flush();
}

} // namespace motcua
