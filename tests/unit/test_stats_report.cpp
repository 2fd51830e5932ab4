#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "stats/charts.hpp"
#include "stats/report.hpp"

using namespace motcua;

namespace {

StatsExport seed_export(Lang lang = Lang::vi) {
  StatsExport e;
  e.lang = lang;
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
  t.overdue = 12;
  e.compare = PeriodStats{};
  e.compare->period = *parse_period("2015");
  e.compare->total.procedures_total = 900;
  e.compare->total.procedures_online = 206;
  std::vector<GroupRow> months;
  for (int m = 1; m <= 12; ++m) {
    Tally mt;
    mt.received = 50000 + m;
    mt.received_by_channel = {20000, 30000 + m, 1};
    months.push_back(GroupRow{month_key(days_from_civil(2018, static_cast<unsigned>(m), 1)), "", mt});
  }
  e.main.groups[GroupBy::month] = months;
  Tally good = t, bad;
  bad.resolved = 100;
  bad.early = 90;
  bad.late = 10;
  e.main.groups[GroupBy::agency] = {GroupRow{"000.00.24.H56", "Sở Tư pháp <script>alert(1)</script>", good},
                                    GroupRow{"000.00.25.H56", "Sở Xây dựng", bad}};
  e.by = GroupBy::agency;
  e.targets = evaluate_targets({{Metric::online_dossier_rate, 0.2, std::nullopt, "NQ 17/NQ-CP: 20% hồ sơ trực tuyến"},
                                {Metric::on_time_rate, 0.95, std::nullopt, ""}},
                               t.values());
  return e;
}

std::string html(const StatsExport& e) {
  std::ostringstream out;
  write_stats_html(out, e);
  return out.str();
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

} // namespace

TEST_CASE("headlines: the figures of the published account") {
  auto h = headlines(seed_export());
  REQUIRE(h.size() == 6);
  CHECK(h[0].value == "647");
  CHECK(h[0].detail.find("66,0%") != std::string::npos);
  CHECK(h[0].detail.find("980") != std::string::npos);
  CHECK(h[0].detail.find("3,14 lần so với 2015 (206)") != std::string::npos);
  CHECK(h[1].value == "47,0%");
  CHECK(h[2].value == "44,0%");
  CHECK(h[3].value == "640.399");
  CHECK(h[4].value == "633.388");
  CHECK(h[4].detail.find("98,9%") != std::string::npos);
  auto en = headlines(seed_export(Lang::en));
  CHECK(en[3].value == "640,399");
  CHECK(en[4].detail.find("98.9%") != std::string::npos);
  CHECK(en[0].detail.find("3.14× against 2015 (206)") != std::string::npos);
}

TEST_CASE("markdown: title, headlines, metrics with comparison, targets, groups") {
  std::ostringstream out;
  write_stats_markdown(out, seed_export());
  std::string md = out.str();
  CHECK(md.rfind("# Báo cáo thống kê", 0) == 0);
  CHECK(md.find("## Số liệu chính") != std::string::npos);
  CHECK(md.find("- **640.399** Hồ sơ tiếp nhận") != std::string::npos);
  CHECK(md.find("| Tỷ lệ hồ sơ trực tuyến (`online_dossier_rate`) | 44,0% | — | — |") != std::string::npos);
  CHECK(md.find("| Dịch vụ công trực tuyến toàn trình và một phần (`procedures_online`) | 647 | 206 | 3,14 lần |") !=
        std::string::npos);
  CHECK(md.find("| NQ 17/NQ-CP: 20% hồ sơ trực tuyến | 44,0% | 20,0% | — | Đạt | 2,20 lần |") != std::string::npos);
  CHECK(md.find("## Theo nhóm: Cơ quan") != std::string::npos);
  CHECK(md.find("&lt;script&gt;") != std::string::npos); // names never become markup
  CHECK(md.find("<script>") == std::string::npos);
  std::ostringstream en;
  write_stats_markdown(en, seed_export(Lang::en));
  CHECK(en.str().find("| Online dossier rate (`online_dossier_rate`) | 44.0% |") != std::string::npos);
}

TEST_CASE("markdown and table show control characters in names escaped") {
  StatsExport e = seed_export();
  e.main.groups[GroupBy::agency][1].label = "Sở\x1b[2J Xây\ndựng";
  std::ostringstream md, table;
  write_stats_markdown(md, e);
  write_stats_table(table, e);
  CHECK(md.str().find('\x1b') == std::string::npos);
  CHECK(md.str().find("| Sở\\\\e\\[2J Xây dựng |") !=
        std::string::npos); // \e, its backslash and [ escaped for Markdown
  CHECK(table.str().find('\x1b') == std::string::npos);
  CHECK(table.str().find("Sở\\e[2J Xây\\ndựng") != std::string::npos);
}

TEST_CASE("html: one self-contained, printable file with three inline charts") {
  std::string page = html(seed_export());
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<html lang=\"vi\">") != std::string::npos);
  CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(page.find("<title>Báo cáo thống kê tiếp nhận và giải quyết thủ tục hành chính — Năm 2018</title>") !=
        std::string::npos);
  // Nothing fetched from anywhere: no scripts, no external styles, images or fonts.
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(page.find("rel=\"stylesheet\"") == std::string::npos);
  std::regex remote(R"((href|src)=["']?(https?:)?//)");
  CHECK_FALSE(std::regex_search(page, remote));
  // Prints on A4 without cutting rows or charts.
  CHECK(page.find("@page { size: A4;") != std::string::npos);
  CHECK(page.find("thead { display: table-header-group; }") != std::string::npos);
  CHECK(page.find("tr { break-inside: avoid;") != std::string::npos);
  CHECK(occurrences(page, "<svg ") == 3);
  CHECK(page.find("Hồ sơ tiếp nhận theo tháng và kênh") != std::string::npos);
  CHECK(page.find("640.399") != std::string::npos);
  CHECK(page.find("633.388") != std::string::npos);
  CHECK(page.find("98,9%") != std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("stroke-dasharray") != std::string::npos); // the on-time target line
  CHECK(page.find("class=\"no\"") == std::string::npos);     // both targets met
  std::string en = html(seed_export(Lang::en));
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.find("640,399") != std::string::npos);
  CHECK(en.find("Dossiers received per month, by channel") != std::string::npos);
  CHECK(en.find("Hồ sơ tiếp nhận theo tháng") == std::string::npos);
}

TEST_CASE("html: an empty period still renders, with 'no data' charts") {
  StatsExport e;
  e.main.period = *parse_period("2019");
  e.main.catalog_date = e.main.period.to;
  std::string page = html(e);
  CHECK(occurrences(page, "<svg ") == 3);
  CHECK(occurrences(page, "Không có số liệu") == 3);
  CHECK(page.find("—") != std::string::npos); // null rates
}
