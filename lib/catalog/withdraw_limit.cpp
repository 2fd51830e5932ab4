#include "catalog/withdraw_limit.hpp"

#include <charconv>
#include <optional>

namespace motcua {

namespace {

// The digits of a whole number, or nullopt when there are none, other characters, or too many.
std::optional<std::uint64_t> whole_number(std::string_view digits) {
  std::uint64_t v = 0;
  if (digits.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return v;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

Error bad_limit(std::string_view text, const std::string& why) {
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "…";
  return make_error(ErrorKind::usage, "expected N (a number of procedures) or P% (a percentage from 0 to 100), got '" +
                                          shown + "'" + (why.empty() ? "" : ": " + why));
}

} // namespace

WithdrawLimit WithdrawLimit::count(std::uint64_t procedures) {
  WithdrawLimit l;
  l.m_percent = false;
  l.m_value = procedures;
  return l;
}

WithdrawLimit WithdrawLimit::percent_hundredths(std::uint32_t hundredths) {
  WithdrawLimit l;
  l.m_percent = true;
  l.m_value = hundredths > 10000 ? 10000 : hundredths;
  return l;
}

bool WithdrawLimit::allows(std::uint64_t withdraw, std::uint64_t present) const {
  if (!m_percent) return withdraw <= m_value;
  if (m_value >= 10000) return true;
  // withdraw/present <= value/10000, in integers (a catalog is far below 2^64/10^4 procedures).
  return withdraw * 10000 <= present * m_value;
}

std::string WithdrawLimit::text() const {
  if (!m_percent) return std::to_string(m_value);
  std::string s = std::to_string(m_value / 100);
  if (auto frac = m_value % 100; frac != 0) {
    s += frac < 10 ? ".0" : ".";
    s += std::to_string(frac % 10 == 0 ? frac / 10 : frac);
  }
  s += '%';
  return s;
}

Result<WithdrawLimit> parse_withdraw_limit(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+'))
    return bad_limit(text, text.front() == '-' ? "a limit cannot be negative" : "write the number without a sign");
  if (text.empty() || text.back() != '%') {
    if (!all_digits(text))
      return bad_limit(text, text.find('.') != std::string_view::npos ? "a number of procedures is whole" : "");
    auto n = whole_number(text);
    if (!n) return bad_limit(text, "too large; 100% allows any withdrawal");
    return WithdrawLimit::count(*n);
  }
  std::string_view number = text.substr(0, text.size() - 1);
  std::string_view whole = number.substr(0, number.find('.'));
  std::string_view frac = number.size() > whole.size() ? number.substr(whole.size() + 1) : std::string_view();
  bool has_dot = number.size() > whole.size();
  if (!all_digits(whole) || (has_dot && !all_digits(frac))) return bad_limit(text, "");
  if (frac.size() > 2) return bad_limit(text, "at most two decimals");
  auto w = whole.size() > 3 ? std::nullopt : whole_number(whole);
  std::uint64_t hundredths = w ? *w * 100 : 100000;
  if (frac.size() >= 1) hundredths += static_cast<std::uint64_t>(frac[0] - '0') * 10;
  if (frac.size() == 2) hundredths += static_cast<std::uint64_t>(frac[1] - '0');
  if (hundredths > 10000) return bad_limit(text, "a percentage is at most 100%");
  return WithdrawLimit::percent_hundredths(static_cast<std::uint32_t>(hundredths));
}

Status check_withdraw(std::uint64_t withdraw, std::uint64_t present, const WithdrawLimit& limit, Days as_of) {
  if (limit.allows(withdraw, present)) return {};
  return make_error(
      ErrorKind::input,
      "this full snapshot would withdraw " + std::to_string(withdraw) + " of the " + std::to_string(present) +
          " procedures in the catalog as of " + format_date(as_of) + ", more than --max-withdraw " + limit.text() +
          " allows; nothing was imported. A source cut short must not withdraw the catalog: to only add and "
          "update procedures, import with --partial; if these withdrawals are real, raise the limit (--max-withdraw " +
          std::to_string(withdraw) + ", or 100% to allow any)");
}

} // namespace motcua
