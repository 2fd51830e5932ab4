#include "io/csv.hpp"

#include <algorithm>
#include <cstring>

#include "io/text.hpp"

namespace motcua {

namespace {

constexpr size_t k_initial_buffer = 1024 * 1024;
constexpr size_t k_max_record_limit = size_t{1} << 30; // offsets are 31-bit

} // namespace

CsvReader::CsvReader(ByteStream& in, CsvOptions options) : m_in(in), m_opt(options) {
  char d = m_opt.delimiter;
  if (d == '"' || d == '\n' || d == '\r' || d == '\0') {
    m_status = make_error(ErrorKind::usage,
                          "the CSV delimiter cannot be a quote, a line break or NUL; use ',', ';', '|' or a tab");
  }
  m_opt.max_record_bytes = std::clamp<size_t>(m_opt.max_record_bytes, 1, k_max_record_limit);
  m_opt.max_field_bytes = std::clamp<size_t>(m_opt.max_field_bytes, 1, m_opt.max_record_bytes);
  m_opt.max_fields = std::max<size_t>(m_opt.max_fields, 1);
  for (unsigned char c : {static_cast<unsigned char>(d), static_cast<unsigned char>('\n'),
                          static_cast<unsigned char>('\r'), static_cast<unsigned char>('\0')})
    m_plain[c] = 1;
  for (unsigned char c :
       {static_cast<unsigned char>('"'), static_cast<unsigned char>('\n'), static_cast<unsigned char>('\0')})
    m_quoted[c] = 1;
  m_cap = std::min(k_initial_buffer, m_opt.max_record_bytes + 1);
  if (auto total = in.progress().total) // a small known input needs no 1 MiB block
    m_cap = static_cast<size_t>(std::min<std::uint64_t>(m_cap, *total + 1));
  m_cap = std::max<size_t>(m_cap, 64);
  m_buf = std::make_unique_for_overwrite<char[]>(m_cap + 1);
  m_buf[0] = '\0';
}

CsvReader::~CsvReader() = default;

void CsvReader::fill() {
  while (m_end < m_cap && !m_eof) {
    size_t got = m_in.read(m_buf.get() + m_end, m_cap - m_end);
    if (got == 0) {
      m_eof = true;
      if (!m_in.status()) {
        m_status = m_in.status().error();
        m_source_failed = true;
      }
      break;
    }
    m_end += got;
  }
  m_buf[m_end] = '\0'; // sentinel: every scan loop stops on it
}

void CsvReader::make_room() {
  if (m_begin > 0) {
    std::memmove(m_buf.get(), m_buf.get() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  if (m_end == m_cap) {
    size_t cap = std::min(m_cap * 2, m_opt.max_record_bytes + 1);
    cap = std::max(cap, m_cap + 1);
    auto bigger = std::make_unique_for_overwrite<char[]>(cap + 1);
    std::memcpy(bigger.get(), m_buf.get(), m_end);
    m_buf = std::move(bigger);
    m_cap = cap;
  }
  m_buf[m_end] = '\0';
}

CsvReader::Outcome CsvReader::fail(size_t pos, std::string message) {
  m_error_pos = pos;
  m_error_message = std::move(message);
  return Outcome::error;
}

void CsvReader::add_field(CsvRecord& rec, size_t from, size_t to, bool escaped) {
  if (!escaped) {
    rec.m_fields.push_back({static_cast<std::uint32_t>(from - m_begin), static_cast<std::uint32_t>(to - from)});
    return;
  }
  size_t off = rec.m_unescaped.size();
  const char* b = m_buf.get();
  for (size_t i = from; i < to; ++i) {
    rec.m_unescaped += b[i];
    if (b[i] == '"') ++i; // the second quote of a doubled pair
  }
  rec.m_fields.push_back({static_cast<std::uint32_t>(off) | CsvRecord::k_unescaped,
                          static_cast<std::uint32_t>(rec.m_unescaped.size() - off)});
}

CsvReader::Outcome CsvReader::parse(CsvRecord& rec) {
  const char* const b = m_buf.get();
  const size_t end = m_end;
  const bool eof = m_eof && !m_source_failed; // after a stream error the tail is not a record
  const char delim = m_opt.delimiter;
  const size_t max_field = m_opt.max_field_bytes;
  size_t p = m_begin;
  std::uint64_t nl = 0;
  rec.m_fields.clear();
  rec.m_typed.clear();
  rec.m_unescaped.clear();

  auto complete = [&](size_t raw_end, size_t consumed) {
    m_raw_end = raw_end;
    m_consumed = consumed;
    m_newlines = nl;
    return Outcome::complete;
  };
  auto field_no = [&] { return std::to_string(rec.m_fields.size() + 1); };

  if (m_opt.skip_empty_lines && (b[p] == '\n' || b[p] == '\r')) {
    if (b[p] == '\n') {
      m_consumed = p + 1;
      m_newlines = 1;
      return Outcome::empty_line;
    }
    if (p + 1 == end && !eof) return Outcome::need_more;
    if (p + 1 == end || b[p + 1] == '\n') {
      m_consumed = std::min(p + 2, end);
      m_newlines = p + 1 < end ? 1 : 0;
      return Outcome::empty_line;
    }
  }

  for (;;) { // one field per turn, p at its first byte
    if (rec.m_fields.size() >= m_opt.max_fields)
      return fail(p, "the record has more than " + std::to_string(m_opt.max_fields) + " fields; check the delimiter");
    if (p == end) {
      if (!eof) return Outcome::need_more;
      add_field(rec, p, p, false);
      return complete(p, p);
    }

    if (b[p] != '"') {
      size_t q = p;
      for (;;) {
        while (!m_plain[static_cast<unsigned char>(b[q])]) ++q;
        if (q - p > max_field)
          return fail(q, "field " + field_no() + " is longer than " + std::to_string(max_field) + " bytes");
        if (q == end) {
          if (!eof) return Outcome::need_more;
          add_field(rec, p, q, false);
          return complete(q, q);
        }
        char c = b[q];
        if (c == delim) {
          add_field(rec, p, q, false);
          p = q + 1;
          break;
        }
        if (c == '\n') {
          add_field(rec, p, q, false);
          ++nl;
          return complete(q, q + 1);
        }
        if (c == '\r') {
          if (q + 1 == end) {
            if (!eof) return Outcome::need_more;
            add_field(rec, p, q, false);
            return complete(q, q + 1);
          }
          if (b[q + 1] == '\n') {
            add_field(rec, p, q, false);
            ++nl;
            return complete(q, q + 2);
          }
          ++q; // a lone CR is data
          continue;
        }
        return fail(q, "field " + field_no() + " holds a NUL byte (line " + std::to_string(m_line + nl) +
                           "); the file is binary or in UTF-16 without a byte-order mark");
      }
      continue;
    }

    // A quoted field: delimiters and line breaks are data, "" is one quote.
    const size_t open_line = m_line + nl;
    size_t q = p + 1;
    bool escaped = false;
    for (;;) {
      while (!m_quoted[static_cast<unsigned char>(b[q])]) ++q;
      if (q - (p + 1) > max_field)
        return fail(q, "quoted field " + field_no() + " (opened on line " + std::to_string(open_line) +
                           ") is longer than " + std::to_string(max_field) + " bytes; look for a stray '\"'");
      if (q == end) {
        if (!eof) return Outcome::need_more;
        return fail(q, "quoted field " + field_no() + " opened on line " + std::to_string(open_line) +
                           " is not closed before the end of the input; look for a stray '\"'");
      }
      char c = b[q];
      if (c == '\n') {
        ++nl;
        ++q;
        continue;
      }
      if (c == '\0')
        return fail(q, "field " + field_no() + " holds a NUL byte (line " + std::to_string(m_line + nl) +
                           "); the file is binary or in UTF-16 without a byte-order mark");
      if (q + 1 == end && !eof) return Outcome::need_more;
      if (q + 1 < end && b[q + 1] == '"') {
        escaped = true;
        q += 2;
        continue;
      }
      break; // the closing quote
    }
    add_field(rec, p + 1, q, escaped);
    size_t r = q + 1;
    if (r == end) return complete(r, r); // eof: parse asked for more otherwise
    char c = b[r];
    if (c == delim) {
      p = r + 1;
      continue;
    }
    if (c == '\n') {
      ++nl;
      return complete(r, r + 1);
    }
    if (c == '\r') {
      if (r + 1 == end) {
        if (!eof) return Outcome::need_more;
        return complete(r, r + 1);
      }
      if (b[r + 1] == '\n') {
        ++nl;
        return complete(r, r + 2);
      }
    }
    rec.m_fields.pop_back();
    return fail(r, "text after the closing quote of field " + field_no() + " (line " + std::to_string(m_line + nl) +
                       "); a quoted field must end at the delimiter, with quotes inside it doubled");
  }
}

void CsvReader::report_error(CsvRecord& rec, size_t pos, std::string message) {
  const std::uint64_t start_line = m_line;
  const size_t cap = m_opt.max_record_bytes;
  rec.m_error_raw.clear();
  rec.m_raw_truncated = false;
  auto keep = [&](const char* s, size_t n) {
    size_t room = cap - std::min(cap, rec.m_error_raw.size());
    if (n > room) rec.m_raw_truncated = true;
    rec.m_error_raw.append(s, std::min(n, room));
  };
  keep(m_buf.get() + m_begin, pos - m_begin);
  m_line += count_newlines(m_buf.get() + m_begin, pos - m_begin);
  // Resynchronise at the next line: drop bytes up to and including the next LF.
  size_t q = pos;
  bool at_newline = false;
  for (;;) {
    const char* b = m_buf.get();
    const void* hit = q < m_end ? std::memchr(b + q, '\n', m_end - q) : nullptr;
    if (hit) {
      size_t k = static_cast<size_t>(static_cast<const char*>(hit) - b);
      keep(b + q, k - q);
      ++m_line;
      m_begin = k + 1;
      at_newline = true;
      break;
    }
    keep(b + q, m_end - q);
    m_begin = m_end = 0;
    m_buf[0] = '\0';
    if (m_eof) break;
    fill();
    if (m_end == 0) break;
    q = 0;
  }
  if (!rec.m_raw_truncated && !rec.m_error_raw.empty() && rec.m_error_raw.back() == '\r') rec.m_error_raw.pop_back();
  std::uint64_t last_line = at_newline ? m_line - 1 : m_line;
  if (last_line > start_line)
    message += "; lines " + std::to_string(start_line) + "-" + std::to_string(last_line) + " were skipped";
  rec.m_fields.clear();
  rec.m_unescaped.clear();
  rec.m_raw = rec.m_error_raw;
  rec.m_line = start_line;
  rec.m_failed = true;
  rec.m_error = make_error(ErrorKind::input, std::move(message));
}

bool CsvReader::next(CsvRecord& rec) {
  for (;;) {
    if (!m_status && !m_source_failed) return false; // unusable options
    if (m_begin == m_end) {
      if (m_eof) return false;
      m_begin = m_end = 0;
      fill();
      continue;
    }
    switch (parse(rec)) {
    case Outcome::complete:
      if (m_raw_end - m_begin > m_opt.max_record_bytes) { // whole in the buffer, but still over the limit
        report_error(rec, m_raw_end, "the record is longer than " + std::to_string(m_opt.max_record_bytes) + " bytes");
        return true;
      }
      rec.m_base = m_buf.get() + m_begin;
      rec.m_raw = std::string_view(rec.m_base, m_raw_end - m_begin);
      rec.m_raw_truncated = false;
      rec.m_line = m_line;
      rec.m_failed = false;
      m_line += m_newlines;
      m_begin = m_consumed;
      return true;
    case Outcome::empty_line:
      m_line += m_newlines;
      m_begin = m_consumed;
      continue;
    case Outcome::error: report_error(rec, m_error_pos, std::move(m_error_message)); return true;
    case Outcome::need_more:
      if (m_eof) return false; // the stream failed mid-record: status() has the error
      if (m_end - m_begin > m_opt.max_record_bytes) {
        report_error(rec, m_end, "the record is longer than " + std::to_string(m_opt.max_record_bytes) + " bytes");
        return true;
      }
      make_room();
      fill();
      continue;
    }
  }
}

void CsvRecord::assign(const std::vector<std::string>& cells, const std::vector<char>& typed, size_t width,
                       std::uint64_t line) {
  m_fields.clear();
  m_unescaped.clear();
  m_error_raw.clear();
  m_typed.assign(std::max(width, cells.size()), 0);
  for (size_t i = 0; i < m_typed.size(); ++i) {
    std::string_view c = i < cells.size() ? std::string_view(cells[i]) : std::string_view();
    m_fields.push_back(
        {static_cast<std::uint32_t>(m_unescaped.size()) | k_unescaped, static_cast<std::uint32_t>(c.size())});
    m_unescaped.append(c);
    if (i < typed.size()) m_typed[i] = typed[i];
    if (i) m_error_raw += ',';
    if (c.find_first_of(",\"\r\n") == std::string_view::npos) {
      m_error_raw.append(c);
    } else {
      m_error_raw += '"';
      for (char ch : c) {
        if (ch == '"') m_error_raw += '"';
        m_error_raw += ch;
      }
      m_error_raw += '"';
    }
  }
  m_raw = m_error_raw;
  m_base = nullptr;
  m_line = line;
  m_raw_truncated = false;
  m_failed = false;
}

std::optional<char> parse_delimiter(std::string_view d) {
  if (d == "tab" || d == "\\t") return '\t';
  if (d.size() != 1 || d[0] == '"' || d[0] == '\r' || d[0] == '\n' || d[0] == '\0') return std::nullopt;
  return d[0];
}

} // namespace motcua
