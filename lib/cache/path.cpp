#include "cache/path.hpp"

#include <cstdlib>
#include <filesystem>

namespace motcua {

namespace {
std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}
} // namespace

std::string resolve_db_path(const std::optional<std::string>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (std::string env = env_or_empty("MOTCUA_DB"); !env.empty()) return env;
  std::string data = env_or_empty("XDG_DATA_HOME");
  if (data.empty()) {
    std::string home = env_or_empty("HOME");
    data = (home.empty() ? std::string(".") : home) + "/.local/share";
  }
  return data + "/motcua/motcua.db";
}

std::string db_directory(const std::string& db_path) {
  std::filesystem::path p(db_path);
  auto parent = p.parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

} // namespace motcua
