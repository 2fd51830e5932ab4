#pragma once
// Unicode text rules shared by every reader: NFC on the way in, and the folding
// that makes "dang ky" find "Đăng ký".
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

} // namespace motcua
