#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <map>
#include <cstdlib>
#include <iconv.h>
#include <random>
#include <set>
#include <string>
#include <utf8proc.h>

#include "io/decode.hpp"
#include "support/vietnamese_letters.hpp"

using namespace motcua;

namespace {

struct Decoded {
  std::string text;
  Status status;
  Encoding used = Encoding::auto_detect;
};

// Decodes through a source that yields at most `chunk` bytes and a reader asking `block` at a time.
Decoded decode(const std::string& bytes, Encoding e, size_t chunk = SIZE_MAX, size_t block = 4096) {
  MemoryStream src(bytes, chunk, "in.csv");
  DecodingStream dec(src, e);
  Decoded d;
  std::string buf(block, '\0');
  for (;;) {
    size_t got = dec.read(buf.data(), block);
    if (got == 0) break;
    d.text.append(buf.data(), got);
  }
  d.status = dec.status();
  d.used = dec.encoding();
  return d;
}

// glibc's iconv as the oracle; nullopt when it rejects the input.
std::optional<std::string> iconv_utf8(const std::string& bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(bytes.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* op = out.data();
  size_t out_left = out.size();
  size_t r = iconv(cd, &in, &in_left, &op, &out_left);
  bool ok = r != static_cast<size_t>(-1);
  if (ok) ok = iconv(cd, nullptr, nullptr, &op, &out_left) != static_cast<size_t>(-1);
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

// utf8proc's own NFC, independent of the fast paths under test.
std::string ref_nfc(const std::string& s) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  REQUIRE(n >= 0);
  std::string r(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);
  return r;
}

std::string utf8(char32_t c) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// The oracle for legacy text: iconv byte by byte, then NFC over the whole. (Whole-string
// iconv is not usable: glibc also composes pairs that are not canonically equivalent,
// e.g. cp1258 "ú" + U+0303 becomes U+1E79, whose marks are in the other order.)
std::optional<std::string> iconv_nfc(const std::string& bytes, const char* from) {
  static std::map<std::string, std::array<std::optional<std::string>, 256>> cache; // iconv per byte, once
  auto [it, fresh] = cache.try_emplace(from);
  if (fresh)
    for (int b = 0; b < 256; ++b)
      it->second[static_cast<size_t>(b)] = iconv_utf8(std::string(1, static_cast<char>(b)), from);
  std::string all;
  for (char c : bytes) {
    const auto& one = it->second[static_cast<unsigned char>(c)];
    if (!one) return std::nullopt;
    all += *one;
  }
  return ref_nfc(all);
}

struct Legacy {
  Encoding encoding;
  const char* iconv_name;
};
const Legacy k_legacy[] = {{Encoding::cp1258, "CP1258"}, {Encoding::tcvn, "TCVN5712-1"}, {Encoding::viscii, "VISCII"}};

} // namespace

TEST_CASE("parse_encoding accepts the documented spellings and round-trips encoding_name") {
  CHECK(parse_encoding("auto") == Encoding::auto_detect);
  CHECK(parse_encoding("utf-8") == Encoding::utf8);
  CHECK(parse_encoding("UTF-8") == Encoding::utf8);
  CHECK(parse_encoding("utf8") == Encoding::utf8);
  CHECK(parse_encoding("utf-16") == Encoding::utf16);
  CHECK(parse_encoding("cp1258") == Encoding::cp1258);
  CHECK(parse_encoding("windows-1258") == Encoding::cp1258);
  CHECK(parse_encoding("tcvn") == Encoding::tcvn);
  CHECK(parse_encoding("TCVN3") == Encoding::tcvn);
  CHECK(parse_encoding("viscii") == Encoding::viscii);
  CHECK(parse_encoding("latin1") == std::nullopt);
  CHECK(parse_encoding("") == std::nullopt);
  for (Encoding e :
       {Encoding::auto_detect, Encoding::utf8, Encoding::utf16, Encoding::cp1258, Encoding::tcvn, Encoding::viscii})
    CHECK(parse_encoding(encoding_name(e)) == e);
}

TEST_CASE("every byte of cp1258, tcvn and viscii decodes as glibc iconv does") {
  for (const Legacy& l : k_legacy) {
    CAPTURE(l.iconv_name);
    int defined = 0;
    for (int b = 0; b < 256; ++b) {
      CAPTURE(b);
      std::string byte(1, static_cast<char>(b));
      auto want = iconv_utf8(byte, l.iconv_name);
      Decoded got = decode(byte, l.encoding);
      if (!want) {
        CHECK_FALSE(got.status.ok());
        continue;
      }
      ++defined;
      REQUIRE(got.status.ok());
      CHECK(got.text == ref_nfc(*want));
    }
    CHECK(defined == (l.encoding == Encoding::cp1258 ? 247 : 256));
  }
}

TEST_CASE("legacy tone marks compose to NFC after every base, as iconv + NFC says") {
  for (const Legacy& l : k_legacy) {
    CAPTURE(l.iconv_name);
    for (int base = 1; base < 256; ++base) {
      for (int mark = 128; mark < 256; ++mark) {
        std::string pair{static_cast<char>(base), static_cast<char>(mark)};
        auto want = iconv_nfc(pair, l.iconv_name);
        if (!want) continue;
        Decoded got = decode(pair, l.encoding);
        REQUIRE(got.status.ok());
        if (got.text != *want) {
          CAPTURE(base);
          CAPTURE(mark);
          CHECK(got.text == *want);
        }
      }
    }
  }
}

TEST_CASE("random legacy text matches iconv + NFC, whatever the block boundaries") {
  std::mt19937 rng(12345);
  for (const Legacy& l : k_legacy) {
    CAPTURE(l.iconv_name);
    for (int round = 0; round < 300; ++round) {
      std::string s;
      size_t len = rng() % 200;
      for (size_t i = 0; i < len; ++i) {
        auto r = rng() % 10;
        // favour the tone-mark bytes so that runs of several marks occur
        static const unsigned char cp_marks[] = {0xCC, 0xEC, 0xDE, 0xD2, 0xF2};
        static const unsigned char tcvn_marks[] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB4};
        if (r < 3 && l.encoding != Encoding::viscii)
          s += static_cast<char>((l.encoding == Encoding::cp1258 ? cp_marks : tcvn_marks)[rng() % 5]);
        else if (r < 6) s += static_cast<char>('a' + rng() % 26);
        else s += static_cast<char>(rng() % 256);
      }
      auto want = iconv_nfc(s, l.iconv_name);
      if (!want) continue;
      std::string expected = *want;
      CHECK(decode(s, l.encoding).text == expected);
      CHECK(decode(s, l.encoding, 1, 1).text == expected);
      CHECK(decode(s, l.encoding, 3, 5).text == expected);
    }
  }
}

