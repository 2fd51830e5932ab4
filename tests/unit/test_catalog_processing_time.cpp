#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "catalog/processing_time.hpp"

using namespace motcua;
using nlohmann::json;

namespace {

ProcessingTime entry(double time, ProcessingUnit unit, std::optional<Channel> channel, std::string text = {}) {
  return ProcessingTime{time, unit, channel, std::move(text)};
}

Procedure with_times(std::vector<ProcessingTime> times) {
  Procedure p;
  p.code = "1.000201";
  p.name = "Thủ tục";
  p.processing_time = 3;
  p.processing_times = std::move(times);
  return p;
}

} // namespace

TEST_CASE("processing_time: MOTA names a channel by folded keywords, or none when it names several") {
  CHECK(channel_from_description("Nộp hồ sơ trực tuyến") == Channel::online);
  CHECK(channel_from_description("NOP TRUC TUYEN") == Channel::online);
  CHECK(channel_from_description("Qua mạng") == Channel::online);
  CHECK(channel_from_description("online") == Channel::online);
  CHECK(channel_from_description("Trực tiếp tại Bộ phận một cửa") == Channel::direct);
  CHECK(channel_from_description("Dịch vụ bưu chính công ích") == Channel::postal);
  CHECK(channel_from_description("Gửi qua Bưu điện") == Channel::postal);
  CHECK(channel_from_description("Trực tiếp hoặc trực tuyến") == std::nullopt);
  CHECK(channel_from_description("Trường hợp cấp lại") == std::nullopt);
  CHECK(channel_from_description("") == std::nullopt);
  CHECK(channel_from_description("tructuyen") == std::nullopt); // whole words only
}

TEST_CASE("processing_time: the dossier's channel's entry, the longest of several, else the longest of all") {
  Procedure p = with_times({entry(5, ProcessingUnit::working_days, Channel::direct),
                            entry(3, ProcessingUnit::working_days, Channel::online),
                            entry(4, ProcessingUnit::working_days, Channel::online),
                            entry(10, ProcessingUnit::calendar_days, std::nullopt)});
  CHECK(processing_time_for(p, Channel::direct).time == 5);
  CHECK(processing_time_for(p, Channel::online).time == 4);
  // No postal entry: the longest (10 calendar days are longer than 5 working days: 7 days).
  CHECK(processing_time_for(p, Channel::postal) == entry(10, ProcessingUnit::calendar_days, std::nullopt));
  // Without entries: processing_time/unit.
  Procedure plain = with_times({});
  plain.processing_unit = ProcessingUnit::months;
  CHECK(processing_time_for(plain, Channel::online) == entry(3, ProcessingUnit::months, std::nullopt));
  // Units compare by their rough length: 1 month > 20 working days (28 days) > 100 working hours.
  CHECK(longest_processing_time({entry(100, ProcessingUnit::working_hours, std::nullopt),
                                 entry(20, ProcessingUnit::working_days, std::nullopt),
                                 entry(1, ProcessingUnit::months, std::nullopt)})
            .unit == ProcessingUnit::months);
}

TEST_CASE("processing_time: JSON and the cache text round-trip; bad entries name the entry and field") {
  std::vector<ProcessingTime> times = {entry(1.5, ProcessingUnit::months, Channel::postal, "Bưu chính"),
                                       entry(2, ProcessingUnit::working_hours, std::nullopt)};
  CHECK(processing_times_text(times) ==
        R"([{"time":1.5,"unit":"months","channel":"postal","description":"Bưu )"
        R"(chính"},{"time":2,"unit":"working_hours","channel":null,"description":null}])");
  CHECK(processing_times_text({}).empty());
  auto back = processing_times_from_text(processing_times_text(times));
  REQUIRE(back);
  CHECK(*back == times);
  auto no_unit = processing_times_from_json(json::parse(R"([{"time":"2"}])"));
  REQUIRE(no_unit);
  CHECK(no_unit->at(0) == entry(2, ProcessingUnit::working_days, std::nullopt));
  for (const char* bad : {R"([{"time":0}])", R"([{"time":2,"unit":"weeks"}])", R"([{"time":2,"channel":"fax"}])",
                          R"([3])", R"({"time":2})", R"([{"time":1e9}])"}) {
    CAPTURE(bad);
    auto r = processing_times_from_json(json::parse(bad));
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("processing_times") != std::string::npos);
  }
  CHECK_FALSE(processing_times_from_text("[{"));
}
