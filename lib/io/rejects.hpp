#pragma once
// Rejected input records: every row that is not loaded is reported, never lost.
#include <cstdint>
#include <ostream>
#include <map>
#include <string>
#include <vector>

#include "io/csv_writer.hpp"

namespace motcua {

struct Reject {
  std::string source;               // file path, "-" or URL (redacted)
  std::int64_t position = 0;        // 1-based line (CSV, NDJSON) or record number (JSON array)
  bool is_line = true;              // which of the two position counts
  std::string reason;               // names the field and the value (the first problem)
  std::string original;             // the record as it was read
  std::vector<std::string> reasons; // every problem of the record, when the reader collects them all
};

// "FILE:LINE" or "FILE record N", for messages on stderr.
std::string describe_position(const Reject& r);

// What a rejection reason is about, without the value: "field 'status': value not in the
// mapping's values", "field 'received_at': expected a date in the format '%d/%m/%Y'": the key
// the summary of a run groups rejects by.
std::string reason_kind(std::string_view reason);

// Rejects counted by reason_kind, each with its count and where it was first met: the summary
// a run ends with. Every reason of a record counts.
class RejectSummary {
public:
  struct Entry {
    std::string reason;
    std::int64_t count = 0;
    std::string first; // describe_position of the first record with it
  };
  void add(const Reject& r);
  // Most frequent first, then in order of first appearance.
  std::vector<Entry> entries() const;

private:
  std::map<std::string, size_t> m_index;
  std::vector<Entry> m_entries;
};

// Writes the rejects file: a CSV with header source,position,reason,record,reasons (every
// problem of the record, joined by " | "; the reason alone when the reader stops at one), through the one
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
