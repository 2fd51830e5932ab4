#include <doctest/doctest.h>

#include "dossiers/mapping.hpp"

using namespace motcua;

namespace {

// The first mapping example of motcua-mapping(5).
const char* k_spec_mapping = R"({
  "input": {"format": "csv", "encoding": "tcvn", "delimiter": ";", "header": true},
  "fields": {
    "code": "SO_HO_SO",
    "procedure_code": {"column": "MA_TTHC", "trim": true},
    "channel": {"column": "HINH_THUC", "values": {"1": "direct", "2": "online", "3": "postal"}},
    "status": {"column": "TINH_TRANG", "values": {"DA_TRA": "returned", "DANG_XL": "processing"}},
    "received_at": {"column": "NGAY_NHAN", "date_format": "%d/%m/%Y %H:%M"},
    "due_at": {"column": "NGAY_HEN", "date_format": "%d/%m/%Y"},
    "resolved_at": {"column": "NGAY_XONG", "date_format": "%d/%m/%Y %H:%M"},
    "applicant_name": "HO_TEN",
    "pauses": {"from": {"column": "NGAY_YC_BS", "date_format": "%d/%m/%Y"},
               "to": {"column": "NGAY_NHAN_BS", "date_format": "%d/%m/%Y"}},
    "agency_code": {"value": "000.00.24.H56"}
  }
})";

const char* k_header =
    "SO_HO_SO;MA_TTHC;HINH_THUC;TINH_TRANG;NGAY_NHAN;NGAY_HEN;NGAY_XONG;HO_TEN;NGAY_YC_BS;NGAY_NHAN_BS\n";

std::string mapping_error(const std::string& text) {
  auto m = parse_mapping(text, "m.json");
  REQUIRE_FALSE(m);
  CHECK(m.error().kind == ErrorKind::input);
  return m.error().message;
}

// Maps every data row of csv with mapping text; one result per row ("" = ok, else the error).
struct Mapped {
  std::vector<Dossier> dossiers;
  std::vector<std::string> errors;
};

Mapped map_csv(const std::string& mapping_text, const std::string& csv) {
  auto m = parse_mapping(mapping_text, "m.json");
  REQUIRE(m);
  MemoryStream in(csv);
  CsvReader reader(in, CsvOptions{m->input.delimiter});
  CsvRecord rec;
  Mapped out;
  REQUIRE(reader.next(rec));
  auto bound = bind_columns(*m, rec, "t.csv");
  REQUIRE_MESSAGE(bound, (bound ? "" : bound.error().message));
  bool first_is_data = !m->input.header;
  while (first_is_data || reader.next(rec)) {
    first_is_data = false;
    Dossier d;
    auto st = map_record(*m, rec, d);
    out.errors.push_back(st ? "" : st.error().message);
    if (st) out.dossiers.push_back(d);
  }
  return out;
}

} // namespace

TEST_CASE("the example mapping of motcua-mapping(5) parses") {
  auto m = parse_mapping(k_spec_mapping, "m.json");
  REQUIRE_MESSAGE(m, (m ? "" : m.error().message));
  CHECK(m->input.encoding == Encoding::tcvn);
  CHECK(m->input.delimiter == ';');
  CHECK(m->input.header);
  REQUIRE(m->rule(MappedField::channel));
  CHECK(m->rule(MappedField::channel)->has_values);
  CHECK(m->rule(MappedField::agency_code)->constant == "000.00.24.H56");
  CHECK(m->rule(MappedField::pause_from)->date_formats.at(0).pattern() == "%d/%m/%Y");
  CHECK_FALSE(m->rule(MappedField::returned_at));
}