TEST_CASE("the example legacy files decode to the expected Vietnamese names") {
  // HO_TEN cells of legacy TCVN3 and cp1258 exports, as bytes.
  CHECK(decode("Ph\xB9m Th\xDE Thu \xA7\xB9t", Encoding::tcvn).text == "Phạm Thị Thu Đạt");
  CHECK(decode("\xA7\xC6ng \xA7\xF8"
               "c \xA5n",
               Encoding::tcvn)
            .text == "Đặng Đức Ơn");
  // cp1258 stores tones as combining marks: Huy + U+0300 + nh, Qu + ô + U+0301 + c, Ư
  Decoded cp = decode("Huy\xCCnh Qu\xF4\xEC"
                      "c \xDDng;L\xEA H\xFD\xDEu;Thi\xF2",
                      Encoding::cp1258);
  CHECK(cp.text == "Huỳnh Quốc Ưng;Lê Hữu;Thị");
  CHECK(cp.text == ref_nfc(cp.text));
  CHECK(decode("\xC3n \xE3 \xD5 \xF5", Encoding::cp1258).text == "Ăn ă Ơ ơ");
  CHECK(decode("Nguy\xD4n V\xA8n A", Encoding::tcvn).text == "Nguyễn Văn A");
  CHECK(decode("Nguy\xADn Th\xB8 Minh", Encoding::viscii).text == "Nguyễn Thị Minh");
}

