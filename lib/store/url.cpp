#include "store/url.hpp"

namespace motcua::store {

bool names_postgresql(std::string_view db) {
  if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) return true;
  std::size_t i = 0;
  while (i < db.size() && (db[i] == ' ' || db[i] == '\t')) ++i;
  std::size_t start = i;
  while (i < db.size() && ((db[i] >= 'a' && db[i] <= 'z') || (db[i] >= 'A' && db[i] <= 'Z') || db[i] == '_')) ++i;
  if (i == start) return false;
  while (i < db.size() && (db[i] == ' ' || db[i] == '\t')) ++i;
  return i < db.size() && db[i] == '=';
}

} // namespace motcua::store
