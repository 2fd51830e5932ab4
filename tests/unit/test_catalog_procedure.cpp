#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "catalog/procedure.hpp"

using namespace motcua;
using nlohmann::json;

namespace {

json base() { return json{{"code", "1.001612"}, {"name", "Đăng ký khai sinh"}, {"processing_time", 5}}; }

json with(json r, const std::string& key, json value) {
  r[key] = std::move(value);
  return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The record must be refused as bad input with a message naming every one of `parts`.
void check_rejected(const json& r, bool lenient, std::initializer_list<std::string> parts) {
  CAPTURE(r.dump());
  auto p = procedure_from_json(r, lenient);
  REQUIRE_FALSE(p);
  CHECK(p.error().kind == ErrorKind::input);
  for (const auto& part : parts) {
    CAPTURE(part);
    CHECK(contains(p.error().message, part));
  }
}

} // namespace

TEST_CASE("procedure_from_json: a minimal record gets the documented defaults") {
  auto p = procedure_from_json(base(), false);
  REQUIRE(p);
  CHECK(p->code == "1.001612");
  CHECK(p->name == "Đăng ký khai sinh");
  CHECK(p->agency_code.empty());
  CHECK(p->agency_name.empty());
  CHECK(p->field_code.empty());
  CHECK(p->field_name.empty());
  CHECK_FALSE(p->level);
  CHECK(p->online == Online::none);
  CHECK(p->processing_time == 5);
  CHECK(p->processing_unit == ProcessingUnit::working_days);
  CHECK_FALSE(p->fee);
  CHECK(p->extra.empty());
}

TEST_CASE("procedure_from_json: every field of a full record") {
  json r = base();
  r["agency_code"] = "000.00.01.H26";
  r["agency_name"] = "UBND xã A";
  r["field_code"] = "HT";
  r["field_name"] = "Hộ tịch";
  r["level"] = 3;
  r["processing_time"] = 0.5;
  r["processing_unit"] = "working_hours";
  r["fee"] = 8000;
  auto p = procedure_from_json(r, false);
  REQUIRE(p);
  CHECK(p->agency_code == "000.00.01.H26");
  CHECK(p->agency_name == "UBND xã A");
  CHECK(p->field_code == "HT");
  CHECK(p->field_name == "Hộ tịch");
  CHECK(p->level == 3);
  CHECK(p->online == Online::partial);
  CHECK(p->processing_time == 0.5);
  CHECK(p->processing_unit == ProcessingUnit::working_hours);
  CHECK(p->fee == 8000);
}

TEST_CASE("procedure_from_json: required fields") {
  check_rejected(json::array(), false, {"expected an object"});
  json r = base();
  r.erase("code");
  check_rejected(r, false, {"'code'", "required"});
  check_rejected(with(base(), "code", "   "), false, {"'code'", "required"});
  check_rejected(with(base(), "code", nullptr), false, {"'code'", "required"});
  r = base();
  r.erase("name");
  check_rejected(r, false, {"'name'", "required"});
  r = base();
  r.erase("processing_time");
  check_rejected(r, false, {"'processing_time'", "required"});
  check_rejected(with(base(), "processing_time", ""), true, {"'processing_time'", "required"});
}

TEST_CASE("procedure_from_json: wrong types and values name the field and the value") {
  check_rejected(with(base(), "code", 1001), false, {"'code'", "string", "1001"});
  check_rejected(with(base(), "agency_name", json{{"x", 1}}), false, {"'agency_name'", "{\"x\":1}"});
  check_rejected(with(base(), "level", "3"), false, {"'level'", "number", "\"3\""});
  check_rejected(with(base(), "level", 5), false, {"'level'", "1-4", "5"});
  check_rejected(with(base(), "level", 0), false, {"'level'", "0"});
  check_rejected(with(base(), "level", 2.5), false, {"'level'", "2.5"});
  check_rejected(with(base(), "level", true), false, {"'level'", "true"});
  check_rejected(with(base(), "processing_time", 0), false, {"'processing_time'", "> 0", "0"});
  check_rejected(with(base(), "processing_time", -3), false, {"'processing_time'", "-3"});
  check_rejected(with(base(), "processing_time", 200000), false, {"'processing_time'", "200000"});
  check_rejected(with(base(), "processing_time", "5"), false, {"'processing_time'", "\"5\""});
  check_rejected(with(base(), "processing_unit", "days"), false, {"'processing_unit'", "working_days", "\"days\""});
  check_rejected(with(base(), "processing_unit", 1), false, {"'processing_unit'", "1"});
  check_rejected(with(base(), "online", "yes"), false, {"'online'", "full, partial or none", "\"yes\""});
  check_rejected(with(base(), "online", "FULL"), false, {"'online'", "\"FULL\""});
  check_rejected(with(base(), "online", 4), false, {"'online'", "4"});
  check_rejected(with(base(), "fee", -1), false, {"'fee'", "-1"});
  check_rejected(with(base(), "fee", 1500.5), false, {"'fee'", "1500.5"});
  check_rejected(with(base(), "fee", 1e17), false, {"'fee'"});
}

TEST_CASE("procedure_from_json: a long offending value is shortened in the message") {
  auto p = procedure_from_json(with(base(), "online", std::string(500, 'z')), false);
  REQUIRE_FALSE(p);
  CHECK(contains(p.error().message, "..."));
  CHECK(p.error().message.size() < 200);
}

TEST_CASE("procedure_from_json: lenient mode reads numbers written as text (CSV cells)") {
  json r = base();
  r["level"] = " 4 ";
  r["processing_time"] = "0.5";
  r["fee"] = "25000";
  auto p = procedure_from_json(r, true);
  REQUIRE(p);
  CHECK(p->level == 4);
  CHECK(p->online == Online::full);
  CHECK(p->processing_time == 0.5);
  CHECK(p->fee == 25000);
  // Blank cells are absent values.
  auto blank = procedure_from_json(with(with(base(), "level", ""), "fee", " "), true);
  REQUIRE(blank);
  CHECK_FALSE(blank->level);
  CHECK_FALSE(blank->fee);
  // Text that is not wholly a number is still refused, naming the cell.
  check_rejected(with(base(), "fee", "25.000 đ"), true, {"'fee'", "25.000 đ"});
  check_rejected(with(base(), "processing_time", "5 ngày"), true, {"'processing_time'", "5 ngày"});
  check_rejected(with(base(), "processing_time", "inf"), true, {"'processing_time'"});
  check_rejected(with(base(), "processing_time", "nan"), true, {"'processing_time'"});
  check_rejected(with(base(), "level", "3a"), true, {"'level'", "3a"});
  // Strict mode refuses the same text.
  check_rejected(with(base(), "fee", "25000"), false, {"'fee'", "\"25000\""});
}

TEST_CASE("procedure_from_json: online follows the level unless given") {
  auto online_for = [](json r) {
    auto p = procedure_from_json(r, false);
    REQUIRE(p);
    return p->online;
  };
  CHECK(online_for(with(base(), "level", 4)) == Online::full);
  CHECK(online_for(with(base(), "level", 3)) == Online::partial);
  CHECK(online_for(with(base(), "level", 2)) == Online::none);
  CHECK(online_for(with(base(), "level", 1)) == Online::none);
  CHECK(online_for(base()) == Online::none);
  CHECK(online_for(with(with(base(), "level", 4), "online", "none")) == Online::none);
  CHECK(online_for(with(with(base(), "level", 2), "online", "full")) == Online::full);
  CHECK(online_for(with(base(), "online", " partial ")) == Online::partial);
  CHECK(online_for(with(with(base(), "level", 3), "online", "")) == Online::partial);
  CHECK(online_for(with(with(base(), "level", 4), "online", nullptr)) == Online::full);
}

TEST_CASE("procedure_from_json: processing units") {
  auto unit_for = [](json value) {
    auto p = procedure_from_json(with(base(), "processing_unit", std::move(value)), false);
    REQUIRE(p);
    return p->processing_unit;
  };
  CHECK(unit_for("working_days") == ProcessingUnit::working_days);
  CHECK(unit_for("working_hours") == ProcessingUnit::working_hours);
  CHECK(unit_for("calendar_days") == ProcessingUnit::calendar_days);
  CHECK(unit_for(" calendar_days ") == ProcessingUnit::calendar_days);
  CHECK(unit_for("") == ProcessingUnit::working_days);
  CHECK(unit_for(nullptr) == ProcessingUnit::working_days);
}

TEST_CASE("procedure_from_json: fees are whole VND") {
  auto fee_for = [](json value) {
    auto p = procedure_from_json(with(base(), "fee", std::move(value)), false);
    REQUIRE(p);
    return p->fee;
  };
  CHECK(fee_for(0) == 0);
  CHECK(fee_for(25000.0) == 25000);
  CHECK(fee_for(5'000'000'000LL) == 5'000'000'000LL);
  CHECK_FALSE(fee_for(nullptr));
}

TEST_CASE("procedure_from_json: unknown fields are kept in extra as compact JSON") {
  json r = base();
  r["note"] = "giữ lại";
  r["tags"] = json::array({1, 2});
  r["gone"] = nullptr;
  auto p = procedure_from_json(r, false);
  REQUIRE(p);
  auto extra = json::parse(p->extra);
  CHECK(extra == json{{"note", "giữ lại"}, {"tags", {1, 2}}, {"gone", nullptr}});
  CHECK(p->extra == R"({"gone":null,"note":"giữ lại","tags":[1,2]})"); // compact, keys in order
  CHECK_FALSE(extra.contains("code"));
  CHECK_FALSE(extra.contains("processing_time"));
}

TEST_CASE("procedure_from_json: text is trimmed and NFC-normalised") {
  json r = base();
  r["code"] = " \t1.001612\r\n";
  r["name"] = "  \xC4\x90\xC4\x83ng ky\xCC\x81 khai sinh  "; // "ý" as y + combining acute
  r["agency_name"] = " UBND ";
  auto p = procedure_from_json(r, false);
  REQUIRE(p);
  CHECK(p->code == "1.001612");
  CHECK(p->name == "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh"); // precomposed ý
  CHECK(p->agency_name == "UBND");
}

TEST_CASE("to_json: the canonical shape, nulls for absent fields, whole numbers as integers") {
  auto p = procedure_from_json(base(), false);
  REQUIRE(p);
  auto j = to_json(*p);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"code", "name", "agency_code", "agency_name", "field_code", "field_name",
                                         "level", "online", "processing_time", "processing_unit", "fee"});
  CHECK(j.dump() == R"({"code":"1.001612","name":"Đăng ký khai sinh","agency_code":null,"agency_name":null,)"
                    R"("field_code":null,"field_name":null,"level":null,"online":"none","processing_time":5,)"
                    R"("processing_unit":"working_days","fee":null})");
  p->processing_time = 0.5;
  p->level = 4;
  p->fee = 0;
  p->extra = R"({"note":"x"})";
  auto k = to_json(*p);
  CHECK(k["processing_time"].is_number_float());
  CHECK(k["processing_time"].get<double>() == 0.5);
  CHECK(k["level"] == 4);
  CHECK(k["fee"] == 0);
  CHECK_FALSE(k.contains("note"));
  CHECK_FALSE(k.contains("extra"));
}

