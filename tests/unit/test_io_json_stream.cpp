#include <doctest/doctest.h>

#include "io/decode.hpp"
#include "io/json_stream.hpp"

using namespace motcua;

namespace {

struct Scanned {
  Status start;
  JsonLayout layout = JsonLayout::scalar;
  std::string member;
  std::vector<std::string> records;
  std::vector<std::uint64_t> lines;
  std::vector<size_t> too_long; // 1-based record numbers
  Status status;
};

Scanned scan(const std::string& doc, size_t chunk = SIZE_MAX, size_t max_record = 64u << 20) {
  MemoryStream in(doc, chunk, "d.json");
  JsonRecordScanner s(in, "d.json", JsonScanOptions{{"data", "dossiers", "result"}, max_record});
  Scanned out;
  out.start = s.start();
  if (!out.start) return out;
  out.layout = s.layout();
  out.member = s.member();
  std::string_view text;
  for (;;) {
    JsonNext n = s.next(text);
    if (n == JsonNext::end) break;
    if (n == JsonNext::too_long) out.too_long.push_back(s.record_number());
    out.records.emplace_back(text);
    out.lines.push_back(s.record_line());
  }
  out.status = s.status();
  return out;
}

const size_t k_chunks[] = {1, 2, 3, 7, 64, SIZE_MAX};

} // namespace

TEST_CASE("a top-level array yields each element's raw text, whatever the block boundaries") {
  std::string doc = " [\n  {\"a\": \"x]}\\\"[{\", \"b\": [1, {\"c\": null}]},\n"
                    "  {\"d\": \"\\\\\"} ,\r\n  5, \"s\\\"]\", true, [], {}\n]\n";
  for (size_t chunk : k_chunks) {
    CAPTURE(chunk);
    auto r = scan(doc, chunk);
    REQUIRE(r.start);
    CHECK(r.layout == JsonLayout::array);
    REQUIRE(r.status);
    REQUIRE(r.records.size() == 7);
    CHECK(r.records[0] == "{\"a\": \"x]}\\\"[{\", \"b\": [1, {\"c\": null}]}");
    CHECK(r.records[1] == "{\"d\": \"\\\\\"}");
    CHECK(r.records[2] == "5");
    CHECK(r.records[3] == "\"s\\\"]\"");
    CHECK(r.records[4] == "true");
    CHECK(r.records[5] == "[]");
    CHECK(r.records[6] == "{}");
    CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 4, 4, 4, 4, 4});
  }
  auto empty = scan("[ ]");
  REQUIRE(empty.start);
  CHECK(empty.records.empty());
  CHECK(empty.status);
}

TEST_CASE("an object document: the first record member holding an array, other members skipped wherever they are") {
  std::string doc = R"({"service": "DongBoHoSoMC", "meta": {"data": [9], "s": "}]"}, "data": "not an array",
    "dossiers": [{"x": 1}, {"x": [2, "]"]}], "result": [{"ignored": true}], "next": null, "n": -1.5e3})";
  for (size_t chunk : k_chunks) {
    CAPTURE(chunk);
    auto r = scan(doc, chunk);
    REQUIRE(r.start);
    CHECK(r.layout == JsonLayout::member);
    CHECK(r.member == "dossiers");
    REQUIRE(r.status);
    CHECK(r.records == std::vector<std::string>{R"({"x": 1})", R"({"x": [2, "]"]})"});
    CHECK(r.lines == std::vector<std::uint64_t>{2, 2});
  }
  // An escaped member name is compared unescaped.
  auto escaped = scan(R"({"d\u0061ta": [1, 2]})");
  REQUIRE(escaped.start);
  CHECK(escaped.member == "data");
  CHECK(escaped.records.size() == 2);
}

