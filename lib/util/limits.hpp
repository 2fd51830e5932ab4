#pragma once
// The size limits every input path shares, so a value accepted in one format or command is
// accepted in all of them (and one refused is refused everywhere).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace motcua {

// The longest processing time or duration, in its unit (days, working days, hours): the
// catalog's cap, and the bound of every CLI duration. Far beyond any legal deadline, far
// below where due-time arithmetic could overflow.
inline constexpr double k_max_duration = 100'000;
// A code (dossier, procedure, agency): printable text of at most this many characters.
inline constexpr std::size_t k_max_code_chars = 255;
// One field of a record, in any input format.
inline constexpr std::size_t k_max_field_bytes = std::size_t{1} << 20;

// Whether `amount` is a duration motcua accepts: finite, > 0 (>= 0 when zero_ok) and at most
// k_max_duration. The error (usage kind) names `what` and the bound, never a 309-digit number.
Status check_duration(double amount, const std::string& what, bool zero_ok = false);

// "A valid code" (dossier, procedure, agency): non-empty printable text, no control character
// (C0, DEL, C1; NUL included) and at most k_max_code_chars characters. nullopt when valid, else
// what is wrong with it ("contains control character U+0000 at character 5").
std::optional<std::string> code_problem(std::string_view code);

} // namespace motcua