TEST_CASE("tone marks: single ones compose inline, runs and odd bases go through NFC") {
  for (size_t chunk : {size_t{1}, size_t{2}, SIZE_MAX}) {
    CAPTURE(chunk);
    CHECK(decode("Huy\xCCnh", Encoding::cp1258, chunk).text == "Huỳnh");
    CHECK(decode("\xF6\xF2", Encoding::cp1258, chunk).text == "\xE1\xBB\x8D\xCC\x88"); // ö + dot below: ọ + diaeresis
    CHECK(decode("a\xCC\xEC", Encoding::cp1258, chunk).text == "\xC3\xA0\xCC\x81");    // à + acute: no composite
    CHECK(decode("\xEC"
                 "a",
                 Encoding::cp1258, chunk)
              .text == "\xCC\x81"
                       "a");                                                            // no base at the start
    CHECK(decode("a\xF2\xCC", Encoding::cp1258, chunk).text == "\xE1\xBA\xA1\xCC\x80"); // ạ + grave
    CHECK(decode("\xA8\xEC", Encoding::cp1258, chunk).text == "\xCE\x85");              // ¨ + acute: U+0385
    CHECK(decode("\xB9\xB3", Encoding::tcvn, chunk).text == "\xE1\xBA\xA1\xCC\x81");    // tcvn ạ + acute
    CHECK(decode("e\xB2", Encoding::tcvn, chunk).text == "ẽ");
  }
}

TEST_CASE("utf-8 passes through, a BOM is stripped, and text comes out in NFC") {
  Decoded d = decode("\xEF\xBB\xBFM\xC3\xA3 h\xE1\xBB\x93 s\xC6\xA1\n", Encoding::auto_detect);
  REQUIRE(d.status.ok());
  CHECK(d.text == "Mã hồ sơ\n");
  CHECK(d.used == Encoding::utf8);
  CHECK(decode("\xEF\xBB\xBF"
               "abc",
               Encoding::utf8)
            .text == "abc");
  // decomposed input (as macOS writes it) is composed
  CHECK(decode("Hu\xE1\xBB\xB3nh Nguye\xCC\x82\xCC\x83n", Encoding::utf8).text == "Huỳnh Nguyễn");
  CHECK(decode("Hu\xE1\xBB\xB3nh Nguye\xCC\x82\xCC\x83n", Encoding::utf8, 1, 1).text == "Huỳnh Nguyễn");
  CHECK(decode("", Encoding::auto_detect).text.empty());
  CHECK(decode("", Encoding::auto_detect).status.ok());
}

TEST_CASE("invalid utf-8 is an input error naming the line and the byte, and suggesting encodings") {
  std::string text = "code,name\nA1,ok\nA2,Nguy\xEAn\nA3,x\n";
  for (size_t chunk : {size_t{1}, size_t{4}, SIZE_MAX}) {
    Decoded d = decode(text, Encoding::auto_detect, chunk);
    REQUIRE_FALSE(d.status.ok());
    const Error& e = d.status.error();
    CHECK(e.kind == ErrorKind::input);
    CHECK(e.message.find("in.csv") != std::string::npos);
    CHECK(e.message.find("line 3") != std::string::npos);
    CHECK(e.message.find("0xEA") != std::string::npos);
    CHECK(e.message.find("--encoding") != std::string::npos);
    CHECK(e.message.find("vni, tcvn, cp1258") != std::string::npos);
    CHECK(e.message.find("viscii") != std::string::npos);
    CHECK(d.text == "code,name\nA1,ok\nA2,Nguy"); // the good bytes before it still come out
  }
  // overlongs, surrogates, out-of-range and truncated sequences
  for (const char* bad :
       {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "abc\xE1\xBB"}) {
    CAPTURE(bad);
    CHECK_FALSE(decode(bad, Encoding::utf8).status.ok());
  }
}

