#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "dossiers/validate.hpp"

using namespace motcua;
using json = nlohmann::json;

namespace {

json canonical() {
  return json::parse(
      R"({"code": " 000.00.20.H15-181005-0001 ", "procedure_code": "2.005795", "agency_code": "000.00.20.H15",
    "channel": "online", "status": "resolved", "received_at": "2018-10-05T01:22:00", "due_at": "2018-10-10",
    "resolved_at": "2018-10-16T15:11:00+07:00", "returned_at": "2018-10-18T04:52:00Z",
    "applicant_name": "Đặng Thị Thu Yến", "applicant_id": "042913168485", "fee": 0,
    "pauses": [{"from": "2018-10-06T08:00", "to": null, "reason": "thiếu giấy tờ"}],
    "extensions": [{"apology_at": "2018-10-09", "new_due_at": "2018-10-17T15:11:00", "reason": "Hồ sơ phức tạp"}],
    "source_system": "egov-old", "paid_online": false})");
}

std::string error_of(const json& r) {
  auto d = dossier_from_json(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().kind == ErrorKind::input);
  return d.error().message;
}

} // namespace

TEST_CASE("a canonical record becomes a Dossier, unknown keys go to extra") {
  auto d = dossier_from_json(canonical());
  REQUIRE(d);
  CHECK(d->code == "000.00.20.H15-181005-0001"); // codes are trimmed
  CHECK(d->channel == Channel::online);
  CHECK(d->status == DossierStatus::resolved);
  CHECK(d->received_at == *parse_datetime("2018-10-05T01:22:00+07:00"));
  CHECK(d->due_at == *parse_datetime("2018-10-10T17:00"));
  CHECK(d->due_date_only);
  CHECK(d->returned_at == *parse_datetime("2018-10-18T11:52:00+07:00"));
  REQUIRE(d->pauses.size() == 1);
  CHECK_FALSE(d->pauses[0].to);
  CHECK(d->pauses[0].reason == "thiếu giấy tờ");
  REQUIRE(d->extensions.size() == 1);
  CHECK(d->extensions[0].apology_date_only);
  CHECK(d->extensions[0].apology_at == *parse_datetime("2018-10-09T00:00"));
  CHECK(d->fee == 0);
  CHECK(d->paid_online == false);
  CHECK(d->extra == R"({"source_system":"egov-old"})");
}

TEST_CASE("canonical → to_json → canonical is the same dossier") {
  auto d = dossier_from_json(canonical());
  REQUIRE(d);
  auto again = dossier_from_json(json::parse(to_json(*d).dump()));
  REQUIRE(again);
  CHECK(*again == *d);
  CHECK(content_hash(*again) == content_hash(*d));
}

TEST_CASE("text is stored in NFC") {
  json r = canonical();
  r["applicant_name"] = "Nguye\xCC\x82\xCC\x83n"; // e + combining circumflex + combining tilde
  auto d = dossier_from_json(r);
  REQUIRE(d);
  CHECK(d->applicant_name == "Nguyễn");
}

