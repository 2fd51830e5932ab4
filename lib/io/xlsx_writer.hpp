#pragma once
// A minimal Excel workbook writer (.xlsx through libzip): what `motcua sample`, the tests and
// the bench need to make workbooks that exercise every case the reader (io/xlsx) handles:
// shared and inline strings, numbers, dates in the 1900 or 1904 system, formulas with cached
// values, booleans, merged cells, gaps, several sheets. Rows and shared strings go to temporary
// files as they come and `write_to` streams the archive to its file, so a million-row sheet of
// unique strings is never held in memory (the bench's 1M-row workbook).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.hpp"

struct zip; // libzip's archive (zip_t)

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
  // The archive's bytes (small workbooks: the sample, tests).
  Result<std::string> finish();
  // The archive written to `path` (replaced), streamed from the temporary files.
  Status write_to(const std::string& path);

private:
  struct Sheet {
    std::string name;
    std::FILE* xml = nullptr; // <row> elements, a temporary file
    std::uint64_t rows = 0;
    std::vector<std::string> merges;
  };
  // The index of `s` in the shared strings, appending it to m_sst when new (or not indexed).
  Result<std::uint32_t> shared(const std::string& s);
  // Adds every part to the open archive `z` (which then owns the temporary files).
  Status add_parts(::zip* z);
  bool m_date1904;
  std::vector<Sheet> m_sheets;
  // Strings already written, for reuse; capped at k_indexed strings so memory stays flat: past
  // the cap a new string is written again (the format allows repeats in the table).
  std::unordered_map<std::string, std::uint32_t> m_index;
  static constexpr size_t k_indexed = 1u << 16;
  std::FILE* m_sst = nullptr; // <si> elements, a temporary file
  std::uint32_t m_string_count = 0;
};

// XML text escaping for the writer (&, <, >, ").
std::string xml_escape(std::string_view s);

} // namespace motcua
