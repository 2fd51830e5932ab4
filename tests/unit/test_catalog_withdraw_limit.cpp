#include <doctest/doctest.h>

#include <string>

#include "catalog/withdraw_limit.hpp"

using namespace motcua;

namespace {

WithdrawLimit parsed(const char* text) {
  auto l = parse_withdraw_limit(text);
  REQUIRE_MESSAGE(l, l.error().message);
  return *l;
}

// The usage error for a value that must be refused.
std::string refusal(const char* text) {
  auto l = parse_withdraw_limit(text);
  REQUIRE_FALSE_MESSAGE(l, text);
  CHECK(l.error().kind == ErrorKind::usage);
  return l.error().message;
}

} // namespace

TEST_CASE("parse_withdraw_limit: counts and percentages as the user writes them") {
  CHECK(parsed("10%") == WithdrawLimit());
  CHECK(WithdrawLimit().text() == "10%");
  CHECK(parsed("200") == WithdrawLimit::count(200));
  CHECK(parsed("0") == WithdrawLimit::count(0));
  CHECK(parsed("0%") == WithdrawLimit::percent_hundredths(0));
  CHECK(parsed("100%") == WithdrawLimit::any());
  CHECK(parsed("100.00%") == WithdrawLimit::any());
  CHECK(parsed("12.5%") == WithdrawLimit::percent_hundredths(1250));
  CHECK(parsed("0.05%") == WithdrawLimit::percent_hundredths(5));
  CHECK(parsed("007%") == WithdrawLimit::percent_hundredths(700));
  CHECK(parsed("18446744073709551615") == WithdrawLimit::count(18446744073709551615ULL));
  for (const char* text : {"10%", "12.5%", "0.05%", "100%", "0%", "200", "0"}) CHECK(parsed(text).text() == text);
}

TEST_CASE("parse_withdraw_limit: garbage, signs, fractions of a procedure and more than 100% are usage errors") {
  CHECK(refusal("-5").find("cannot be negative") != std::string::npos);
  CHECK(refusal("-5%").find("cannot be negative") != std::string::npos);
  CHECK(refusal("101%").find("at most 100%") != std::string::npos);
  CHECK(refusal("100.01%").find("at most 100%") != std::string::npos);
  CHECK(refusal("99999%").find("at most 100%") != std::string::npos);
  CHECK(refusal("2.5").find("whole") != std::string::npos);
  CHECK(refusal("12.345%").find("two decimals") != std::string::npos);
  CHECK(refusal("18446744073709551616").find("too large") != std::string::npos);
  CHECK(refusal("abc") == "expected N (a number of procedures) or P% (a percentage from 0 to 100), got 'abc'");
  for (const char* text :
       {"", "%", "+5", "10 %", " 10%", "10%%", "1e3", "0x10", ".5%", "5.%", "nan", "inf%", "10,5%", "5%5"})
    refusal(text);
  // A long value is shown shortened.
  CHECK(refusal(std::string(1000, '9').append("x").c_str()).size() < 200);
}

TEST_CASE("WithdrawLimit::allows: a count caps the number, a percentage the share of the catalog, equality allowed") {
  CHECK(WithdrawLimit::count(3).allows(3, 1000));
  CHECK_FALSE(WithdrawLimit::count(3).allows(4, 1000));
  CHECK(WithdrawLimit::count(0).allows(0, 1000));
  CHECK_FALSE(WithdrawLimit::count(0).allows(1, 1000));
  CHECK(WithdrawLimit().allows(20, 200));
  CHECK_FALSE(WithdrawLimit().allows(21, 200));
  CHECK(WithdrawLimit().allows(0, 0)); // an empty catalog withdraws nothing
  CHECK(WithdrawLimit::percent_hundredths(5000).allows(100, 200));
  CHECK_FALSE(WithdrawLimit::percent_hundredths(5000).allows(101, 200));
  CHECK(WithdrawLimit::percent_hundredths(1250).allows(1, 8));
  CHECK_FALSE(WithdrawLimit::percent_hundredths(1249).allows(1, 8));
  CHECK(WithdrawLimit::any().allows(200, 200));
  CHECK_FALSE(WithdrawLimit::percent_hundredths(0).allows(1, 1000000));
}

TEST_CASE("check_withdraw: the refusal names the counts, the date, the limit and both ways out") {
  CHECK(check_withdraw(20, 200, WithdrawLimit(), days_from_civil(2020, 2, 1)));
  auto refused = check_withdraw(197, 200, WithdrawLimit(), days_from_civil(2020, 2, 1));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::input);
  CHECK(
      refused.error().message ==
      "this full snapshot would withdraw 197 of the 200 procedures in the catalog as of 2020-02-01, more than --max-withdraw 10% "
      "allows; nothing was imported. A source cut short must not withdraw the catalog: to only add and update procedures, "
      "import with --partial; if these withdrawals are real, raise the limit (--max-withdraw 197, or 100% to allow any)");
}