TEST_CASE("per-field errors name the field and the value") {
  json r = canonical();
  r.erase("code");
  CHECK(error_of(r) == "field 'code' is required");

  r = canonical();
  r["channel"] = "fax";
  CHECK(error_of(r).find("field 'channel'") != std::string::npos);
  CHECK(error_of(r).find("\"fax\"") != std::string::npos);

  r = canonical();
  r["status"] = 9;
  CHECK(error_of(r).find("field 'status': expected one of submitted, received") != std::string::npos);

  r = canonical();
  r["received_at"] = "05/10/2018";
  CHECK(error_of(r).find("field 'received_at'") != std::string::npos);
  CHECK(error_of(r).find("05/10/2018") != std::string::npos);

  r = canonical();
  r["received_at"] = "2018-02-30T08:00";
  CHECK(error_of(r).find("received_at") != std::string::npos);

  r = canonical();
  r["fee"] = -5;
  CHECK(error_of(r).find("field 'fee'") != std::string::npos);
  r["fee"] = 1.5;
  CHECK(error_of(r).find("field 'fee'") != std::string::npos);
  r["fee"] = "20000";
  CHECK(error_of(r).find("field 'fee'") != std::string::npos);

  r = canonical();
  r["paid_online"] = "yes";
  CHECK(error_of(r).find("paid_online") != std::string::npos);

  r = canonical();
  r["pauses"] = json::parse(R"([{"to": "2018-10-07"}])");
  CHECK(error_of(r) == "field 'pauses[0].from' is required");
  r["pauses"] = json::parse(R"([{"from": "tomorrow"}])");
  CHECK(error_of(r).find("field 'pauses[0].from'") != std::string::npos);
  r["pauses"] = "none";
  CHECK(error_of(r).find("field 'pauses'") != std::string::npos);

  r = canonical();
  r["extensions"] = json::parse(R"([{"apology_at": "2018-10-09"}])");
  CHECK(error_of(r) == "field 'extensions[0].new_due_at' is required");

  CHECK(error_of(json::array()).find("expected a JSON object") != std::string::npos);
}

TEST_CASE("contradictory data are loaded, not rejected: the audit reports them") {
  json r = canonical();
  r["resolved_at"] = "2018-10-01T08:00"; // before received_at
  r["pauses"] = json::parse(R"([{"from": "2018-10-08", "to": "2018-10-07"}])");
  auto d = dossier_from_json(r);
  REQUIRE(d);
  CHECK(*d->resolved_at < d->received_at);
}

TEST_CASE("absent optional fields: null and empty strings are absent") {
  json r = json::parse(R"({"code":"A","procedure_code":"P","channel":"direct","status":"received",
                           "received_at":"2018-03-05T08:00","due_at":null,"agency_code":"  ","pauses":null,"fee":null})");
  auto d = dossier_from_json(r);
  REQUIRE(d);
  CHECK_FALSE(d->due_at);
  CHECK(d->agency_code.empty());
  CHECK(d->pauses.empty());
  CHECK_FALSE(d->fee);
  CHECK(d->extra.empty());
}

TEST_CASE("text helpers for CSV cells") {
  CHECK(parse_channel_text(" online ") == Channel::online);
  CHECK(parse_channel_text("3") == Channel::postal);
  CHECK_FALSE(parse_channel_text("4"));
  CHECK(parse_status_text("10") == DossierStatus::returned);
  CHECK(parse_status_text("withdrawn") == DossierStatus::withdrawn);
  CHECK_FALSE(parse_status_text("11"));
  CHECK(parse_fee_text("20000") == 20000);
  CHECK(parse_fee_text("1.000.000") == 1000000);
  CHECK(parse_fee_text("20,000") == 20000);
  CHECK_FALSE(parse_fee_text("20.5"));
  CHECK_FALSE(parse_fee_text("-1"));
  CHECK_FALSE(parse_fee_text("1.00.000"));
  CHECK_FALSE(parse_fee_text(""));
  CHECK(parse_bool_text("Yes") == true);
  CHECK(parse_bool_text("0") == false);
  CHECK(parse_bool_text("không") == false);
  CHECK_FALSE(parse_bool_text("maybe"));
}

