#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "dossiers/canonical_csv.hpp"
#include "dossiers/validate.hpp"
#include "io/csv_writer.hpp"

using namespace motcua;

namespace {

// The records of a CSV text, read with the project's CSV reader.
struct Rows {
  explicit Rows(std::string text) : in(std::move(text)), csv(in) {}
  bool next() { return csv.next(rec); }
  MemoryStream in;
  CsvReader csv;
  CsvRecord rec;
};

const char* k_header =
    "code,procedure_code,agency_code,channel,status,received_at,due_at,resolved_at,returned_at,pauses,extensions,"
    "applicant_name,applicant_id,fee,paid_online";

} // namespace

TEST_CASE("the formula guard of CSV output is undone exactly") {
  for (std::string v : {"=SUM(A1)", "+84123", "-1", "@x", "\tx",   "\rx",  "'",   "''=", "x'=",  "plain", "",
                        "'=x",      "''+1",   "'x", "'",  "＝1+2", "＋84", "－1", "＠x", "'＝x", "x＝"}) {
    CAPTURE(v);
    std::string cell = csv_cell(nlohmann::ordered_json(v));
    Rows r(cell + "\n");
    if (v.empty()) continue; // an empty cell is no record at all
    REQUIRE(r.next());
    CHECK(std::string(unguard_formula(r.rec[0])) == v);
  }
  // A value that itself begins with ' before a guarded character is guarded too: no ambiguity.
  CHECK(csv_cell(nlohmann::ordered_json("'=x")) == "''=x");
  CHECK(unguard_formula("''=x") == "'=x");
  CHECK(unguard_formula("'=x") == "=x");
  CHECK(unguard_formula("'x") == "'x");
}

TEST_CASE("a header binds columns in any order, extra columns are kept, missing or doubled ones fail") {
  Rows r("status,note,received_at,code,,channel,procedure_code\n");
  REQUIRE(r.next());
  auto c = bind_canonical_columns(r.rec, "d.csv");
  REQUIRE(c);
  CHECK(c->expected_fields == 7);
  CHECK(c->column[static_cast<size_t>(CanonicalField::code)] == 3);
  CHECK(c->column[static_cast<size_t>(CanonicalField::fee)] == SIZE_MAX);
  REQUIRE(c->extra.size() == 1);
  CHECK(c->extra[0] == std::pair<size_t, std::string>{1, "note"});

  Rows partial("code,procedure_code,received_at\n");
  REQUIRE(partial.next());
  auto p = bind_canonical_columns(partial.rec, "d.csv");
  REQUIRE_FALSE(p);
  CHECK(p.error().kind == ErrorKind::input);
  CHECK(
      p.error().message.find(
          "d.csv:1: the CSV header lacks the required column(s) channel, status (it has: code,procedure_code,received_at)") ==
      0);
  CHECK(p.error().message.find("--mapping") != std::string::npos);

  Rows legacy("SO_HO_SO;MA_TTHC;NGAY_NHAN\n");
  REQUIRE(legacy.next());
  auto l = bind_canonical_columns(legacy.rec, "old.csv");
  REQUIRE_FALSE(l);
  CHECK(l.error().message.find(
            "old.csv: not a canonical dossier CSV: its header (SO_HO_SO;MA_TTHC;NGAY_NHAN) names none") == 0);
  CHECK(l.error().message.find("--mapping FILE") != std::string::npos);

  Rows twice("code,procedure_code,channel,status,received_at,code\n");
  REQUIRE(twice.next());
  auto t = bind_canonical_columns(twice.rec, "d.csv");
  REQUIRE_FALSE(t);
  CHECK(t.error().message.find("column 'code' twice (columns 1 and 6)") != std::string::npos);
}

