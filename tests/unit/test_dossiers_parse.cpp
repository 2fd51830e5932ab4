#include <doctest/doctest.h>

#include "dossiers/parse.hpp"

using namespace motcua;

namespace {

struct ReadAll {
  std::vector<Dossier> dossiers;
  std::vector<Reject> rejects;
  Status status;
  InputFormat format = InputFormat::auto_detect;
};

ReadAll read_all_records(const std::string& data, const std::string& name, ReaderOptions o = {},
                         size_t chunk = SIZE_MAX) {
  ReadAll out;
  auto reader = open_dossier_reader(std::make_unique<MemoryStream>(data, chunk, name), name, o);
  if (!reader) {
    out.status = reader.error();
    return out;
  }
  out.format = (*reader)->format();
  Dossier d;
  Reject r;
  for (;;) {
    auto res = (*reader)->next(d, r);
    if (res == ReadResult::end) break;
    if (res == ReadResult::dossier) out.dossiers.push_back(d);
    else out.rejects.push_back(r);
  }
  out.status = (*reader)->status();
  return out;
}

const char* k_line1 =
    R"({"code":"A","procedure_code":"P","channel":"online","status":"received","received_at":"2018-03-05T08:00"})";
const char* k_line2 =
    R"({"code":"B","procedure_code":"P","channel":"postal","status":"processing","received_at":"2018-03-06T08:00"})";

} // namespace

// Only the format set: the rest at their defaults.
static ReaderOptions dvcqg_options() {
  ReaderOptions o;
  o.format = InputFormat::dvcqg;
  return o;
}

TEST_CASE("NDJSON is read line by line, bad lines are rejected with their line number") {
  std::string data = std::string(k_line1) + "\r\n\n" + "{not json}\n" + R"({"code":"C"})" + "\n[1]\n" + k_line2;
  for (size_t chunk : {size_t{3}, size_t{64}, SIZE_MAX}) {
    auto r = read_all_records(data, "d.ndjson", {}, chunk);
    REQUIRE(r.status);
    CHECK(r.format == InputFormat::ndjson);
    REQUIRE(r.dossiers.size() == 2);
    CHECK(r.dossiers[0].code == "A");
    CHECK(r.dossiers[1].code == "B");
    REQUIRE(r.rejects.size() == 3);
    CHECK(r.rejects[0].position == 3);
    CHECK(r.rejects[0].is_line);
    CHECK(r.rejects[0].reason == "not valid JSON");
    CHECK(r.rejects[0].original == "{not json}");
    CHECK(r.rejects[1].position == 4);
    CHECK(r.rejects[1].reason == "field 'procedure_code' is required");
    CHECK(r.rejects[2].position == 5);
    CHECK(r.rejects[0].source == "d.ndjson");
  }
}

TEST_CASE("auto detection: NDJSON by content, JSON arrays and documents, national sync") {
  auto nd = read_all_records(std::string(k_line1) + "\n" + k_line2 + "\n", "stdin");
  CHECK(nd.format == InputFormat::ndjson);
  CHECK(nd.dossiers.size() == 2);

  auto arr = read_all_records(std::string("[\n") + k_line1 + ",\n" + k_line2 + ",\n{\"code\": 5}\n]", "d.json");
  REQUIRE(arr.status);
  CHECK(arr.format == InputFormat::json);
  CHECK(arr.dossiers.size() == 2);
  REQUIRE(arr.rejects.size() == 1);
  CHECK(arr.rejects[0].position == 3);
  CHECK_FALSE(arr.rejects[0].is_line);
  CHECK(arr.rejects[0].reason.find("field 'code'") != std::string::npos);

  auto doc = read_all_records(R"({"service": "DongBoHoSoMC", "isUpdating": "False", "data": [
      {"MaHoSo": "H1", "MaTTHC": "1.007062", "KenhThucHien": 3, "TrangThaiHoSo": "10", "NgayTiepNhan": "20170412131700"},
      {"MaHoSo": "H2", "MaTTHC": "1.007062", "KenhThucHien": 3, "TrangThaiHoSo": "99", "NgayTiepNhan": "20170412131700"}]})",
                              "sync.json");
  REQUIRE(doc.status);
  REQUIRE(doc.dossiers.size() == 1);
  CHECK(doc.dossiers[0].channel == Channel::postal);
  REQUIRE(doc.rejects.size() == 1);
  CHECK(doc.rejects[0].reason.find("TrangThaiHoSo") != std::string::npos);

  auto bare = read_all_records(
      R"([{"MaHoSo": "H1", "MaTTHC": "1", "KenhThucHien": 1, "TrangThaiHoSo": 1, "NgayTiepNhan": "20170412"}])", "x",
      dvcqg_options());
  REQUIRE(bare.status);
  CHECK(bare.dossiers.size() == 1);

  auto single = read_all_records(k_line1, "one.json");
  CHECK(single.dossiers.size() == 1);

  auto empty = read_all_records("", "empty.ndjson");
  CHECK(empty.status);
  CHECK(empty.dossiers.empty());
}

