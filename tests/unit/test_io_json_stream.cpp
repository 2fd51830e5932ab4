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
      {"{\"data\": [1], \"next\" 2}", 1, "d.json:1: not valid JSON (expected ':' after the member name \"next\", got '2')"},
      {"{\"data\": [1], \"next\": {}", 1, "d.json:1: not valid JSON (unexpected end of input inside the top-level object)"},
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
