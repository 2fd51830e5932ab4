#pragma once
// Legacy Vietnamese encodings to UTF-8 NFC, streaming. Everything inside motcua is
// NFC UTF-8 (motcua-formats(5)), so this is the one place where bytes become text.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// The encodings of --encoding (motcua-mapping(5)); auto_detect never guesses a legacy one.
enum class Encoding { auto_detect, utf8, utf16, cp1258, tcvn, viscii, vni, viqr };

// One spelling an encoding is accepted under. The one table behind parse_encoding, the
// --encoding validator, completions and messages, so the CLI and mapping files accept the same.
struct EncodingSpelling {
  std::string_view name;
  Encoding encoding;
  bool canonical; // the spelling motcua writes (encoding_name) and offers first
};
// Every accepted spelling, canonical ones first in enum order, then the aliases.
const std::vector<EncodingSpelling>& encoding_spellings();
// The canonical spellings (auto, utf-8, utf-16, cp1258, tcvn, viscii, vni, viqr), for completions and messages.
std::vector<std::string> encoding_names();
// A spelling of the table, any case, '_' read as '-'.
std::optional<Encoding> parse_encoding(std::string_view text);
// The canonical spelling, for messages and the cache's import log.
std::string_view encoding_name(Encoding e);

// Where a byte stream stops being UTF-8: 1-based line, 0-based byte offset, the byte.
struct Utf8Problem {
  std::uint64_t line = 1;
  std::uint64_t offset = 0;
  unsigned char byte = 0;
};

// Scans a whole stream so a migration can refuse a file before writing anything;
// nullopt when valid (a truncated final sequence counts as invalid).
Result<std::optional<Utf8Problem>> first_invalid_utf8(ByteStream& in);

// A code point with combining class 0 that NFC leaves alone and that never composes
// with what precedes it: text made only of these is NFC already, so only runs with
// other code points reach utf8proc. Public so the unit tests can prove the ranges.
constexpr bool nfc_stable_starter(char32_t c) {
  return c < 0x300 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
         (c >= 0x20A0 && c <= 0x20C0) || c == 0x2122 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

// NFC of UTF-8 text; plain ASCII and precomposed Vietnamese skip utf8proc entirely.
// Ill-formed bytes are passed through unchanged.
std::string to_nfc(std::string_view utf8);
// Same, appending to out so hot loops can reuse one buffer.
void append_nfc(std::string_view utf8, std::string& out);

// The legacy encodings a file may be in, in the order messages offer them.
const std::vector<Encoding>& legacy_encodings();
// Whole bytes decoded to NFC UTF-8 (samples, tests, the encoder's tables); the error names `name`.
Result<std::string> decode_text(std::string_view bytes, Encoding encoding, std::string name = "<text>");

// Decodes a source to UTF-8 in NFC. Errors (ErrorKind::input) name the source, the
// line and the byte, and for auto/utf-8 suggest the legacy encodings to try.
class DecodingStream final : public ByteStream {
public:
  DecodingStream(ByteStream& source, Encoding encoding);
  ~DecodingStream() override;
  DecodingStream(const DecodingStream&) = delete;
  DecodingStream& operator=(const DecodingStream&) = delete;

  size_t read(char* buf, size_t n) override;
  const Status& status() const override { return m_status; }
  Progress progress() const override { return m_source.progress(); }
  std::string_view name() const override { return m_source.name(); }
  // The encoding in use: auto_detect becomes utf8 or utf16 once the first bytes are seen.
  Encoding encoding() const { return m_encoding; }

private:
  enum class Mode { sniff, utf8, utf16le, utf16be, table, vni, viqr };
  // Reads source bytes and decodes them; false when nothing more will come.
  bool refill();
  // Decodes m_in into m_out; sets m_error at the first bad byte.
  void decode_chunk(bool final);
  void decode_utf8(bool final);
  void decode_utf16(bool final);
  void decode_table();
  // VNI-Windows: a byte is a letter or one or two combining marks (composed by settle()).
  void decode_vni();
  // VIQR (RFC 1456): ASCII mnemonics after a vowel, "dd" for đ, a backslash for a literal.
  void decode_viqr(bool final);
  // Appends one code point to m_out, noting whether settle() must compose it.
  void put(char32_t c);
  // Resolves the BOM / auto choice from the first bytes.
  bool sniff();
  // NFC over the undecided tail of m_out, keeping back the last segment unless final.
  void settle(bool final);
  // Makes room for n more bytes at the end of m_out.
  char* out_reserve(size_t n);
  // Records the error for m_in offset pos; the decoders have already advanced m_line to it.
  void fail_at(size_t pos, std::string what);

  ByteStream& m_source;
  Encoding m_encoding;
  Encoding m_requested;
  Mode m_mode = Mode::sniff;
  const std::array<unsigned char, 4>* m_table = nullptr; // one 256-entry table of decode.cpp
  Status m_status;
  std::optional<Error> m_error; // found while decoding; reported once the good bytes before it are out
  bool m_source_done = false;

  std::unique_ptr<char[]> m_in;
  size_t m_in_size = 0;
  size_t m_in_begin = 0;
  size_t m_in_end = 0;
  std::uint64_t m_in_offset = 0; // source offset of m_in[0]
  std::uint64_t m_line = 1;      // line at m_in[m_in_begin]

  std::unique_ptr<char[]> m_out;
  size_t m_out_cap = 0;
  size_t m_out_pos = 0;   // next byte to hand out
  size_t m_out_ready = 0; // end of the NFC-final bytes
  size_t m_out_end = 0;   // end of decoded bytes; [ready, end) awaits settle()
  bool m_unsafe = false;  // [ready, end) holds characters that may need composing
  std::string m_nfc;      // scratch for settle()
  // VIQR state: the vowel marks may follow (0 = none), marks seen on it, a pending d/D, an escape.
  char m_viqr_vowel = 0;
  bool m_viqr_shaped = false;
  bool m_viqr_toned = false;
  char m_viqr_d = 0;
  bool m_viqr_escape = false;
};

} // namespace motcua