TEST_CASE("JSON documents are streamed: records before a break are handed out, then the break is the status") {
  std::string doc = std::string("{\"service\": \"x\", \"data\": [\n") + k_line1 + ",\n{\"code\": 5},\n" + k_line2 +
                    ",\n{\"code\" 1}]}";
  for (size_t chunk : {size_t{1}, size_t{5}, SIZE_MAX}) {
    CAPTURE(chunk);
    auto r = read_all_records(doc, "d.json", {}, chunk);
    CHECK(r.format == InputFormat::json);
    REQUIRE(r.dossiers.size() == 2);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].position == 2);
    CHECK(r.rejects[0].original == "{\"code\":5}");
    REQUIRE_FALSE(r.status);
    CHECK(r.status.error().message.find("d.json:5: not valid JSON (") == 0);
    CHECK(r.status.error().message.find("--input-format ndjson") != std::string::npos);
  }
  // Members after the record array are read past; so are arrays under other names before it.
  auto after = read_all_records(std::string("{\"next\": [1, 2], \"dossiers\": [") + k_line1 +
                                    "], \"total\": 1, \"x\": {\"data\": []}}",
                                "p.json");
  REQUIRE(after.status);
  CHECK(after.dossiers.size() == 1);
}

TEST_CASE("check_json_document refuses a broken document up front, naming the line") {
  std::string good = std::string("[\n") + k_line1 + ",\n" + k_line2 + "\n]\n";
  MemoryStream ok(good, 3);
  CHECK(check_json_document(ok, "d.json", Encoding::auto_detect));
  MemoryStream truncated(good.substr(0, good.size() - 3), 3);
  auto st = check_json_document(truncated, "d.json", Encoding::auto_detect);
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message.find("d.json:3: not valid JSON (") == 0);
  CHECK(st.error().message.find("unexpected end of input") != std::string::npos);
  // Decoded first: UTF-16 with a BOM is checked as text.
  std::string utf16 = "\xFF\xFE";
  for (char c : good) {
    utf16 += c;
    utf16 += '\0';
  }
  MemoryStream u16(utf16);
  CHECK(check_json_document(u16, "u16.json", Encoding::auto_detect));
}

TEST_CASE("unreadable sources fail as a whole, naming the source") {
  auto broken = read_all_records(std::string("[\n") + k_line1 + ",\n", "d.json");
  REQUIRE_FALSE(broken.status);
  CHECK(broken.status.error().kind == ErrorKind::input);
  CHECK(broken.status.error().message.find("d.json:") == 0);

  auto csv = read_all_records("a;b\n1;2\n", "old.csv");
  REQUIRE_FALSE(csv.status);
  CHECK(csv.status.error().message.find("--mapping") != std::string::npos);

  auto text = read_all_records("hello", "notes.txt");
  REQUIRE_FALSE(text.status);
  CHECK(text.status.error().message.find("cannot tell the format") != std::string::npos);

  auto other = read_all_records(R"({"items": []})", "x.json");
  REQUIRE_FALSE(other.status);
  CHECK(other.status.error().message.find("'data'") != std::string::npos);
}

