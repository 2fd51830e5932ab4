#include <doctest/doctest.h>

#include <string>

#include "io/decode.hpp"
#include "io/encode.hpp"
#include "support/vietnamese_letters.hpp"

using namespace motcua;

TEST_CASE("encode_text vni: every letter spelled as the published table spells it") {
  for (const auto& l : test::k_vni_letters) {
    INFO("letter " << l.letter);
    auto e = encode_text(l.letter, Encoding::vni);
    REQUIRE(e);
    CHECK(*e == test::latin1_bytes(l.vni));
  }
  CHECK(*encode_text("Nguyễn Văn Hùng", Encoding::vni) == "Nguye\xe3n Va\xean Hu\xf8ng");
}

TEST_CASE("encode_text: all 134 letters round-trip through every legacy encoding") {
  for (Encoding enc : legacy_encodings()) {
    INFO("encoding " << encoding_name(enc));
    std::string all;
    for (const auto& l : test::k_vni_letters) {
      INFO("letter " << l.letter);
      auto e = encode_text(l.letter, enc);
      REQUIRE(e);
      CHECK(*decode_text(*e, enc) == l.letter);
      all += std::string(l.letter) + " ";
    }
    auto text = encode_text(all, enc);
    REQUIRE(text);
    CHECK(*decode_text(*text, enc) == all);
  }
}

TEST_CASE("encode_text: decomposed input is composed first; what an encoding lacks is named") {
  CHECK(*encode_text("Vie\xcc\x82\xcc\xa3t", Encoding::vni) == "Vie\xe4t"); // e + circumflex + dot below
  auto bad = encode_text("東", Encoding::vni);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("東") != std::string::npos);
  CHECK(bad.error().message.find("vni") != std::string::npos);
}

TEST_CASE("encode_text viqr: literal mnemonics after a vowel and a literal dd are escaped") {
  for (std::string s : {"Hà Nội.", "ok? yes.", "add", "a\\b", "Đặng (ơ)", "â'"}) {
    INFO(s);
    auto e = encode_text(s, Encoding::viqr);
    REQUIRE(e);
    CHECK(*decode_text(*e, Encoding::viqr) == s);
  }
  CHECK(*encode_text("Đặng", Encoding::viqr) == "DDa(.ng");
}
