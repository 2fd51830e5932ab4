#include "io/text.hpp"

#include "io/decode.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <utf8proc.h>

namespace motcua {

namespace {

// Length of the well-formed UTF-8 sequence starting at p[i] (1 for ASCII), or 0 when it is ill-formed.
size_t sequence_length(const unsigned char* p, size_t n, size_t i) {
  unsigned char c = p[i];
  if (c < 0x80) return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) {
    len = 3;
    lo = 0xA0;
  } else if (c >= 0xE1 && c <= 0xEC) len = 3;
  else if (c == 0xED) {
    len = 3;
    hi = 0x9F;
  } else if (c >= 0xEE && c <= 0xEF) len = 3;
  else if (c == 0xF0) {
    len = 4;
    lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else if (c == 0xF4) {
    len = 4;
    hi = 0x8F;
  } else return 0;
  if (i + len > n) return 0;
  if (p[i + 1] < lo || p[i + 1] > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (p[i + k] < 0x80 || p[i + k] > 0xBF) return 0;
  return len;
}

} // namespace

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    size_t len = sequence_length(p, n, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == std::string_view::npos; }

namespace {

// Runs utf8proc_map with the given options; returns the input unchanged if it fails.
std::string map_utf8(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t len =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                   static_cast<utf8proc_option_t>(options));
  if (len < 0) return std::string(s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
}

} // namespace

std::string nfc(std::string_view s) { return to_nfc(s); }

std::string fold_for_search(std::string_view s) {
  std::string folded = map_utf8(s, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  std::string out;
  out.reserve(folded.size());
  bool space = true; // drops leading whitespace
  for (size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    // đ (U+0111) has no decomposition; case folding already turned Đ into it.
    if (c == 0xC4 && i + 1 < folded.size() && static_cast<unsigned char>(folded[i + 1]) == 0x91) {
      out += 'd';
      ++i;
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += static_cast<char>(c);
      space = false;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::string printable_for_terminal(std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  std::string out;
  out.reserve(n);
  auto hex_byte = [&](unsigned char c) {
    out += "\\x";
    out += k_hex[c >> 4];
    out += k_hex[c & 0xF];
  };
  while (i < n) {
    unsigned char c = p[i];
    size_t len = sequence_length(p, n, i);
    if (len == 0) {
      hex_byte(c); // one byte at a time: the next one may start a good sequence
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case 0x1B: out += "\\e"; break;
      default: hex_byte(c);
      }
      ++i;
    } else if (c == 0xC2 && p[i + 1] <= 0x9F) { // U+0080..U+009F: C1 controls (0x9B is CSI on some terminals)
      out += "\\u00";
      out += k_hex[p[i + 1] >> 4];
      out += k_hex[p[i + 1] & 0xF];
      i += 2;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::uint64_t count_newlines(const char* p, size_t n) {
  std::uint64_t lines = 0;
  const char* e = p + n;
  while (p < e) {
    const void* hit = std::memchr(p, '\n', static_cast<size_t>(e - p));
    if (!hit) break;
    ++lines;
    p = static_cast<const char*>(hit) + 1;
  }
  return lines;
}

} // namespace motcua
