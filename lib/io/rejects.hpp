#pragma once
// Rejected input records: every row that is not loaded is reported, never lost.
#include <cstdint>
#include <ostream>
#include <string>

#include "io/csv_writer.hpp"

namespace motcua {

struct Reject {
  std::string source;        // file path, "-" or URL (redacted)
  std::int64_t position = 0; // 1-based line (CSV, NDJSON) or record number (JSON array)
  bool is_line = true;       // which of the two position counts
  std::string reason;        // names the field and the value
  std::string original;      // the record as it was read
};

// "FILE:LINE" or "FILE record N", for messages on stderr.
std::string describe_position(const Reject& r);

// Writes the rejects file: a CSV with header source,position,reason,record, through the one
// CSV writer (every cell quoted, CRLF, formula guard: a record starting =HYPERLINK(…) stays text).
class RejectsWriter {
public:
  explicit RejectsWriter(std::ostream& out) : m_csv(out, CsvQuoting::all) {}
  void write(const Reject& r);

private:
  CsvWriter m_csv;
  bool m_header_done = false;
};

} // namespace motcua
