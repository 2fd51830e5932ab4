#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "io/render.hpp"
#include "stats/export.hpp"

using namespace motcua;

namespace {

// The published 2018 figures of Đà Nẵng as raw counts, against 2015.
StatsExport seed_export() {
  StatsExport e;
  e.main.period = *parse_period("2018");
  e.main.catalog_date = e.main.period.to;
  e.main.as_of = local_instant(e.main.period.to + 1) - 1;
  Tally& t = e.main.total;
  t.procedures_total = 980;
  t.procedures_online = 647;
  t.procedures_online_full = 250;
  t.online_with_online_dossiers = 304;
  t.received = 640399;
  t.received_by_channel = {176000, 460000, 4399};
  t.of_online_procedures = 400000;
  t.online_of_online_procedures = 176000;
  t.resolved = 640399;
  t.early = 400000;
  t.on_time = 233388;
  t.late = 7011;
  e.compare = PeriodStats{};
  e.compare->period = *parse_period("2015");
  e.compare->catalog_date = e.compare->period.to;
  e.compare->total.procedures_total = 900;
  e.compare->total.procedures_online = 206;
  GroupRow a{"000.00.24.H56", "Sở Tư pháp", t};
  GroupRow none{"", "", Tally{}};
  e.main.groups[GroupBy::agency] = {a, none};
  e.by = GroupBy::agency;
  e.targets = evaluate_targets({{Metric::online_dossier_rate, 0.2, std::nullopt, "NQ 17: 20%"}}, t.values());
  return e;
}

} // namespace

TEST_CASE("JSON: the documented shape, rates to 4 decimals, null for nothing") {
  auto j = stats_json(seed_export());
  CHECK(j["period"]["from"] == "2018-01-01");
  CHECK(j["period"]["to"] == "2018-12-31");
  CHECK(j["catalog_as_of"] == "2018-12-31");
  CHECK(j["metrics"]["procedures_total"] == 980);
  CHECK(j["metrics"]["procedures_online"] == 647);
  CHECK(j["metrics"]["procedures_online"].is_number_integer());
  CHECK(j["metrics"]["procedures_online_rate"] == 0.6602);
  CHECK(j["metrics"]["online_procedures_with_online_dossiers_rate"] == 0.4699);
  CHECK(j["metrics"]["online_dossier_rate"] == 0.44);
  CHECK(j["metrics"]["dossiers_received"] == 640399);
  CHECK(j["metrics"]["resolved_in_time"] == 633388);
  CHECK(j["metrics"]["on_time_rate"] == 0.9891);
  CHECK(j["metrics"]["paid_online_rate"].is_null());
  CHECK(j["metrics"].size() == k_metric_count);
  // motcua-metrics(7)'s order
  CHECK(j["metrics"].begin().key() == "procedures_total");
  REQUIRE(j["groups"].size() == 2);
  CHECK(j["groups"][0]["by"] == "agency");
  CHECK(j["groups"][0]["key"] == "000.00.24.H56");
  CHECK(j["groups"][0]["label"] == "Sở Tư pháp");
  CHECK(j["groups"][0]["metrics"]["dossiers_received"] == 640399);
  CHECK(j["groups"][1]["key"].is_null());
  CHECK(j["compare"]["period"]["from"] == "2015-01-01");
  CHECK(j["compare"]["metrics"]["procedures_online"] == 206);
  CHECK(j["compare"]["ratios"]["procedures_online"] == 3.14);
  CHECK(j["compare"]["ratios"]["dossiers_received"].is_null());           // nothing in 2015
  CHECK(j["compare"]["differences"]["procedures_online_rate"] == 0.4313); // 0.6602 − 0.2289
  CHECK_FALSE(j["compare"]["ratios"].contains("on_time_rate"));
  REQUIRE(j["targets"].size() == 1);
  CHECK(j["targets"][0]["metric"] == "online_dossier_rate");
  CHECK(j["targets"][0]["actual"] == 0.44);
  CHECK(j["targets"][0]["min"] == 0.2);
  CHECK(j["targets"][0]["max"].is_null());
  CHECK(j["targets"][0]["met"] == true);
  CHECK(j["targets"][0]["multiple"] == 2.2);
  CHECK(j["targets"][0]["label"] == "NQ 17: 20%");

  StatsExport plain = seed_export();
  plain.compare.reset();
  plain.by.reset();
  plain.targets.clear();
  auto p = stats_json(plain);
  CHECK(p["compare"].is_null());
  CHECK(p["groups"].empty());
  CHECK(p["targets"].empty());
}

TEST_CASE("CSV: one row per group, the whole period first as `all`, a column per metric") {
  std::ostringstream out;
  write_stats_csv(out, seed_export());
  std::string text = out.str();
  std::istringstream lines(text);
  std::string header, all, group, none, compare;
  std::getline(lines, header);
  std::getline(lines, all);
  std::getline(lines, group);
  std::getline(lines, none);
  std::getline(lines, compare);
  CHECK(header.rfind("key,label,procedures_total,procedures_online,", 0) == 0);
  CHECK(header.find("late_without_apology\r") != std::string::npos);
  CHECK(std::count(header.begin(), header.end(), ',') == static_cast<long>(k_metric_count) + 1);
  CHECK(all.rfind("all,2018,980,647,250,0.6602,304,0.4699,640399,", 0) == 0);
  CHECK(all.find(",0.9891,") != std::string::npos);
  CHECK(all.find(",,") != std::string::npos); // null paid_online_rate is an empty cell
  CHECK(group.rfind("000.00.24.H56,Sở Tư pháp,", 0) == 0);
  CHECK(none.rfind(",(không xác định),", 0) == 0);
  CHECK(compare.rfind("compare,2015,900,206,", 0) == 0);
}

TEST_CASE("table: aligned, thousands separators, comparison and targets") {
  std::ostringstream out;
  StatsExport e = seed_export();
  write_stats_table(out, e);
  std::string text = out.str();
  CHECK(text.find("640.399") != std::string::npos);
  CHECK(text.find("66,0%") != std::string::npos);
  CHECK(text.find("3,14 lần") != std::string::npos);
  CHECK(text.find("Tỷ lệ hồ sơ trực tuyến") != std::string::npos);
  CHECK(text.find("Sở Tư pháp") != std::string::npos);
  e.lang = Lang::en;
  std::ostringstream en;
  write_stats_table(en, e);
  CHECK(en.str().find("640,399") != std::string::npos);
  CHECK(en.str().find("98.9%") != std::string::npos);
  CHECK(en.str().find("2.20×") != std::string::npos);
  // Right-aligned numbers: the lines of the metric table end at the same column.
  std::istringstream lines(en.str());
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  std::getline(lines, line); // header
  size_t width = display_width(line);
  std::getline(lines, line);
  CHECK(display_width(line) == width);
}