TEST_CASE("a row becomes the dossier that canonical JSON gives, the Dossier reused row after row") {
  std::string text = std::string(k_header) + ",note\r\n" +
                     " A ,P,AG,online,resolved,2018-10-05T01:22:00+07:00,2018-10-10,2018-10-16T15:11,,"
                     "\"[{\"\"from\"\":\"\"2018-10-06\"\",\"\"to\"\":null,\"\"reason\"\":\"\"x\"\"}]\",,"
                     "\"'=HYPERLINK(\"\"u\"\")\",'+84,20000,yes,'=n\r\n"
                     "B,P,,direct,received,2018-03-05,,,,,,,,,,\r\n";
  Rows r(text);
  REQUIRE(r.next());
  auto c = bind_canonical_columns(r.rec, "d.csv");
  REQUIRE(c);
  Dossier d;
  REQUIRE(r.next());
  REQUIRE(dossier_from_csv_row(*c, r.rec, d));
  auto expected = dossier_from_json(
      nlohmann::json::parse(R"j({"code": "A", "procedure_code": "P", "agency_code": "AG", "channel": "online",
    "status": "resolved", "received_at": "2018-10-05T01:22:00+07:00", "due_at": "2018-10-10", "resolved_at": "2018-10-16T15:11",
    "pauses": [{"from": "2018-10-06", "to": null, "reason": "x"}], "applicant_name": "=HYPERLINK(\"u\")", "applicant_id": "+84",
    "fee": 20000, "paid_online": true, "note": "=n"})j"));
  REQUIRE(expected);
  CHECK(d == *expected);
  CHECK(d.extra == R"({"note":"=n"})");

  REQUIRE(r.next());
  REQUIRE(dossier_from_csv_row(*c, r.rec, d));
  auto second = dossier_from_json(nlohmann::json::parse(R"({"code": "B", "procedure_code": "P", "channel": "direct",
    "status": "received", "received_at": "2018-03-05"})"));
  REQUIRE(second);
  CHECK(d == *second); // nothing of the first row is left over
}

TEST_CASE("the extra column: an object gives extra fields (canonical names dropped), anything else is kept as text") {
  struct Case {
    const char* extra_cell; // as written in the CSV
    const char* extra;      // the dossier's extra fields
  };
  const Case cases[] = {
      {R"("{""LoaiDoiTuong"":""1"",""n"":[1,{""a"":null}]}")", R"({"LoaiDoiTuong":"1","n":[1,{"a":null}],"note":"x"})"},
      // code and fee come from their own columns: inside the object they are dropped, not extra.
      {R"("{""code"":""Z"",""fee"":5,""status"":""bogus"",""k"":2}")", R"({"k":2,"note":"x"})"},
      {R"("{""extra"":""[1,2]""}")", R"({"extra":"[1,2]","note":"x"})"}, // what export writes for the next case
      {R"("[1,2]")", R"({"extra":"[1,2]","note":"x"})"},
      {"42", R"({"extra":"42","note":"x"})"},
      {"free text", R"({"extra":"free text","note":"x"})"},
      {R"("{""broken"":")", R"({"extra":"{\"broken\":","note":"x"})"},
      {"'=1+1", R"({"extra":"=1+1","note":"x"})"}, // the formula guard undone, as for other columns
      {"{}", R"({"note":"x"})"},
      {"  ", R"({"note":"x"})"},
  };
  for (const auto& k : cases) {
    CAPTURE(k.extra_cell);
    Rows r(std::string("code,procedure_code,channel,status,received_at,fee,extra,note\n") +
           "A,P,direct,received,2018-03-05,7," + k.extra_cell + ",x\n");
    REQUIRE(r.next());
    auto c = bind_canonical_columns(r.rec, "d.csv");
    REQUIRE(c);
    REQUIRE(r.next());
    Dossier d;
    auto st = dossier_from_csv_row(*c, r.rec, d);
    REQUIRE(st);
    CHECK(d.extra == k.extra);
    CHECK(d.code == "A"); // the object's code does not replace the column's
    CHECK(d.fee == 7);
    CHECK(d.status == DossierStatus::received);
  }
}

TEST_CASE("bad cells are errors naming the field and the value, as for canonical JSON") {
  struct Case {
    const char* row;
    const char* message;
  };
  const Case cases[] = {
      {",P,direct,received,2018-03-05,,,", "field 'code' is required"},
      {"A,P,fax,received,2018-03-05,,,", "field 'channel': expected online, direct or postal, got \"fax\""},
      {"A,P,direct,done,2018-03-05,,,", "field 'status': expected one of submitted,"},
      {"A,P,direct,received,09/03/2018,,,",
       "field 'received_at': expected an ISO 8601 date-time like 2018-03-05T08:15 or a date 2018-03-05, got \"09/03/2018\""},
      {"A,P,direct,received,,,,", "field 'received_at' is required"},
      {"A,P,direct,received,2018-03-05,[{,,",
       "field 'pauses': expected a JSON array of {from, to, reason}, got \"[{\""},
      {"A,P,direct,received,2018-03-05,\"[{\"\"from\"\":\"\"x\"\"}]\",,",
       "field 'pauses[0].from': expected an ISO 8601"},
      {"A,P,direct,received,2018-03-05,,-5,", "field 'fee': expected a non-negative whole number of VND, got \"-5\""},
      {"A,P,direct,received,2018-03-05,,,maybe",
       "field 'paid_online': expected true or false (yes or no), got \"maybe\""},
  };
  for (const auto& k : cases) {
    CAPTURE(k.row);
    Rows r(std::string("code,procedure_code,channel,status,received_at,pauses,fee,paid_online\n") + k.row + "\n");
    REQUIRE(r.next());
    auto c = bind_canonical_columns(r.rec, "d.csv");
    REQUIRE(c);
    REQUIRE(r.next());
    Dossier d;
    auto st = dossier_from_csv_row(*c, r.rec, d);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::input);
    CHECK(st.error().message.find(k.message) == 0);
  }
}