TEST_CASE("undecodable bytes stop the read (exit 4) and check_decodable finds them first") {
  std::string data = std::string(k_line1) + "\n{\"code\":\"Nguy\xE1n\"}\n";
  MemoryStream s(data);
  auto st = check_decodable(s, Encoding::auto_detect);
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message.find("line 2") != std::string::npos);
  // No guess: every encoding ranked, each with line 2 as it reads; none recommended when none reads as Vietnamese.
  CHECK(st.error().message.find("encodings by plausibility") != std::string::npos);
  CHECK(st.error().message.find("cp1258 (") != std::string::npos);
  CHECK(st.error().message.find("none of them reads as Vietnamese") != std::string::npos);
  MemoryStream vni_text(std::string(k_line1) + "\n{\"code\":\"Nguye\xE3n\"}\n");
  auto vni = check_decodable(vni_text, Encoding::auto_detect);
  REQUIRE_FALSE(vni);
  CHECK(vni.error().message.find("vni (100%: \"{\"code\":\"Nguyễn\"}\")") != std::string::npos);
  CHECK(vni.error().message.find("retry with --encoding vni") != std::string::npos);
  MemoryStream ok{std::string(k_line1)};
  CHECK(check_decodable(ok, Encoding::auto_detect));
  MemoryStream bom{"\xEF\xBB\xBF" + std::string(k_line1)};
  CHECK(check_decodable(bom, Encoding::utf8));

  // UTF-16 with a BOM is decoded in auto mode, refused as UTF-8, and read as records.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string(k_line1) + "\n") {
    utf16 += c;
    utf16 += '\0';
  }
  MemoryStream u16{utf16};
  CHECK(check_decodable(u16, Encoding::auto_detect));
  MemoryStream u16_as_utf8{utf16};
  CHECK_FALSE(check_decodable(u16_as_utf8, Encoding::utf8));
  auto r = read_all_records(utf16, "u16.ndjson");
  REQUIRE(r.status);
  REQUIRE(r.dossiers.size() == 1);
  CHECK(r.dossiers[0].code == "A");

  // Legacy encodings always decode through their table.
  MemoryStream legacy{std::string("L\xEA")};
  CHECK(check_decodable(legacy, Encoding::cp1258));
}

TEST_CASE("legacy CSV through a mapping: decoding, wrong field counts rejected with their line") {
  const char* mapping = R"({"input": {"encoding": "cp1258", "delimiter": ","},
    "fields": {"code": "SO", "procedure_code": "TTHC", "channel": {"column": "KENH", "values": {"TT": "direct"}},
               "status": {"value": "received"}, "received_at": {"column": "NGAY", "date_format": "%d/%m/%Y"},
               "applicant_name": "TEN"}})";
  auto m = parse_mapping(mapping, "m.json");
  REQUIRE(m);
  // "Lê" in Windows-1258 is 'L' 0xEA; a quoted field holds a line break and a delimiter.
  std::string csv = "SO,TTHC,KENH,NGAY,TEN\r\n"
                    "A,P,TT,05/03/2018,L\xEA\r\n"
                    "B,P,TT,05/03/2018\r\n"
                    "\"C\",P,TT,05/03/2018,\"x,\r\ny\"\r\n"
                    "D,P,XX,05/03/2018,z";
  ReaderOptions o;
  o.mapping = &*m;
  auto r = read_all_records(csv, "old.csv", o, 7);
  REQUIRE_MESSAGE(r.status, (r.status ? "" : r.status.error().message));
  CHECK(r.format == InputFormat::csv);
  REQUIRE(r.dossiers.size() == 2);
  CHECK(r.dossiers[0].applicant_name == "Lê");
  CHECK(r.dossiers[1].code == "C");
  CHECK(r.dossiers[1].applicant_name == "x,\r\ny");
  REQUIRE(r.rejects.size() == 2);
  CHECK(r.rejects[0].position == 3);
  CHECK(r.rejects[0].reason.find("row has 4 fields, expected 5") == 0);
  CHECK(r.rejects[0].original == "B,P,TT,05/03/2018");
  CHECK(r.rejects[1].position == 6);
  CHECK(r.rejects[1].reason.find("value 'XX'") != std::string::npos);

  // --encoding overrides the mapping: read as UTF-8, the 0xEA byte is an error.
  o.encoding = Encoding::utf8;
  auto bad = read_all_records(csv, "old.csv", o);
  CHECK_FALSE(bad.status);

  // A header missing a mapped column fails before any record.
  o.encoding = Encoding::auto_detect;
  auto nohead = read_all_records("SO,TTHC\r\nA,P\r\n", "old.csv", o);
  REQUIRE_FALSE(nohead.status);
  CHECK(nohead.status.error().message.find("KENH") != std::string::npos);

  // --input-format json with a mapping is a usage error.
  o.format = InputFormat::json;
  auto usage = read_all_records(csv, "old.csv", o);
  REQUIRE_FALSE(usage.status);
  CHECK(usage.status.error().kind == ErrorKind::usage);
}

