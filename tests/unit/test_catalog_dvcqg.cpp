#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "catalog/dvcqg.hpp"

using namespace motcua;
using nlohmann::json;

namespace {

// One channel of CACHTHUCTHUCHIEN with one THOIGIAN entry.
json channel(json kenh, json time, json unit, json fees = json::array()) {
  json t = {{"THOIGIANGIAIQUYET", std::move(time)}, {"DONVITINH", std::move(unit)}};
  if (!fees.empty()) t["PHILEPHI"] = std::move(fees);
  return json{{"KENH", std::move(kenh)}, {"THOIGIAN", json::array({t})}};
}

json record(json channels) {
  return json{{"MATTHC", "1.000894"},
              {"TENTTHC", "Đăng ký kết hôn"},
              {"MUCDO", "3"},
              {"LINHVUCTHUCHIEN", json::array({{{"MALINHVUC", "HT"}, {"TENLINHVUC", "Hộ tịch"}}})},
              {"COQUANTHUCHIEN", json::array({{{"MADONVI", "000.00.01.H26"}, {"TENDONVI", "UBND cấp xã"}}})},
              {"CACHTHUCTHUCHIEN", std::move(channels)}};
}

json one_channel(json unit) { return record(json::array({channel("1", "5", std::move(unit))})); }

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void check_rejected(const json& r, std::initializer_list<std::string> parts) {
  CAPTURE(r.dump());
  auto p = procedure_from_dvcqg(r);
  REQUIRE_FALSE(p);
  CHECK(p.error().kind == ErrorKind::input);
  for (const auto& part : parts) {
    CAPTURE(part);
    CHECK(contains(p.error().message, part));
  }
}

} // namespace

TEST_CASE("dvcqg: a full record maps to the canonical fields") {
  auto p =
      procedure_from_dvcqg(record(json::array({channel("1", "5", "Ngày làm việc", json::array({{{"SOTIEN", "0"}}}))})));
  REQUIRE(p);
  CHECK(p->code == "1.000894");
  CHECK(p->name == "Đăng ký kết hôn");
  CHECK(p->field_code == "HT");
  CHECK(p->field_name == "Hộ tịch");
  CHECK(p->agency_code == "000.00.01.H26");
  CHECK(p->agency_name == "UBND cấp xã");
  CHECK(p->level == 3);
  CHECK(p->online == Online::partial);
  CHECK(p->processing_time == 5);
  CHECK(p->processing_unit == ProcessingUnit::working_days);
  CHECK(p->fee == 0);
  CHECK(p->extra.empty());
}

TEST_CASE("dvcqg: the online channel (KENH 2) is preferred over the direct one, in any order") {
  json direct = channel("1", "10", "Ngày làm việc", json::array({{{"SOTIEN", "50000"}}}));
  json online = channel("2", "3", "Ngày làm việc", json::array({{{"SOTIEN", "25000"}}}));
  json postal = channel("3", "20", "Ngày làm việc");
  for (const auto& channels :
       {json::array({direct, online}), json::array({online, direct}), json::array({postal, online, direct})}) {
    CAPTURE(channels.dump());
    auto p = procedure_from_dvcqg(record(channels));
    REQUIRE(p);
    CHECK(p->processing_time == 3);
    CHECK(p->fee == 25000);
  }
  // Direct only, or an online channel with no THOIGIAN: the direct one.
  auto d = procedure_from_dvcqg(record(json::array({postal, direct})));
  REQUIRE(d);
  CHECK(d->processing_time == 10);
  json empty_online = {{"KENH", 2}, {"THOIGIAN", json::array()}};
  auto e = procedure_from_dvcqg(record(json::array({empty_online, direct})));
  REQUIRE(e);
  CHECK(e->processing_time == 10);
  // KENH as a number works like KENH as text.
  auto n = procedure_from_dvcqg(record(json::array({channel(1, 7, "ngày"), channel(2, 2, "ngày")})));
  REQUIRE(n);
  CHECK(n->processing_time == 2);
}

TEST_CASE("dvcqg: DONVITINH is read without regard to case or diacritics") {
  auto unit_for = [](const char* text) {
    auto p = procedure_from_dvcqg(one_channel(text));
    REQUIRE(p);
    return p->processing_unit;
  };
  CHECK(unit_for("Ngày làm việc") == ProcessingUnit::working_days);
  CHECK(unit_for("ngày làm việc") == ProcessingUnit::working_days);
  CHECK(unit_for("NGÀY LÀM VIỆC") == ProcessingUnit::working_days);
  CHECK(unit_for("ngay lam viec") == ProcessingUnit::working_days);
  CHECK(unit_for(" Ngày  làm   việc ") == ProcessingUnit::working_days);
  CHECK(unit_for("Nga\xCC\x80y la\xCC\x80m vi\xC3\xAA\xCC\xA3\x63") ==
        ProcessingUnit::working_days); // decomposed marks
  CHECK(unit_for("ngày") == ProcessingUnit::calendar_days);
  CHECK(unit_for("Ngày") == ProcessingUnit::calendar_days);
  CHECK(unit_for("Giờ") == ProcessingUnit::working_hours);
  CHECK(unit_for("giờ làm việc") == ProcessingUnit::working_hours);
  CHECK(unit_for("Giờ làm việc") == ProcessingUnit::working_hours);
}

