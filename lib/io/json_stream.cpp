#include "io/json_stream.hpp"

#include <algorithm>
#include <cstring>
#include <istream>
#include <nlohmann/json.hpp>
#include <streambuf>

namespace motcua {

namespace {

using json = nlohmann::json;

constexpr size_t k_initial_buffer = 256 * 1024;
constexpr size_t k_head_bytes = 4096; // what a too-long record keeps for the rejects file
constexpr size_t k_max_key = 4096;    // longer member names cannot be a record member

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A character that may start a JSON value (the parser of the record checks the rest).
bool starts_value(char c) { return c != ',' && c != ':' && c != ']' && c != '}'; }

std::string shown_char(char c) {
  if (static_cast<unsigned char>(c) < 0x20) return "a control character";
  return std::string("'") + c + "'";
}

} // namespace

bool json_too_deep(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > k_max_json_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string json_too_deep_reason() {
  return "arrays and objects nested deeper than " + std::to_string(k_max_json_depth) + " levels";
}

JsonRecordScanner::JsonRecordScanner(ByteStream& in, std::string name, JsonScanOptions options)
    : m_in(in), m_name(std::move(name)), m_opt(std::move(options)) {}

JsonRecordScanner::~JsonRecordScanner() = default;

bool JsonRecordScanner::fail(std::string what) {
  if (m_status)
    m_status = make_error(ErrorKind::input, m_name + ":" + std::to_string(m_line) + ": not valid JSON (" + what + ")");
  return false;
}

bool JsonRecordScanner::fail_eof(std::string_view where) {
  if (!m_status) return false; // the stream's own error, already recorded
  return fail("unexpected end of input " + std::string(where));
}

bool JsonRecordScanner::fill() {
  if (m_eof || !m_status) return false;
  size_t from = m_keep == SIZE_MAX ? m_pos : m_keep;
  if (from > 0) {
    std::memmove(m_buf.get(), m_buf.get() + from, m_end - from);
    m_end -= from;
    m_pos -= from;
    if (m_keep != SIZE_MAX) m_keep = 0;
  }
  if (m_end == m_cap) { // the whole buffer is one captured value
    if (m_cap >= m_opt.max_record_bytes) {
      // Let it go: keep its first bytes for the rejects file and scan on without holding it.
      m_head.assign(m_buf.get(), std::min(m_pos, k_head_bytes));
      m_dropped = true;
      m_keep = SIZE_MAX;
      std::memmove(m_buf.get(), m_buf.get() + m_pos, m_end - m_pos);
      m_end -= m_pos;
      m_pos = 0;
    } else {
      size_t cap = std::min(m_cap * 2, std::max(m_opt.max_record_bytes, m_cap + 1));
      auto bigger = std::make_unique<char[]>(cap);
      std::memcpy(bigger.get(), m_buf.get(), m_end);
      m_buf = std::move(bigger);
      m_cap = cap;
    }
  }
  size_t got = m_in.read(m_buf.get() + m_end, m_cap - m_end);
  if (got == 0) {
    if (!m_in.status()) m_status = m_in.status();
    m_eof = true;
    return false;
  }
  m_end += got;
  return true;
}

bool JsonRecordScanner::skip_ws() {
  for (;;) {
    const char* b = m_buf.get();
    while (m_pos < m_end) {
      char c = b[m_pos];
      if (c == '\n') ++m_line;
      else if (c != ' ' && c != '\t' && c != '\r') return true;
      ++m_pos;
    }
    if (!fill()) return false;
  }
}

bool JsonRecordScanner::scan_string_rest() {
  for (;;) {
    const char* b = m_buf.get();
    while (m_pos < m_end) {
      char c = b[m_pos++];
      if (c == '"') return true;
      if (c == '\\') {
        if (m_pos == m_end && !fill()) return fail_eof("inside a string");
        b = m_buf.get();
        if (b[m_pos] == '\n') ++m_line;
        ++m_pos; // the escaped character, whatever it is
      } else if (c == '\n') {
        ++m_line;
      }
    }
    if (!fill()) return fail_eof("inside a string");
  }
}

bool JsonRecordScanner::scan_value() {
  char c = m_buf[m_pos];
  if (c == '"') {
    ++m_pos;
    return scan_string_rest();
  }
  if (c == '{' || c == '[') {
    m_stack.clear();
    for (;;) {
      if (m_pos == m_end && !fill())
        return fail_eof(!m_stack.empty() && m_stack.back() == '}' ? "inside an object" : "inside an array");
      const char* b = m_buf.get();
      while (m_pos < m_end) {
        c = b[m_pos++];
        switch (c) {
        case '{':
        case '[':
          m_stack.push_back(c == '{' ? '}' : ']');
          if (m_stack.size() > k_max_json_depth) return fail(json_too_deep_reason());
          break;
        case '}':
        case ']':
          if (m_stack.empty() || m_stack.back() != c) {
            --m_pos;
            return fail("unexpected '" + std::string(1, c) + "'" +
                        (m_stack.empty() ? std::string() : ", expected '" + std::string(1, m_stack.back()) + "'"));
          }
          m_stack.pop_back();
          if (m_stack.empty()) return true;
          break;
        case '"':
          if (!scan_string_rest()) return false;
          b = m_buf.get();
          break;
        case '\n': ++m_line; break;
        default: break;
        }
      }
    }
  }
  // A number or a literal: it runs to the next delimiter (or the end of the input).
  size_t length = 0;
  for (;;) {
    const char* b = m_buf.get();
    while (m_pos < m_end) {
      c = b[m_pos];
      if (is_ws(c) || c == ',' || c == ']' || c == '}' || c == ':')
        return length > 0 || fail("expected a value, got " + shown_char(c));
      ++m_pos;
      ++length;
    }
    if (!fill()) return m_status.ok() && length > 0;
  }
}

bool JsonRecordScanner::read_key(std::string& key) {
  key.clear();
  if (m_buf[m_pos] != '"') return fail("expected a member name in double quotes, got " + shown_char(m_buf[m_pos]));
  ++m_pos;
  bool escaped = false;
  bool any_escape = false;
  for (;;) {
    if (m_pos == m_end && !fill()) return fail_eof("inside a member name");
    char c = m_buf[m_pos++];
    if (!escaped && c == '"') break;
    if (c == '\n') ++m_line;
    escaped = !escaped && c == '\\';
    any_escape = any_escape || escaped;
    if (key.size() < k_max_key) key += c;
  }
  if (any_escape && key.size() < k_max_key) {
    json decoded = json::parse("\"" + key + "\"", nullptr, false);
    if (decoded.is_discarded() || !decoded.is_string()) return fail("bad escape in the member name \"" + key + "\"");
    key = decoded.get<std::string>();
  }
  return true;
}

bool JsonRecordScanner::member_head(std::string& key) {
  if (!read_key(key)) return false;
  if (!skip_ws()) return fail_eof("after the member name \"" + key + "\"");
  if (m_buf[m_pos] != ':')
    return fail("expected ':' after the member name \"" + key + "\", got " + shown_char(m_buf[m_pos]));
  ++m_pos;
  if (!skip_ws()) return fail_eof("after \"" + key + "\":");
  if (!starts_value(m_buf[m_pos]))
    return fail("expected a value after \"" + key + "\":, got " + shown_char(m_buf[m_pos]));
  return true;
}

bool JsonRecordScanner::finish_document(bool in_object) {
  if (in_object) {
    std::string key;
    for (;;) {
      if (!skip_ws()) return fail_eof("inside the top-level object");
      char c = m_buf[m_pos++];
      if (c == '}') break;
      if (c != ',') {
        --m_pos;
        return fail("expected ',' or '}' after the member \"" + m_member + "\", got " + shown_char(c));
      }
      if (!skip_ws()) return fail_eof("inside the top-level object");
      if (!member_head(key) || !scan_value()) return false;
    }
  }
  if (skip_ws()) return fail("unexpected " + shown_char(m_buf[m_pos]) + " after the end of the document");
  return m_status.ok();
}

Status JsonRecordScanner::start() {
  m_cap = k_initial_buffer;
  m_buf = std::make_unique<char[]>(m_cap);
  if (!skip_ws()) {
    if (m_status) fail("the document is empty");
    return m_status;
  }
  char c = m_buf[m_pos];
  if (c == '[') {
    ++m_pos;
    m_layout = JsonLayout::array;
    m_state = State::array_first;
    return {};
  }
  if (c != '{') {
    m_layout = JsonLayout::scalar;
    m_state = State::done;
    return {};
  }
  // An object: held while its members are scanned, in case it is the one record; let go as
  // soon as its record array begins.
  m_keep = m_pos;
  m_record_line = m_line;
  ++m_pos;
  std::string key;
  for (bool first = true;; first = false) {
    if (!skip_ws()) {
      fail_eof("inside the top-level object");
      return m_status;
    }
    if (first && m_buf[m_pos] == '}') {
      ++m_pos;
      break;
    }
    if (!member_head(key)) return m_status;
    if (m_buf[m_pos] == '[' &&
        std::find(m_opt.record_members.begin(), m_opt.record_members.end(), key) != m_opt.record_members.end()) {
      ++m_pos;
      m_member = key;
      m_layout = JsonLayout::member;
      m_state = State::array_first;
      m_keep = SIZE_MAX;
      m_dropped = false;
      m_head.clear();
      return {};
    }
    if (!scan_value()) return m_status;
    if (!skip_ws()) {
      fail_eof("inside the top-level object");
      return m_status;
    }
    c = m_buf[m_pos++];
    if (c == '}') break;
    if (c != ',') {
      --m_pos;
      fail("expected ',' or '}' after the member \"" + key + "\", got " + shown_char(c));
      return m_status;
    }
  }
  m_layout = JsonLayout::object;
  m_state = State::single;
  m_single_size = m_dropped ? 0 : m_pos - m_keep;
  if (!finish_document(false)) return m_status;
  return {};
}

JsonNext JsonRecordScanner::next(std::string_view& text) {
  if (m_state == State::fresh || m_state == State::done) return JsonNext::end;
  if (m_state == State::single) {
    m_state = State::done;
    m_records = 1;
    if (m_dropped) {
      text = m_head;
      return JsonNext::too_long;
    }
    text = std::string_view(m_buf.get() + m_keep, m_single_size);
    m_keep = SIZE_MAX;
    if (text.size() > m_opt.max_record_bytes) {
      text = text.substr(0, k_head_bytes);
      return JsonNext::too_long;
    }
    return JsonNext::record;
  }
  auto stop = [&] {
    m_state = State::done;
    m_keep = SIZE_MAX;
    return JsonNext::end;
  };
  if (!skip_ws()) {
    fail_eof("inside the record array");
    return stop();
  }
  char c = m_buf[m_pos];
  if (c == ']') {
    ++m_pos;
    finish_document(m_layout == JsonLayout::member);
    return stop();
  }
  if (m_state == State::array_next) {
    if (c != ',') {
      fail("expected ',' or ']' after record " + std::to_string(m_records) + ", got " + shown_char(c));
      return stop();
    }
    ++m_pos;
    if (!skip_ws()) {
      fail_eof("inside the record array");
      return stop();
    }
    c = m_buf[m_pos];
  }
  if (!starts_value(c)) {
    fail("expected record " + std::to_string(m_records + 1) + ", got " + shown_char(c));
    return stop();
  }
  m_record_line = m_line;
  m_keep = m_pos;
  m_dropped = false;
  if (!scan_value()) return stop();
  ++m_records;
  m_state = State::array_next;
  if (m_dropped) {
    text = m_head;
    return JsonNext::too_long;
  }
  text = std::string_view(m_buf.get() + m_keep, m_pos - m_keep);
  m_keep = SIZE_MAX; // the view stays valid: the buffer only moves in the next call
  if (text.size() > m_opt.max_record_bytes) {
    text = text.substr(0, k_head_bytes);
    return JsonNext::too_long;
  }
  return JsonNext::record;
}

namespace {

// The bytes of a string (or a run of digits) the syntax check passes on to the parser; the
// rest of a longer one is dropped, so that nlohmann's lexer never holds a 200 MB token (it
// also keeps every whitespace byte between two tokens, so long runs of those are cut too). A
// record that long is rejected by the record scanner anyway; what is dropped cannot hide an
// error the check is there for: UTF-8 was checked before, and control characters, quotes and
// line ends still pass.
constexpr size_t k_checked_token_bytes = 1u << 20;
constexpr size_t k_checked_whitespace = 4096;

// Drops the excess of over-long strings and digit runs from the bytes on their way to the
// parser, keeping every cut at a point where the kept text is still a valid token prefix.
class LongTokenFilter {
public:
  // Filters buf[0, n) in place; returns the new length. Each dropped line end is recorded in
  // `dropped` as (filtered offset, line ends dropped before it so far) so lines stay exact.
  size_t apply(char* buf, size_t n, std::vector<std::pair<size_t, std::uint64_t>>& dropped) {
    dropped.clear();
    std::uint64_t lines = 0;
    size_t out = 0;
    for (size_t i = 0; i < n; ++i) {
      const char c = buf[i];
      if (keep(c)) {
        buf[out++] = c;
      } else if (c == '\n') {
        ++lines;
        if (!dropped.empty() && dropped.back().first == out) dropped.back().second = lines;
        else dropped.emplace_back(out, lines);
      }
    }
    return out;
  }

private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  }

  bool keep(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (!m_in_string) {
      if (c == '\0') m_nul = true; // nlohmann takes it for the end of the input
      if (c == '"') {
        m_spaces = 0;
        m_in_string = true;
        m_length = 0;
        m_skipping = false;
        m_escaped = false;
        m_hex_left = 0;
        m_want_low = false;
        m_digits = 0;
        return true;
      }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        m_digits = 0;
        return ++m_spaces <= k_checked_whitespace;
      }
      m_spaces = 0;
      if (!is_digit(c)) {
        m_digits = 0;
        return true;
      }
      return ++m_digits <= k_checked_token_bytes;
    }
    if (u < 0x20) return true; // an error the parser must see, at its line
    if (m_skipping) {
      if (m_escaped) m_escaped = false;
      else if (c == '\\') m_escaped = true;
      else if (c == '"') {
        m_in_string = false;
        return true;
      }
      return false;
    }
    if (m_escaped) {
      m_escaped = false;
      if (c == 'u') {
        m_hex_left = 4;
        m_hex = 0;
      } else {
        m_want_low = false;
      }
    } else if (m_hex_left > 0) {
      m_hex = m_hex * 16 + hex_value(c);
      if (--m_hex_left == 0) m_want_low = m_hex >= 0xD800 && m_hex <= 0xDBFF;
    } else if (c == '\\') {
      m_escaped = true;
    } else if (c == '"') {
      m_in_string = false;
    } else {
      // A cut here must not split a UTF-8 sequence or a surrogate pair.
      const bool continuation = (u & 0xC0) == 0x80;
      if (!continuation) m_want_low = false;
      if (m_length >= k_checked_token_bytes && !continuation && !m_want_low) {
        m_skipping = true;
        return false;
      }
    }
    ++m_length;
    return true;
  }

  bool m_in_string = false;
  bool m_skipping = false;
  bool m_escaped = false;
  bool m_want_low = false; // a high surrogate escape was just passed: its low half must follow
  int m_hex_left = 0;
  unsigned m_hex = 0;
  size_t m_length = 0; // bytes of the current string passed on
  size_t m_digits = 0; // length of the current digit run outside strings
  size_t m_spaces = 0; // length of the current whitespace run outside strings

public:
  // A NUL byte was passed outside strings: where nlohmann stops as if the input ended.
  bool m_nul = false;
};

// A ByteStream as a std::streambuf for nlohmann's stream input, keeping the current block
// and the number of lines before it so an error offset becomes a line. Line ends always
// reach the parser, so lines stay exact although long tokens are cut (LongTokenFilter).
class LineCountingBuffer final : public std::streambuf {
public:
  explicit LineCountingBuffer(ByteStream& in) : m_in(in), m_buf(std::make_unique<char[]>(k_block)) {}

