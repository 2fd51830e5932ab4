#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "catalog/parse.hpp"

using namespace motcua;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

InputFormat detected(std::string_view name, std::string_view text) {
  auto f = detect_format(name, text);
  REQUIRE_MESSAGE(f, f.error().message);
  return *f;
}

std::string detect_error(std::string_view name, std::string_view text) {
  auto f = detect_format(name, text);
  REQUIRE_FALSE(f);
  CHECK(f.error().kind == ErrorKind::input);
  return f.error().message;
}

// Adds one text and requires it to be readable as a whole.
void add(CatalogCollector& c, std::string_view text, const std::string& source,
         InputFormat f = InputFormat::auto_detect) {
  auto st = c.add_text(text, f, source);
  REQUIRE_MESSAGE(st, st.error().message);
}

std::vector<std::string> codes(const CatalogCollector& c) {
  std::vector<std::string> out;
  for (const auto& p : c.procedures()) out.push_back(p.code);
  return out;
}

// Every collected record is either a procedure or a reject.
void check_reconciles(const CatalogCollector& c) {
  CHECK(c.read() == static_cast<std::int64_t>(c.procedures().size() + c.rejects().size()));
}

const char* const k_dvcqg_record =
    R"({"MATTHC":"1.000894","TENTTHC":"Đăng ký kết hôn","MUCDO":"4","CACHTHUCTHUCHIEN":[{"KENH":"2","THOIGIAN":[{"THOIGIANGIAIQUYET":"3","DONVITINH":"Ngày làm việc"}]}]})";

} // namespace

TEST_CASE("input format names parse back") {
  for (auto f :
       {InputFormat::auto_detect, InputFormat::json, InputFormat::ndjson, InputFormat::csv, InputFormat::dvcqg})
    CHECK(parse_input_format(input_format_name(f)) == f);
  CHECK_FALSE(parse_input_format("xml"));
  CHECK_FALSE(parse_input_format("JSON"));
}

TEST_CASE("detect_format: the file name decides first") {
  CHECK(detected("a.ndjson", R"([{"code":"A"}])") == InputFormat::ndjson);
  CHECK(detected("a.jsonl", "{}") == InputFormat::ndjson);
  CHECK(detected("dir/a.csv", R"([{"code":"A"}])") == InputFormat::csv);
}

TEST_CASE("detect_format: JSON documents by content") {
  CHECK(detected("x", R"([{"code":"A","name":"n"}])") == InputFormat::json);
  CHECK(detected("x", R"(  {"procedures":[{"code":"A"}]})") == InputFormat::json);
  CHECK(detected("x", R"({"code":"A","name":"n","processing_time":1})") == InputFormat::json);
  CHECK(detected("x", "[]") == InputFormat::json);
  CHECK(detected("x", R"({"procedures":[]})") == InputFormat::json);
  CHECK(detected("x", "\xEF\xBB\xBF[{\"code\":\"A\"}]") == InputFormat::json);
  CHECK(detected("x.json", std::string("{\"result\":[") + k_dvcqg_record + "]}") == InputFormat::dvcqg);
  CHECK(detected("x", std::string("[") + k_dvcqg_record + "]") == InputFormat::dvcqg);
  CHECK(detected("x", k_dvcqg_record) == InputFormat::dvcqg);
  CHECK(detected("x", R"({"data":[{"MATTHC":"1"}]})") == InputFormat::dvcqg);
  // Broken JSON is left to the JSON reader, which says where it breaks.
  CHECK(detected("x", R"([{"code":"A",)") == InputFormat::json);
}

TEST_CASE("detect_format: one object per line is NDJSON") {
  CHECK(detected("x", "{\"code\":\"A\"}\n{\"code\":\"B\"}\n") == InputFormat::ndjson);
  CHECK(detected("x", std::string(k_dvcqg_record) + "\n" + k_dvcqg_record + "\n") == InputFormat::ndjson);
}

TEST_CASE("detect_format: CSV by its header") {
  CHECK(detected("x", "code,name,processing_time\nA,n,5\n") == InputFormat::csv);
  CHECK(detected("x", "\n  name;code;processing_time\r\nn;A;5\n") == InputFormat::csv);
}

TEST_CASE("detect_format: what cannot be told is an error, never a guess") {
  CHECK(contains(detect_error("src.txt", ""), "src.txt"));
  CHECK(contains(detect_error("src.txt", " \n\t "), "empty"));
  auto e = detect_error("src.txt", R"([{"id":"A"}])");
  CHECK(contains(e, "src.txt"));
  CHECK(contains(e, "--input-format"));
  CHECK(contains(detect_error("x", "hello world\n"), "--input-format"));
  CHECK(contains(detect_error("x", "code\nA\n"), "--input-format")); // a header without a delimiter
  CHECK(contains(detect_error("x", "42"), "--input-format"));
}

