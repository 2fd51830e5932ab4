#include <doctest/doctest.h>

#include "io/text.hpp"

using namespace motcua;

TEST_CASE("nfc composes Vietnamese combining marks") {
  // "Việt" written with e + circumflex (U+0302) + dot below (U+0323).
  std::string decomposed = "Vie\xCC\x82\xCC\xA3t";
  CHECK(nfc(decomposed) == "Vi\xE1\xBB\x87t");
  CHECK(nfc("plain ascii") == "plain ascii");
  CHECK(nfc("Đăng ký") == "Đăng ký");
}

TEST_CASE("fold_for_search strips case, marks and folds đ") {
  CHECK(fold_for_search("Đăng ký kinh doanh") == "dang ky kinh doanh");
  CHECK(fold_for_search("  ĐẤT   đai ") == "dat dai");
  CHECK(fold_for_search("Hộ tịch") == "ho tich");
  CHECK(fold_for_search("1.001612") == "1.001612");
}

TEST_CASE("UTF-8 validation finds the first bad byte") {
  CHECK(is_valid_utf8("Việt Nam"));
  CHECK(find_invalid_utf8("ab\xC3") == 2);
  CHECK(find_invalid_utf8("ab\xC0\x80") == 2);       // overlong
  CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1);    // surrogate
  CHECK(find_invalid_utf8("a\xF4\x90\x80\x80") == 1); // above U+10FFFF
  CHECK(find_invalid_utf8("ok\xF0\x9F\x98\x80") == std::string_view::npos);
}

TEST_CASE("trim removes ASCII whitespace only at the ends") {
  CHECK(trim("  1.001612 \r\n") == "1.001612");
  CHECK(trim("") == "");
  CHECK(trim("a b") == "a b");
}
