#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

#include "io/xlsx.hpp"
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

TEST_CASE("xlsx writer: written to a file, more unique strings than it indexes read back in place") {
  // Past the writer's index of shared strings (65,536) new strings are written again rather than
  // remembered; every cell must still name its own text, the repeated ones too.
  char dir[] = "/tmp/motcua-xlsxw-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  std::string path = std::string(dir) + "/big.xlsx";
  const int n = 70000;
  {
    XlsxWriter w;
    for (int i = 0; i < n; ++i)
      REQUIRE(w.add_row({XlsxCell::of("code-" + std::to_string(i)), XlsxCell::of(i % 2 ? "TT" : "Đã trả"),
                         XlsxCell::of("code-" + std::to_string(i))}));
    REQUIRE(w.write_to(path));
  }
  XlsxSource src;
  src.path = path;
  auto r = XlsxSheetReader::open(src, "big", "");
  REQUIRE(r);
  XlsxRow row;
  int rows = 0;
  bool all_same = true;
  while ((*r)->next(row)) {
    std::string code = "code-" + std::to_string(rows);
    all_same = all_same && row.cells.size() == 3 && row.cells[0] == code && row.cells[2] == code &&
               row.cells[1] == (rows % 2 ? "TT" : "Đã trả");
    ++rows;
  }
  CHECK((*r)->status());
  CHECK(rows == n);
  CHECK(all_same);
  ::unlink(path.c_str());
  ::rmdir(dir);
}