TEST_CASE("CatalogCollector: a JSON array, with an invalid record rejected by number") {
  CatalogCollector c;
  add(c, R"([
    {"code":"A","name":"Một","processing_time":5},
    {"code":"B","name":"Hai","processing_time":"abc"},
    {"code":"C","name":"Ba","processing_time":1,"level":4}
  ])",
      "cat.json");
  CHECK(codes(c) == std::vector<std::string>{"A", "C"});
  CHECK(c.procedures()[1].online == Online::full);
  CHECK(c.read() == 3);
  REQUIRE(c.rejects().size() == 1);
  const auto& r = c.rejects()[0];
  CHECK(r.source == "cat.json");
  CHECK(r.position == 2);
  CHECK_FALSE(r.is_line);
  CHECK(contains(r.reason, "processing_time"));
  CHECK(contains(r.reason, "abc"));
  CHECK(contains(r.original, "\"code\":\"B\""));
  CHECK(c.rejected_codes().count("B") == 1);
  CHECK(c.rejected_codes().size() == 1);
}

TEST_CASE("CatalogCollector: JSON strictness: numbers as text are refused outside CSV") {
  CatalogCollector c;
  add(c, R"([{"code":"A","name":"n","processing_time":"5"}])", "s.json", InputFormat::json);
  CHECK(c.procedures().empty());
  CHECK(c.rejects().size() == 1);
}

TEST_CASE("CatalogCollector: arrays under procedures, result or data, and a single object") {
  CatalogCollector c;
  add(c, R"({"procedures":[{"code":"A","name":"n","processing_time":1}],"next":null})", "p.json");
  add(c, R"({"result":[{"code":"B","name":"n","processing_time":1}]})", "r.json", InputFormat::json);
  add(c, R"({"data":[{"code":"C","name":"n","processing_time":1}]})", "d.json");
  add(c, R"({"code":"D","name":"n","processing_time":1})", "one.json");
  CHECK(codes(c) == std::vector<std::string>{"A", "B", "C", "D"});
  CHECK(c.rejects().empty());
  check_reconciles(c);
}

TEST_CASE("CatalogCollector: national portal JSON under result") {
  CatalogCollector c;
  add(c, std::string(R"({"result":[)") + k_dvcqg_record + R"(,{"MATTHC":"2.1","TENTTHC":"x"}]})", "portal.json");
  CHECK(codes(c) == std::vector<std::string>{"1.000894"});
  CHECK(c.procedures()[0].processing_time == 3);
  REQUIRE(c.rejects().size() == 1);
  CHECK(c.rejects()[0].position == 2);
  CHECK(contains(c.rejects()[0].reason, "CACHTHUCTHUCHIEN"));
  CHECK(c.rejected_codes().count("2.1") == 1);
}

TEST_CASE("CatalogCollector: whole-text errors name the source and line") {
  CatalogCollector c;
  auto st =
      c.add_text("[\n{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1},\n{oops}\n]", InputFormat::json, "bad.json");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(contains(st.error().message, "bad.json:3"));
  CHECK(contains(st.error().message, "not valid JSON"));
  CHECK(c.procedures().empty());

  auto scalar = c.add_text("42", InputFormat::json, "n.json");
  REQUIRE_FALSE(scalar);
  CHECK(contains(scalar.error().message, "n.json"));

  auto empty = c.add_text("  \n", InputFormat::csv, "e.csv");
  REQUIRE_FALSE(empty);
  CHECK(contains(empty.error().message, "e.csv"));
  CHECK(contains(empty.error().message, "empty"));
  CHECK(c.read() == 0);
}

TEST_CASE("CatalogCollector: NDJSON keeps going past a bad line and numbers lines") {
  CatalogCollector c;
  add(c,
      "{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1}\n"
      "{\"code\":\"B\",\"name\":\n"
      "\n"
      "[1,2]\n"
      "{\"code\":\"C\",\"name\":\"n\",\"processing_time\":2}\r\n" +
          std::string(k_dvcqg_record), // last line without newline, national record
      "cat.ndjson");
  CHECK(codes(c) == std::vector<std::string>{"A", "C", "1.000894"});
  REQUIRE(c.rejects().size() == 2);
  CHECK(c.rejects()[0].position == 2);
  CHECK(c.rejects()[0].is_line);
  CHECK(contains(c.rejects()[0].reason, "not a valid JSON object"));
  CHECK(c.rejects()[0].original == "{\"code\":\"B\",\"name\":");
  CHECK(c.rejects()[1].position == 4);
  CHECK(contains(c.rejects()[1].reason, "object"));
  CHECK(c.read() == 5);
  check_reconciles(c);
}

