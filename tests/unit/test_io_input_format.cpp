#include <doctest/doctest.h>

#include "io/input_format.hpp"

using namespace motcua;

TEST_CASE("input formats: names round-trip, the list starts with auto") {
  for (const auto& n : input_format_names()) CHECK(input_format_name(*parse_input_format(n)) == n);
  CHECK(input_format_names().front() == "auto");
  CHECK(input_format_names().size() == 6);
  CHECK_FALSE(parse_input_format("xml"));
}

TEST_CASE("detect_input_format: one rule for catalogs and dossiers") {
  auto detect = [](std::string_view name, std::string_view head) { return detect_input_format(name, head); };
  CHECK(detect("a.ndjson", "[1]") == InputFormat::ndjson); // the name wins for NDJSON
  CHECK(detect("a.jsonl", "") == InputFormat::ndjson);
  CHECK(detect("a", " \n ") == InputFormat::ndjson); // blank: no records either way
  CHECK(detect("a", "\xEF\xBB\xBF[{\"code\":\"x\"}]") == InputFormat::json);
  CHECK(detect("a", "{\"code\":\"1\"}\n{\"code\":\"2\"}\n") == InputFormat::ndjson);
  CHECK(detect("a", "{\"code\":\"1\"}\n") == InputFormat::json); // one line: one document
  CHECK(detect("a", "{\"data\":[{\"MaHoSo\":\"1\"}]}") == InputFormat::json);
  CHECK(detect("a", "{\n  \"data\": []\n}\n") == InputFormat::json); // pretty-printed
  CHECK(detect("a.csv", "[1]") == InputFormat::csv);                 // the name decides first
  CHECK(detect("a.csv", "x;y\n1;2\n") == InputFormat::csv);
  CHECK(detect("a", "code,name\nA,B\n") == InputFormat::csv);
  CHECK(detect("a", "\"code\";\"name\"\nA;B\n") == InputFormat::csv);
  CHECK_FALSE(detect("a", "procedure_code,name\nA,B\n")); // no code column: never a guess
  CHECK_FALSE(detect("a", "hello"));
  CHECK_FALSE(detect("a", "code\nA\n")); // a header without a delimiter
}
