#include <doctest/doctest.h>

#include "io/render.hpp"
#include "stats/charts.hpp"

using namespace motcua;

namespace {

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

std::vector<GroupRow> year_of_months() {
  std::vector<GroupRow> months;
  for (int m = 1; m <= 12; ++m) {
    Tally t;
    t.received = 50001 + m;
    t.received_by_channel = {20000, 30000 + m, 1};
    months.push_back(GroupRow{month_key(days_from_civil(2018, static_cast<unsigned>(m), 1)), "", t});
  }
  return months;
}

std::vector<GroupRow> two_agencies() {
  Tally good, bad;
  good.resolved = 1000;
  good.on_time = 990;
  good.late = 10;
  bad.resolved = 100;
  bad.early = 90;
  bad.late = 10;
  Tally idle; // resolved nothing: no bar
  return {GroupRow{"000.00.24.H56", "Sở Tư pháp", good}, GroupRow{"000.00.25.H56", "Sở Xây dựng", bad},
          GroupRow{"X", "", idle}};
}

} // namespace

TEST_CASE("charts: stacked bars per month and channel") {
  std::string monthly = svg_monthly_channels(year_of_months(), Lang::vi);
  CHECK(monthly.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(occurrences(monthly, "<rect ") == 3 + 12 * 3); // legend + three channels a month
  CHECK(monthly.find(">T12<") != std::string::npos);
  CHECK(monthly.find(">Trực tuyến<") != std::string::npos);
  CHECK(monthly.find("60.000") != std::string::npos); // axis ticks with Vietnamese separators
  CHECK(svg_monthly_channels(year_of_months(), Lang::en).find(">Dec<") != std::string::npos);
  CHECK(svg_monthly_channels({}, Lang::en).find("No data") != std::string::npos);
}

TEST_CASE("charts: on-time rate per agency against the target line") {
  std::string agencies = svg_on_time_by_agency(two_agencies(), 0.95, Lang::en);
  CHECK(occurrences(agencies, "<rect ") == 2);
  CHECK(agencies.find("#c8553d") != std::string::npos); // the agency below target stands out
  CHECK(agencies.find("Target 95.0%") != std::string::npos);
  CHECK(agencies.find("99.0%") != std::string::npos);
  CHECK(svg_on_time_by_agency(two_agencies(), std::nullopt, Lang::en).find("stroke-dasharray") == std::string::npos);
  CHECK(svg_on_time_by_agency({}, 0.9, Lang::vi).find("Không có số liệu") != std::string::npos);
}

TEST_CASE("charts: catalog level shares, names escaped") {
  Tally t;
  t.procedures_total = 980;
  t.procedures_online = 647;
  t.procedures_online_full = 250;
  std::string levels = svg_catalog_levels(t, Lang::vi);
  CHECK(levels.find("Toàn trình: 250 (25,5%)") != std::string::npos);
  CHECK(levels.find("Một phần: 397 (40,5%)") != std::string::npos);
  CHECK(levels.find("Chưa trực tuyến: 333 (34,0%)") != std::string::npos);
  CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  auto names = two_agencies();
  names[0].label = "<b>Sở & Ban</b>";
  std::string svg = svg_on_time_by_agency(names, std::nullopt, Lang::vi);
  CHECK(svg.find("&lt;b&gt;Sở &amp; Ban&lt;/b&gt;") != std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
}
