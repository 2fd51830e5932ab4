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
  // remembered; every cell must still name its own text, the repeated ones too, and the strings indexed
  // before the cap ("TT", "Đã trả", every 16th row) are still reused after it.
  char dir[] = "/tmp/motcua-xlsxw-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  std::string path = std::string(dir) + "/big.xlsx";
  const int n = 66000; // 464 unique strings past the cap
  auto status_of = [](int i) { return i % 32 ? "TT" : "Đã trả"; };
  {
    XlsxWriter w;
    for (int i = 0; i < n; ++i) {
      std::vector<XlsxCell> cells{XlsxCell::of("code-" + std::to_string(i)), XlsxCell::of("code-" + std::to_string(i))};
      if (i % 16 == 0) cells.push_back(XlsxCell::of(status_of(i)));
      REQUIRE(w.add_row(cells));
    }
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
    const size_t cells = rows % 16 ? 2 : 3;
    all_same = all_same && row.cells.size() == cells && row.cells[0] == code && row.cells[1] == code &&
               (cells == 2 || row.cells[2] == status_of(rows));
    ++rows;
  }
  CHECK((*r)->status());
  CHECK(rows == n);
  CHECK(all_same);
  ::unlink(path.c_str());
  ::rmdir(dir);
}
