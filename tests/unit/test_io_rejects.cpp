#include <doctest/doctest.h>

#include <sstream>

#include "io/rejects.hpp"

using namespace motcua;

TEST_CASE("rejects file quotes every cell, ends rows with CRLF and keeps the original record") {
  std::ostringstream out;
  RejectsWriter w(out);
  w.write(Reject{"a.csv", 3, true, "field 'fee': expected a number, got \"x\"", "1,\"x\"\n2", {}});
  w.write(Reject{"b.json", 2, false, "field 'code' is required", "{}", {}});
  CHECK(
      out.str() ==
      "source,position,reason,record,reasons\r\n"
      "\"a.csv\",\"line 3\",\"field 'fee': expected a number, got \"\"x\"\"\",\"1,\"\"x\"\"\n2\",\"field 'fee': expected a number, got \"\"x\"\"\"\r\n"
      "\"b.json\",\"record 2\",\"field 'code' is required\",\"{}\",\"field 'code' is required\"\r\n");
  CHECK(describe_position(Reject{"a.csv", 3, true, "", "", {}}) == "a.csv:3");
  CHECK(describe_position(Reject{"b.json", 2, false, "", "", {}}) == "b.json record 2");
}

TEST_CASE("rejects file guards records a spreadsheet would run as formulas") {
  std::ostringstream out;
  RejectsWriter w(out);
  w.write(Reject{"a.csv", 2, true, "bad", "=HYPERLINK(\"http://x\")", {}});
  w.write(Reject{"a.csv", 3, true, "bad", "＝1+1", {}});
  CHECK(out.str() == "source,position,reason,record,reasons\r\n"
                     "\"a.csv\",\"line 2\",\"bad\",\"'=HYPERLINK(\"\"http://x\"\")\",\"bad\"\r\n"
                     "\"a.csv\",\"line 3\",\"bad\",\"'＝1+1\",\"bad\"\r\n");
}

TEST_CASE("every reason of a record goes to the reasons column; the summary groups them by kind") {
  std::ostringstream out;
  RejectsWriter w(out);
  Reject r{"a.csv", 4, true, "field 'status' is required (column X is empty)", "raw", {}};
  r.reasons = {"field 'status' is required (column X is empty)", "field 'fee': expected a number, got 'x' in column F"};
  w.write(r);
  CHECK(out.str().find("\"field 'status' is required (column X is empty) | field 'fee': expected a number, got 'x' in "
                       "column F\"\r\n") != std::string::npos);
  RejectSummary summary;
  summary.add(r);
  summary.add(Reject{"a.csv", 9, true, "field 'fee': expected a number, got 'y' in column F", "raw", {}});
  auto e = summary.entries();
  REQUIRE(e.size() == 2);
  CHECK(e[0].reason == "field 'fee': expected a number");
  CHECK(e[0].count == 2);
  CHECK(e[0].first == "a.csv:4");
  CHECK(e[1].reason == "field 'status' is required");
  CHECK(reason_kind("field 'status': value 'Z' in column S is not in the mapping's values ('A')") ==
        "field 'status': value not in the mapping's values");
}
