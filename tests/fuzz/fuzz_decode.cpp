// libFuzzer target for lib/io/decode: any bytes, any encoding, any block boundaries.
// Input: [encoding selector][chunking selector] then the bytes to decode.
// Checks: block boundaries never change the result; the output is valid UTF-8 in NFC
// (utf8proc's own NFC as the oracle); legacy tables agree with glibc iconv byte by byte;
// first_invalid_utf8 agrees with the UTF-8 decoder; to_nfc agrees with utf8proc.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iconv.h>
#include <optional>
#include <string>
#include <utf8proc.h>

#include "io/decode.hpp"

using namespace motcua;

namespace {

struct Decoded {
  std::string text;
  bool ok = true;
  std::string error;
};

Decoded decode(const std::string& bytes, Encoding e, size_t chunk, size_t block) {
  MemoryStream src(bytes, chunk, "fuzz");
  DecodingStream dec(src, e);
  Decoded d;
  std::string buf(block, '\0');
  while (size_t got = dec.read(buf.data(), block)) d.text.append(buf.data(), got);
  d.ok = dec.status().ok();
  if (!d.ok) d.error = dec.status().error().message;
  return d;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_decode: %s\n", what);
  std::abort();
}

std::optional<std::string> ref_nfc(const std::string& s) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) return std::nullopt;
  std::string r(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);
  return r;
}

bool valid_utf8(const std::string& s) {
  MemoryStream m(s);
  auto r = first_invalid_utf8(m);
  return r && !r->has_value();
}

// Per-byte UTF-8 from glibc iconv for the three legacy encodings (empty = undefined byte).
struct Oracle {
  std::string bytes[3][256];
  bool defined[3][256] = {};
  Oracle() {
    const char* names[3] = {"CP1258", "TCVN5712-1", "VISCII"};
    for (int e = 0; e < 3; ++e) {
      iconv_t cd = iconv_open("UTF-8", names[e]);
      if (cd == reinterpret_cast<iconv_t>(-1)) fail("iconv_open");
      for (int b = 0; b < 256; ++b) {
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        char in[1] = {static_cast<char>(b)};
        char out[16];
        char* ip = in;
        char* op = out;
        size_t il = 1;
        size_t ol = sizeof out;
        bool ok = iconv(cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1);
        ok = ok && iconv(cd, nullptr, nullptr, &op, &ol) != static_cast<size_t>(-1);
        defined[e][b] = ok;
        if (ok) bytes[e][b].assign(out, sizeof out - ol);
      }
      iconv_close(cd);
    }
  }
};

const Oracle& oracle() {
  static const Oracle o;
  return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Encoding encodings[6] = {Encoding::auto_detect, Encoding::utf8, Encoding::utf16,
                                 Encoding::cp1258,      Encoding::tcvn, Encoding::viscii};
  const Encoding e = encodings[data[0] % 6];
  const size_t chunk = data[1] < 128 ? size_t{1} + data[1] % 17 : SIZE_MAX;
  const size_t block = size_t{1} + (data[0] >> 3) % 9;
  const std::string input(reinterpret_cast<const char*>(data) + 2, size - 2);

  Decoded whole = decode(input, e, SIZE_MAX, 1 << 16);
  Decoded pieces = decode(input, e, chunk, block);
  if (whole.ok != pieces.ok || whole.text != pieces.text || whole.error != pieces.error)
    fail("block boundaries changed the result");
  if (!valid_utf8(whole.text)) fail("output is not valid UTF-8");
  if (whole.ok) {
    auto nfc = ref_nfc(whole.text);
    if (!nfc || *nfc != whole.text) fail("output is not NFC");
    if (to_nfc(whole.text) != whole.text) fail("to_nfc changed NFC text");
  }

  // The legacy tables against iconv: per-byte code points, then NFC.
  int legacy = e == Encoding::cp1258 ? 0 : e == Encoding::tcvn ? 1 : e == Encoding::viscii ? 2 : -1;
  if (legacy >= 0) {
    std::string expect;
    bool all_defined = true;
    for (unsigned char c : input) {
      if (!oracle().defined[legacy][c]) {
        all_defined = false;
        break;
      }
      expect += oracle().bytes[legacy][c];
    }
    if (all_defined != whole.ok) fail("error status differs from iconv");
    if (all_defined && ref_nfc(expect) != whole.text) fail("text differs from iconv + NFC");
  }

  // The UTF-8 decoder and the pre-validation scan agree on validity.
  bool valid = valid_utf8(input);
  if (e == Encoding::utf8 && valid != whole.ok) fail("first_invalid_utf8 and the utf-8 decoder disagree");
  if (valid) {
    auto nfc = ref_nfc(input);
    if (!nfc || to_nfc(input) != *nfc) fail("to_nfc differs from utf8proc");
  } else {
    std::string once = to_nfc(input); // ill-formed bytes pass through; composing again changes nothing
    if (to_nfc(once) != once) fail("to_nfc is not idempotent on ill-formed input");
  }
  return 0;
}