TEST_CASE("dvcqg: \"tháng\" is months") {
  for (const char* unit : {"Tháng", "tháng", "THANG"}) {
    auto p = procedure_from_dvcqg(one_channel(unit));
    REQUIRE(p);
    CHECK(p->processing_unit == ProcessingUnit::months);
  }
}

TEST_CASE("dvcqg: every THOIGIAN entry is kept with its channel (MOTA, else KENH); the headline stays online's") {
  json direct = {
      {"KENH", 1},
      {"THOIGIAN",
       json::array({{{"THOIGIANGIAIQUYET", 5}, {"DONVITINH", "Ngày làm việc"}},
                    {{"THOIGIANGIAIQUYET", 7}, {"DONVITINH", "Ngày làm việc"}, {"MOTA", "Gửi qua bưu điện"}}})}};
  json online = {
      {"KENH", "2"},
      {"THOIGIAN",
       json::array({{{"THOIGIANGIAIQUYET", 3}, {"DONVITINH", "Ngày làm việc"}, {"MOTA", " Nộp trực tuyến "}}})}};
  auto p = procedure_from_dvcqg(record(json::array({direct, online})));
  REQUIRE(p);
  CHECK(p->processing_time == 3);
  REQUIRE(p->processing_times.size() == 3);
  CHECK(p->processing_times[0] == ProcessingTime{5, ProcessingUnit::working_days, Channel::direct, ""});
  CHECK(p->processing_times[1] == ProcessingTime{7, ProcessingUnit::working_days, Channel::postal, "Gửi qua bưu điện"});
  CHECK(p->processing_times[2] == ProcessingTime{3, ProcessingUnit::working_days, Channel::online, "Nộp trực tuyến"});
  // One entry only: processing_time/unit says it all.
  CHECK(procedure_from_dvcqg(one_channel("ngày"))->processing_times.empty());
  // A bad entry anywhere rejects the record: a channel would otherwise be judged by another's time.
  json bad = {{"KENH", 3}, {"THOIGIAN", json::array({{{"THOIGIANGIAIQUYET", 2}, {"DONVITINH", "tuần"}}})}};
  check_rejected(record(json::array({direct, online, bad})), {"DONVITINH", "tuần"});
}

TEST_CASE("dvcqg: an unknown DONVITINH is rejected naming the unit") {
  check_rejected(one_channel("Năm"), {"DONVITINH", "Năm"});
  check_rejected(one_channel(""), {"DONVITINH"});
  check_rejected(one_channel(nullptr), {"DONVITINH"});
}

TEST_CASE("dvcqg: numbers may come as strings, or as numbers") {
  json r = record(json::array({channel(2, " 0.5 ", "Giờ", json::array({{{"SOTIEN", " 15000 "}}}))}));
  r["MUCDO"] = 4;
  auto p = procedure_from_dvcqg(r);
  REQUIRE(p);
  CHECK(p->processing_time == 0.5);
  CHECK(p->fee == 15000);
  CHECK(p->level == 4);
  CHECK(p->online == Online::full);
  r["MUCDO"] = "2";
  auto q = procedure_from_dvcqg(r);
  REQUIRE(q);
  CHECK(q->level == 2);
  CHECK(q->online == Online::none);
  // A code written as a number is still a code.
  r["MATTHC"] = 1000894;
  auto c = procedure_from_dvcqg(r);
  REQUIRE(c);
  CHECK(c->code == "1000894");
}

TEST_CASE("dvcqg: MUCDO absent or blank leaves the level unknown, out of range is rejected") {
  json r = one_channel("ngày");
  r.erase("MUCDO");
  auto p = procedure_from_dvcqg(r);
  REQUIRE(p);
  CHECK_FALSE(p->level);
  CHECK(p->online == Online::unknown); // published apart: not "none"
  CHECK(procedure_from_dvcqg(r)->online != Online::none);
  r["MUCDO"] = "  ";
  CHECK_FALSE(procedure_from_dvcqg(r)->level);
  r["MUCDO"] = nullptr;
  CHECK_FALSE(procedure_from_dvcqg(r)->level);
  r["MUCDO"] = "5";
  check_rejected(r, {"MUCDO", "\"5\""});
  r["MUCDO"] = "mức 3";
  check_rejected(r, {"MUCDO", "mức 3"});
  r["MUCDO"] = 2.5;
  check_rejected(r, {"MUCDO", "2.5"});
}

