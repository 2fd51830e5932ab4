#pragma once
// How much of the catalog one full snapshot may withdraw (`catalog import --max-withdraw N|P%`):
// a feed cut short would otherwise withdraw most of the catalog in silence.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// A cap on the withdrawals of one full snapshot: a number of procedures, or a share of the
// procedures present in the catalog on the snapshot's date.
class WithdrawLimit {
public:
  // The default (10%): above a catalog's usual churn between two imports, far below a truncated feed.
  WithdrawLimit() = default;
  // At most `procedures` withdrawals, whatever the catalog's size.
  static WithdrawLimit count(std::uint64_t procedures);
  // At most `hundredths`/100 percent (0..10000) of the procedures present: hundredths keep 12.5% exact.
  static WithdrawLimit percent_hundredths(std::uint32_t hundredths);
  // 100%: any withdrawal is allowed (the guard is off).
  static WithdrawLimit any() { return percent_hundredths(10000); }

  // Whether withdrawing `withdraw` of the `present` procedures stays within the limit (equal is allowed).
  bool allows(std::uint64_t withdraw, std::uint64_t present) const;
  // The limit as the user writes it: "10%", "12.5%", "200".
  std::string text() const;
  bool operator==(const WithdrawLimit&) const = default;

private:
  bool m_percent = true;
  std::uint64_t m_value = 1000; // procedures, or hundredths of a percent
};

// `N` (a whole number of procedures) or `P%` (0 to 100, at most two decimals); anything else,
// a sign, or more than 100% is ErrorKind::usage naming the value.
Result<WithdrawLimit> parse_withdraw_limit(std::string_view text);

// Refuses (ErrorKind::input) a full snapshot as of `as_of` that would withdraw `withdraw` of the
// `present` procedures beyond `limit`; the message names both counts, the limit, --partial and --max-withdraw.
Status check_withdraw(std::uint64_t withdraw, std::uint64_t present, const WithdrawLimit& limit, Days as_of);

} // namespace motcua