TEST_CASE("CatalogCollector: CSV with , and with ,, numbers read from text") {
  CatalogCollector c;
  add(c,
      "code,name,processing_time,processing_unit,level,fee\n"
      "A,\"Cấp phép, gia hạn\",0.5,working_hours,4,25000\n"
      "B,Hai,3,,,\n",
      "comma.csv");
  add(c, "code;name;processing_time;online\nC;\"Ba; bốn\";7;partial\n", "semi.csv");
  CHECK(codes(c) == std::vector<std::string>{"A", "B", "C"});
  const auto& a = c.procedures()[0];
  CHECK(a.name == "Cấp phép, gia hạn");
  CHECK(a.processing_time == 0.5);
  CHECK(a.processing_unit == ProcessingUnit::working_hours);
  CHECK(a.level == 4);
  CHECK(a.fee == 25000);
  const auto& b = c.procedures()[1];
  CHECK_FALSE(b.level);
  CHECK_FALSE(b.fee);
  CHECK(b.processing_unit == ProcessingUnit::working_days);
  CHECK(c.procedures()[2].name == "Ba; bốn");
  CHECK(c.procedures()[2].online == Online::partial);
  CHECK(c.rejects().empty());
}

TEST_CASE("CatalogCollector: CSV with a BOM, CRLF and unknown columns kept as extra") {
  CatalogCollector c;
  add(c,
      "\xEF\xBB\xBF"
      "code,name,processing_time,ghi_chu\r\nA,Một,5,xem lại\r\n",
      "bom.csv");
  REQUIRE(codes(c) == std::vector<std::string>{"A"});
  CHECK(c.procedures()[0].processing_time == 5);
  CHECK(nlohmann::json::parse(c.procedures()[0].extra) == nlohmann::json{{"ghi_chu", "xem lại"}});
}

TEST_CASE("CatalogCollector: CSV rows with the wrong number of fields are rejected by line") {
  CatalogCollector c;
  add(c,
      "code,name,processing_time\n"
      "A,Một,5\n"
      "B,Hai\n"
      "C,Ba,1,extra\n"
      "D,Bốn,abc\n"
      "E,Năm,2\n",
      "rows.csv");
  CHECK(codes(c) == std::vector<std::string>{"A", "E"});
  REQUIRE(c.rejects().size() == 3);
  CHECK(c.rejects()[0].position == 3);
  CHECK(c.rejects()[0].is_line);
  CHECK(contains(c.rejects()[0].reason, "expected 3 fields, found 2"));
  CHECK(c.rejects()[0].original == "B,Hai");
  CHECK(c.rejects()[1].position == 4);
  CHECK(contains(c.rejects()[1].reason, "found 4"));
  CHECK(c.rejects()[2].position == 5);
  CHECK(contains(c.rejects()[2].reason, "processing_time"));
  check_reconciles(c);
  // Each of them still names its procedure: not to be withdrawn by a full snapshot.
  CHECK(c.rejected_codes() == std::unordered_set<std::string>{"B", "C", "D"});
}

TEST_CASE("CatalogCollector: CSV rows rejected for their values still name their code") {
  // A procedure still in the source must not be withdrawn because one of its cells is bad.
  CatalogCollector c;
  add(c, "code,name,processing_time\nA,Một,abc\n\" B \",Hai,\n", "bad.csv");
  CHECK(c.procedures().empty());
  CHECK(c.rejected_codes() == std::unordered_set<std::string>{"A", "B"});
}

TEST_CASE("CatalogCollector: a CSV header without a code column is an error naming the line") {
  CatalogCollector c;
  auto st = c.add_text("id,name,processing_time\nA,n,1\n", InputFormat::csv, "h.csv");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(contains(st.error().message, "h.csv:1"));
  CHECK(contains(st.error().message, "'code'"));
}

TEST_CASE("CatalogCollector: duplicate codes are rejected, naming where the first was read") {
  CatalogCollector c;
  add(c, R"([{"code":"A","name":"first","processing_time":1},{"code":"B","name":"n","processing_time":1}])",
      "one.json");
  add(c, "{\"code\":\" A \",\"name\":\"second\",\"processing_time\":2}\n", "two.ndjson");
  add(c, "code,name,processing_time\nB,n,1\nB,again,1\n", "three.csv");
  CHECK(codes(c) == std::vector<std::string>{"A", "B"});
  CHECK(c.procedures()[0].name == "first");
  REQUIRE(c.rejects().size() == 3);
  CHECK(c.rejects()[0].source == "two.ndjson");
  CHECK(contains(c.rejects()[0].reason, "duplicate code 'A'"));
  CHECK(contains(c.rejects()[0].reason, "one.json record 1"));
  CHECK(contains(c.rejects()[1].reason, "one.json record 2"));
  CHECK(c.rejects()[2].position == 3);
  CHECK(contains(c.rejects()[2].reason, "duplicate code 'B'"));
  check_reconciles(c);
}

