#pragma once
// `dossiers inspect`: what a legacy export holds and a draft mapping (motcua-mapping(5)) for it,
// read from a bounded sample so a 10 GB file costs the same as a small one.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/decode.hpp"
#include "io/plausible.hpp"
#include "io/stream.hpp"
#include "io/xlsx.hpp"
#include "util/error.hpp"

namespace motcua {

// Rows of a tabular source, one at a time: CSV, or a sheet of an Excel workbook.
class RowSource {
public:
  virtual ~RowSource() = default;
  // The next row's cells; false at the end (status() tells an error from the end).
  virtual bool next(std::vector<std::string>& row) = 0;
  // Whether cell `column` of the last row is a date the source typed as one (an Excel date cell,
  // given as ISO 8601): it needs no date_format.
  virtual bool dated(size_t /*column*/) const { return false; }
  virtual const Status& status() const = 0;
  // Records skipped as unreadable (a CSV quote never closed).
  virtual std::uint64_t broken() const = 0;
  // "csv" or "xlsx", for the report.
  virtual std::string_view format() const = 0;
};

// A CSV source (raw bytes, decoded in `encoding`) with `delimiter`, as RFC 4180 rows;
// a broken record ends the rows with its error.
std::unique_ptr<RowSource> csv_row_source(std::string raw, Encoding encoding, char delimiter, std::string name);

// What inspect found in one column.
struct ColumnReport {
  std::string name;                                            // the header cell, or its 1-based number
  std::vector<std::pair<std::string, std::uint64_t>> distinct; // up to 50, most frequent first
  bool more_distinct = false;                                  // more than 50 values
  std::uint64_t empty = 0;
  std::uint64_t date_cells = 0;          // Excel date cells (need no date_format)
  std::uint64_t text_values = 0;         // the other non-empty cells
  std::vector<std::string> date_formats; // every format that parses every non-empty value
  std::string field;                     // the canonical field it most likely is, or empty
  std::string near_date_format;          // else the one parsing all but a few values (broken rows)
  std::uint64_t near_misses = 0;
};

struct InspectReport {
  std::string source;
  std::string format = "csv"; // or "xlsx"
  // CSV: the encoding read in; a workbook's text is Unicode: utf-8, its one candidate scored
  // for plausibility (text typed in a legacy font scores low).
  Encoding encoding = Encoding::utf8;
  std::vector<EncodingCandidate> encodings;
  char delimiter = ',';            // CSV only
  std::string sheet;               // xlsx: the sheet read
  std::vector<std::string> sheets; // xlsx: every sheet of the workbook
  bool header = true;
  std::vector<std::string> header_cells;
  std::vector<std::vector<std::string>> rows; // the first 20 data rows as parsed
  std::vector<ColumnReport> columns;
  std::uint64_t rows_read = 0; // data rows in the sample
  bool truncated = false;      // the sample stopped at k_inspect_rows
  std::uint64_t broken_rows = 0;
  nlohmann::ordered_json mapping;
  std::vector<std::string> undecided; // what the draft mapping leaves to the user
};

// Rows inspect reads at most.
inline constexpr std::uint64_t k_inspect_rows = 10000;

// Inspects a CSV/TSV source: encoding ranked by plausibility (or `encoding` when not auto),
// delimiter among , ; tab |, header row, per-column values and date formats, the likely field
// of each column, and a draft mapping. ErrorKind::input when it cannot be read as a table.
Result<InspectReport> inspect_source(ByteStream& in, Encoding encoding);

// Inspects one sheet of an Excel workbook the same way, from its first k_inspect_rows rows: `sheet`
// (a name or 1-based number), or when empty the first sheet with a data row. Date cells need no
// date_format in the draft, whose input is {"format": "xlsx", "sheet": …, "header": …}.
Result<InspectReport> inspect_workbook(const XlsxSource& source, const std::string& name, std::string_view sheet);

// Inspects a file: an Excel workbook by its content (then `encoding` must be auto: ErrorKind::usage),
// else CSV/TSV (then `sheet` must be empty); a legacy .xls is refused saying how to convert it.
Result<InspectReport> inspect_file(const std::string& path, Encoding encoding, std::string_view sheet);

// The report as the one JSON object of `dossiers inspect --format json`.
nlohmann::ordered_json inspect_json(const InspectReport& report);

} // namespace motcua
