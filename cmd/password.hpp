#pragma once
// Passwords for secret keys: from a file (--password-file) or typed at the terminal with echo
// off; never from argv or the environment, never echoed or logged.
#include <string>

#include "util/error.hpp"

namespace motcua::cli {

// The password from `file` when given, else asked on /dev/tty (twice when `confirm`, to catch a
// typo in a new key's password). No file and no terminal is a usage error naming the option.
Result<std::string> obtain_password(const std::string& file, const std::string& what, bool confirm);

} // namespace motcua::cli