TEST_CASE("CatalogCollector: invalid UTF-8 refuses the whole text, naming the line and byte") {
  CatalogCollector c;
  std::string text = "code,name,processing_time\nA,Một,1\nB,H\xFFi,1\n";
  auto st = c.add_text(text, InputFormat::csv, "latin.csv");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(contains(st.error().message, "latin.csv:3"));
  CHECK(contains(st.error().message, "0xFF"));
  CHECK(contains(st.error().message, "UTF-8"));
  CHECK(c.procedures().empty());
  CHECK(c.read() == 0);
  // An overlong encoding is no better.
  auto overlong = c.add_text("[{\"code\":\"\xC0\xAF\"}]", InputFormat::json, "o.json");
  REQUIRE_FALSE(overlong);
  CHECK(contains(overlong.error().message, "o.json:1"));
}

TEST_CASE("CatalogCollector: oversized records are rejected, their neighbours kept") {
  std::string huge((1u << 20) + 100, 'x');
  CatalogCollector c;
  add(c,
      R"([{"code":"A","name":"n","processing_time":1},{"code":"BIG","name":")" + huge +
          R"(","processing_time":1},{"code":"C","name":"n","processing_time":1}])",
      "big.json");
  CHECK(codes(c) == std::vector<std::string>{"A", "C"});
  REQUIRE(c.rejects().size() == 1);
  CHECK(c.rejects()[0].position == 2);
  CHECK(contains(c.rejects()[0].reason, "1 MiB"));
  CHECK(c.rejects()[0].original.size() <= 4096); // the rejects file gets an excerpt
  // The record named its code: the procedure is in the source, not to be withdrawn.
  CHECK(c.rejected_codes().count("BIG") == 1);

  CatalogCollector n;
  add(n,
      "{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1}\n{\"code\":\"BIG\",\"name\":\"" + huge +
          "\",\"processing_time\":1}\n{\"code\":\"C\",\"name\":\"n\",\"processing_time\":1}\n",
      "big.ndjson");
  CHECK(codes(n) == std::vector<std::string>{"A", "C"});
  REQUIRE(n.rejects().size() == 1);
  CHECK(n.rejects()[0].position == 2);
  CHECK(contains(n.rejects()[0].reason, "1 MiB"));

  CatalogCollector v;
  add(v, "code,name,processing_time\nA,n,1\nBIG," + huge + ",1\nC,n,1\n", "big.csv");
  CHECK(codes(v) == std::vector<std::string>{"A", "C"});
  REQUIRE(v.rejects().size() == 1);
  CHECK(v.rejects()[0].position == 3);
}

TEST_CASE("CatalogCollector: a source larger than the detection head is told apart by its first line or record") {
  std::string pad(100 * 1024, ' '); // past the 64 KiB head that detection looks at
  CatalogCollector portal;
  add(portal, std::string("{\"result\":[") + k_dvcqg_record + "," + pad + R"({"MATTHC":"2.1","TENTTHC":"x"}]})",
      "portal");
  CHECK(codes(portal) == std::vector<std::string>{"1.000894"});
  CHECK(portal.rejects().size() == 1);

  CatalogCollector canonical;
  add(canonical,
      "[{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1}," + pad +
          "{\"code\":\"B\",\"name\":\"n\",\"processing_time\":1}]",
      "c");
  CHECK(codes(canonical) == std::vector<std::string>{"A", "B"});

  CatalogCollector lines;
  add(lines,
      "{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1}\n" + pad +
          "\n{\"code\":\"B\",\"name\":\"n\",\"processing_time\":1}\n",
      "l");
  CHECK(codes(lines) == std::vector<std::string>{"A", "B"});

  CatalogCollector unknown;
  auto st = unknown.add_text("[{\"id\":\"A\"}," + pad + "{\"id\":\"B\"}]", InputFormat::auto_detect, "u");
  REQUIRE_FALSE(st);
  CHECK(contains(st.error().message, "--input-format"));
}

TEST_CASE("CatalogCollector: nesting past 512 levels refuses a JSON source and rejects an NDJSON line") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CatalogCollector doc;
  auto st = doc.add_text("[{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1},{\"code\":\"B\",\"x\":" + deep + "}]",
                         InputFormat::auto_detect, "d.json");
  REQUIRE_FALSE(st);
  CHECK(contains(st.error().message, "nested deeper than 512 levels"));
  CHECK(doc.procedures().empty());

  CatalogCollector lines;
  add(lines, "{\"code\":\"A\",\"name\":\"n\",\"processing_time\":1}\n{\"code\":\"B\",\"x\":" + deep + "}\n",
      "d.ndjson");
  CHECK(codes(lines) == std::vector<std::string>{"A"});
  REQUIRE(lines.rejects().size() == 1);
  CHECK(contains(lines.rejects()[0].reason, "nested deeper than 512 levels"));
}