TEST_CASE("first_invalid_utf8 scans a whole stream") {
  std::string good = "a\nb\n" + std::string(3 << 20, 'x') + "\n\xE1\xBB\x93\n";
  for (size_t chunk : {size_t{7}, SIZE_MAX}) {
    MemoryStream s(good, chunk);
    auto r = first_invalid_utf8(s);
    REQUIRE(r);
    CHECK_FALSE(r->has_value());
  }
  std::string bad = good + "x\n\xE1\xBB"; // a sequence cut off at the end of the file
  MemoryStream s(bad);
  auto r = first_invalid_utf8(s);
  REQUIRE(r);
  REQUIRE(r->has_value());
  CHECK((*r)->line == 6);
  CHECK((*r)->byte == 0xE1);
  CHECK((*r)->offset == bad.size() - 2);
  std::string mid = std::string(1 << 20, 'y') + "\n\n\xFF";
  MemoryStream m(mid, 1000);
  auto rm = first_invalid_utf8(m);
  REQUIRE(rm);
  REQUIRE(rm->has_value());
  CHECK((*rm)->line == 3);
  CHECK((*rm)->offset == (1u << 20) + 2);
}

TEST_CASE("utf-16 needs a BOM, handles LE, BE and surrogate pairs") {
  auto le = [](const std::u16string& s) {
    std::string b = "\xFF\xFE";
    for (char16_t c : s) b += {static_cast<char>(c & 0xFF), static_cast<char>(c >> 8)};
    return b;
  };
  auto be = [](const std::u16string& s) {
    std::string b = "\xFE\xFF";
    for (char16_t c : s) b += {static_cast<char>(c >> 8), static_cast<char>(c & 0xFF)};
    return b;
  };
  std::u16string text = u"Hồ sơ;Đạt\r\n𝄞 e\u0301\n";
  std::string want = "Hồ sơ;Đạt\r\n𝄞 é\n";
  for (Encoding e : {Encoding::utf16, Encoding::auto_detect}) {
    for (size_t chunk : {size_t{1}, size_t{3}, SIZE_MAX}) {
      Decoded l = decode(le(text), e, chunk);
      REQUIRE(l.status.ok());
      CHECK(l.text == want);
      CHECK(l.used == Encoding::utf16);
      Decoded b = decode(be(text), e, chunk);
      REQUIRE(b.status.ok());
      CHECK(b.text == want);
    }
  }
  // the same against iconv
  auto oracle = iconv_utf8(le(text).substr(2), "UTF-16LE");
  REQUIRE(oracle);
  CHECK(ref_nfc(*oracle) == want);

  Decoded no_bom = decode(le(text).substr(2), Encoding::utf16);
  REQUIRE_FALSE(no_bom.status.ok());
  CHECK(no_bom.status.error().message.find("byte-order mark") != std::string::npos);

  Decoded lone = decode(le(u"a\nb") + std::string("\x00\xDC", 2), Encoding::utf16);
  REQUIRE_FALSE(lone.status.ok());
  CHECK(lone.status.error().message.find("line 2") != std::string::npos);
  CHECK(lone.status.error().message.find("U+DC00") != std::string::npos);
  CHECK_FALSE(decode(le(u"a") + std::string("\x3D\xD8", 2), Encoding::utf16).status.ok()); // high surrogate at the end
  CHECK_FALSE(decode(le(u"a") + "x", Encoding::utf16).status.ok());                        // odd byte count
  CHECK(decode("", Encoding::utf16).status.ok());
}

TEST_CASE("a cp1258 byte with no character is an error naming the line") {
  Decoded d = decode("ok\nbad \x81 here\n", Encoding::cp1258);
  REQUIRE_FALSE(d.status.ok());
  CHECK(d.status.error().message.find("line 2") != std::string::npos);
  CHECK(d.status.error().message.find("0x81") != std::string::npos);
}

