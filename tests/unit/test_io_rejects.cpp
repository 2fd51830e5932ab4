#include <doctest/doctest.h>

#include <sstream>

#include "io/rejects.hpp"

using namespace motcua;

TEST_CASE("rejects file quotes every cell and keeps the original record") {
  std::ostringstream out;
  RejectsWriter w(out);
  w.write(Reject{"a.csv", 3, true, "field 'fee': expected a number, got \"x\"", "1,\"x\"\n2"});
  w.write(Reject{"b.json", 2, false, "field 'code' is required", "{}"});
  CHECK(out.str() ==
        "source,position,reason,record\n"
        "\"a.csv\",\"line 3\",\"field 'fee': expected a number, got \"\"x\"\"\",\"1,\"\"x\"\"\n2\"\n"
        "\"b.json\",\"record 2\",\"field 'code' is required\",\"{}\"\n");
  CHECK(describe_position(Reject{"a.csv", 3, true, "", ""}) == "a.csv:3");
  CHECK(describe_position(Reject{"b.json", 2, false, "", ""}) == "b.json record 2");
}