TEST_CASE("an object without a record array is the one record, other documents are scalars") {
  std::string doc = "{\"code\": \"A\", \"data\": {\"k\": [1]},\n \"pauses\": []}\n";
  for (size_t chunk : k_chunks) {
    CAPTURE(chunk);
    auto r = scan(doc, chunk);
    REQUIRE(r.start);
    CHECK(r.layout == JsonLayout::object);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0] == "{\"code\": \"A\", \"data\": {\"k\": [1]},\n \"pauses\": []}");
    CHECK(r.lines[0] == 1);
    CHECK(r.status);
  }
  auto empty = scan("{}");
  REQUIRE(empty.start);
  CHECK(empty.layout == JsonLayout::object);
  CHECK(empty.records == std::vector<std::string>{"{}"});
  auto scalar = scan("  \"just text\"");
  REQUIRE(scalar.start);
  CHECK(scalar.layout == JsonLayout::scalar);
  CHECK(scalar.records.empty());
}

TEST_CASE("a record longer than the limit is skipped, not held, and reported with its first bytes") {
  std::string big = "{\"name\": \"" + std::string(600 * 1024, 'x') + "\"}";
  std::string doc = "[{\"a\": 1},\n" + big + ",\n{\"b\": 2}]";
  for (size_t chunk : {size_t{4096}, SIZE_MAX}) {
    CAPTURE(chunk);
    auto r = scan(doc, chunk, 1000);
    REQUIRE(r.status);
    REQUIRE(r.records.size() == 3);
    CHECK(r.too_long == std::vector<size_t>{2});
    CHECK(r.records[1].size() == 4096);
    CHECK(r.records[1].rfind("{\"name\": \"xxx", 0) == 0);
    CHECK(r.records[2] == "{\"b\": 2}");
    CHECK(r.lines[2] == 3);
  }
  // Under the limit but over the held size: still precise.
  auto r = scan("[\"0123456789\", 1]", SIZE_MAX, 5);
  CHECK(r.too_long == std::vector<size_t>{1});
  CHECK(r.records[1] == "1");
  // The one-record object too.
  auto single = scan("{\"code\": \"" + std::string(600 * 1024, 'y') + "\"}", 1000, 1000);
  REQUIRE(single.start);
  CHECK(single.layout == JsonLayout::object);
  CHECK(single.too_long == std::vector<size_t>{1});
}

