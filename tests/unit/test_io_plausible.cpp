#include <doctest/doctest.h>

#include <string>

#include "io/encode.hpp"
#include "io/plausible.hpp"
#include "support/vietnamese_letters.hpp"

using namespace motcua;

TEST_CASE("plausible_syllable: Vietnamese syllables, whatever the case and tone placement style") {
  for (const char* w : {"Nguyễn", "Văn", "Hùng", "Hương", "Được",  "giữa", "gì",   "quốc", "Quý", "khuya", "Trường",
                        "NGUYỄN", "hoà", "hòa",  "thuở",  "xoong", "Việt", "Bách", "uống", "yêu", "ở"}) {
    INFO(std::string(w));
    CHECK(plausible_syllable(w));
  }
  CHECK(plausible_syllable("Nguyen")); // plain ASCII is not judged
}

TEST_CASE("plausible_syllable: the garbling of a wrong legacy encoding is not") {
  // VNI read as cp1258, tcvn and viscii (the example), and UTF-8 read as cp1258.
  for (const char* w : {"Nguyeăn", "Vaên", "Huøng", "Nguyeón", "Vaờn", "Huứng", "Nguyeãn", "Huụng", "NguyÃªn", "Hưùng",
                        "Việc̀", "Vìệt", "Văt̀", "Hàt", "mẽt", "Ñoàng", "José"}) {
    INFO(std::string(w));
    CHECK_FALSE(plausible_syllable(w));
  }
}

TEST_CASE("score_text: share of judged words, the first bad line named") {
  auto p = score_text("code,name\nA,Nguyễn Văn Hùng\nB,Nguyeăn Vaên\r\nC,Lê\n");
  CHECK(p.judged == 6);
  CHECK(p.syllables == 4);
  CHECK(p.first_bad_line == 3);
  CHECK(p.first_bad_text == "B,Nguyeăn Vaên");
  CHECK(score_text("only ascii, 1.5").score() == 1.0);
  PlausibilityCheck chunked; // lines split across chunks
  chunked.add("A,Nguy");
  chunked.add("ễn\nB,Va");
  chunked.add("ên");
  CHECK(chunked.finish().first_bad_line == 2);
}

TEST_CASE("rank_encodings: a VNI file ranks vni first, the file's own encoding first for the others") {
  std::string text = "ma,ho_ten\n1,Nguyễn Văn Hùng\n2,Trần Thị Hương\n3,Đặng Hữu Phước\n";
  for (Encoding enc : legacy_encodings()) {
    if (enc == Encoding::viqr) continue; // plain ASCII: tested below
    INFO(encoding_name(enc));
    auto raw = encode_text(text, enc);
    REQUIRE(raw);
    auto ranking = rank_encodings(*raw, 2);
    REQUIRE(ranking.size() == 6);
    CHECK(ranking[0].encoding == enc);
    CHECK(ranking[0].score == 1.0);
    CHECK(ranking[0].sample == "1,Nguyễn Văn Hùng");
    CHECK(ranking[1].score < Plausibility::k_threshold);
  }
  auto utf8 = rank_encodings(text, 3);
  CHECK(utf8[0].encoding == Encoding::utf8);
  CHECK(utf8[1].score < Plausibility::k_threshold);
  auto d = describe_ranking(rank_encodings(*encode_text(text, Encoding::vni), 2));
  CHECK(d.rfind("vni (100%: \"1,Nguyễn Văn Hùng\")", 0) == 0);
  CHECK(d.find("utf-8 (does not decode)") != std::string::npos);
}
