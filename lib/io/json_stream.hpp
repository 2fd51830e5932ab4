#pragma once
// One JSON document read as a stream, never held whole: the elements of its record array
// are handed out one raw text at a time (memory bounded by the largest record), and a whole
// document's syntax is checked keeping nothing. Input is decoded UTF-8 text (io/decode).
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// Arrays and objects nested deeper than this are refused: nlohmann's DOM copies, dumps and
// compares recursively, so a hostile 100,000-deep value would exhaust the stack.
constexpr size_t k_max_json_depth = 512;

// True when `text` nests arrays and objects deeper than k_max_json_depth (strings skipped);
// checked before any json::parse of untrusted text.
bool json_too_deep(std::string_view text);

// The reason given for such a text, naming the limit.
std::string json_too_deep_reason();

// Where the records of a document are.
enum class JsonLayout {
  array,  // the document is an array: each element is a record
  member, // an object holding the record array under one of JsonScanOptions::record_members
  object, // an object without such an array: the object itself is the one record
  scalar, // neither array nor object: no records (the caller says what it expected)
};

// What JsonRecordScanner::next found.
enum class JsonNext { record, too_long, end };

struct JsonScanOptions {
  // Members of an object document that hold the record array when their value is an array;
  // the first one met in document order wins, every other member is skipped wherever it is.
  std::vector<std::string> record_members;
  // A longer record is skipped and reported as JsonNext::too_long instead of being held.
  size_t max_record_bytes = 64u << 20;
};

// Finds the record array of a document and yields each element's raw text. It follows
// strings, escapes and nesting and checks the punctuation around the records, not every
// token inside them: the caller parses each record (json::parse), and first_json_problem
// checks a whole document up front when nothing may be written before a syntax error.
// Nesting deeper than k_max_json_depth breaks the document, so a record handed out is never deeper.
class JsonRecordScanner {
public:
  JsonRecordScanner(ByteStream& in, std::string name, JsonScanOptions options);
  ~JsonRecordScanner();
  JsonRecordScanner(const JsonRecordScanner&) = delete;
  JsonRecordScanner& operator=(const JsonRecordScanner&) = delete;

  // Reads up to the first record (the whole object for JsonLayout::object). A broken
  // structure is ErrorKind::input "NAME:LINE: not valid JSON (what)"; stream errors pass through.
  Status start();
  // Valid after a successful start().
  JsonLayout layout() const { return m_layout; }
  // The member holding the records (JsonLayout::member).
  const std::string& member() const { return m_member; }
  // The next record's text into `text` (valid until the next call); for too_long, `text` is
  // its first bytes. `end` after the last record or on an error (status() tells them apart);
  // the rest of the document after the array is scanned before `end`.
  JsonNext next(std::string_view& text);
  // 1-based line on which the last record handed out starts.
  std::uint64_t record_line() const { return m_record_line; }
  // 1-based number of the last record handed out.
  std::uint64_t record_number() const { return m_records; }
  const Status& status() const { return m_status; }
  // Bytes of the underlying source consumed (read ahead by at most one buffer).
  Progress progress() const { return m_in.progress(); }

private:
  enum class State { fresh, array_first, array_next, single, done };
  // More bytes into the buffer, keeping those from m_keep on; false at the end or an error.
  bool fill();
  // Skips whitespace (counting lines); false when the input ended first.
  bool skip_ws();
  // Scans the value starting at m_pos, leaving m_pos just past it; false on an error.
  bool scan_value();
  // Scans a string whose opening quote is at m_pos - 1, leaving m_pos past its closing quote.
  bool scan_string_rest();
  // Reads an object member name at m_pos (opening quote included), unescaped.
  bool read_key(std::string& key);
  // A member's name and colon, leaving m_pos on the first character of its value.
  bool member_head(std::string& key);
  // The members after the record array, the closing brace, then the end of the input.
  bool finish_document(bool in_object);
  // Records a syntax error at the current line; always false.
  bool fail(std::string what);
  // A premature end of the input (or the stream's own error); always false.
  bool fail_eof(std::string_view where);

  ByteStream& m_in;
  std::string m_name;
  JsonScanOptions m_opt;
  Status m_status;
  JsonLayout m_layout = JsonLayout::scalar;
  std::string m_member;
  State m_state = State::fresh;
  std::unique_ptr<char[]> m_buf;
  size_t m_cap = 0;
  size_t m_pos = 0;         // next byte to scan
  size_t m_end = 0;         // end of the bytes read
  size_t m_keep = SIZE_MAX; // first byte of a value being captured, or SIZE_MAX
  bool m_eof = false;
  bool m_dropped = false;   // the capture outgrew max_record_bytes and was let go
  std::string m_head;       // first bytes of a dropped capture
  size_t m_single_size = 0; // length of the one-record object (JsonLayout::object)
  std::string m_stack;      // closing brackets expected inside the value being scanned
  std::uint64_t m_line = 1;
  std::uint64_t m_record_line = 0;
  std::uint64_t m_records = 0;
};

// Where a document stops being valid JSON: the 1-based line, the byte offset and the
// parser's message.
struct JsonProblem {
  std::uint64_t line = 1;
  std::uint64_t offset = 0;
  std::string message;
};

// Runs the whole stream through nlohmann's SAX parser keeping nothing (the same grammar as
// json::parse: one value, then only whitespace, nested at most k_max_json_depth); nullopt when valid. Errors of the
// stream itself (I/O, undecodable bytes) are the Result's error.
Result<std::optional<JsonProblem>> first_json_problem(ByteStream& in);

// Runs the first JSON value of a stream through `handler` (nlohmann SAX), with strings and
// digit runs longer than 1 MiB cut short on the way, so memory stays bounded whatever the
// input (first_json_problem reads the same way); false when the handler or the parser stopped.
bool sax_parse_bounded(ByteStream& in, nlohmann::json_sax<nlohmann::json>& handler);

} // namespace motcua
