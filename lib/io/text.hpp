#pragma once
// Unicode text rules shared by every reader: NFC on the way in, and the folding
// that makes "dang ky" find "Đăng ký".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua {

// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);
// Byte offset of the first ill-formed UTF-8 sequence, or npos.
size_t find_invalid_utf8(std::string_view text);
// NFC form of valid UTF-8; ASCII passes through without a copy into utf8proc.
std::string nfc(std::string_view text);
// Lower case, diacritics stripped, đ/Đ folded to d, whitespace runs collapsed:
// the key on which catalog search compares names and codes.
std::string fold_for_search(std::string_view text);
// Leading and trailing ASCII whitespace removed (codes are trimmed, motcua-formats(5)).
std::string_view trim(std::string_view text);
// The line breaks (\n) in p[0, n): what readers add to their line number as they consume bytes.
std::uint64_t count_newlines(const char* p, size_t n);
// Text safe to show on a terminal, so a remote name or an argument cannot clear the screen or
// fake output: C0 controls become \t \n \r \e (ESC) or \xNN, DEL \x7f, C1 controls U+0080–U+009F
// \u0080–\u009f, and each byte of ill-formed UTF-8 \xNN; everything else (backslash too) is kept,
// so the result is its own escape (applying it twice changes nothing). For people only:
// machine formats (JSON, CSV) keep the data.
std::string printable_for_terminal(std::string_view text);

} // namespace motcua