TEST_CASE("national sync records (DongBoHoSoMC): numbers as strings, supplements as pauses") {
  json r = json::parse(R"({"MaHoSo": "000.00.13.H15-170510-0001", "MaTTHC": "2.001371", "DonViXuLy": "000.00.13.H15",
    "KenhThucHien": "2", "TrangThaiHoSo": 10, "NgayTiepNhan": "20170510032100", "ChuHoSo": "Phạm Quốc Hải",
    "MaDoiTuong": 76192506125, "LoaiDoiTuong": "1", "NgayHenTra": "20170516170000", "NgayKetThucXuLy": "20170515133000",
    "NgayTra": "", "DanhSachHoSoBoSung": [{"HoSoBoSungId": "1", "NgayBoSung": "20170510153100",
    "NgayTiepNhanBoSung": "20170515123000"}, {"NgayBoSung": "20170515140000", "NgayTiepNhanBoSung": null}]})");
  REQUIRE(looks_dvcqg_dossier(r));
  auto d = dossier_from_dvcqg(r);
  REQUIRE(d);
  CHECK(d->code == "000.00.13.H15-170510-0001");
  CHECK(d->channel == Channel::online);
  CHECK(d->status == DossierStatus::returned);
  CHECK(format_instant(d->received_at) == "2017-05-10T03:21:00+07:00");
  CHECK(format_instant(*d->due_at) == "2017-05-16T17:00:00+07:00");
  CHECK_FALSE(d->due_date_only);
  CHECK_FALSE(d->returned_at); // empty string: absent
  CHECK(d->applicant_id == "76192506125");
  CHECK(d->applicant_type == ApplicantType::citizen);
  REQUIRE(d->pauses.size() == 2);
  CHECK(format_instant(d->pauses[0].from) == "2017-05-10T15:31:00+07:00");
  CHECK(format_instant(*d->pauses[0].to) == "2017-05-15T12:30:00+07:00");
  CHECK_FALSE(d->pauses[1].to);
  CHECK(d->extra.empty()); // LoaiDoiTuong is a field now
}

TEST_CASE("national sync errors name the national field") {
  json r = json::parse(
      R"({"MaHoSo": "A", "MaTTHC": "P", "KenhThucHien": 5, "TrangThaiHoSo": "2", "NgayTiepNhan": "20170510032100"})");
  auto d = dossier_from_dvcqg(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().message.find("field 'KenhThucHien'") != std::string::npos);
  r["KenhThucHien"] = 1;
  r["TrangThaiHoSo"] = "11";
  d = dossier_from_dvcqg(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().message.find("TrangThaiHoSo") != std::string::npos);
  r["TrangThaiHoSo"] = "4";
  r["NgayTiepNhan"] = "10/05/2017";
  d = dossier_from_dvcqg(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().message.find("field 'NgayTiepNhan': expected a date yyyyMMddHHmmss") != std::string::npos);
  r.erase("NgayTiepNhan");
  d = dossier_from_dvcqg(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().message == "field 'NgayTiepNhan' (or 'NgayNopHoSo') is required");
  r["NgayTiepNhan"] = "20170510";
  r["DanhSachHoSoBoSung"] = json::parse(R"([{"NgayTiepNhanBoSung": "20170512"}])");
  d = dossier_from_dvcqg(r);
  REQUIRE_FALSE(d);
  CHECK(d.error().message == "field 'DanhSachHoSoBoSung[0].NgayBoSung' is required");
}

namespace {

json national() {
  return json::parse(R"({"MaHoSo": "H-1", "MaTTHC": "1.000001", "DonViXuLy": "000.00.24.H99", "KenhThucHien": 1,
    "TrangThaiHoSo": 4, "NgayTiepNhan": "20240105081500"})");
}

} // namespace

TEST_CASE("national: no KenhThucHien is direct, flagged in extra; HinhThuc is kept") {
  json r = national();
  r.erase("KenhThucHien");
  r["HinhThuc"] = 1;
  auto d = dossier_from_dvcqg(r);
  REQUIRE(d);
  CHECK(d->channel == Channel::direct);
  CHECK(d->extra == R"({"HinhThuc":1,"channel_missing":true})");
  r["KenhThucHien"] = 9; // present but wrong is still rejected
  CHECK_FALSE(dossier_from_dvcqg(r));
}

