#include "io/decode.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <utf8proc.h>
#include <vector>

#include "io/text.hpp"

namespace motcua {

namespace {

// ---------------------------------------------------------------------------
// Byte tables. Upper halves as glibc's iconv defines CP1258, TCVN5712-1 and VISCII
// (0xFFFF = no character); the lower halves are ASCII except the listed C0 bytes,
// which TCVN3 and VISCII reuse for capital letters. tests/unit/test_io_decode.cpp
// checks all 768 entries against iconv.

constexpr char16_t k_none = 0xFFFF;

constexpr std::array<char16_t, 128> k_cp1258_high = {
    0x20AC, k_none, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, k_none, 0x2039, 0x0152,
    k_none, k_none, k_none, k_none, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    k_none, 0x203A, 0x0153, k_none, k_none, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6,
    0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3,
    0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0,
    0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD,
    0x00CE, 0x00CF, 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA,
    0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF, 0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF, 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4,
    0x01A1, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

constexpr std::array<char16_t, 128> k_tcvn_high = {
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8, 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6,
    0x00CC, 0x1EC8, 0x0128, 0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8, 0x1EDC, 0x1EDE,
    0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168, 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF,
    0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0, 0x0300, 0x0309, 0x0303, 0x0301,
    0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE,
    0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2,
    0x1EBB, 0x1EBD, 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0x1EC4, 0x1EBE,
    0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5,
    0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

constexpr std::array<char16_t, 128> k_viscii_high = {
    0x1EA0, 0x1EAE, 0x1EB0, 0x1EB6, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAC, 0x1EBC, 0x1EB8, 0x1EBE, 0x1EC0, 0x1EC2,
    0x1EC4, 0x1EC6, 0x1ED0, 0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8, 0x1EE2, 0x1EDA, 0x1EDC, 0x1EDE, 0x1ECA, 0x1ECE,
    0x1ECC, 0x1EC8, 0x1EE6, 0x0168, 0x1EE4, 0x1EF2, 0x00D5, 0x1EAF, 0x1EB1, 0x1EB7, 0x1EA5, 0x1EA7, 0x1EA9,
    0x1EAD, 0x1EBD, 0x1EB9, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1EE0,
    0x01A0, 0x1ED9, 0x1EDD, 0x1EDF, 0x1ECB, 0x1EF0, 0x1EE8, 0x1EEA, 0x1EEC, 0x01A1, 0x1EDB, 0x01AF, 0x00C0,
    0x00C1, 0x00C2, 0x00C3, 0x1EA2, 0x0102, 0x1EB3, 0x1EB5, 0x00C8, 0x00C9, 0x00CA, 0x1EBA, 0x00CC, 0x00CD,
    0x0128, 0x1EF3, 0x0110, 0x1EE9, 0x00D2, 0x00D3, 0x00D4, 0x1EA1, 0x1EF7, 0x1EEB, 0x1EED, 0x00D9, 0x00DA,
    0x1EF9, 0x1EF5, 0x00DD, 0x1EE1, 0x01B0, 0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x1EA3, 0x0103, 0x1EEF, 0x1EAB,
    0x00E8, 0x00E9, 0x00EA, 0x1EBB, 0x00EC, 0x00ED, 0x0129, 0x1EC9, 0x0111, 0x1EF1, 0x00F2, 0x00F3, 0x00F4,
    0x00F5, 0x1ECF, 0x1ECD, 0x1EE5, 0x00F9, 0x00FA, 0x0169, 0x1EE7, 0x00FD, 0x1EE3, 0x1EEE,
};

struct LowOverride {
  unsigned char byte;
  char16_t cp;
};
constexpr std::array<LowOverride, 12> k_tcvn_low = {{{0x01, 0x00DA},
                                                     {0x02, 0x1EE4},
                                                     {0x04, 0x1EEA},
                                                     {0x05, 0x1EEC},
                                                     {0x06, 0x1EEE},
                                                     {0x11, 0x1EE8},
                                                     {0x12, 0x1EF0},
                                                     {0x13, 0x1EF2},
                                                     {0x14, 0x1EF6},
                                                     {0x15, 0x1EF8},
                                                     {0x16, 0x00DD},
                                                     {0x17, 0x1EF4}}};
constexpr std::array<LowOverride, 6> k_viscii_low = {
    {{0x02, 0x1EB2}, {0x05, 0x1EB4}, {0x06, 0x1EAA}, {0x14, 0x1EF6}, {0x19, 0x1EF8}, {0x1E, 0x1EF4}}};

// Table entry: up to 3 UTF-8 bytes, then a meta byte (length | flags), copied as 4 bytes.
constexpr unsigned char k_len_mask = 0x03;
constexpr unsigned char k_unsafe = 0x10;
constexpr unsigned char k_invalid = 0x20;
using Entry = std::array<unsigned char, 4>;
using Table = std::array<Entry, 256>;

constexpr Entry make_entry(char16_t cp) {
  if (cp == k_none) return Entry{0, 0, 0, k_invalid};
  unsigned char flags = nfc_stable_starter(cp) ? 0 : k_unsafe;
  if (cp < 0x80) return Entry{static_cast<unsigned char>(cp), 0, 0, static_cast<unsigned char>(1 | flags)};
  if (cp < 0x800)
    return Entry{static_cast<unsigned char>(0xC0 | (cp >> 6)), static_cast<unsigned char>(0x80 | (cp & 0x3F)), 0,
                 static_cast<unsigned char>(2 | flags)};
  return Entry{static_cast<unsigned char>(0xE0 | (cp >> 12)), static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F)),
               static_cast<unsigned char>(0x80 | (cp & 0x3F)), static_cast<unsigned char>(3 | flags)};
}

template <size_t N>
constexpr Table make_table(const std::array<char16_t, 128>& high, const std::array<LowOverride, N>& low) {
  Table t{};
  for (unsigned b = 0; b < 128; ++b) t[b] = make_entry(static_cast<char16_t>(b));
  for (const auto& o : low) t[o.byte] = make_entry(o.cp);
  for (unsigned b = 0; b < 128; ++b) t[128 + b] = make_entry(high[b]);
  return t;
}

constexpr std::array<LowOverride, 0> k_no_low{};
constexpr Table k_cp1258 = make_table(k_cp1258_high, k_no_low);
constexpr Table k_tcvn = make_table(k_tcvn_high, k_tcvn_low);
constexpr Table k_viscii = make_table(k_viscii_high, k_viscii_low);

// VNI-Windows, from the VNI font table as published with the xvnkb keyboard (vni.h, 2002):
// a toned letter is its base letter followed by one byte for the tone, the shape (breve,
// circumflex) or both; the toned i's and y-dot-below, ơ, ư and đ are single bytes. Upper-case
// forms of the marks are the same bytes less 0x20. Bytes the table does not assign are cp1252
// punctuation (0x80-0xBF, × and ÷) or no character.
struct VniByte {
  unsigned char byte; // the lower-case form; byte - 0x20 is the upper-case one
  char16_t first;
  char16_t second; // 0 when the byte stands for one code point
  bool letter;     // a letter (upper case at byte - 0x20) rather than marks
};
constexpr std::array<VniByte, 26> k_vni_bytes = {{
    {0xF9, 0x0301, 0, false},      {0xF8, 0x0300, 0, false},      {0xFB, 0x0309, 0, false},
    {0xF5, 0x0303, 0, false},      {0xEF, 0x0323, 0, false},      {0xE2, 0x0302, 0, false},
    {0xE1, 0x0302, 0x0301, false}, {0xE0, 0x0302, 0x0300, false}, {0xE5, 0x0302, 0x0309, false},
    {0xE3, 0x0302, 0x0303, false}, {0xE4, 0x0302, 0x0323, false}, {0xEA, 0x0306, 0, false},
    {0xE9, 0x0306, 0x0301, false}, {0xE8, 0x0306, 0x0300, false}, {0xFA, 0x0306, 0x0309, false},
    {0xFC, 0x0306, 0x0303, false}, {0xEB, 0x0306, 0x0323, false}, {0xF4, 0x01A1, 0, true},
    {0xF6, 0x01B0, 0, true},       {0xED, 0x00ED, 0, true},       {0xEC, 0x00EC, 0, true},
    {0xE6, 0x1EC9, 0, true},       {0xF3, 0x0129, 0, true},       {0xF2, 0x1ECB, 0, true},
    {0xEE, 0x1EF5, 0, true},       {0xF1, 0x0111, 0, true},
}};

// The upper-case letter of a lower-case one of k_vni_bytes.
constexpr char16_t vni_upper(char16_t c) {
  switch (c) {
  case 0x01A1: return 0x01A0;
  case 0x01B0: return 0x01AF;
  case 0x00ED: return 0x00CD;
  case 0x00EC: return 0x00CC;
  case 0x1EC9: return 0x1EC8;
  case 0x0129: return 0x0128;
  case 0x1ECB: return 0x1ECA;
  case 0x1EF5: return 0x1EF4;
  case 0x0111: return 0x0110;
  default: return c;
  }
}

using VniTable = std::array<std::array<char16_t, 2>, 256>;

constexpr VniTable make_vni_table() {
  VniTable t{};
  for (unsigned b = 0; b < 256; ++b) t[b] = {k_none, 0};
  for (unsigned b = 0; b < 128; ++b) t[b] = {static_cast<char16_t>(b), 0};
  // cp1252 punctuation: cp1258 agrees on 0x80-0x9F except the four letters it lacks.
  for (unsigned b = 0x80; b < 0xC0; ++b) t[b] = {k_cp1258_high[b - 0x80], 0};
  t[0x8A] = {0x0160, 0};
  t[0x8E] = {0x017D, 0};
  t[0x9A] = {0x0161, 0};
  t[0x9E] = {0x017E, 0};
  t[0xD7] = {0x00D7, 0};
  t[0xF7] = {0x00F7, 0};
  for (const auto& v : k_vni_bytes) {
    t[v.byte] = {v.first, v.second};
    t[v.byte - 0x20] = {v.letter ? vni_upper(v.first) : v.first, v.second};
  }
  return t;
}
constexpr VniTable k_vni = make_vni_table();

// ---------------------------------------------------------------------------
// UTF-8 helpers.

// Length of the well-formed sequence at p (setting cp), 0 when ill-formed, -1 when
// the bytes so far are a valid prefix cut off by e.
inline int utf8_sequence(const unsigned char* p, const unsigned char* e, char32_t& cp) {
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  int n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  char32_t c = 0;
  if (b0 < 0xC2) return 0;
  if (b0 < 0xE0) {
    n = 2;
    c = b0 & 0x1Fu;
  } else if (b0 < 0xF0) {
    n = 3;
    c = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 < 0xF5) {
    n = 4;
    c = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (p + i >= e) return -1;
    unsigned char b = p[i];
    if (b < lo || b > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
    c = (c << 6) | (b & 0x3Fu);
  }
  cp = c;
  return n;
}

inline size_t encode_utf8(char32_t cp, char* o) {
  if (cp < 0x80) {
    o[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    o[0] = static_cast<char>(0xC0 | (cp >> 6));
    o[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = static_cast<char>(0xE0 | (cp >> 12));
    o[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    o[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = static_cast<char>(0xF0 | (cp >> 18));
  o[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  o[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  o[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Eight bytes that are all printable ASCII (0x20..0x7F): identical in every table.
inline bool printable_ascii8(const unsigned char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  return ((w & highs) == 0) && (((w - ones * 0x20) & ~w & highs) == 0);
}

inline bool ascii8(const unsigned char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ull) == 0;
}

std::string hex_unit(char32_t u) {
  const char* digits = "0123456789ABCDEF";
  std::string s = "U+";
  for (int shift = 12; shift >= 0; shift -= 4) s += digits[(u >> shift) & 15];
  return s;
}

std::string hex_byte(unsigned char b) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

// ---------------------------------------------------------------------------
// Composition.

// Index of the five Vietnamese tone marks (grave, acute, tilde, hook, dot below), or -1.
inline int tone_index(char32_t c) {
  switch (c) {
  case 0x300: return 0;
  case 0x301: return 1;
  case 0x303: return 2;
  case 0x309: return 3;
  case 0x323: return 4;
  default: return -1;
  }
}

// NFC of (base < U+0300, tone mark) pairs, computed once with utf8proc: the one
// composition legacy Vietnamese text needs on nearly every row.
struct ToneTable {
  std::array<std::array<char16_t, 5>, 0x300> composed{};
};

const ToneTable& tone_table() {
  static const ToneTable table = [] {
    ToneTable t;
    const char* marks[5] = {"\xCC\x80", "\xCC\x81", "\xCC\x83", "\xCC\x89", "\xCC\xA3"};
    for (char32_t base = 1; base < 0x300; ++base) {
      for (size_t m = 0; m < 5; ++m) {
        char pair[8];
        size_t n = encode_utf8(base, pair);
        std::memcpy(pair + n, marks[m], 2);
        utf8proc_uint8_t* out = nullptr;
        utf8proc_ssize_t len =
            utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(pair), static_cast<utf8proc_ssize_t>(n + 2), &out,
                         static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
        char32_t cp = 0;
        if (len > 0 && utf8_sequence(out, out + len, cp) == len && cp < 0x10000)
          t.composed[base][m] = static_cast<char16_t>(cp);
        std::free(out);
      }
    }
    return t;
  }();
  return table;
}

// NFC of one segment (a starter and what may combine with it), appended to out.
void normalize_segment(const char* s, size_t n, std::string& out) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  // Fast path: base below U+0300 followed by exactly one tone mark (CC 80..CC A3).
  if ((n == 3 || n == 4) && u[n - 2] == 0xCC) {
    char32_t base = 0;
    char32_t mark = 0;
    int blen = utf8_sequence(u, u + n - 2, base);
    if (blen == static_cast<int>(n - 2) && base < 0x300 && utf8_sequence(u + n - 2, u + n, mark) == 2) {
      int m = tone_index(mark);
      char16_t c = m >= 0 ? tone_table().composed[base][static_cast<size_t>(m)] : char16_t{0};
      if (c != 0) { // otherwise (ö + dot below: reordered, not composed) utf8proc decides
        char tmp[4];
        out.append(tmp, encode_utf8(c, tmp));
        return;
      }
    }
  }
  thread_local std::vector<utf8proc_int32_t> buf;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (buf.size() < n + 1) buf.resize(n + 16);
  for (;;) {
    utf8proc_ssize_t got = utf8proc_decompose(u, static_cast<utf8proc_ssize_t>(n), buf.data(),
                                              static_cast<utf8proc_ssize_t>(buf.size() - 1), options);
    if (got < 0) {
      out.append(s, n);
      return;
    }
    if (static_cast<size_t>(got) + 1 > buf.size()) {
      buf.resize(static_cast<size_t>(got) + 16);
      continue;
    }
    utf8proc_ssize_t bytes = utf8proc_reencode(buf.data(), got, options);
    if (bytes < 0) {
      out.append(s, n);
      return;
    }
    out.append(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(bytes));
    return;
  }
}

// Appends the NFC of s[0, n) to out. Unless final, the last segment, which a
// combining mark still to come could change, is left out: returns where it starts.
// Ill-formed bytes are copied as they are and act as boundaries.
size_t nfc_walk(const char* s, size_t n, bool final, std::string& out) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  size_t seg = 0;    // start of the current segment
  size_t copied = 0; // s[0, copied) is in out already
  bool dirty = false;
  auto flush = [&](size_t upto) {
    out.append(s + copied, seg - copied);
    normalize_segment(s + seg, upto - seg, out);
    copied = upto;
    dirty = false;
  };
  while (i < n) {
    if (u[i] < 0x80) {
      if (dirty) flush(i);
      size_t j = i + 1;
      while (j + 8 <= n && ascii8(u + j)) j += 8;
      while (j < n && u[j] < 0x80) ++j;
      seg = j - 1;
      i = j;
      continue;
    }
    char32_t cp = 0;
    int len = utf8_sequence(u + i, u + n, cp);
    bool safe = true;
    if (len <= 0) {
      len = 1; // ill-formed or cut short: pass the byte through
    } else {
      safe = nfc_stable_starter(cp);
    }
    if (safe) {
      if (dirty) flush(i);
      seg = i;
    } else {
      dirty = true;
    }
    i += static_cast<size_t>(len);
  }
  if (final) {
    if (dirty) flush(n);
    out.append(s + copied, n - copied);
    return n;
  }
  out.append(s + copied, seg - copied);
  return seg;
}

// Streams decode into blocks of this many source bytes.
constexpr size_t k_in_size = 256 * 1024;
// A held-back segment longer than this (no starter for that long) is composed as it is.
constexpr size_t k_max_pending = 64 * 1024;

std::string legacy_hint() {
  return "the file is probably in a legacy encoding (vni, tcvn, cp1258, viscii or viqr): name it with --encoding "
         "or \"encoding\" in the mapping file (motcua dossiers inspect FILE ranks them; a choice that garbles the "
         "text is refused)";
}

} // namespace

const std::vector<EncodingSpelling>& encoding_spellings() {
  static const std::vector<EncodingSpelling> k_spellings = {
      {"auto", Encoding::auto_detect, true},
      {"utf-8", Encoding::utf8, true},
      {"utf-16", Encoding::utf16, true},
      {"cp1258", Encoding::cp1258, true},
      {"tcvn", Encoding::tcvn, true},
      {"viscii", Encoding::viscii, true},
      {"vni", Encoding::vni, true},
      {"viqr", Encoding::viqr, true},
      {"utf8", Encoding::utf8, false},
      {"utf16", Encoding::utf16, false},
      {"windows-1258", Encoding::cp1258, false},
      {"tcvn3", Encoding::tcvn, false},
      {"tcvn5712", Encoding::tcvn, false},
      {"tcvn5712-1", Encoding::tcvn, false},
      {"vni-windows", Encoding::vni, false},
  };
  return k_spellings;
}

std::vector<std::string> encoding_names() {
  std::vector<std::string> out;
  for (const auto& s : encoding_spellings())
    if (s.canonical) out.emplace_back(s.name);
  return out;
}

std::optional<Encoding> parse_encoding(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == '_') c = '-';
    s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (const auto& e : encoding_spellings())
    if (e.name == s) return e.encoding;
  return std::nullopt;
}

std::string_view encoding_name(Encoding e) {
  for (const auto& s : encoding_spellings())
    if (s.canonical && s.encoding == e) return s.name;
  return "auto";
}

const std::vector<Encoding>& legacy_encodings() {
  static const std::vector<Encoding> k_legacy = {Encoding::vni, Encoding::tcvn, Encoding::cp1258, Encoding::viscii,
                                                 Encoding::viqr};
  return k_legacy;
}

Result<std::string> decode_text(std::string_view bytes, Encoding encoding, std::string name) {
  MemoryStream raw(std::string(bytes), SIZE_MAX, std::move(name));
  DecodingStream decoded(raw, encoding);
  return read_all(decoded);
}

Result<std::optional<Utf8Problem>> first_invalid_utf8(ByteStream& in) {
  size_t block = 1024 * 1024;
  if (auto total = in.progress().total) block = static_cast<size_t>(std::clamp<std::uint64_t>(*total, 16, block));
  auto buf = std::make_unique_for_overwrite<char[]>(block);
  size_t keep = 0;        // bytes of a cut-off sequence carried to the next block
  std::uint64_t base = 0; // source offset of buf[0]
  std::uint64_t line = 1;
  for (;;) {
    size_t got = in.read(buf.get() + keep, block - keep);
    if (got == 0 && !in.status()) return in.status().error();
    bool final = got == 0;
    size_t n = keep + got;
    const auto* u = reinterpret_cast<const unsigned char*>(buf.get());
    size_t i = 0;
    while (i < n) {
      if (i + 8 <= n && ascii8(u + i)) {
        i += 8;
        continue;
      }
      char32_t cp = 0;
      int len = utf8_sequence(u + i, u + n, cp);
      if (len > 0) {
        i += static_cast<size_t>(len);
        continue;
      }
      if (len < 0 && !final) break;
      line += count_newlines(buf.get(), i);
      return std::optional<Utf8Problem>(Utf8Problem{line, base + i, u[i]});
    }
    if (final) return std::optional<Utf8Problem>();
    line += count_newlines(buf.get(), i);
    keep = n - i;
    std::memmove(buf.get(), buf.get() + i, keep);
    base += i;
  }
}

void append_nfc(std::string_view utf8, std::string& out) { nfc_walk(utf8.data(), utf8.size(), true, out); }

std::string to_nfc(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  append_nfc(utf8, out);
  return out;
}

// ---------------------------------------------------------------------------
// DecodingStream

DecodingStream::DecodingStream(ByteStream& source, Encoding encoding)
    : m_source(source), m_encoding(encoding), m_requested(encoding) {
  // Small known inputs (one cell, a test) need no 256 KiB block.
  std::optional<std::uint64_t> total = source.progress().total;
  m_in_size =
      total ? static_cast<size_t>(std::min<std::uint64_t>(k_in_size, std::max<std::uint64_t>(*total, 16))) : k_in_size;
  m_in = std::make_unique_for_overwrite<char[]>(m_in_size);
}

DecodingStream::~DecodingStream() = default;

char* DecodingStream::out_reserve(size_t n) {
  if (m_out_end + n > m_out_cap) {
    size_t cap = std::max(m_out_end + n, m_out_cap * 2);
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    if (m_out_end > 0) std::memcpy(bigger.get(), m_out.get(), m_out_end);
    m_out = std::move(bigger);
    m_out_cap = cap;
  }
  return m_out.get() + m_out_end;
}

size_t DecodingStream::read(char* buf, size_t n) {
  while (m_out_pos == m_out_ready) {
    if (!refill()) {
      if (m_error && m_status) m_status = *m_error;
      return 0;
    }
  }
  size_t take = std::min(n, m_out_ready - m_out_pos);
  std::memcpy(buf, m_out.get() + m_out_pos, take);
  m_out_pos += take;
  return take;
}

bool DecodingStream::refill() {
  if (!m_status) return false;
  // Everything handed out: move the undecided tail to the front.
  size_t tail = m_out_end - m_out_ready;
  if (tail > 0 && m_out_ready > 0) std::memmove(m_out.get(), m_out.get() + m_out_ready, tail);
  m_out_pos = m_out_ready = 0;
  m_out_end = tail;
  if (m_error || m_source_done) return false;

  if (m_in_begin > 0) {
    size_t left = m_in_end - m_in_begin;
    std::memmove(m_in.get(), m_in.get() + m_in_begin, left);
    m_in_offset += m_in_begin;
    m_in_begin = 0;
    m_in_end = left;
  }
  size_t got = m_source.read(m_in.get() + m_in_end, m_in_size - m_in_end);
  if (got == 0) {
    m_source_done = true;
    if (!m_source.status()) m_error = m_source.status().error();
  }
  m_in_end += got;
  if (!m_error) decode_chunk(m_source_done);
  settle(m_source_done || m_error.has_value());
  return true;
}

void DecodingStream::fail_at(size_t pos, std::string what) {
  std::string msg = std::string(m_source.name()) + ": line " + std::to_string(m_line) + ": " + what + " (byte offset " +
                    std::to_string(m_in_offset + pos) + ")";
  m_error = make_error(ErrorKind::input, std::move(msg));
}

bool DecodingStream::sniff() {
  size_t avail = m_in_end - m_in_begin;
  const auto* u = reinterpret_cast<const unsigned char*>(m_in.get() + m_in_begin);
  bool utf8_bom = avail >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
  bool le_bom = avail >= 2 && u[0] == 0xFF && u[1] == 0xFE;
  bool be_bom = avail >= 2 && u[0] == 0xFE && u[1] == 0xFF;
  switch (m_requested) {
  case Encoding::auto_detect:
  case Encoding::utf8:
    if (utf8_bom) m_in_begin += 3;
    if (m_requested == Encoding::auto_detect && (le_bom || be_bom)) {
      m_mode = le_bom ? Mode::utf16le : Mode::utf16be;
      m_encoding = Encoding::utf16;
      m_in_begin += 2;
    } else {
      m_mode = Mode::utf8;
      m_encoding = Encoding::utf8;
    }
    return true;
  case Encoding::utf16:
    if (avail == 0) { // an empty file is empty in any encoding
      m_mode = Mode::utf16le;
      return true;
    }
    if (!le_bom && !be_bom) {
      fail_at(m_in_begin,
              "--encoding utf-16 needs a byte-order mark (FF FE or FE FF) at the start and this input has none; "
              "convert it with iconv or pick the encoding it is really in");
      return false;
    }
    m_mode = le_bom ? Mode::utf16le : Mode::utf16be;
    m_in_begin += 2;
    return true;
  case Encoding::cp1258: m_table = k_cp1258.data(); break;
  case Encoding::tcvn: m_table = k_tcvn.data(); break;
  case Encoding::viscii: m_table = k_viscii.data(); break;
  case Encoding::vni: m_mode = Mode::vni; return true;
  case Encoding::viqr: m_mode = Mode::viqr; return true;
  }
  m_mode = Mode::table;
  return true;
}

void DecodingStream::decode_chunk(bool final) {
  if (m_mode == Mode::sniff) {
    if (m_in_end - m_in_begin < 3 && !final) return; // wait for enough bytes to see a BOM
    if (!sniff()) return;
  }
  switch (m_mode) {
  case Mode::utf8: decode_utf8(final); break;
  case Mode::utf16le:
  case Mode::utf16be: decode_utf16(final); break;
  case Mode::table: decode_table(); break;
  case Mode::vni: decode_vni(); break;
  case Mode::viqr: decode_viqr(final); break;
  case Mode::sniff: break;
  }
}

void DecodingStream::decode_utf8(bool final) {
  const auto* begin = reinterpret_cast<const unsigned char*>(m_in.get() + m_in_begin);
  const auto* end = reinterpret_cast<const unsigned char*>(m_in.get() + m_in_end);
  const unsigned char* p = begin;
  bool bad = false;
  while (p < end) {
    if (end - p >= 8 && ascii8(p)) {
      p += 8;
      continue;
    }
    unsigned char b = *p;
    if (b < 0x80) {
      ++p;
      continue;
    }
    if (b >= 0xC2 && b < 0xCC && end - p >= 2 && (p[1] & 0xC0) == 0x80) { // below U+0300: safe
      p += 2;
      continue;
    }
    char32_t cp = 0;
    int len = utf8_sequence(p, end, cp);
    if (len > 0) {
      if (!nfc_stable_starter(cp)) m_unsafe = true;
      p += len;
      continue;
    }
    if (len < 0 && !final) break; // the rest of this sequence is in the next block
    bad = true;
    break;
  }
  size_t n = static_cast<size_t>(p - begin);
  if (n > 0) std::memcpy(out_reserve(n), begin, n);
  m_out_end += n;
  m_line += count_newlines(reinterpret_cast<const char*>(begin), n);
  m_in_begin += n;
  if (bad) {
    std::string what = "byte " + hex_byte(*p) + " is not valid UTF-8";
    if (m_requested == Encoding::auto_detect) what += " and there is no byte-order mark";
    fail_at(m_in_begin, what + "; " + legacy_hint());
  }
}

void DecodingStream::decode_utf16(bool final) {
  const auto* u = reinterpret_cast<const unsigned char*>(m_in.get());
  size_t i = m_in_begin;
  const size_t end = m_in_end;
  const bool le = m_mode == Mode::utf16le;
  char* o = out_reserve((end - i) * 2 + 8);
  size_t w = 0;
  std::string problem;
  auto unit = [&](size_t at) -> char32_t { return le ? (u[at] | (u[at + 1] << 8)) : ((u[at] << 8) | u[at + 1]); };
  while (i + 2 <= end) {
    char32_t c = unit(i);
    size_t step = 2;
    if (c >= 0xD800 && c < 0xE000) {
      if (c >= 0xDC00) {
        problem = "unpaired low surrogate " + hex_unit(c);
        break;
      }
      if (i + 4 > end) {
        if (!final) break;
        problem = "a high surrogate ends the input";
        break;
      }
      char32_t lo = unit(i + 2);
      if (lo < 0xDC00 || lo >= 0xE000) {
        problem = "unpaired high surrogate " + hex_unit(c);
        break;
      }
      c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
      step = 4;
    }
    if (c == '\n') ++m_line;
    if (!nfc_stable_starter(c)) m_unsafe = true;
    w += encode_utf8(c, o + w);
    i += step;
  }
  if (problem.empty() && final && i < end) problem = "the input ends in the middle of a UTF-16 code unit";
  m_out_end += w;
  m_in_begin = i;
  if (!problem.empty()) fail_at(i, problem + ": the input is not valid UTF-16; check --encoding");
}

void DecodingStream::decode_table() {
  const auto* begin = reinterpret_cast<const unsigned char*>(m_in.get() + m_in_begin);
  const auto* end = reinterpret_cast<const unsigned char*>(m_in.get() + m_in_end);
  const Entry* table = m_table;
  char* o = out_reserve(static_cast<size_t>(end - begin) * 3 + 8);
  char* const o0 = o;
  const unsigned char* p = begin;
  const ToneTable& tones = tone_table();
  bool unsafe = false;
  bool bad = false;
  while (p < end) {
    if (end - p >= 8 && printable_ascii8(p)) {
      std::memcpy(o, p, 8);
      o += 8;
      p += 8;
      continue;
    }
    const Entry& e = table[*p];
    unsigned char meta = e[3];
    if (meta & (k_unsafe | k_invalid)) {
      if (meta & k_invalid) {
        bad = true;
        break;
      }
      // One tone mark between two non-marks of this block, after a base below U+0300:
      // compose it here, so typical cp1258 text never needs the settle() pass.
      const Entry& base = p > begin ? table[p[-1]] : e;
      if (p > begin && p + 1 < end && !(base[3] & k_unsafe) && !(table[p[1]][3] & k_unsafe) &&
          (base[3] & k_len_mask) <= 2) {
        char32_t base_cp = 0;
        char32_t mark_cp = 0;
        const auto blen = static_cast<size_t>(base[3] & k_len_mask);
        utf8_sequence(base.data(), base.data() + blen, base_cp);
        utf8_sequence(e.data(), e.data() + (meta & k_len_mask), mark_cp);
        int tone = tone_index(mark_cp);
        char16_t composed =
            base_cp < 0x300 && tone >= 0 ? tones.composed[base_cp][static_cast<size_t>(tone)] : char16_t{0};
        if (composed != 0) {
          o -= blen;
          o += encode_utf8(composed, o);
          if (!nfc_stable_starter(composed)) unsafe = true;
          ++p;
          continue;
        }
      }
      unsafe = true;
    }
    std::memcpy(o, e.data(), 4);
    o += meta & k_len_mask;
    ++p;
  }
  if (unsafe) m_unsafe = true;
  size_t n = static_cast<size_t>(p - begin);
  m_out_end += static_cast<size_t>(o - o0);
  m_line += count_newlines(reinterpret_cast<const char*>(begin), n);
  m_in_begin += n;
  if (bad)
    fail_at(m_in_begin, "byte " + hex_byte(*p) + " is not a character in " + std::string(encoding_name(m_encoding)) +
                            "; check --encoding (vni, tcvn, cp1258, viscii, viqr or utf-8)");
}

void DecodingStream::put(char32_t c) {
  char* o = out_reserve(4);
  m_out_end += encode_utf8(c, o);
  if (!nfc_stable_starter(c)) m_unsafe = true;
}

void DecodingStream::decode_vni() {
  const auto* u = reinterpret_cast<const unsigned char*>(m_in.get());
  size_t i = m_in_begin;
  for (; i < m_in_end; ++i) {
    const auto& e = k_vni[u[i]];
    if (e[0] == k_none) break;
    if (u[i] == '\n') ++m_line;
    put(e[0]);
    if (e[1] != 0) put(e[1]);
  }
  m_in_begin = i;
  if (i < m_in_end)
    fail_at(i, "byte " + hex_byte(u[i]) +
                   " is not a character in vni; check --encoding (vni, tcvn, cp1258, viscii, "
                   "viqr or utf-8)");
}

namespace {

// VIQR's vowels, and the marks each mnemonic adds (RFC 1456).
bool viqr_vowel(char c) { return std::strchr("aeiouyAEIOUY", c) != nullptr && c != 0; }

char32_t viqr_tone(char c) {
  switch (c) {
  case '\'': return 0x0301;
  case '`': return 0x0300;
  case '?': return 0x0309;
  case '~': return 0x0303;
  case '.': return 0x0323;
  default: return 0;
  }
}

// The shape mark c puts on vowel v (breve on a, circumflex on a/e/o, horn on o/u), or 0.
char32_t viqr_shape(char v, char c) {
  char l = static_cast<char>(v | 0x20);
  if (c == '(' && l == 'a') return 0x0306;
  if (c == '^' && (l == 'a' || l == 'e' || l == 'o')) return 0x0302;
  if (c == '+' && (l == 'o' || l == 'u')) return 0x031B;
  return 0;
}

} // namespace

void DecodingStream::decode_viqr(bool final) {
  const auto* u = reinterpret_cast<const unsigned char*>(m_in.get());
  size_t i = m_in_begin;
  for (; i < m_in_end; ++i) {
    unsigned char b = u[i];
    if (b >= 0x80) break;
    char c = static_cast<char>(b);
    if (b == '\n') ++m_line;
    if (m_viqr_d != 0) {
      char d = m_viqr_d;
      m_viqr_d = 0;
      if (c == 'd' || c == 'D') {
        put(d == 'D' ? 0x0110 : 0x0111);
        m_viqr_vowel = 0;
        continue;
      }
      put(static_cast<char32_t>(d));
    }
    if (m_viqr_escape) {
      m_viqr_escape = false;
      put(static_cast<char32_t>(b));
      m_viqr_vowel = 0;
      continue;
    }
    if (m_viqr_vowel != 0) {
      char32_t shape = m_viqr_shaped || m_viqr_toned ? 0 : viqr_shape(m_viqr_vowel, c);
      if (shape != 0) {
        put(shape);
        m_viqr_shaped = true;
        continue;
      }
      char32_t tone = m_viqr_toned ? 0 : viqr_tone(c);
      if (tone != 0) {
        put(tone);
        m_viqr_toned = true;
        continue;
      }
    }
    m_viqr_vowel = 0;
    if (c == '\\') {
      m_viqr_escape = true;
      continue;
    }
    if (c == 'd' || c == 'D') {
      m_viqr_d = c;
      continue;
    }
    if (viqr_vowel(c)) {
      m_viqr_vowel = c;
      m_viqr_shaped = m_viqr_toned = false;
    }
    put(static_cast<char32_t>(b));
  }
  m_in_begin = i;
  if (i < m_in_end) {
    fail_at(i, "byte " + hex_byte(u[i]) +
                   " is not a character in viqr (plain ASCII); check --encoding (vni, tcvn, "
                   "cp1258, viscii, viqr or utf-8)");
    return;
  }
  if (final) {
    if (m_viqr_d != 0) put(static_cast<char32_t>(m_viqr_d));
    if (m_viqr_escape) put('\\');
    m_viqr_d = 0;
    m_viqr_escape = false;
  }
}

void DecodingStream::settle(bool final) {
  size_t start = m_out_ready;
  size_t len = m_out_end - start;
  if (len == 0) return;
  const char* s = m_out.get() + start;
  if (!m_unsafe) {
    if (final) {
      m_out_ready = m_out_end;
      return;
    }
    // Hold back the last character: a combining mark in the next block may attach to it.
    size_t k = len - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    m_out_ready = start + k;
    return;
  }
  m_nfc.clear();
  size_t hold = nfc_walk(s, len, final, m_nfc);
  if (len - hold > k_max_pending) hold = nfc_walk(s + hold, len - hold, true, m_nfc) + hold;
  size_t done = m_nfc.size();
  // The held-back segment stays raw; it needs composing only if it is more than its starter.
  bool tail_dirty = false;
  if (hold < len) {
    char32_t cp = 0;
    const auto* u = reinterpret_cast<const unsigned char*>(s + hold);
    int first = utf8_sequence(u, u + (len - hold), cp);
    tail_dirty = first <= 0 || static_cast<size_t>(first) < len - hold || !nfc_stable_starter(cp);
  }
  m_nfc.append(s + hold, len - hold);
  m_out_end = start;
  if (!m_nfc.empty()) std::memcpy(out_reserve(m_nfc.size()), m_nfc.data(), m_nfc.size());
  m_out_end = start + m_nfc.size();
  m_out_ready = start + done;
  m_unsafe = tail_dirty;
}

} // namespace motcua
