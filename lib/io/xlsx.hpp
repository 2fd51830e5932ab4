#pragma once
// Excel workbooks (.xlsx, Office Open XML) read as rows of text, streamed: the sheet's XML is
// parsed by expat from the zip entry in fixed chunks, so memory holds a few rows and the
// shared-strings table (bounded by the file), never the sheet. Cells become text as Excel's
// own CSV export would write them, except dates: a number in a date style becomes ISO 8601.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// Where an archive's bytes are (a zip needs random access): a file, or a part of an open
// descriptor (stdin or a fetched page spooled to a temporary file).
struct XlsxSource {
  std::string path; // a file to open; empty when fd is set
  int fd = -1;      // not owned; read from `offset` for `size` bytes
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

// A zip archive's first bytes (what an .xlsx is), for format detection.
bool looks_like_zip(std::string_view head);
// An OLE2 compound file's first bytes: a legacy .xls (BIFF) workbook.
bool looks_like_ole2(std::string_view head);
// The refusal of a legacy .xls, saying how to convert it (ErrorKind::input).
Error legacy_xls_error(std::string_view name);

// One row of a sheet. Cells are text: shared and inline strings, the cached value of a
// formula, numbers as stored, booleans TRUE/FALSE; a number in a date style is a local
// date `YYYY-MM-DD` (date formats) or date-time `YYYY-MM-DDTHH:MM:SS` (formats with a
// time), marked in `dated`. Empty and merged-away cells are empty, as in Excel's CSV export.
struct XlsxRow {
  std::uint64_t number = 0; // 1-based, as Excel shows it
  std::vector<std::string> cells;
  std::vector<char> dated; // 1 for a cell converted from a date serial
};

// Reads one sheet of a workbook row by row.
class XlsxSheetReader {
public:
  // Opens the workbook and picks `sheet`: a name, a 1-based number, or empty for the first.
  // A missing sheet, a broken archive or a file that is no workbook is ErrorKind::input
  // naming `name` (and, for a missing sheet, the sheets there).
  static Result<std::unique_ptr<XlsxSheetReader>> open(const XlsxSource& source, std::string name,
                                                       std::string_view sheet);
  ~XlsxSheetReader();
  XlsxSheetReader(const XlsxSheetReader&) = delete;
  XlsxSheetReader& operator=(const XlsxSheetReader&) = delete;

  // The next non-empty row into row (its vectors are reused); false at the end or on failure.
  bool next(XlsxRow& row);
  // A broken sheet (bad XML, a string index out of range): ErrorKind::input with the sheet's line.
  const Status& status() const;
  // Uncompressed sheet bytes parsed, of the sheet's size.
  Progress progress() const;
  const std::string& sheet_name() const;
  // Every sheet of the workbook, in order (what --sheet N counts), for reports.
  const std::vector<std::string>& sheet_names() const;

  struct Impl;

private:
  explicit XlsxSheetReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m;
};

// A date serial as text: `YYYY-MM-DD` when `with_time` is false and it is a whole day, else
// `YYYY-MM-DDTHH:MM:SS` (to the nearest second); empty when out of Excel's range (1900 system:
// 1 is 1900-01-01 and the phantom 1900-02-29 is refused; 1904 system: 0 is 1904-01-01).
std::string excel_serial_text(double serial, bool date1904, bool with_time);

// What a number format shows: none (numbers, text, durations like [h]:mm), a date, a date and
// time, or a time of day. Built-in ids follow ECMA-376 §18.8.30.
enum class NumberFormatKind { none, date, date_time, time };
NumberFormatKind number_format_kind(std::string_view format_code);
NumberFormatKind builtin_number_format_kind(int id);

// Parses sheet XML given whole (tests and the fuzz target): every row to on_row; shared
// strings by index; `date_styles[s]` the kind of cell style s.
Status parse_sheet_xml(std::string_view xml, const std::vector<std::string>& shared_strings,
                       const std::vector<NumberFormatKind>& date_styles, bool date1904,
                       const std::function<void(const XlsxRow&)>& on_row);

} // namespace motcua
