#include "stats/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "io/csv_writer.hpp"
#include "io/json_stream.hpp"
#include "io/render.hpp"
#include "io/text.hpp"
#include "stats/report.hpp"

namespace motcua {

namespace {

constexpr std::array<std::string_view, k_indicator_count> k_names = {
    "progress",       "full_online_dossiers", "channel_online",         "channel_direct",
    "channel_postal", "online_payment",       "full_online_procedures",
};

constexpr std::array<std::array<std::string_view, 2>, k_indicator_count> k_labels = {{
    {"Tiến độ giải quyết hồ sơ", "Processing progress"},
    {"Tỷ lệ hồ sơ trực tuyến toàn trình", "Full-online dossier rate"},
    {"Tỷ lệ hồ sơ nộp trực tuyến", "Share received online"},
    {"Tỷ lệ hồ sơ nộp trực tiếp", "Share received in person"},
    {"Tỷ lệ hồ sơ nộp qua bưu chính", "Share received by post"},
    {"Tỷ lệ hồ sơ thanh toán trực tuyến", "Online payment rate"},
    {"Tỷ lệ TTHC cung cấp trực tuyến toàn trình", "Full-online procedure rate"},
}};

// The Decision 766 indicators one-stop data cannot give, and why (also in motcua-metrics(7)).
constexpr std::array<std::array<std::string_view, 2>, 3> k_not_computable = {{
    {"publication", "the publication of procedures on the national portal is recorded there, not in the "
                    "province's catalog or dossiers"},
    {"digitisation", "the digitisation of dossiers and results (signed electronic copies reused) is not in the "
                     "dossier record"},
    {"satisfaction", "citizens' satisfaction comes from the portal's evaluations, not from one-stop data"},
}};

Error bad_scoring(const std::string& source, const std::string& where, const std::string& why) {
  return make_error(ErrorKind::input, source + ": " + where + ": " + why + " (see man 5 motcua-formats, SCORING FILE)");
}

std::string indicator_names_list() {
  std::string s;
  for (auto n : k_names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

nlohmann::ordered_json number_or_null(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

// One indicator as {"numerator","denominator","rate"[,"points"]}; null where it does not apply.
nlohmann::ordered_json value_json(const IndicatorValue& v, bool scored) {
  if (!v.applies) return nullptr;
  nlohmann::ordered_json j;
  j["numerator"] = v.numerator;
  j["denominator"] = v.denominator;
  j["rate"] = v.rate ? nlohmann::ordered_json(round_rate(*v.rate)) : nlohmann::ordered_json(nullptr);
  if (scored) j["points"] = number_or_null(v.points);
  return j;
}

nlohmann::ordered_json values_json(const IndicatorValues& values, const Scoring* scoring) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t i = 0; i < k_indicator_count; ++i) j[std::string(k_names[i])] = value_json(values[i], scoring);
  if (scoring) j["points_total"] = number_or_null(points_total(values));
  return j;
}

std::string group_name(GroupBy g, const GroupRow& row, Lang lang) {
  if (!row.label.empty()) return row.label;
  if (g == GroupBy::channel || g == GroupBy::month || row.key.empty()) return group_key_label(g, row.key, lang);
  return "";
}

// The rows every writer shows: the period, the comparison period, then the groups.
struct Line {
  std::string key, label;
  IndicatorValues values;
};

std::vector<Line> lines_of(const StatsExport& e, const Scoring* scoring) {
  std::vector<Line> out;
  out.push_back({"all", period_name(e.main.period), indicators_766(e.main.total, scoring)});
  if (e.compare) out.push_back({"compare", period_name(e.compare->period), indicators_766(e.compare->total, scoring)});
  for (const auto& r : e.group_rows())
    out.push_back({r.key.empty() ? "-" : r.key, group_name(*e.by, r, e.lang), indicators_766(r.tally, scoring)});
  return out;
}

std::string rate_text(const IndicatorValue& v, Lang lang) { return v.rate ? format_percent(*v.rate, lang) : "—"; }

} // namespace

std::string_view indicator_name(Indicator i) { return k_names[static_cast<size_t>(i)]; }

std::optional<Indicator> parse_indicator(std::string_view name) {
  for (size_t i = 0; i < k_indicator_count; ++i)
    if (k_names[i] == name) return static_cast<Indicator>(i);
  return std::nullopt;
}

std::string_view indicator_label(Indicator i, Lang lang) {
  return k_labels[static_cast<size_t>(i)][lang == Lang::vi ? 0 : 1];
}

double score(const ScoringRule& rule, double rate) {
  double r = round_rate(rate);
  double points = 0;
  if (rule.scale) {
    points = *rule.scale * r;
  } else {
    for (const auto& [min, p] : rule.bands)
      if (r >= min) {
        points = p;
        break;
      }
  }
  return std::round(points * 100.0) / 100.0;
}

std::optional<double> points_total(const IndicatorValues& values) {
  std::optional<double> total;
  for (const auto& v : values)
    if (v.points) total = std::round((total.value_or(0) + *v.points) * 100.0) / 100.0;
  return total;
}

Result<Scoring> parse_scoring(std::string_view text, const std::string& source) {
  if (json_too_deep(text)) return make_error(ErrorKind::input, source + ": " + json_too_deep_reason());
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ErrorKind::input, source +
                                            ": not a JSON object; a scoring file is {\"progress\": {\"scale\": 20}, "
                                            "…} (see man 5 motcua-formats, SCORING FILE)");
  Scoring s;
  for (const auto& [name, rule] : doc.items()) {
    auto i = parse_indicator(name);
    if (!i) return bad_scoring(source, "\"" + name + "\"", "unknown indicator; known: " + indicator_names_list());
    std::string where = "\"" + name + "\"";
    if (!rule.is_object()) return bad_scoring(source, where, "must be an object with \"scale\" or \"bands\"");
    ScoringRule r;
    auto scale = rule.find("scale");
    auto bands = rule.find("bands");
    if ((scale == rule.end()) == (bands == rule.end()))
      return bad_scoring(source, where, "give exactly one of \"scale\" and \"bands\"");
    for (const auto& [key, value] : rule.items())
      if (key != "scale" && key != "bands") return bad_scoring(source, where, "unknown field \"" + key + "\"");
    if (scale != rule.end()) {
      if (!scale->is_number() || scale->get<double>() < 0)
        return bad_scoring(source, where + ".scale", "must be a number ≥ 0, not " + scale->dump());
      r.scale = scale->get<double>();
    } else {
      if (!bands->is_array() || bands->empty())
        return bad_scoring(source, where + ".bands", "must be a non-empty array of {\"min\", \"points\"}");
      for (size_t b = 0; b < bands->size(); ++b) {
        const auto& band = (*bands)[b];
        std::string bw = where + ".bands[" + std::to_string(b + 1) + "]";
        if (!band.is_object() || !band.contains("min") || !band.contains("points"))
          return bad_scoring(source, bw, "must be {\"min\": RATE, \"points\": N}");
        const auto &min = band["min"], &points = band["points"];
        if (!min.is_number() || min.get<double>() < 0 || min.get<double>() > 1)
          return bad_scoring(source, bw + ".min", "must be a rate from 0 to 1, not " + min.dump());
        if (!points.is_number() || points.get<double>() < 0)
          return bad_scoring(source, bw + ".points", "must be a number ≥ 0, not " + points.dump());
        r.bands.emplace_back(min.get<double>(), points.get<double>());
      }
      std::stable_sort(r.bands.begin(), r.bands.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      for (size_t b = 1; b < r.bands.size(); ++b)
        if (r.bands[b].first == r.bands[b - 1].first)
          return bad_scoring(source, where + ".bands",
                             "two bands have the same min " + std::to_string(r.bands[b].first));
    }
    s.rules[static_cast<size_t>(*i)] = std::move(r);
  }
  return s;
}

Result<Scoring> load_scoring(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::input, "cannot read scoring file " + path + ": check the path and permissions");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scoring(text.str(), path);
}

IndicatorValues indicators_766(const Tally& t, const Scoring* scoring) {
  IndicatorValues v;
  auto set = [&](Indicator i, std::int64_t num, std::int64_t den) {
    auto& x = v[static_cast<size_t>(i)];
    x.numerator = num;
    x.denominator = den;
    if (den > 0) x.rate = static_cast<double>(num) / static_cast<double>(den);
    const auto& rule = scoring ? scoring->rules[static_cast<size_t>(i)] : std::nullopt;
    if (rule && x.rate) x.points = score(*rule, *x.rate);
  };
  set(Indicator::progress, t.progress_in_time, t.progress_handled);
  set(Indicator::full_online_dossiers, t.full_online_dossiers, t.of_eligible_procedures);
  set(Indicator::channel_online, t.received_by_channel[0], t.received);
  set(Indicator::channel_direct, t.received_by_channel[1], t.received);
  set(Indicator::channel_postal, t.received_by_channel[2], t.received);
  set(Indicator::online_payment, t.paid_online_of_procedures_with_fee, t.of_procedures_with_fee);
  set(Indicator::full_online_procedures, t.procedures_online_full, t.procedures_online);
  if (!t.has_catalog) v[static_cast<size_t>(Indicator::full_online_procedures)] = IndicatorValue{0, 0, {}, {}, false};
  return v;
}

nlohmann::ordered_json indicators_json(const StatsExport& e, const Scoring* scoring) {
  nlohmann::ordered_json j;
  j["decision"] = "766/QĐ-TTg";
  j["period"] = {{"from", format_date(e.main.period.from)}, {"to", format_date(e.main.period.to)}};
  j["catalog_as_of"] = format_date(e.main.catalog_date);
  j["as_of"] = format_instant(e.main.as_of);
  j["indicators"] = values_json(indicators_766(e.main.total, scoring), scoring);
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const auto& row : e.group_rows()) {
    nlohmann::ordered_json g;
    g["by"] = group_by_name(*e.by);
    g["key"] = row.key.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.key);
    std::string label = group_name(*e.by, row, e.lang);
    g["label"] = label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(label);
    g["indicators"] = values_json(indicators_766(row.tally, scoring), scoring);
    groups.push_back(std::move(g));
  }
  j["groups"] = std::move(groups);
  if (e.compare) {
    nlohmann::ordered_json c;
    c["period"] = {{"from", format_date(e.compare->period.from)}, {"to", format_date(e.compare->period.to)}};
    c["catalog_as_of"] = format_date(e.compare->catalog_date);
    c["as_of"] = format_instant(e.compare->as_of);
    c["indicators"] = values_json(indicators_766(e.compare->total, scoring), scoring);
    j["compare"] = std::move(c);
  } else {
    j["compare"] = nullptr;
  }
  nlohmann::ordered_json missing = nlohmann::ordered_json::array();
  for (const auto& [name, why] : k_not_computable) missing.push_back({{"indicator", name}, {"reason", why}});
  j["not_computable"] = std::move(missing);
  if (e.agency_structure) j["agency_structure"] = agency_structure_json(*e.agency_structure, e.merged_agencies);
  return j;
}