TEST_CASE("CanonicalCsvWriter: the header and rows its reader reads back to the same dossiers, extra fields included") {
  auto first = dossier_from_json(
      nlohmann::json::parse(R"j({"code": "A", "procedure_code": "P", "agency_code": "AG", "channel": "online",
    "status": "resolved", "received_at": "2018-10-05T01:22:00+07:00", "due_at": "2018-10-10", "resolved_at": "2018-10-16T15:11",
    "pauses": [{"from": "2018-10-06", "to": null, "reason": "x, \"y\""}], "applicant_name": "=HYPERLINK(\"u\")", "applicant_id": "+84",
    "fee": 20000, "paid_online": true, "note": "=n", "nested": {"k": [1, 2]}})j"));
  auto second = dossier_from_json(nlohmann::json::parse(R"({"code": "B", "procedure_code": "P", "channel": "direct",
    "status": "received", "received_at": "2018-03-05"})"));
  REQUIRE(first);
  REQUIRE(second);
  std::ostringstream out;
  CanonicalCsvWriter writer(out);
  writer.write(*first);
  writer.write(*second);
  writer.write(*first, false);
  writer.finish();
  std::string text = out.str();
  CHECK(text.rfind(std::string(k_header) + ",applicant_type,extra\r\n", 0) == 0);

  Rows r(text);
  REQUIRE(r.next());
  auto c = bind_canonical_columns(r.rec, "export.csv");
  REQUIRE(c);
  Dossier d;
  REQUIRE(r.next());
  REQUIRE(dossier_from_csv_row(*c, r.rec, d));
  CHECK(d == *first);
  REQUIRE(r.next());
  REQUIRE(dossier_from_csv_row(*c, r.rec, d));
  CHECK(d == *second);
  REQUIRE(r.next());
  REQUIRE(dossier_from_csv_row(*c, r.rec, d));
  CHECK(d.extra.empty()); // without extra: the unknown fields are left out
  CHECK(d.applicant_name == first->applicant_name);
  CHECK_FALSE(r.next());
}
