#include "dossiers/agencies.hpp"

#include "io/text.hpp"

namespace motcua {

void AgencyNames::add(std::string_view code, std::string_view name) {
  code = trim(code);
  if (code.empty()) return;
  m_codes.emplace(code);
  std::string key = fold_for_search(name);
  if (key.empty()) return;
  auto [it, inserted] = m_by_name.try_emplace(key, code);
  if (!inserted && it->second != code) it->second.clear(); // two agencies, one name: ambiguous
}

std::optional<std::string> AgencyNames::resolve(std::string_view code_or_name) const {
  code_or_name = trim(code_or_name);
  if (code_or_name.empty()) return std::nullopt;
  if (m_codes.count(std::string(code_or_name))) return std::string(code_or_name);
  auto it = m_by_name.find(fold_for_search(code_or_name));
  if (it == m_by_name.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool looks_like_agency_code(std::string_view text) {
  text = trim(text);
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') digit = true;
    else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-' || c == '_')) return false;
  }
  return digit;
}

} // namespace motcua