  // A NUL byte outside strings was read: nlohmann stops there as if at the end of the input.
  bool saw_nul() const { return m_filter.m_nul; }

  // Bytes handed to the parser so far (it reads one at a time, so this is exact).
  std::uint64_t consumed() const { return m_offset + static_cast<std::uint64_t>(gptr() - eback()); }

  // 1-based line of the byte at `offset` (the current block, or the end of the input).
  std::uint64_t line_at(std::uint64_t offset) const {
    if (offset < m_offset) return m_lines_before + 1;
    size_t k = static_cast<size_t>(std::min<std::uint64_t>(offset - m_offset, m_size));
    return m_lines_before + static_cast<std::uint64_t>(std::count(m_buf.get(), m_buf.get() + k, '\n')) +
           dropped_before(k) + 1;
  }

protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    auto lines =
        static_cast<std::uint64_t>(std::count(m_buf.get(), m_buf.get() + m_size, '\n')) + dropped_before(m_size);
    size_t got = 0;
    for (bool overwritten = false; got == 0; overwritten = true) {
      if (overwritten) m_lines_before += dropped_before(0); // a block dropped whole: its line ends count
      size_t raw = m_in.read(m_buf.get(), k_block);
      if (raw == 0) {
        // The last block stays for line_at, unless a block dropped whole replaced it.
        if (overwritten) {
          m_lines_before += lines;
          m_offset += m_size;
          m_size = 0;
          m_dropped.clear();
        }
        return traits_type::eof();
      }
      got = m_filter.apply(m_buf.get(), raw, m_dropped);
    }
    m_lines_before += lines;
    m_offset += m_size;
    m_size = got;
    setg(m_buf.get(), m_buf.get(), m_buf.get() + got);
    return traits_type::to_int_type(*gptr());
  }

private:
  static constexpr size_t k_block = 256 * 1024;
  // Line ends the filter dropped before filtered offset k of the current block.
  std::uint64_t dropped_before(size_t k) const {
    std::uint64_t n = 0;
    for (const auto& [at, count] : m_dropped) {
      if (at > k) break;
      n = count;
    }
    return n;
  }