TEST_CASE("an invalid mapping is refused naming the key") {
  CHECK(mapping_error("{").find("not valid JSON") != std::string::npos);
  CHECK(mapping_error("[]").find("must be a JSON object") != std::string::npos);
  CHECK(mapping_error(
            R"({"fields": {"code": "A", "procedure_code": "B", "channel": "C", "status": "D", "recieved_at": "E"}})")
            .find("'fields.recieved_at' is not a dossier field") != std::string::npos);
  CHECK(mapping_error(R"({"fields": {"code": "A", "procedure_code": "B", "channel": "C", "received_at": "E"}})")
            .find("'fields.status' is missing") != std::string::npos);
  CHECK(mapping_error(R"({"fields": {"code": "A", "procedure_code": "B", "channel": "C", "status": "D",
                          "received_at": {"column": "E", "date_format": "%d/%m/%Q"}}})")
            .find("'fields.received_at.date_format'") != std::string::npos);
  CHECK(
      mapping_error(
          R"({"fields": {"code": "A", "procedure_code": "B", "channel": {"colum": "C"}, "status": "D", "received_at": "E"}})")
          .find("'fields.channel.colum' is not a known key") != std::string::npos);
  CHECK(
      mapping_error(
          R"({"fields": {"code": "A", "procedure_code": "B", "channel": {"trim": false}, "status": "D", "received_at": "E"}})")
          .find("'fields.channel' needs 'column' or 'value'") != std::string::npos);
  CHECK(mapping_error(R"({"input": {"encoding": "latin1"}, "fields": {}})").find("'input.encoding'") !=
        std::string::npos);
  CHECK(mapping_error(R"({"input": {"encoding": "latin1"}, "fields": {}})")
            .find("must be one of auto, utf-8, utf-16, cp1258, tcvn, viscii") != std::string::npos);
  CHECK(mapping_error(R"({"input": {"delimiter": ";;"}, "fields": {}})").find("'input.delimiter'") !=
        std::string::npos);
  CHECK(mapping_error(R"({"input": {"format": "xls"}, "fields": {}})").find("'input.format'") != std::string::npos);
  CHECK(mapping_error(R"({"input": {"header": "yes"}, "fields": {}})").find("'input.header'") != std::string::npos);
  CHECK(mapping_error(R"({"input": {"header": false}, "fields": {"code": "SO_HO_SO"}})")
            .find("'fields.code' must be a 1-based column number") != std::string::npos);
  CHECK(mapping_error(R"({"fields": {"code": 0}})").find("'fields.code' column numbers start at 1") !=
        std::string::npos);
  CHECK(mapping_error(
            R"({"fields": {"code": "A", "procedure_code": "B", "channel": "C", "status": "D", "received_at": "E",
                          "pauses": {"to": "F"}}})")
            .find("'fields.pauses.from' is required") != std::string::npos);
  CHECK(mapping_error(
            R"({"fields": {"code": "A", "procedure_code": "B", "channel": "C", "status": "D", "received_at": "E",
                          "fee": {"column": "F", "date_format": "%d"}}})")
            .find("'fields.fee.date_format' only applies to date fields") != std::string::npos);
  CHECK(mapping_error(R"({"fields": {"code": "A"}, "feilds": {}})").find("'feilds' is not a known key") !=
        std::string::npos);
  CHECK(mapping_error(R"({"input": {"format": "csv"}})").find("'fields'") != std::string::npos);
}

TEST_CASE("rows are mapped: values, date formats, constants, pauses") {
  std::string csv =
      std::string(k_header) +
      "  H-1 ; 1.001612 ;2;DA_TRA;05/03/2018 08:15;09/03/2018;08/03/2018 10:00;Nguyễn Văn An;06/03/2018;07/03/2018\n"
      "H-2;1.001612;1;DANG_XL;05/03/2018 09:00;;;;;\n";
  auto r = map_csv(k_spec_mapping, csv);
  REQUIRE(r.dossiers.size() == 2);
  const Dossier& a = r.dossiers[0];
  CHECK(a.code == "H-1");
  CHECK(a.procedure_code == "1.001612");
  CHECK(a.agency_code == "000.00.24.H56");
  CHECK(a.channel == Channel::online);
  CHECK(a.status == DossierStatus::returned);
  CHECK(format_instant(a.received_at) == "2018-03-05T08:15:00+07:00");
  CHECK(a.due_date_only);
  CHECK(format_instant(*a.due_at) == "2018-03-09T17:00:00+07:00");
  CHECK(format_instant(*a.resolved_at) == "2018-03-08T10:00:00+07:00");
  CHECK(a.applicant_name == "Nguyễn Văn An");
  REQUIRE(a.pauses.size() == 1);
  CHECK(a.pauses[0].from_date_only);
  CHECK(format_date(local_date(*a.pauses[0].to)) == "2018-03-07");
  const Dossier& b = r.dossiers[1];
  CHECK(b.status == DossierStatus::processing);
  CHECK_FALSE(b.due_at);
  CHECK_FALSE(b.resolved_at);
  CHECK(b.pauses.empty());
}

