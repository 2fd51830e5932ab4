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
#include "util/error.hpp"

namespace motcua {

// Rows of a tabular source, one at a time: CSV now, a spreadsheet reader can plug in later.
class RowSource {
public:
  virtual ~RowSource() = default;
  // The next row's cells; false at the end (status() tells an error from the end).
  virtual bool next(std::vector<std::string>& row) = 0;
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
  std::vector<std::string> date_formats; // every format that parses every non-empty value
  std::string field;                     // the canonical field it most likely is, or empty
  std::string near_date_format;          // else the one parsing all but a few values (broken rows)
  std::uint64_t near_misses = 0;
};

struct InspectReport {
  std::string source;
  std::string format = "csv";
  Encoding encoding = Encoding::utf8;
  std::vector<EncodingCandidate> encodings;
  char delimiter = ',';
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

// The report as the one JSON object of `dossiers inspect --format json`.
nlohmann::ordered_json inspect_json(const InspectReport& report);

} // namespace motcua