TEST_CASE("the fast-path code points are NFC-stable starters that never compose as a second") {
  // Everything that can follow a starter inside a composite: all but the first code
  // point of every canonical decomposition (Hangul included).
  std::set<char32_t> seconds;
  utf8proc_int32_t buf[32];
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buf, 32, UTF8PROC_DECOMPOSE, nullptr);
    for (utf8proc_ssize_t i = 1; i < n; ++i) seconds.insert(static_cast<char32_t>(buf[i]));
  }
  CHECK(seconds.count(0x301) == 1);
  CHECK(seconds.count(0x11A8) == 1); // a Hangul trailing consonant
  size_t checked = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (!nfc_stable_starter(c)) continue;
    ++checked;
    CAPTURE(static_cast<unsigned>(c));
    CHECK(utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->combining_class == 0);
    CHECK(seconds.count(c) == 0);
    std::string s = utf8(c);
    if (c != 0) CHECK(ref_nfc(s) == s);
  }
  CHECK(checked > 30000); // CJK and Hangul syllables are most of them
}

TEST_CASE("to_nfc agrees with utf8proc and leaves ASCII and precomposed text alone") {
  CHECK(to_nfc("plain ascii") == "plain ascii");
  CHECK(to_nfc("Đặng Đức Ơn") == "Đặng Đức Ơn");
  CHECK(to_nfc("a\xCC\x81") == "á");
  CHECK(to_nfc("A\xCC\x80") == "À");
  CHECK(to_nfc("\xC6\xAF\xCC\x80ng") == "Ừng");                  // Ư + grave
  CHECK(to_nfc("a\xCC\x82\xCC\xA3") == "ậ");                     // circumflex then dot below: reordered
  CHECK(to_nfc("\xE1\xBA\xA1\xCC\x82") == "ậ");                  // ạ + circumflex
  CHECK(to_nfc("\xCC\x81start") == "\xCC\x81start");             // a mark with no base stays
  CHECK(to_nfc("\xE1\x84\x80\xE1\x85\xA1") == "\xEA\xB0\x80");   // Hangul L + V
  CHECK(to_nfc("bad \xFF byte a\xCC\x81") == "bad \xFF byte á"); // ill-formed bytes pass through
  std::string out = "x";
  append_nfc("e\xCC\x81", out);
  CHECK(out == "xé");
  // random strings from a pool of starters, marks and Hangul jamo
  const char32_t pool[] = {'a',   'e',   'o',    'u',    'y',    'A',    ' ',    ',',    0xE2,   0xEA,   0xF4,  0x1A1,
                           0x1B0, 0x103, 0x1EA1, 0x1EB9, 0x300,  0x301,  0x302,  0x303,  0x306,  0x309,  0x31B, 0x323,
                           0x344, 0x340, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x4E00, 0x212B, 0x0F73, 0x0BC6, 0x0BBE};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    size_t len = rng() % 12;
    for (size_t i = 0; i < len; ++i) s += utf8(pool[rng() % (sizeof pool / sizeof pool[0])]);
    CAPTURE(s);
    CHECK(to_nfc(s) == ref_nfc(s));
    // and the streaming decoder, one byte at a time
    CHECK(decode(s, Encoding::utf8, 1, 1).text == ref_nfc(s));
  }
}

TEST_CASE("progress follows the source bytes") {
  std::string text(1 << 20, 'a');
  MemoryStream src(text);
  DecodingStream dec(src, Encoding::cp1258);
  CHECK(dec.progress().total == text.size());
  std::string buf(1 << 16, '\0');
  size_t total = 0;
  while (size_t got = dec.read(buf.data(), buf.size())) total += got;
  CHECK(total == text.size());
  CHECK(dec.progress().done == text.size());
  CHECK(dec.name() == "<memory>");
}