TEST_CASE("dvcqg: the fee is the first SOTIEN of the chosen channel") {
  auto fee_for = [](json fees) {
    auto p = procedure_from_dvcqg(record(json::array({channel("1", "5", "ngày", std::move(fees))})));
    REQUIRE(p);
    return p->fee;
  };
  CHECK(fee_for(json::array({{{"SOTIEN", "100000"}}, {{"SOTIEN", "50000"}}})) == 100000);
  CHECK(fee_for(json::array({{{"SOTIEN", 0}}})) == 0);
  CHECK_FALSE(fee_for(json::array()));
  CHECK_FALSE(fee_for(json::array({{{"MOTA", "Miễn phí"}}})));
  // Nothing that is not a whole, non-negative, representable amount becomes a fee.
  CHECK_FALSE(fee_for(json::array({{{"SOTIEN", "-5"}}})));
  CHECK_FALSE(fee_for(json::array({{{"SOTIEN", "12.5"}}})));
  CHECK_FALSE(fee_for(json::array({{{"SOTIEN", "inf"}}})));
  CHECK_FALSE(fee_for(json::array({{{"SOTIEN", "1e300"}}})));
}

TEST_CASE("dvcqg: unmappable records are rejected with a reason") {
  check_rejected(json::array(), {"object"});
  json r = one_channel("ngày");
  r.erase("MATTHC");
  check_rejected(r, {"MATTHC"});
  r = one_channel("ngày");
  r["MATTHC"] = "  ";
  check_rejected(r, {"MATTHC"});
  r = one_channel("ngày");
  r.erase("TENTTHC");
  check_rejected(r, {"TENTTHC"});
  r = one_channel("ngày");
  r.erase("CACHTHUCTHUCHIEN");
  check_rejected(r, {"CACHTHUCTHUCHIEN", "KENH"});
  // Postal only: no channel the deadline can come from.
  check_rejected(record(json::array({channel("3", "5", "ngày")})), {"CACHTHUCTHUCHIEN"});
  check_rejected(record(json::array({channel("1", "0", "ngày")})), {"THOIGIANGIAIQUYET", "\"0\""});
  check_rejected(record(json::array({channel("1", "năm", "ngày")})), {"THOIGIANGIAIQUYET", "năm"});
  check_rejected(record(json::array({channel("1", nullptr, "ngày")})), {"THOIGIANGIAIQUYET"});
  check_rejected(record(json::array({channel("1", "inf", "ngày")})), {"THOIGIANGIAIQUYET", "inf"});
  check_rejected(record(json::array({channel("1", "1e300", "ngày")})), {"THOIGIANGIAIQUYET"});
  json no_time = {{"KENH", "1"}};
  check_rejected(record(json::array({no_time})), {"CACHTHUCTHUCHIEN"});
}

TEST_CASE("dvcqg: a KENH that is no channel number is ignored, not converted blindly") {
  json odd = channel("1e300", "9", "ngày");
  json inf = channel("inf", "8", "ngày");
  auto p = procedure_from_dvcqg(record(json::array({odd, inf, channel("1", "5", "ngày")})));
  REQUIRE(p);
  CHECK(p->processing_time == 5);
}

TEST_CASE("dvcqg: text is trimmed and NFC-normalised, missing field and agency lists are fine") {
  json r = one_channel("ngày");
  r["MATTHC"] = " 1.000894 ";
  r["TENTTHC"] = " \xC4\x90\xC4\x83ng ky\xCC\x81 ";
  r.erase("LINHVUCTHUCHIEN");
  r["COQUANTHUCHIEN"] = json::array();
  auto p = procedure_from_dvcqg(r);
  REQUIRE(p);
  CHECK(p->code == "1.000894");
  CHECK(p->name == "\xC4\x90\xC4\x83ng k\xC3\xBD");
  CHECK(p->field_code.empty());
  CHECK(p->agency_name.empty());
}

TEST_CASE("dvcqg: MucDo (mixed case) is read like MUCDO; 2 is information only") {
  json r = one_channel("ngày");
  r.erase("MUCDO");
  r["MucDo"] = 4;
  CHECK(procedure_from_dvcqg(r)->online == Online::full);
  r["MucDo"] = "3";
  CHECK(procedure_from_dvcqg(r)->online == Online::partial);
  r["MucDo"] = 2;
  CHECK(procedure_from_dvcqg(r)->online == Online::none);
  CHECK(procedure_from_dvcqg(r)->level == 2);
  r["MucDo"] = "x";
  check_rejected(r, {"MucDo", "x"});
}

TEST_CASE("dvcqg: TRANGTHAI other than 1 is not public") {
  json r = one_channel("ngày");
  CHECK_FALSE(dvcqg_not_public(r));
  r["TRANGTHAI"] = 1;
  CHECK_FALSE(dvcqg_not_public(r));
  r["TRANGTHAI"] = "1";
  CHECK_FALSE(dvcqg_not_public(r));
  r["TRANGTHAI"] = 0;
  CHECK(dvcqg_not_public(r));
  r["TRANGTHAI"] = "2";
  CHECK(dvcqg_not_public(r));
}