  ByteStream& m_in;
  std::unique_ptr<char[]> m_buf;
  LongTokenFilter m_filter;
  std::vector<std::pair<size_t, std::uint64_t>> m_dropped; // of the current block, see LongTokenFilter::apply
  size_t m_size = 0;
  std::uint64_t m_offset = 0;
  std::uint64_t m_lines_before = 0;
};

// A SAX handler that keeps nothing but the first error (a syntax error, or nesting too deep).
struct ValidatingSax {
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return enter(); }
  bool key(json::string_t&) { return true; }
  bool end_object() { return leave(); }
  bool start_array(std::size_t) { return enter(); }
  bool end_array() { return leave(); }
  bool enter() {
    if (++depth <= k_max_json_depth) return true;
    too_deep = true;
    message = json_too_deep_reason();
    return false;
  }
  bool leave() {
    --depth;
    return true;
  }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& e) {
    position = at;
    message = e.what();
    return false;
  }

  std::size_t position = 0;
  std::string message;
  size_t depth = 0;
  bool too_deep = false;
};

} // namespace

bool sax_parse_bounded(ByteStream& in, nlohmann::json_sax<nlohmann::json>& handler) {
  LineCountingBuffer buffer(in);
  std::istream stream(&buffer);
  return json::sax_parse(stream, &handler, json::input_format_t::json, false);
}

Result<std::optional<JsonProblem>> first_json_problem(ByteStream& in) {
  LineCountingBuffer buffer(in);
  std::istream stream(&buffer);
  ValidatingSax sax;
  bool ok = json::sax_parse(stream, &sax);
  if (!in.status()) return in.status().error();
  if (ok && buffer.saw_nul()) { // a valid value, then a NUL byte and perhaps anything at all
    std::uint64_t at = buffer.consumed() > 0 ? buffer.consumed() - 1 : 0;
    return std::optional<JsonProblem>(
        JsonProblem{buffer.line_at(at), at, "unexpected NUL byte after the end of the document"});
  }
  if (ok) return std::optional<JsonProblem>();
  std::uint64_t at = sax.too_deep ? buffer.consumed() : sax.position;
  at = at > 0 ? at - 1 : 0;
  return std::optional<JsonProblem>(JsonProblem{buffer.line_at(at), at, std::move(sax.message)});
}

} // namespace motcua
