#pragma once
// User date formats (a mapping's `date_format`: %d %m %Y %y %H %I %M %S %p, %% and literal
// characters; %y pivots as POSIX: 00-69 are 2000-2069, 70-99 are 1970-1999; %p is SA/CH or
// AM/PM with %I, a 12-hour clock), compiled once and matched strictly: every directive must match and nothing
// may be left over, so a cell that does not fit is rejected instead of read as midnight.
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

class DateFormat {
public:
  // Compiles a pattern; the error names the bad directive.
  static Result<DateFormat> compile(std::string_view pattern);
  // Parses a whole cell. The one allowed shortening: a pattern with a time also accepts a
  // cell that stops right after its date part (legacy dumps drop "00:00"), a date-only
  // moment made an instant by `as`. A time part present only in part is an error. The
  // error (ErrorKind::input) says what did not match; the caller adds the column and value.
  Result<Moment> parse(std::string_view text, DateAs as) const;
  const std::string& pattern() const { return m_pattern; }

private:
  struct Token {
    char kind; // d m Y y H M S, or 'L' for a literal
    char literal;
  };
  std::string m_pattern;
  std::vector<Token> m_tokens;
  size_t m_date_end = 0; // tokens before this index hold the date part
  bool m_has_time = false;
};

} // namespace motcua