void write_indicators_csv(std::ostream& out, const StatsExport& e, const Scoring* scoring) {
  CsvWriter csv(out);
  csv.name("key").name("label").name("indicator").name("numerator").name("denominator").name("rate");
  if (scoring) csv.name("points");
  csv.end_row();
  for (const auto& line : lines_of(e, scoring)) {
    for (size_t i = 0; i < k_indicator_count; ++i) {
      const auto& v = line.values[i];
      if (!v.applies) continue;
      csv.text(line.key).text(line.label).text(k_names[i]);
      csv.value(v.numerator).value(v.denominator);
      csv.value(v.rate ? nlohmann::ordered_json(round_rate(*v.rate)) : nlohmann::ordered_json(nullptr));
      if (scoring) csv.value(number_or_null(v.points));
      csv.end_row();
    }
  }
  out.flush();
}

namespace {

// The rows of the people's table: one per indicator, one column group per period or group.
std::vector<std::vector<std::string>> people_rows(const StatsExport& e, const Scoring* scoring, bool markdown) {
  const Lang lang = e.lang;
  auto lines = lines_of(e, scoring);
  auto cell = [&](const std::string& s) { return markdown ? md_escape(s) : clip(printable_for_terminal(s), 40); };
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {
      lang == Lang::vi ? "Chỉ số" : "Indicator",   "",
      lang == Lang::vi ? "Kỳ" : "Period",          lang == Lang::vi ? "Tử số" : "Numerator",
      lang == Lang::vi ? "Mẫu số" : "Denominator", lang == Lang::vi ? "Tỷ lệ" : "Rate"};
  if (scoring) head.push_back(lang == Lang::vi ? "Điểm" : "Points");
  rows.push_back(head);
  for (const auto& line : lines)
    for (size_t i = 0; i < k_indicator_count; ++i) {
      const auto& v = line.values[i];
      if (!v.applies) continue;
      std::string who = line.key == "all" || line.key == "compare" ? line.label : line.key;
      if (line.key != "all" && line.key != "compare" && !line.label.empty()) who += " " + line.label;
      std::vector<std::string> r = {std::string(k_names[i]),
                                    std::string(indicator_label(static_cast<Indicator>(i), lang)),
                                    cell(who),
                                    format_count(v.numerator, lang),
                                    format_count(v.denominator, lang),
                                    rate_text(v, lang)};
      if (scoring) r.push_back(v.points ? format_decimal(*v.points, 2, lang) : "—");
      rows.push_back(std::move(r));
    }
  return rows;
}

std::string heading(const StatsExport& e) {
  const Lang lang = e.lang;
  return std::string(lang == Lang::vi ? "Chỉ số theo Quyết định 766/QĐ-TTg" : "Decision 766/QĐ-TTg indicators") +
         " — " + period_label(e.main.period, lang) + " (" + format_day(e.main.period.from, lang) + " – " +
         format_day(e.main.period.to, lang) + ")";
}

std::string not_computable_note(Lang lang) {
  std::string s = lang == Lang::vi ? "Không tính được từ dữ liệu một cửa" : "Not computable from one-stop data";
  s += ": ";
  for (size_t i = 0; i < k_not_computable.size(); ++i) s += (i ? ", " : "") + std::string(k_not_computable[i][0]);
  return s + " (man 7 motcua-metrics).";
}

} // namespace