TEST_CASE("to_json then procedure_from_json gives the same procedure back") {
  Procedure p;
  p.code = "2.000";
  p.name = "Cấp giấy phép";
  p.agency_code = "A";
  p.agency_name = "Sở X";
  p.field_code = "F";
  p.field_name = "Lĩnh vực";
  p.level = 2;
  p.online = Online::full;
  p.processing_time = 1.25;
  p.processing_unit = ProcessingUnit::calendar_days;
  p.fee = 150000;
  auto back = procedure_from_json(json::parse(to_json(p).dump()), false);
  REQUIRE(back);
  CHECK(*back == p);
}

TEST_CASE("enum names parse back, anything else is refused") {
  for (auto o : {Online::full, Online::partial, Online::none}) CHECK(parse_online(online_name(o)) == o);
  for (auto u : {ProcessingUnit::working_days, ProcessingUnit::working_hours, ProcessingUnit::calendar_days})
    CHECK(parse_unit(unit_name(u)) == u);
  CHECK_FALSE(parse_online("Full"));
  CHECK_FALSE(parse_online(""));
  CHECK_FALSE(parse_unit("hours"));
  CHECK(online_from_level(std::nullopt) == Online::none);
  CHECK(online_from_level(4) == Online::full);
  CHECK(online_from_level(3) == Online::partial);
  CHECK(online_from_level(2) == Online::none);
}
