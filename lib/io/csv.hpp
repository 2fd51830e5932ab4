#pragma once
// A streaming RFC 4180 reader. A bad record is reported with its line and the reader
// goes on at the next line, so one broken row never costs the rest of a migration.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

struct CsvOptions {
  char delimiter = ',';                // not '"', CR, LF or NUL
  size_t max_field_bytes = 1u << 20;   // longer fields make the record an error
  size_t max_record_bytes = 16u << 20; // bounds memory: a 100 MB line is never held whole
  size_t max_fields = 65536;           // bounds memory on lines made of delimiters
  bool skip_empty_lines = true;        // blank lines (often trailing) are not records
};

// A delimiter as users write it (--delimiter, a mapping's input.delimiter): one character other
// than a quote, CR, LF or NUL, or "tab" / "\t" for a tab.
std::optional<char> parse_delimiter(std::string_view text);

// One record; its views stay valid until the next CsvReader::next() on it.
class CsvRecord {
public:
  // Number of fields (0 for an error record): checking it against the header is the caller's job.
  size_t size() const { return m_fields.size(); }
  // Field i, unquoted and unescaped.
  std::string_view operator[](size_t i) const {
    const Ref& r = m_fields[i];
    const char* base = (r.off & k_unescaped) ? m_unescaped.data() : m_base;
    return {base + (r.off & ~k_unescaped), r.len};
  }
  // 1-based physical line on which the record starts.
  std::uint64_t line() const { return m_line; }
  // The record as it appeared, without its line ending: what goes to the rejects file.
  std::string_view raw() const { return m_raw; }
  // True when raw() was cut at max_record_bytes (error records only).
  bool raw_truncated() const { return m_raw_truncated; }
  bool ok() const { return !m_failed; }
  // Why the record is unusable (ErrorKind::input); the message says what and where in it.
  const Error& error() const { return m_error; }
  // True when field i came from a date-typed spreadsheet cell (ISO 8601 text): such a cell
  // needs no date_format. Always false for CSV.
  bool typed_date(size_t i) const { return i < m_typed.size() && m_typed[i]; }
  // Fills the record from cells read elsewhere (an Excel row), copied in, padded with empty
  // fields to `width`; raw() is the cells joined by commas, quoted as CSV where needed.
  void assign(const std::vector<std::string>& cells, const std::vector<char>& typed, size_t width, std::uint64_t line);

private:
  friend class CsvReader;
  static constexpr std::uint32_t k_unescaped = 0x80000000u; // offset flag: field lives in m_unescaped
  struct Ref {
    std::uint32_t off;
    std::uint32_t len;
  };
  const char* m_base = nullptr; // record start inside the reader's buffer
  std::vector<Ref> m_fields;
  std::string m_unescaped;   // fields that held doubled quotes
  std::vector<char> m_typed; // assign(): date-typed cells
  std::string m_error_raw;   // raw text of an error record, copied out of the buffer
  std::string_view m_raw;
  std::uint64_t m_line = 0;
  bool m_raw_truncated = false;
  bool m_failed = false;
  Error m_error;
};

class CsvReader {
public:
  explicit CsvReader(ByteStream& in, CsvOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record (possibly an error record: check rec.ok()); false at the end of the
  // input or when the stream itself failed (then status() says why). Records complete
  // before a stream failure are still returned.
  bool next(CsvRecord& rec);
  // Stream errors (I/O, undecodable text) and a bad delimiter; record errors are per record.
  const Status& status() const { return m_status; }
  Progress progress() const { return m_in.progress(); }
  // The physical line the next record will start on.
  std::uint64_t line() const { return m_line; }

private:
  enum class Outcome { complete, need_more, empty_line, error };
  // Parses one record at m_begin; restarted from scratch when more bytes were needed.
  Outcome parse(CsvRecord& rec);
  Outcome fail(size_t pos, std::string message);
  // Turns rec into an error record for the failure at buffer offset pos and skips to the next line.
  void report_error(CsvRecord& rec, size_t pos, std::string message);
  // Reads until the buffer is full or the input ends.
  void fill();
  // Moves the unparsed bytes to the front and grows the buffer when it is full of one record.
  void make_room();
  void add_field(CsvRecord& rec, size_t from, size_t to, bool escaped);

  ByteStream& m_in;
  CsvOptions m_opt;
  Status m_status;
  unsigned char m_plain[256] = {};  // bytes that end an unquoted run
  unsigned char m_quoted[256] = {}; // bytes that end a quoted run
  std::unique_ptr<char[]> m_buf;    // m_cap bytes plus a NUL sentinel
  size_t m_cap = 0;
  size_t m_begin = 0;
  size_t m_end = 0;
  bool m_eof = false;
  bool m_source_failed = false; // records before the failure are still handed out
  std::uint64_t m_line = 1;
  // Results of parse().
  size_t m_consumed = 0;
  size_t m_raw_end = 0;
  std::uint64_t m_newlines = 0;
  size_t m_error_pos = 0;
  std::string m_error_message;
};

} // namespace motcua
