#include "util/limits.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace motcua {

Status check_duration(double amount, const std::string& what, bool zero_ok) {
  bool ok = std::isfinite(amount) && (zero_ok ? amount >= 0 : amount > 0) && amount <= k_max_duration;
  if (ok) return {};
  char shown[32];
  if (std::isfinite(amount) && std::fabs(amount) < 1e15) std::snprintf(shown, sizeof shown, "%.6g", amount);
  else
    std::snprintf(shown, sizeof shown, "%s",
                  std::isnan(amount)   ? "NaN"
                  : std::isinf(amount) ? "infinity"
                                       : "a huge number");
  return make_error(ErrorKind::usage, what + ": expected a number " + (zero_ok ? ">= 0" : "> 0") + " and at most " +
                                          std::to_string(static_cast<long>(k_max_duration)) + ", got " + shown);
}

std::optional<std::string> code_problem(std::string_view code) {
  if (code.empty()) return "is empty";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < code.size(); ++chars) {
    auto c = static_cast<unsigned char>(code[i]);
    std::uint32_t cp = c;
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > code.size()) return "is not valid UTF-8";
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) {
        auto cc = static_cast<unsigned char>(code[i + k]);
        if ((cc & 0xC0) != 0x80) return "is not valid UTF-8";
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
      return std::string("contains control character ") + hex + " at character " + std::to_string(chars + 1);
    }
    i += len;
  }
  if (chars > k_max_code_chars)
    return "is " + std::to_string(chars) + " characters long, at most " + std::to_string(k_max_code_chars) + " allowed";
  return std::nullopt;
}

} // namespace motcua
