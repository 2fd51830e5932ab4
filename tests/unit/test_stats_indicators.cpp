#include <doctest/doctest.h>

#include "stats/indicators.hpp"

using namespace motcua;

namespace {

const IndicatorValue& of(const IndicatorValues& v, Indicator i) { return v[static_cast<size_t>(i)]; }

} // namespace

TEST_CASE("766 indicators from the counters: numerator, denominator, rate; null over nothing") {
  Tally t;
  t.progress_handled = 8;
  t.progress_in_time = 5;
  t.of_eligible_procedures = 6;
  t.full_online_dossiers = 3;
  t.received = 8;
  t.received_by_channel = {4, 3, 1};
  t.of_procedures_with_fee = 6;
  t.paid_online_of_procedures_with_fee = 1;
  t.procedures_online = 2;
  t.procedures_online_full = 1;
  auto v = indicators_766(t, nullptr);
  CHECK(of(v, Indicator::progress).numerator == 5);
  CHECK(of(v, Indicator::progress).denominator == 8);
  CHECK(*of(v, Indicator::progress).rate == doctest::Approx(0.625));
  CHECK(*of(v, Indicator::full_online_dossiers).rate == doctest::Approx(0.5));
  CHECK(*of(v, Indicator::channel_online).rate == doctest::Approx(0.5));
  CHECK(*of(v, Indicator::channel_direct).rate == doctest::Approx(0.375));
  CHECK(*of(v, Indicator::channel_postal).rate == doctest::Approx(0.125));
  CHECK(*of(v, Indicator::online_payment).rate == doctest::Approx(1.0 / 6));
  CHECK(*of(v, Indicator::full_online_procedures).rate == doctest::Approx(0.5));
  for (const auto& x : v) CHECK_FALSE(x.points);
  CHECK_FALSE(points_total(v));

  Tally empty;
  empty.has_catalog = false; // a channel group
  auto e = indicators_766(empty, nullptr);
  CHECK_FALSE(of(e, Indicator::progress).rate);
  CHECK_FALSE(of(e, Indicator::full_online_procedures).applies);
  CHECK(of(e, Indicator::progress).applies);
}

TEST_CASE("766 names round-trip") {
  for (size_t i = 0; i < k_indicator_count; ++i)
    CHECK(parse_indicator(indicator_name(static_cast<Indicator>(i))) == static_cast<Indicator>(i));
  CHECK_FALSE(parse_indicator("satisfaction"));
}

TEST_CASE("scoring: scale × the published rate, or the highest band reached") {
  ScoringRule scale{20.0, {}};
  CHECK(score(scale, 0.625) == doctest::Approx(12.5));
  CHECK(score(scale, 0.66666) == doctest::Approx(13.33)); // 20 × 0.6667 = 13.334
  ScoringRule bands{std::nullopt, {{0.8, 12}, {0.5, 6}, {0.2, 2}}};
  CHECK(score(bands, 0.9) == 12);
  CHECK(score(bands, 0.8) == 12);
  CHECK(score(bands, 0.79996) == 12); // published as 0.8
  CHECK(score(bands, 0.5) == 6);
  CHECK(score(bands, 0.1) == 0);
}

TEST_CASE("scoring file: parsed, bands sorted, points given; errors name the file and field") {
  auto s = parse_scoring(R"({"progress": {"scale": 20},
    "online_payment": {"bands": [{"min": 0.2, "points": 1}, {"min": 0.5, "points": 3}]}})",
                         "s.json");
  REQUIRE(s.ok());
  REQUIRE(s->rules[0]);
  CHECK(*s->rules[0]->scale == 20);
  const auto& pay = s->rules[static_cast<size_t>(Indicator::online_payment)];
  REQUIRE(pay);
  CHECK(pay->bands.front().first == doctest::Approx(0.5));
  Tally t;
  t.progress_handled = 8;
  t.progress_in_time = 5;
  t.of_procedures_with_fee = 4;
  t.paid_online_of_procedures_with_fee = 1; // 0.25 → the 0.2 band: 1 point
  auto v = indicators_766(t, &*s);
  CHECK(*of(v, Indicator::progress).points == doctest::Approx(12.5));
  CHECK(*of(v, Indicator::online_payment).points == 1);
  CHECK_FALSE(of(v, Indicator::channel_online).points);
  CHECK(*points_total(v) == doctest::Approx(13.5));

  auto bad = [](const char* text) {
    auto r = parse_scoring(text, "s.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::input);
    CHECK(r.error().message.find("s.json") != std::string::npos);
    return r.error().message;
  };
  CHECK(bad("[]").find("not a JSON object") != std::string::npos);
  CHECK(bad(R"({"speed": {"scale": 1}})").find("unknown indicator") != std::string::npos);
  CHECK(bad(R"({"progress": {"scale": 1, "bands": []}})").find("exactly one") != std::string::npos);
  CHECK(bad(R"({"progress": {"scale": -1}})").find("progress\".scale") != std::string::npos);
  CHECK(bad(R"({"progress": {"bands": [{"min": 95, "points": 20}]}})").find("bands[1].min") != std::string::npos);
  CHECK(bad(R"({"progress": {"bands": [{"min": 0.5, "points": 2}, {"min": 0.5, "points": 3}]}})").find("same min") !=
        std::string::npos);
  CHECK(bad(R"({"progress": {"scale": 1, "weight": 2}})").find("unknown field") != std::string::npos);
}
