#include <doctest/doctest.h>

#include "io/xlsx_writer.hpp"

using namespace motcua;

TEST_CASE("xlsx writer: XML escaping and a zip archive") {
  CHECK(xml_escape("a<b & \"c\">") == "a&lt;b &amp; &quot;c&quot;&gt;");
  XlsxWriter w(true);
  REQUIRE(w.add_row({XlsxCell::of("x")}));
  auto bytes = w.finish();
  REQUIRE(bytes);
  CHECK(bytes->substr(0, 4) == std::string("PK\x03\x04", 4));
}
