#include <doctest/doctest.h>

#include "stats/targets.hpp"

using namespace motcua;

TEST_CASE("targets file: the documented example") {
  auto t = parse_targets(R"({"targets": [
    {"metric": "procedures_online_rate", "min": 0.30, "label": "Resolution 17/NQ-CP: 30% of procedures at levels 3-4 by 2020"},
    {"metric": "online_dossier_rate", "min": 0.20, "label": "Resolution 17/NQ-CP: 20% of dossiers online by 2020"},
    {"metric": "on_time_rate", "min": 0.95},
    {"metric": "overdue", "max": 100}
  ]})",
                         "targets.json");
  REQUIRE(t.ok());
  REQUIRE(t->size() == 4);
  CHECK((*t)[0].metric == Metric::procedures_online_rate);
  CHECK(*(*t)[0].min == 0.30);
  CHECK((*t)[1].label.find("20%") != std::string::npos);
  CHECK((*t)[2].label.empty());
  CHECK_FALSE((*t)[3].min);
  CHECK(*(*t)[3].max == 100);
}

TEST_CASE("targets file: mistakes name the file, the target and the field") {
  auto check = [](const char* text, const char* needle) {
    CAPTURE(text);
    auto t = parse_targets(text, "t.json");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().kind == ErrorKind::input);
    CHECK(t.error().message.find("t.json") != std::string::npos);
    CHECK(t.error().message.find(needle) != std::string::npos);
  };
  check("{", "not valid JSON");
  check(R"({"goals": []})", "\"targets\"");
  check(R"({"targets": [{"metric": "online_rate", "min": 0.2}]})", "unknown metric 'online_rate'");
  check(R"({"targets": [{"metric": "on_time_rate", "min": 0.9}, {"metric": "on_time_rate"}]})", "target 2");
  check(R"({"targets": [{"metric": "on_time_rate", "min": "90%"}]})", "\"min\" must be a number");
  check(R"({"targets": [{"min": 0.9}]})", "\"metric\"");
  check(R"({"targets": [3]})", "must be an object");
  CHECK(parse_targets(R"([{"metric": "on_time_rate", "min": 0.9}])", "t.json").ok()); // a bare array is fine
  auto missing = load_targets("/nonexistent/targets.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("/nonexistent/targets.json") != std::string::npos);
}

TEST_CASE("targets: met on the published value, multiple = actual / min") {
  MetricValues v;
  v[static_cast<size_t>(Metric::online_dossier_rate)] = 0.44;
  v[static_cast<size_t>(Metric::procedures_online_rate)] = 647.0 / 980;
  v[static_cast<size_t>(Metric::overdue)] = 120;
  v[static_cast<size_t>(Metric::paid_online_rate)] = 0.29996; // published as 0.3000
  std::vector<Target> targets = {{Metric::online_dossier_rate, 0.20, std::nullopt, "20%"},
                                 {Metric::procedures_online_rate, 1.0, std::nullopt, "city: 100%"},
                                 {Metric::overdue, std::nullopt, 100.0, ""},
                                 {Metric::on_time_rate, 0.95, std::nullopt, ""},
                                 {Metric::paid_online_rate, 0.30, 0.9, ""}};
  auto r = evaluate_targets(targets, v);
  REQUIRE(r.size() == 5);
  CHECK(r[0].met);
  CHECK(*r[0].multiple == 2.2);
  CHECK(*r[0].actual == 0.44);
  CHECK_FALSE(r[1].met);
  CHECK(*r[1].actual == 0.6602);
  CHECK(*r[1].multiple == 0.66);
  CHECK_FALSE(r[2].met); // 120 overdue against a maximum of 100
  CHECK_FALSE(r[2].multiple);
  CHECK_FALSE(r[3].actual); // null rate: not met, no multiple
  CHECK_FALSE(r[3].met);
  CHECK_FALSE(r[3].multiple);
  CHECK(r[4].met);
}