void write_indicators_table(std::ostream& out, const StatsExport& e, const Scoring* scoring) {
  out << heading(e) << "\n\n";
  auto rows = people_rows(e, scoring, false);
  std::vector<bool> right(rows.front().size(), true);
  right[0] = right[1] = right[2] = false;
  write_table(out, rows, right);
  if (scoring) {
    auto total = points_total(indicators_766(e.main.total, scoring));
    out << '\n'
        << (e.lang == Lang::vi ? "Tổng điểm" : "Total points") << ": "
        << (total ? format_decimal(*total, 2, e.lang) : "—") << '\n';
  }
  out << '\n' << not_computable_note(e.lang) << '\n';
  if (e.agency_structure) out << '\n' << agency_structure_note(*e.agency_structure, e.merged_agencies) << '\n';
  out.flush();
}

void write_indicators_markdown(std::ostream& out, const StatsExport& e, const Scoring* scoring) {
  out << "# " << md_escape(heading(e)) << "\n\n";
  auto rows = people_rows(e, scoring, true);
  for (size_t r = 0; r < rows.size(); ++r) {
    out << '|';
    for (const auto& c : rows[r]) out << ' ' << (r == 0 ? md_escape(c) : c) << " |";
    out << '\n';
    if (r == 0) {
      out << '|';
      for (size_t c = 0; c < rows[r].size(); ++c) out << (c < 3 ? " --- |" : " ---: |");
      out << '\n';
    }
  }
  if (scoring) {
    auto total = points_total(indicators_766(e.main.total, scoring));
    out << '\n'
        << (e.lang == Lang::vi ? "Tổng điểm" : "Total points") << ": "
        << (total ? format_decimal(*total, 2, e.lang) : "—") << '\n';
  }
  out << '\n' << not_computable_note(e.lang) << '\n';
  if (e.agency_structure) out << '\n' << agency_structure_note(*e.agency_structure, e.merged_agencies) << '\n';
  out.flush();
}

} // namespace motcua