TEST_CASE("encoding_spellings: one table for mapping files and --encoding") {
  for (const auto& s : encoding_spellings()) CHECK(parse_encoding(s.name) == s.encoding);
  CHECK(parse_encoding("windows-1258") == Encoding::cp1258);
  CHECK(parse_encoding("Windows_1258") == Encoding::cp1258);
  CHECK(encoding_names() ==
        std::vector<std::string>{"auto", "utf-8", "utf-16", "cp1258", "tcvn", "viscii", "vni", "viqr"});
  CHECK(parse_encoding("VNI-Windows") == Encoding::vni);
  for (const auto& n : encoding_names()) CHECK(encoding_name(*parse_encoding(n)) == n);
  CHECK_FALSE(parse_encoding("latin1"));
}

TEST_CASE("vni: every letter of the published VNI-Windows table, both cases, at every block boundary") {
  int with_diacritic = 0;
  for (const auto& l : test::k_vni_letters) {
    std::string bytes = test::latin1_bytes(l.vni);
    INFO("letter " << l.letter);
    CHECK(decode(bytes, Encoding::vni).text == l.letter);
    // In a word, split across reads one byte at a time: marks still attach to their letter.
    Decoded d = decode("x" + bytes + "n\n", Encoding::vni, 1, 1);
    CHECK(d.status);
    CHECK(d.text == "x" + std::string(l.letter) + "n\n");
    if (test::has_diacritic(l.letter)) ++with_diacritic;
  }
  CHECK(with_diacritic == 134);
}

TEST_CASE("vni: the issue's words, cp1252 punctuation, and unassigned bytes refused with their line") {
  CHECK(decode("Nguye\xe3n Va\xean Hu\xf8ng", Encoding::vni).text == "Nguyễn Văn Hùng");
  CHECK(decode("cha\xf8o H\xf6\xf4ng \xd1o\xe0ng", Encoding::vni).text == "chào Hương Đồng");
  CHECK(decode("\x93"
               "a\x94 \x96 \xd7",
               Encoding::vni)
            .text == "“a” – ×");
  Decoded bad = decode("ok\nx\xdfy\n", Encoding::vni);
  REQUIRE_FALSE(bad.status);
  CHECK(bad.status.error().message.find("line 2") != std::string::npos);
  CHECK(bad.status.error().message.find("0xDF") != std::string::npos);
  CHECK(bad.text == "ok\nx");
}

TEST_CASE("viqr: RFC 1456 mnemonics, dd, escapes, and marks only after a vowel") {
  CHECK(decode("Nguye^~n Va(n Hu`ng", Encoding::viqr).text == "Nguyễn Văn Hùng");
  CHECK(decode("DDa(.ng Tru+o+`ng, dda^.u", Encoding::viqr).text == "Đặng Trường, đậu");
  CHECK(decode("Ha` No^.i\\. 1.5 ok?", Encoding::viqr).text == "Hà Nội. 1.5 ok?");
  CHECK(decode("Kho^ng co' gi`?", Encoding::viqr).text == "Không có gì?");
  CHECK(decode("e(", Encoding::viqr).text == "e(");      // a breve only on a
  CHECK(decode("a'' d", Encoding::viqr).text == "á' d"); // one tone; a lone d at the end stays
  // One byte at a time: the pending d and the marks cross every read.
  CHECK(decode("DDa(.ng Tru+o+`ng", Encoding::viqr, 1, 1).text == "Đặng Trường");
  Decoded bad = decode("a\nb\xe0", Encoding::viqr);
  REQUIRE_FALSE(bad.status);
  CHECK(bad.status.error().message.find("line 2") != std::string::npos);
}

TEST_CASE("decode_text: whole bytes, errors named") {
  CHECK(*decode_text("Va\xean", Encoding::vni) == "Văn");
  auto bad = decode_text("\xff", Encoding::utf8, "f.csv");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("f.csv") != std::string::npos);
  CHECK(legacy_encodings().front() == Encoding::vni);
}
