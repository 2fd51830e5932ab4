#include "util/date_format.hpp"

namespace motcua {

namespace {

Error mismatch(std::string why) { return make_error(ErrorKind::input, std::move(why)); }

std::string directive(char kind) { return std::string("%") + kind; }

} // namespace

Result<DateFormat> DateFormat::compile(std::string_view pattern) {
  DateFormat f;
  f.m_pattern = pattern;
  bool seen[128] = {};
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c != '%') {
      f.m_tokens.push_back({'L', c});
      continue;
    }
    if (++i == pattern.size())
      return make_error(ErrorKind::input, "date_format '" + std::string(pattern) + "' ends with a lone %");
    char k = pattern[i];
    if (k == '%') {
      f.m_tokens.push_back({'L', '%'});
      continue;
    }
    if (std::string_view("dmYyHIMSp").find(k) == std::string_view::npos)
      return make_error(ErrorKind::input, "date_format '" + std::string(pattern) + "': unknown directive %" +
                                              std::string(1, k) + " (known: %d %m %Y %y %H %I %M %S %p %%)");
    if (seen[static_cast<unsigned char>(k)] || (k == 'Y' && seen['y']) || (k == 'y' && seen['Y']) ||
        (k == 'H' && seen['I']) || (k == 'I' && seen['H']))
      return make_error(ErrorKind::input,
                        "date_format '" + std::string(pattern) + "': %" + std::string(1, k) + " appears twice");
    seen[static_cast<unsigned char>(k)] = true;
    f.m_tokens.push_back({k, 0});
  }
  if (!seen['d'] || !seen['m'] || !(seen['Y'] || seen['y']))
    return make_error(ErrorKind::input, "date_format '" + std::string(pattern) + "' needs %d, %m and %Y (or %y)");
  if (seen['M'] && !seen['H'] && !seen['I'])
    return make_error(ErrorKind::input, "date_format '" + std::string(pattern) + "' has %M without %H");
  if (seen['I'] != seen['p'])
    return make_error(ErrorKind::input, "date_format '" + std::string(pattern) +
                                            "': %I (12-hour clock) and %p (SA/CH, AM/PM) go together");
  f.m_has_time = seen['H'] || seen['I'];
  // The date part ends after the last date directive; what follows is the time.
  size_t last_date = 0;
  for (size_t i = 0; i < f.m_tokens.size(); ++i)
    if (std::string_view("dmYy").find(f.m_tokens[i].kind) != std::string_view::npos) last_date = i;
  f.m_date_end = last_date + 1;
  return f;
}

Result<Moment> DateFormat::parse(std::string_view s, DateAs as) const {
  int year = -1, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int afternoon = -1; // %p: 0 morning, 1 afternoon
  size_t pos = 0;
  bool date_only = !m_has_time;
  for (size_t t = 0; t < m_tokens.size(); ++t) {
    if (pos == s.size() && t == m_date_end && m_has_time) {
      // The cell stops exactly after its date: a date-only value.
      date_only = true;
      break;
    }
    const Token& tok = m_tokens[t];
    if (tok.kind == 'L') {
      // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on "literal" + std::string here.
      std::string expected = "'";
      expected += tok.literal;
      expected += "' was expected";
      if (pos >= s.size()) return mismatch("the value ends where " + expected);
      if (s[pos] != tok.literal) {
        std::string met = "'";
        met += s[pos];
        met += "' where ";
        return mismatch(met + expected);
      }
      ++pos;
      continue;
    }
    if (tok.kind == 'p') {
      // The morning/afternoon marker: Vietnamese SA (sáng) / CH (chiều), or AM / PM, any case.
      std::string marker(s.substr(pos, 2));
      for (auto& c : marker) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      if (marker == "SA" || marker == "AM") afternoon = 0;
      else if (marker == "CH" || marker == "PM") afternoon = 1;
      else return mismatch("%p expects SA or CH (or AM or PM)");
      pos += 2;
      continue;
    }
    size_t max_digits = tok.kind == 'Y' ? 4 : 2;
    size_t min_digits = tok.kind == 'Y' || tok.kind == 'y' ? max_digits : 1;
    size_t start = pos;
    int v = 0;
    while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') v = v * 10 + (s[pos++] - '0');
    if (pos - start < min_digits) {
      std::string want = min_digits == max_digits ? std::to_string(max_digits) + " digits" : "1 or 2 digits";
      if (start == s.size())
        return mismatch("the value ends where " + directive(tok.kind) + " (" + want + ") was expected");
      return mismatch(directive(tok.kind) + " expects " + want);
    }
    switch (tok.kind) {
    case 'd': day = v; break;
    case 'm': month = v; break;
    case 'Y': year = v; break;
    case 'y': year = v < 70 ? 2000 + v : 1900 + v; break; // the POSIX pivot: 00-69 → 20xx, 70-99 → 19xx
    case 'H':
    case 'I': hour = v; break;
    case 'M': minute = v; break;
    case 'S': second = v; break;
    default: break;
    }
  }
  if (pos != s.size()) {
    std::string left = "'";
    left += s.substr(pos, 40);
    left += "' is left over after the format";
    return mismatch(left);
  }
  auto d = civil_date(year, month, day);
  if (!d) return mismatch("no such date (day " + std::to_string(day) + ", month " + std::to_string(month) + ")");
  if (date_only) return Moment{date_instant(*d, as), true};
  if (afternoon >= 0) {
    if (hour < 1 || hour > 12) return mismatch("hour " + std::to_string(hour) + " on a 12-hour clock (1 to 12)");
    hour = hour % 12 + (afternoon ? 12 : 0); // 12 SA is midnight, 12 CH noon
  }
  auto tod = time_of_day(hour, minute, second);
  if (!tod) return mismatch("no such time of day");
  return Moment{local_instant(*d, *tod), false};
}

} // namespace motcua
