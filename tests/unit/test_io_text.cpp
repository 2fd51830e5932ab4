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
  CHECK(find_invalid_utf8("ab\xC0\x80") == 2);        // overlong
  CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1);     // surrogate
  CHECK(find_invalid_utf8("a\xF4\x90\x80\x80") == 1); // above U+10FFFF
  CHECK(find_invalid_utf8("ok\xF0\x9F\x98\x80") == std::string_view::npos);
}

TEST_CASE("trim removes ASCII whitespace only at the ends") {
  CHECK(trim("  1.001612 \r\n") == "1.001612");
  CHECK(trim("") == "");
  CHECK(trim("a b") == "a b");
}

TEST_CASE("printable_for_terminal escapes what a terminal would act on") {
  CHECK(printable_for_terminal("Đăng ký kinh doanh") == "Đăng ký kinh doanh");
  CHECK(printable_for_terminal("") == "");
  CHECK(printable_for_terminal("X\x1b[2J") == "X\\e[2J");
  CHECK(printable_for_terminal("a\tb\nc\rd") == "a\\tb\\nc\\rd");
  CHECK(printable_for_terminal(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable_for_terminal("\x07\x08\x1f\x7f") == "\\x07\\x08\\x1f\\x7f");
  // C1 controls as code points (U+009B is a one-byte CSI on some terminals); U+00A0 is kept.
  CHECK(printable_for_terminal("\xC2\x9B"
                               "2J\xC2\x80\xC2\xA0") == "\\u009b2J\\u0080\xC2\xA0");
  // Ill-formed UTF-8: each bad byte alone, the good sequence after it kept.
  CHECK(printable_for_terminal("a\xFF\x9B"
                               "b") == "a\\xff\\x9bb");
  CHECK(printable_for_terminal("\xE1\xBB"
                               "x\xE1\xBB\x87") == "\\xe1\\xbbx\xE1\xBB\x87");
  CHECK(printable_for_terminal("\xC2") == "\\xc2");
  // A backslash is kept, so the escaped form escapes to itself.
  std::string once = printable_for_terminal("C:\\dir\x1b]0;title\x07");
  CHECK(once == "C:\\dir\\e]0;title\\x07");
  CHECK(printable_for_terminal(once) == once);
}

TEST_CASE("count_newlines: the line breaks of a byte range, the one count every reader uses") {
  std::string s = "a\nb\r\n\nc";
  CHECK(count_newlines(s.data(), s.size()) == 3);
  CHECK(count_newlines(s.data(), 1) == 0);
  CHECK(count_newlines(s.data(), 0) == 0);
}