TEST_CASE("a broken structure stops the scan with the line, after the records before it") {
  struct Case {
    const char* doc;
    size_t records;
    const char* message;
  };
  const Case cases[] = {
      {"[\n{\"a\": 1},\n{\"a\": 2", 1, "d.json:3: not valid JSON (unexpected end of input inside an object)"},
      {"[{\"a\": 1},\n", 1, "d.json:2: not valid JSON (unexpected end of input inside the record array)"},
      {"[{\"a\": \"x", 0, "d.json:1: not valid JSON (unexpected end of input inside a string)"},
      {"[{\"a\": 1}\n {\"a\": 2}]", 1, "d.json:2: not valid JSON (expected ',' or ']' after record 1, got '{')"},
      {"[{\"a\": [1}]", 0, "d.json:1: not valid JSON (unexpected '}', expected ']')"},
      {"[1,,2]", 1, "d.json:1: not valid JSON (expected record 2, got ',')"},
      {"[1]\n x", 1, "d.json:2: not valid JSON (unexpected 'x' after the end of the document)"},
      {"{\"data\": [1], \"next\" 2}", 1,
       "d.json:1: not valid JSON (expected ':' after the member name \"next\", got '2')"},
      {"{\"data\": [1], \"next\": {}", 1,
       "d.json:1: not valid JSON (unexpected end of input inside the top-level object)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.doc);
    for (size_t chunk : {size_t{1}, SIZE_MAX}) {
      auto r = scan(c.doc, chunk);
      REQUIRE(r.start);
      CHECK(r.records.size() == c.records);
      REQUIRE_FALSE(r.status);
      CHECK(r.status.error().kind == ErrorKind::input);
      CHECK(r.status.error().message == c.message);
    }
  }
  auto empty = scan(" \n");
  REQUIRE_FALSE(empty.start);
  CHECK(empty.start.error().message == "d.json:2: not valid JSON (the document is empty)");
  // Errors before the first record come from start().
  for (const char* doc : {"", "  \n", "{\"a\": 1,}", "{\"a\" 1}", "{\"a\": [1,"}) {
    CAPTURE(doc);
    auto r = scan(doc);
    REQUIRE_FALSE(r.start);
    CHECK(r.start.error().message.rfind("d.json:", 0) == 0);
  }
}

TEST_CASE("the stream's own errors pass through") {
  MemoryStream raw(std::string("[\"a\", \"\xFF\"]"));
  DecodingStream decoded(raw, Encoding::utf8);
  JsonRecordScanner s(decoded, "bad.json", JsonScanOptions{{"data"}});
  REQUIRE(s.start());
  std::string_view text;
  CHECK(s.next(text) == JsonNext::record);
  CHECK(s.next(text) == JsonNext::end);
  REQUIRE_FALSE(s.status());
  CHECK(s.status().error().message.find("UTF-8") != std::string::npos);
}

TEST_CASE("first_json_problem checks a whole document keeping nothing, naming the line of the first error") {
  for (size_t chunk : {size_t{1}, size_t{5}, SIZE_MAX}) {
    CAPTURE(chunk);
    MemoryStream ok(std::string("{\"data\": [\n{\"a\": [1, 2.5e3, true, null, \"\\u00e9\"]}\n]}\n"), chunk);
    auto none = first_json_problem(ok);
    REQUIRE(none);
    CHECK_FALSE(*none);

    MemoryStream truncated(std::string("[\n{\"a\": 1},\n{\"a\": 2"), chunk);
    auto t = first_json_problem(truncated);
    REQUIRE(t);
    REQUIRE(*t);
    CHECK((*t)->line == 3);
    CHECK((*t)->message.find("unexpected end of input") != std::string::npos);

    MemoryStream inner(std::string("[\n{\"a\": 1},\n{\"a\" 2},\n{}]"), chunk);
    auto i = first_json_problem(inner);
    REQUIRE(i);
    REQUIRE(*i);
    CHECK((*i)->line == 3);
    CHECK((*i)->offset == 17);

    MemoryStream trailing(std::string("[]\n\n[]"), chunk);
    auto tr = first_json_problem(trailing);
    REQUIRE(tr);
    REQUIRE(*tr);
    CHECK((*tr)->line == 3);
  }
  MemoryStream raw(std::string("[\"\xFF\"]"));
  DecodingStream decoded(raw, Encoding::utf8);
  CHECK_FALSE(first_json_problem(decoded));
}

namespace {

std::string nested(size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

std::optional<JsonProblem> problem_of(const std::string& doc, size_t chunk = SIZE_MAX) {
  MemoryStream in(doc, chunk);
  auto p = first_json_problem(in);
  REQUIRE(p);
  return *p;
}

} // namespace

TEST_CASE("json_too_deep counts arrays and objects outside strings against k_max_json_depth") {
  CHECK_FALSE(json_too_deep(nested(k_max_json_depth)));
  CHECK(json_too_deep(nested(k_max_json_depth + 1)));
  CHECK(json_too_deep(std::string(100000, '[')));                         // unterminated: still too deep
  CHECK_FALSE(json_too_deep("[\"" + std::string(1000, '[') + "\"]"));     // inside a string
  CHECK_FALSE(json_too_deep("[\"\\\"" + std::string(1000, '{') + "\"]")); // after an escaped quote
  CHECK(json_too_deep_reason().find("512") != std::string::npos);
}

TEST_CASE("the record scanner refuses nesting past the limit at every block boundary, never recursing") {
  const std::string deep_record = "[{\"code\":\"A\"},{\"code\":\"N1\",\"x\":" + std::string(100000, '[');
  for (size_t chunk : k_chunks) {
    CAPTURE(chunk);
    Scanned s = scan(deep_record, chunk);
    REQUIRE(s.start);
    CHECK(s.records.size() == 1);
    REQUIRE_FALSE(s.status);
    CHECK(s.status.error().kind == ErrorKind::input);
    CHECK(s.status.error().message.find("nested deeper than 512 levels") != std::string::npos);
  }
  Scanned ok = scan("[" + nested(k_max_json_depth) + "]");
  REQUIRE(ok.status);
  CHECK(ok.records.size() == 1);
  Scanned member = scan("{\"x\":" + nested(600) + ",\"data\":[]}");
  REQUIRE_FALSE(member.start);
  CHECK(member.start.error().message.find("nested deeper") != std::string::npos);
}

TEST_CASE("first_json_problem refuses nesting past the limit, naming its line") {
  for (size_t chunk : {size_t{1}, size_t{7}, SIZE_MAX}) {
    CAPTURE(chunk);
    auto p = problem_of("[\n1,\n" + std::string(100000, '[') + std::string(100000, ']') + "]", chunk);
    REQUIRE(p);
    CHECK(p->message.find("nested deeper than 512 levels") != std::string::npos);
    CHECK(p->line == 3);
    CHECK_FALSE(problem_of(nested(k_max_json_depth), chunk));
  }
}

TEST_CASE("first_json_problem cuts over-long strings and numbers without changing the verdict") {
  const std::string mib(1u << 20, 'x');
  // Valid documents stay valid whatever falls at the cut: an escape, a \u escape, a surrogate
  // pair, a multi-byte character, a long digit run.
  for (const std::string& filler : {std::string("ab"), std::string("\\n\\\""), std::string("\\u00e9\\u00e9"),
                                    std::string("\\ud83d\\ude00"), std::string("ệ")}) {
    CAPTURE(filler);
    std::string s;
    while (s.size() < (1u << 20) + 64) s += filler;
    CHECK_FALSE(problem_of("[\"" + s + "\", \"" + s + "\"]", 4096));
    CHECK_FALSE(problem_of("{\"" + s + "\": 1}"));
  }
  CHECK_FALSE(problem_of("[0." + std::string(3u << 20, '1') + ", 2]"));
  // Errors after the cut are still found: a raw line end inside the string, on its line.
  auto nl = problem_of("[\n\"" + mib + "yy\nzz\"]");
  REQUIRE(nl);
  CHECK(nl->line == 2);
  CHECK(nl->message.find("control character") != std::string::npos);
  // A missing closing quote, and what follows a cut string, still count.
  CHECK(problem_of("[\"" + mib + mib));
  CHECK(problem_of("[\"" + mib + "x\" 1]"));
}

TEST_CASE("sax_parse_bounded reads the first value with bounded tokens") {
  struct Counter : nlohmann::json_sax<nlohmann::json> {
    size_t longest = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t& s) override {
      longest = std::max(longest, s.size());
      return true;
    }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool key(string_t&) override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  } counter;
  MemoryStream in("{\"a\":\"" + std::string(5u << 20, 'x') + "\",\"next\":\"/p2\"} trailing", 65536);
  CHECK(sax_parse_bounded(in, counter));
  CHECK(counter.longest <= (1u << 20) + 8);
}

TEST_CASE("first_json_problem: long whitespace runs are cut too, and lines stay exact across them") {
  for (size_t chunk : {size_t{4096}, SIZE_MAX}) {
    CAPTURE(chunk);
    const std::string spaces(3u << 20, ' ');
    CHECK_FALSE(problem_of("[1," + spaces + "2" + spaces + "]", chunk));
    // 600,000 line ends (more than one read block of them) then an error: its line is exact.
    auto p = problem_of("[1,\n" + std::string(600000, '\n') + "  x]", chunk);
    REQUIRE(p);
    CHECK(p->line == 600002);
    auto q = problem_of("[1," + std::string(5000, ' ') + "\n\n" + std::string(5000, '\t') + "\n }", chunk);
    REQUIRE(q);
    CHECK(q->line == 4);
  }
}

TEST_CASE("first_json_problem: a NUL byte after the document is an error (nlohmann would stop there)") {
  // Found by fuzz_json_stream: the scanner refused what the check passed.
  auto p = problem_of(std::string("[[1]]\n\0*]]", 11));
  REQUIRE(p);
  CHECK(p->message.find("NUL") != std::string::npos);
  CHECK(p->line == 2);
  CHECK(problem_of(std::string("[1,\0 2]", 8)));
  CHECK_FALSE(problem_of("[1]  \n"));
}
