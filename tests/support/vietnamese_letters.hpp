#pragma once
// The Vietnamese letters with diacritics in both cases, and how the VNI-Windows font table
// published with the xvnkb keyboard (vni.h, 2002) spells each: shared by the decode and encode tests.
#include <array>
#include <string>
#include <string_view>

namespace motcua::test {

// One letter: NFC UTF-8, and its VNI spelling written as the Latin-1 characters of its bytes.
struct VniLetter {
  std::string_view letter;
  std::string_view vni;
};

// Base, acute, grave, hook above, tilde, dot below, per vowel as in the published table; then đ.
// The unmarked a e o u i y (ASCII) are in too: 146 entries, 134 of them with a diacritic.
inline constexpr std::array<VniLetter, 146> k_vni_letters = {{
    {"A", "A"},  {"Á", "AÙ"}, {"À", "AØ"}, {"Ả", "AÛ"}, {"Ã", "AÕ"}, {"Ạ", "AÏ"}, {"Â", "AÂ"}, {"Ấ", "AÁ"}, {"Ầ", "AÀ"},
    {"Ẩ", "AÅ"}, {"Ẫ", "AÃ"}, {"Ậ", "AÄ"}, {"Ă", "AÊ"}, {"Ắ", "AÉ"}, {"Ằ", "AÈ"}, {"Ẳ", "AÚ"}, {"Ẵ", "AÜ"}, {"Ặ", "AË"},
    {"E", "E"},  {"É", "EÙ"}, {"È", "EØ"}, {"Ẻ", "EÛ"}, {"Ẽ", "EÕ"}, {"Ẹ", "EÏ"}, {"Ê", "EÂ"}, {"Ế", "EÁ"}, {"Ề", "EÀ"},
    {"Ể", "EÅ"}, {"Ễ", "EÃ"}, {"Ệ", "EÄ"}, {"O", "O"},  {"Ó", "OÙ"}, {"Ò", "OØ"}, {"Ỏ", "OÛ"}, {"Õ", "OÕ"}, {"Ọ", "OÏ"},
    {"Ô", "OÂ"}, {"Ố", "OÁ"}, {"Ồ", "OÀ"}, {"Ổ", "OÅ"}, {"Ỗ", "OÃ"}, {"Ộ", "OÄ"}, {"Ơ", "Ô"},  {"Ớ", "ÔÙ"}, {"Ờ", "ÔØ"},
    {"Ở", "ÔÛ"}, {"Ỡ", "ÔÕ"}, {"Ợ", "ÔÏ"}, {"U", "U"},  {"Ú", "UÙ"}, {"Ù", "UØ"}, {"Ủ", "UÛ"}, {"Ũ", "UÕ"}, {"Ụ", "UÏ"},
    {"Ư", "Ö"},  {"Ứ", "ÖÙ"}, {"Ừ", "ÖØ"}, {"Ử", "ÖÛ"}, {"Ữ", "ÖÕ"}, {"Ự", "ÖÏ"}, {"I", "I"},  {"Í", "Í"},  {"Ì", "Ì"},
    {"Ỉ", "Æ"},  {"Ĩ", "Ó"},  {"Ị", "Ò"},  {"Y", "Y"},  {"Ý", "YÙ"}, {"Ỳ", "YØ"}, {"Ỷ", "YÛ"}, {"Ỹ", "YÕ"}, {"Ỵ", "Î"},
    {"Đ", "Ñ"},  {"a", "a"},  {"á", "aù"}, {"à", "aø"}, {"ả", "aû"}, {"ã", "aõ"}, {"ạ", "aï"}, {"â", "aâ"}, {"ấ", "aá"},
    {"ầ", "aà"}, {"ẩ", "aå"}, {"ẫ", "aã"}, {"ậ", "aä"}, {"ă", "aê"}, {"ắ", "aé"}, {"ằ", "aè"}, {"ẳ", "aú"}, {"ẵ", "aü"},
    {"ặ", "aë"}, {"e", "e"},  {"é", "eù"}, {"è", "eø"}, {"ẻ", "eû"}, {"ẽ", "eõ"}, {"ẹ", "eï"}, {"ê", "eâ"}, {"ế", "eá"},
    {"ề", "eà"}, {"ể", "eå"}, {"ễ", "eã"}, {"ệ", "eä"}, {"o", "o"},  {"ó", "où"}, {"ò", "oø"}, {"ỏ", "oû"}, {"õ", "oõ"},
    {"ọ", "oï"}, {"ô", "oâ"}, {"ố", "oá"}, {"ồ", "oà"}, {"ổ", "oå"}, {"ỗ", "oã"}, {"ộ", "oä"}, {"ơ", "ô"},  {"ớ", "ôù"},
    {"ờ", "ôø"}, {"ở", "ôû"}, {"ỡ", "ôõ"}, {"ợ", "ôï"}, {"u", "u"},  {"ú", "uù"}, {"ù", "uø"}, {"ủ", "uû"}, {"ũ", "uõ"},
    {"ụ", "uï"}, {"ư", "ö"},  {"ứ", "öù"}, {"ừ", "öø"}, {"ử", "öû"}, {"ữ", "öõ"}, {"ự", "öï"}, {"i", "i"},  {"í", "í"},
    {"ì", "ì"},  {"ỉ", "æ"},  {"ĩ", "ó"},  {"ị", "ò"},  {"y", "y"},  {"ý", "yù"}, {"ỳ", "yø"}, {"ỷ", "yû"}, {"ỹ", "yõ"},
    {"ỵ", "î"},  {"đ", "ñ"},
}};

// The Latin-1 characters of s (UTF-8) as the bytes they stand for.
inline std::string latin1_bytes(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else { // C2 xx or C3 xx
      auto next = static_cast<unsigned char>(s[++i]);
      out += static_cast<char>(((b & 0x03) << 6) | (next & 0x3F));
    }
  }
  return out;
}

// Whether the letter carries a diacritic (the 134 of the issue).
inline bool has_diacritic(std::string_view letter) { return static_cast<unsigned char>(letter[0]) >= 0x80; }

} // namespace motcua::test