TEST_CASE("canonical CSV without a mapping: detected by name or header, rows rejected with their line") {
  std::string csv = "received_at,code,procedure_code,channel,status,applicant_name,fee\r\n"
                    "2018-03-05T08:00,A,P,online,received,\"'=x\",20000\r\n"
                    "2018-03-05T08:00,B,P,online,received,\"two\r\nlines\",\r\n"
                    "2018-03-05T08:00,C,P,online\r\n"
                    "05/03/2018,D,P,online,received,,\r\n"
                    "2018-03-05,E,P,postal,returned,Lê,0";
  for (size_t chunk : {size_t{3}, SIZE_MAX}) {
    CAPTURE(chunk);
    auto r = read_all_records(csv, "export.csv", {}, chunk);
    REQUIRE_MESSAGE(r.status, (r.status ? "" : r.status.error().message));
    CHECK(r.format == InputFormat::csv);
    REQUIRE(r.dossiers.size() == 3);
    CHECK(r.dossiers[0].applicant_name == "=x");
    CHECK(r.dossiers[0].fee == 20000);
    CHECK(r.dossiers[1].applicant_name == "two\r\nlines");
    CHECK(r.dossiers[2].applicant_name == "Lê");
    REQUIRE(r.rejects.size() == 2);
    CHECK(r.rejects[0].position == 5);
    CHECK(r.rejects[0].is_line);
    CHECK(r.rejects[0].reason == "row has 4 fields, expected 7 (as the header); check quoting and the delimiter");
    CHECK(r.rejects[0].original == "2018-03-05T08:00,C,P,online");
    CHECK(r.rejects[1].position == 6);
    CHECK(r.rejects[1].reason.find("field 'received_at'") == 0);
  }
  // From stdin: the header's code column tells it; a UTF-8 BOM is fine.
  auto piped = read_all_records("\xEF\xBB\xBF" + csv, "stdin");
  CHECK(piped.format == InputFormat::csv);
  CHECK(piped.dossiers.size() == 3);
  // --input-format csv without --mapping whatever the name; other encodings with --encoding.
  ReaderOptions forced;
  forced.format = InputFormat::csv;
  forced.encoding = Encoding::cp1258;
  std::string legacy_bytes = csv;
  legacy_bytes.replace(legacy_bytes.find("Lê"), std::string("Lê").size(), "L\xEA");
  auto cp = read_all_records(legacy_bytes, "dump.txt", forced);
  REQUIRE(cp.status);
  REQUIRE(cp.dossiers.size() == 3);
  CHECK(cp.dossiers[2].applicant_name == "Lê");
  // A header without the required columns fails before any record, naming them.
  auto missing = read_all_records("code,procedure_code,status\nA,P,received\n", "x.csv");
  REQUIRE_FALSE(missing.status);
  CHECK(missing.status.error().message.find(
            "x.csv:1: the CSV header lacks the required column(s) channel, received_at") == 0);
  // Not comma-separated with a code column, not named .csv: still the legacy hint.
  auto other = read_all_records("SO;MA\n1;2\n", "stdin");
  REQUIRE_FALSE(other.status);
  CHECK(other.status.error().message ==
        "stdin: looks like CSV; legacy CSV dossiers need --mapping FILE (see man 5 motcua-mapping)");
}

TEST_CASE("check_decodable: text that a legacy encoding garbles is refused unless forced") {
  std::string vni = "ma,ho_ten\n1,Nguyen An\n2,Nguye\xE3n Va\xEAn Hu\xF8ng\n";
  for (Encoding wrong : {Encoding::cp1258, Encoding::tcvn, Encoding::viscii}) {
    MemoryStream s(vni, SIZE_MAX, "old.csv");
    auto st = check_decodable(s, wrong);
    REQUIRE_FALSE(st);
    INFO(st.error().message);
    CHECK(st.error().kind == ErrorKind::input);
    CHECK(st.error().message.find("old.csv: line 3 reads as") == 0);
    CHECK(st.error().message.find("encodings by plausibility") != std::string::npos);
    CHECK(st.error().message.find(": vni (100%: \"2,Nguyễn Văn Hùng\")") != std::string::npos);
    CHECK(st.error().message.find("retry with --encoding vni") != std::string::npos);
    MemoryStream forced(vni);
    CHECK(check_decodable(forced, wrong, true));
  }
  MemoryStream right(vni);
  CHECK(check_decodable(right, Encoding::vni));
  MemoryStream viqr("ma,ho_ten\n1,Nguye^~n Va(n Hu`ng\n");
  CHECK(check_decodable(viqr, Encoding::viqr));
}
