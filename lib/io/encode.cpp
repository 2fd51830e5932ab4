#include "io/encode.hpp"

#include <map>
#include <mutex>
#include <utf8proc.h>

namespace motcua {

namespace {

// The first code point of NFC UTF-8 s when s is exactly one, else 0.
char32_t single_code_point(std::string_view s) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                            static_cast<utf8proc_ssize_t>(s.size()), &cp);
  return n > 0 && static_cast<size_t>(n) == s.size() ? static_cast<char32_t>(cp) : 0;
}

// An upper-case letter byte in the tables (ASCII A-Z, or anything VNI spells in upper case).
bool upper_byte(unsigned char b) { return (b >= 'A' && b <= 'Z') || (b >= 0xC0 && b < 0xE0); }

// Every code point a table encoding spells in one byte, or else in a letter byte and a mark
// byte (the shortest spelling, marks in the case of their letter), built by decoding them all.
std::map<char32_t, std::string> build_spellings(Encoding e) {
  std::map<char32_t, std::string> out;
  for (unsigned b = 1; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    auto d = decode_text(one, e);
    if (!d) continue;
    if (char32_t c = single_code_point(*d); c != 0 && !out.count(c)) out[c] = one;
  }
  for (unsigned b1 = 'A'; b1 < 256; ++b1) {
    if (b1 < 0x80 && !((b1 >= 'A' && b1 <= 'Z') || (b1 >= 'a' && b1 <= 'z'))) continue;
    for (unsigned b2 = 0x80; b2 < 256; ++b2) {
      if (e == Encoding::vni && upper_byte(static_cast<unsigned char>(b1)) != (b2 < 0xE0)) continue;
      std::string two{static_cast<char>(b1), static_cast<char>(b2)};
      auto d = decode_text(two, e);
      if (!d) continue;
      if (char32_t c = single_code_point(*d); c != 0 && !out.count(c)) out[c] = two;
    }
  }
  return out;
}

const std::map<char32_t, std::string>& spellings(Encoding e) {
  static std::mutex lock;
  static std::map<Encoding, std::map<char32_t, std::string>> tables;
  std::lock_guard<std::mutex> hold(lock);
  auto it = tables.find(e);
  if (it == tables.end()) it = tables.emplace(e, build_spellings(e)).first;
  return it->second;
}

// VIQR of one code point from its canonical decomposition: base, shape mnemonic, tone mnemonic.
bool viqr_spell(char32_t c, std::string& out) {
  if (c == 0x0111 || c == 0x0110) {
    out += c == 0x0110 ? "DD" : "dd";
    return true;
  }
  utf8proc_int32_t parts[4];
  utf8proc_int32_t code = static_cast<utf8proc_int32_t>(c);
  auto n = utf8proc_decompose_char(code, parts, 4, UTF8PROC_DECOMPOSE, nullptr);
  if (n < 1 || n > 3 || parts[0] >= 0x80) return false;
  // Canonical order puts the dot below before a shape mark; VIQR writes the shape first.
  std::string shape;
  std::string tone;
  for (utf8proc_ssize_t k = 1; k < n; ++k) {
    switch (parts[k]) {
    case 0x0306: shape += '('; break;
    case 0x0302: shape += '^'; break;
    case 0x031B: shape += '+'; break;
    case 0x0301: tone += '\''; break;
    case 0x0300: tone += '`'; break;
    case 0x0309: tone += '?'; break;
    case 0x0303: tone += '~'; break;
    case 0x0323: tone += '.'; break;
    default: return false;
    }
  }
  std::string s = static_cast<char>(parts[0]) + shape + tone;
  out += s;
  return true;
}

} // namespace

Result<std::string> encode_text(std::string_view utf8, Encoding encoding) {
  if (encoding == Encoding::utf8 || encoding == Encoding::auto_detect) return to_nfc(utf8);
  if (encoding == Encoding::utf16)
    return make_error(ErrorKind::internal, "encode_text: utf-16 is not written by motcua");
  std::string text = to_nfc(utf8);
  const auto* table = encoding == Encoding::viqr ? nullptr : &spellings(encoding);
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return make_error(ErrorKind::input, "encode_text: the text is not valid UTF-8");
    auto c = static_cast<char32_t>(cp);
    bool done = false;
    if (encoding == Encoding::viqr) {
      // Plain VIQR letters and the mnemonics after a vowel would read as marks: escape those.
      if (c < 0x80) {
        bool mnemonic = std::string_view("'`?~.(^+\\").find(static_cast<char>(c)) != std::string_view::npos;
        bool after_vowel =
            !out.empty() && std::string_view("aeiouyAEIOUY'`?~.(^+").find(out.back()) != std::string_view::npos;
        bool d_pair = (c == 'd' || c == 'D') && !out.empty() && (out.back() == 'd' || out.back() == 'D');
        if ((mnemonic && (after_vowel || c == '\\')) || d_pair) out += '\\';
        out += static_cast<char>(c);
        done = true;
      } else {
        done = viqr_spell(c, out);
      }
    } else if (c < 0x80 && encoding != Encoding::tcvn && encoding != Encoding::viscii) {
      out += static_cast<char>(c);
      done = true;
    } else if (auto it = table->find(c); it != table->end()) {
      out += it->second;
      done = true;
    }
    if (!done) {
      return make_error(ErrorKind::input, "encode_text: '" + std::string(reinterpret_cast<const char*>(p), n) +
                                              "' cannot be written in " + std::string(encoding_name(encoding)));
    }
    p += n;
    left -= n;
  }
  return out;
}

} // namespace motcua
