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

Result<std::string> resolve_db_path(const std::optional<std::string>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (std::string env = env_or_empty("MOTCUA_DB"); !env.empty()) return env;
  return default_db_path();
}

Result<std::string> default_db_path() {
  // The XDG spec ignores a relative XDG_DATA_HOME, and so does HOME here: either would
  // put the cache wherever the job happens to run.
  std::string data = env_or_empty("XDG_DATA_HOME");
  if (data.empty() || data.front() != '/') {
    std::string home = env_or_empty("HOME");
    if (home.empty() || home.front() != '/')
      return make_error(ErrorKind::usage, "no place for the cache: none of --db, MOTCUA_DB, XDG_DATA_HOME or HOME is "
                                          "set (to an absolute path); set MOTCUA_DB=/path/to/motcua.db or pass --db "
                                          "(in a systemd unit: Environment=MOTCUA_DB=... or User=...)");
    data = home + "/.local/share";
  }
  return data + "/motcua/motcua.db";
}

std::string db_directory(const std::string& db_path) {
  std::filesystem::path p(db_path);
  auto parent = p.parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

std::string real_db_path(const std::string& db_path) {
  std::error_code ec;
  auto real = std::filesystem::canonical(db_path, ec);
  if (!ec) return real.string();
  std::filesystem::path p(db_path);
  auto dir = std::filesystem::canonical(db_directory(db_path), ec);
  if (ec) return db_path;
  return (dir / p.filename()).string();
}

} // namespace motcua