TEST_CASE("national: DonViXuLy names resolved through the agencies; MaDinhDanhDV and the URL's code win") {
  AgencyNames agencies;
  agencies.add("000.00.24.H99", "UBND quận Hải Châu");
  DvcqgContext ctx{&agencies, ""};
  json r = national();
  r["DonViXuLy"] = "ubnd QUAN hai chau";
  DvcqgNotes notes;
  auto d = dossier_from_dvcqg(r, ctx, &notes);
  REQUIRE(d);
  CHECK(d->agency_code == "000.00.24.H99");
  CHECK_FALSE(notes.agency_unresolved);
  CHECK(d->extra == R"({"DonViXuLy":"ubnd QUAN hai chau"})");

  r["DonViXuLy"] = "UBND xã Không Có";
  d = dossier_from_dvcqg(r, ctx, &notes);
  REQUIRE(d);
  CHECK(d->agency_code.empty());
  CHECK(notes.agency_unresolved);
  CHECK(d->extra == R"({"DonViXuLy":"UBND xã Không Có","agency_unresolved":true})");

  DvcqgContext from_url{&agencies, "000.00.30.H99"};
  d = dossier_from_dvcqg(r, from_url, &notes);
  REQUIRE(d);
  CHECK(d->agency_code == "000.00.30.H99");
  CHECK_FALSE(notes.agency_unresolved);
  r["MaDinhDanhDV"] = "000.00.31.H99";
  CHECK(dossier_from_dvcqg(r, from_url)->agency_code == "000.00.31.H99");

  json coded = national(); // an unknown code stays the code, as before
  CHECK(dossier_from_dvcqg(coded, ctx)->agency_code == "000.00.24.H99");
  coded["DonViXuLy"] = "000.00.77.H99";
  CHECK(dossier_from_dvcqg(coded, ctx)->agency_code == "000.00.77.H99");
}

TEST_CASE("national: NgayNopHoSo stands in for an empty NgayTiepNhan; ISO 8601 dates are read") {
  json r = national();
  r["NgayTiepNhan"] = "";
  r["NgayNopHoSo"] = "20240106213000";
  auto d = dossier_from_dvcqg(r);
  REQUIRE(d);
  CHECK(format_instant(d->received_at) == "2024-01-06T21:30:00+07:00");
  r["NgayTiepNhan"] = "2024-01-07T08:00:00+07:00";
  CHECK(format_instant(dossier_from_dvcqg(r)->received_at) == "2024-01-07T08:00:00+07:00");
  r["NgayTiepNhan"] = "";
  r.erase("NgayNopHoSo");
  auto bad = dossier_from_dvcqg(r);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("NgayNopHoSo") != std::string::npos);
}

TEST_CASE("national: supplement appointments kept in extra, applicant type, id and online payment read") {
  json r = national();
  r["DanhSachHoSoBoSung"] = json::parse(R"([{"NgayBoSung": "2024-01-09T09:00", "NgayHenTraTruoc": "20240111170000",
    "NgayHenTraMoi": "2024-01-16"}])");
  r["LoaiDoiTuong"] = 3;
  r["DuocThanhToanTrucTuyen"] = "2";
  r["DinhDanhCHS"] = "001099000111";
  r["SoGiayToChuHoSo"] = "GP-17";
  auto d = dossier_from_dvcqg(r);
  REQUIRE(d);
  REQUIRE(d->pauses.size() == 1);
  CHECK(format_instant(d->pauses[0].from) == "2024-01-09T09:00:00+07:00");
  CHECK(d->applicant_type == ApplicantType::state_body);
  CHECK(d->paid_online == false);
  CHECK(d->applicant_id == "GP-17");
  CHECK(
      d->extra ==
      R"({"DinhDanhCHS":"001099000111","supplement_appointments":[{"after":"2024-01-16","before":"2024-01-11T17:00:00+07:00","pause":0}]})");
  r["LoaiDoiTuong"] = 5;
  CHECK_FALSE(dossier_from_dvcqg(r));
  r["LoaiDoiTuong"] = 4;
  r["DuocThanhToanTrucTuyen"] = 3;
  CHECK_FALSE(dossier_from_dvcqg(r));
}
