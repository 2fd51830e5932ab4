#include <doctest/doctest.h>

#include <cstdio>
#include <unistd.h>

#include "io/xlsx.hpp"
#include "io/xlsx_writer.hpp"

using namespace motcua;

TEST_CASE("Excel date serials in the 1900 and 1904 systems") {
  CHECK(excel_serial_text(43164, false, false) == "2018-03-05");
  CHECK(excel_serial_text(43164.34375, false, false) == "2018-03-05T08:15:00");
  CHECK(excel_serial_text(43164, false, true) == "2018-03-05T00:00:00");
  CHECK(excel_serial_text(41702.34375, true, false) == "2018-03-05T08:15:00");
  CHECK(excel_serial_text(1, false, false) == "1900-01-01");
  CHECK(excel_serial_text(61, false, false) == "1900-03-01");
  CHECK(excel_serial_text(60, false, false).empty()); // 1900-02-29 never was
  CHECK(excel_serial_text(-1, false, false).empty());
}

TEST_CASE("number formats: dates, date-times, times and the rest") {
  CHECK(number_format_kind("dd/mm/yyyy") == NumberFormatKind::date);
  CHECK(number_format_kind("dd/mm/yyyy\\ hh:mm") == NumberFormatKind::date_time);
  CHECK(number_format_kind("hh:mm") == NumberFormatKind::time);
  CHECK(number_format_kind("[h]:mm:ss") == NumberFormatKind::none);
  CHECK(number_format_kind("#,##0\"đ\"") == NumberFormatKind::none);
  CHECK(number_format_kind("[Red]0.00") == NumberFormatKind::none);
  CHECK(builtin_number_format_kind(14) == NumberFormatKind::date);
  CHECK(builtin_number_format_kind(22) == NumberFormatKind::date_time);
  CHECK(builtin_number_format_kind(0) == NumberFormatKind::none);
}

TEST_CASE("sheet XML: shared and inline strings, formulas, gaps, booleans, dates") {
  std::string xml = R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>Trần </t></r><r><t>Ánh</t></r></is></c></row>
<row r="3"><c r="B3" t="str"><f>A1</f><v>cached</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="1"><v>43164.5</v></c><c r="E3"/></row>
<row r="4"/></sheetData></worksheet>)";
  std::vector<XlsxRow> rows;
  auto st = parse_sheet_xml(xml, {"zero", "một"}, {NumberFormatKind::none, NumberFormatKind::date}, false,
                            [&](const XlsxRow& r) { rows.push_back(r); });
  REQUIRE(st);
  REQUIRE(rows.size() == 2); // the empty row 4 is skipped
  CHECK(rows[0].number == 1);
  CHECK(rows[0].cells == std::vector<std::string>{"một", "", "Trần Ánh"});
  CHECK(rows[1].number == 3);
  CHECK(rows[1].cells == std::vector<std::string>{"", "cached", "TRUE", "2018-03-05T12:00:00"});
  CHECK(rows[1].dated[3] == 1);
  CHECK(!parse_sheet_xml("<sheetData><row><c t=\"s\"><v>7</v></c></row></sheetData>", {}, {}, false,
                         [](const XlsxRow&) {}));
  CHECK(!parse_sheet_xml("<sheetData><row><c", {}, {}, false, [](const XlsxRow&) {}));
}

TEST_CASE("a workbook written by XlsxWriter reads back, sheet by name or number") {
  XlsxWriter w;
  REQUIRE(w.add_sheet("Một"));
  REQUIRE(w.add_row({XlsxCell::of("a")}));
  REQUIRE(w.add_sheet("Hai"));
  REQUIRE(w.add_row({XlsxCell::of("x"), XlsxCell{XlsxCell::Kind::date, "43164", {}}}));
  auto bytes = w.finish();
  REQUIRE(bytes);
  char path[] = "/tmp/motcua-xlsx-XXXXXX";
  int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, bytes->data(), bytes->size()) == static_cast<ssize_t>(bytes->size()));
  XlsxSource src;
  src.fd = fd;
  src.size = bytes->size();
  for (const char* sheet : {"Hai", "2", "hai"}) {
    auto r = XlsxSheetReader::open(src, "book", sheet);
    REQUIRE(r);
    XlsxRow row;
    REQUIRE((*r)->next(row));
    CHECK(row.cells == std::vector<std::string>{"x", "2018-03-05"});
    CHECK(!(*r)->next(row));
    CHECK((*r)->status());
  }
  auto missing = XlsxSheetReader::open(src, "book", "Ba");
  REQUIRE(!missing);
  CHECK(missing.error().message.find("1 'Một', 2 'Hai'") != std::string::npos);
  ::close(fd);
  ::unlink(path);
}
