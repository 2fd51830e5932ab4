#include <doctest/doctest.h>

#include <sstream>

#include "io/rejects.hpp"

using namespace motcua;

TEST_CASE("rejects file quotes every cell, ends rows with CRLF and keeps the original record") {
  std::ostringstream out;
  RejectsWriter w(out);
  w.write(Reject{"a.csv", 3, true, "field 'fee': expected a number, got \"x\"", "1,\"x\"\n2"});
  w.write(Reject{"b.json", 2, false, "field 'code' is required", "{}"});
  CHECK(out.str() == "source,position,reason,record\r\n"
                     "\"a.csv\",\"line 3\",\"field 'fee': expected a number, got \"\"x\"\"\",\"1,\"\"x\"\"\n2\"\r\n"
                     "\"b.json\",\"record 2\",\"field 'code' is required\",\"{}\"\r\n");
  CHECK(describe_position(Reject{"a.csv", 3, true, "", ""}) == "a.csv:3");
  CHECK(describe_position(Reject{"b.json", 2, false, "", ""}) == "b.json record 2");
}

TEST_CASE("rejects file guards records a spreadsheet would run as formulas") {
  std::ostringstream out;
  RejectsWriter w(out);
  w.write(Reject{"a.csv", 2, true, "bad", "=HYPERLINK(\"http://x\")"});
  w.write(Reject{"a.csv", 3, true, "bad", "＝1+1"});
  CHECK(out.str() == "source,position,reason,record\r\n"
                     "\"a.csv\",\"line 2\",\"bad\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
                     "\"a.csv\",\"line 3\",\"bad\",\"'＝1+1\"\r\n");
}
