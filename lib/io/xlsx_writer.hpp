#pragma once
// A minimal Excel workbook writer (.xlsx through libzip): what `motcua sample`, the tests and
// the bench need to make workbooks that exercise every case the reader (io/xlsx) handles:
// shared and inline strings, numbers, dates in the 1900 or 1904 system, formulas with cached
// values, booleans, merged cells, gaps, several sheets. Rows go to a temporary file as they
// come, so a million-row sheet is not held in memory; the shared strings are.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.hpp"

namespace motcua {

// One cell to write.
struct XlsxCell {
  enum class Kind { empty, text, inline_text, number, date, date_time, formula_text, formula_number, boolean };
  Kind kind = Kind::empty;
  std::string text;   // text; a number's or serial's digits; a formula's expression
  std::string cached; // a formula's cached value
  static XlsxCell of(std::string t) { return {Kind::text, std::move(t), {}}; }
};

class XlsxWriter {
public:
  explicit XlsxWriter(bool date1904 = false) : m_date1904(date1904) {}
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet; the rows that follow go to it.
  Status add_sheet(std::string name);
  // Appends a row (row numbers follow on; `skip` leaves that many blank rows before it).
  Status add_row(const std::vector<XlsxCell>& cells, std::uint64_t skip = 0);
  // Marks a merged range of the current sheet, e.g. "A2:A4".
  void merge(std::string range);
  // The archive's bytes.
  Result<std::string> finish();

private:
  struct Sheet {
    std::string name;
    std::FILE* xml = nullptr; // <row> elements, a temporary file
    std::uint64_t rows = 0;
    std::vector<std::string> merges;
  };
  std::uint32_t shared(const std::string& s);
  bool m_date1904;
  std::vector<Sheet> m_sheets;
  std::unordered_map<std::string, std::uint32_t> m_index;
  std::vector<const std::string*> m_strings;
};

// XML text escaping for the writer (&, <, >, ").
std::string xml_escape(std::string_view s);

} // namespace motcua