TEST_CASE("a raw value missing from the values map rejects the row, naming the value and column") {
  std::string csv = std::string(k_header) + "H-1;P;9;DA_TRA;05/03/2018 08:15;;;;;\n";
  auto r = map_csv(k_spec_mapping, csv);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].find("field 'channel': value '9' in column HINH_THUC is not in the mapping's values") !=
        std::string::npos);
}

TEST_CASE("row errors name field, column and value") {
  std::string csv = std::string(k_header) +
                    "H-1;P;1;DA_TRA;2018-03-05 08:15;;;;;\n"            // wrong date format
                    ";P;1;DA_TRA;05/03/2018 08:15;;;;;\n"               // no code
                    "H-3;P;1;DA_TRA;05/03/2018 08:15;;;;;07/03/2018\n"; // pause end without start
  auto r = map_csv(k_spec_mapping, csv);
  REQUIRE(r.errors.size() == 3);
  CHECK(
      r.errors[0] ==
      "field 'received_at': expected a date in the format '%d/%m/%Y %H:%M', got '2018-03-05 08:15' in column NGAY_NHAN ('1' where '/' was expected)");
  CHECK(r.errors[1] == "field 'code' is required (column SO_HO_SO is empty)");
  CHECK(r.errors[2].find("'pauses.to' has a value but 'pauses.from'") != std::string::npos);
}

TEST_CASE("defaults, constants, trim, numbers, booleans and 1-based columns without a header") {
  const char* mapping = R"({
    "input": {"header": false, "delimiter": ","},
    "fields": {
      "code": 1, "procedure_code": {"column": "2"}, "channel": {"value": "direct"},
      "status": {"column": 3, "default": "received"},
      "received_at": 4, "applicant_name": {"column": 5, "trim": false},
      "fee": 6, "paid_online": {"column": 7, "values": {"Y": true, "N": false, "": null}},
      "extensions": {"apology_at": 8, "new_due_at": {"column": 9, "date_format": "%d/%m/%Y"}}
    }})";
  std::string csv = "A,P,,2018-03-05T08:00, Lan ,\"1.000\",Y,2018-03-08,12/03/2018\n"
                    "B,P,9,2018-03-05T08:00,x,,,,\n"
                    "C,P,4,2018-03-05T08:00,x,abc,,,\n"
                    "D,P,4,2018-03-05T08:00,x,,Q,,\n"
                    "E,P,4,2018-03-05T08:00,x,,,2018-03-08,\n";
  auto r = map_csv(mapping, csv);
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0] == "");
  CHECK(r.errors[1] == "");
  CHECK(r.errors[2].find("field 'fee'") != std::string::npos);
  CHECK(r.errors[3].find("value 'Q' in column 7") != std::string::npos);
  CHECK(r.errors[4].find("'extensions.new_due_at' is empty") != std::string::npos);
  REQUIRE(r.dossiers.size() == 2);
  const Dossier& a = r.dossiers[0];
  CHECK(a.code == "A");
  CHECK(a.channel == Channel::direct);
  CHECK(a.status == DossierStatus::received); // default for the empty cell
  CHECK(a.applicant_name == " Lan ");         // trim: false
  CHECK(a.fee == 1000);
  CHECK(a.paid_online == true);
  REQUIRE(a.extensions.size() == 1);
  CHECK(a.extensions[0].new_due_date_only);
  CHECK(format_instant(a.extensions[0].new_due_at) == "2018-03-12T17:00:00+07:00");
  CHECK(r.dossiers[1].status == DossierStatus::resolved); // national code 9
}

TEST_CASE("a header without a mapped column is an input error listing the header") {
  auto m = parse_mapping(k_spec_mapping, "m.json");
  REQUIRE(m);
  MemoryStream in("SO_HO_SO;MA_TTHC;HINH_THUC\nA;B;1\n");
  CsvReader reader(in, CsvOptions{';'});
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  auto st = bind_columns(*m, rec, "old.csv");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message.find("fields.status → 'TINH_TRANG'") != std::string::npos);
  CHECK(st.error().message.find("(it has: SO_HO_SO, MA_TTHC, HINH_THUC)") != std::string::npos);
}
