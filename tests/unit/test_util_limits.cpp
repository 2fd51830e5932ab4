#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "util/limits.hpp"

using namespace motcua;

TEST_CASE("check_duration: finite, positive, at most the catalog's cap") {
  CHECK(check_duration(1, "x"));
  CHECK(check_duration(0.5, "x"));
  CHECK(check_duration(k_max_duration, "x"));
  CHECK_FALSE(check_duration(k_max_duration + 1, "x"));
  CHECK_FALSE(check_duration(0, "x"));
  CHECK(check_duration(0, "x", true));
  CHECK_FALSE(check_duration(-1, "x", true));
  CHECK_FALSE(check_duration(std::nan(""), "x"));
  CHECK_FALSE(check_duration(std::numeric_limits<double>::infinity(), "x"));
  auto st = check_duration(1e308, "--working-days");
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::usage);
  CHECK(st.error().message.find("--working-days") != std::string::npos);
  CHECK(st.error().message.find("at most 100000") != std::string::npos);
  CHECK(st.error().message.size() < 120); // never the 309 digits of 1e308
}

TEST_CASE("code_problem: printable text of at most 255 characters") {
  CHECK_FALSE(code_problem("000.00.12.H17-180712-0001"));
  CHECK_FALSE(code_problem("Mã-hồ-sơ-đặc-biệt"));
  CHECK_FALSE(code_problem(std::string(255, 'x')));
  CHECK(code_problem(std::string(256, 'x')).value().find("256 characters") != std::string::npos);
  CHECK_FALSE(code_problem(std::string(255, 'x').replace(0, 1, "đ"))); // characters, not bytes
  CHECK(code_problem(std::string("NUL-3\0hidden", 12)).value().find("U+0000 at character 6") != std::string::npos);
  CHECK(code_problem("TAB\tX").value().find("U+0009") != std::string::npos);
  CHECK(code_problem("DEL\x7f").value().find("U+007F") != std::string::npos);
  CHECK(code_problem("C1\xc2\x85").value().find("U+0085") != std::string::npos);
  CHECK(code_problem("bad\xff").value().find("UTF-8") != std::string::npos);
  CHECK(code_problem("").value() == "is empty");
}
