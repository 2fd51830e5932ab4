#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "cache/path.hpp"

using namespace motcua;

namespace {

// Saves the variables resolve_db_path reads and puts them back, so test order never matters.
class EnvGuard {
public:
  EnvGuard() {
    for (auto& [name, value] : m_saved) {
      const char* v = std::getenv(name);
      if (v) value = v;
    }
  }
  ~EnvGuard() {
    for (auto& [name, value] : m_saved) {
      if (value) ::setenv(name, value->c_str(), 1);
      else ::unsetenv(name);
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

private:
  std::pair<const char*, std::optional<std::string>> m_saved[3] = {
      {"MOTCUA_DB", std::nullopt}, {"XDG_DATA_HOME", std::nullopt}, {"HOME", std::nullopt}};
};

} // namespace

TEST_CASE("resolve_db_path: --db wins over every variable") {
  EnvGuard guard;
  ::setenv("MOTCUA_DB", "/env/m.db", 1);
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  ::setenv("HOME", "/home/u", 1);
  CHECK(*resolve_db_path(std::string("/explicit/x.db")) == "/explicit/x.db");
  CHECK(*resolve_db_path(std::string("relative.db")) == "relative.db");
}

TEST_CASE("resolve_db_path: an empty --db counts as absent") {
  EnvGuard guard;
  ::setenv("MOTCUA_DB", "/env/m.db", 1);
  CHECK(*resolve_db_path(std::string()) == "/env/m.db");
}

TEST_CASE("resolve_db_path: $MOTCUA_DB, then $XDG_DATA_HOME, then $HOME/.local/share") {
  EnvGuard guard;
  ::setenv("MOTCUA_DB", "/env/m.db", 1);
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  ::setenv("HOME", "/home/u", 1);
  CHECK(*resolve_db_path(std::nullopt) == "/env/m.db");

  ::unsetenv("MOTCUA_DB");
  CHECK(*resolve_db_path(std::nullopt) == "/xdg/motcua/motcua.db");

  ::setenv("MOTCUA_DB", "", 1); // set but empty: as if unset
  CHECK(*resolve_db_path(std::nullopt) == "/xdg/motcua/motcua.db");

  ::unsetenv("XDG_DATA_HOME");
  CHECK(*resolve_db_path(std::nullopt) == "/home/u/.local/share/motcua/motcua.db");

  ::setenv("XDG_DATA_HOME", "", 1); // ${XDG_DATA_HOME:-...}: empty falls back too
  CHECK(*resolve_db_path(std::nullopt) == "/home/u/.local/share/motcua/motcua.db");
}

TEST_CASE("resolve_db_path: no HOME at all is a usage error, never a path under the current directory") {
  EnvGuard guard;
  ::unsetenv("MOTCUA_DB");
  ::unsetenv("XDG_DATA_HOME");
  ::unsetenv("HOME");
  auto r = resolve_db_path(std::nullopt);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(r.error().message.find("MOTCUA_DB") != std::string::npos);
  ::setenv("XDG_DATA_HOME", "relative/data", 1); // the XDG spec says to ignore a relative value
  CHECK_FALSE(resolve_db_path(std::nullopt));
  ::setenv("HOME", "/home/u", 1);
  CHECK(*resolve_db_path(std::nullopt) == "/home/u/.local/share/motcua/motcua.db");
  CHECK(*resolve_db_path(std::string("x.db")) == "x.db"); // an explicit --db is the user's choice
}

TEST_CASE("db_directory: the parent, or . for a bare file name") {
  CHECK(db_directory("/a/b/motcua.db") == "/a/b");
  CHECK(db_directory("sub/x.db") == "sub");
  CHECK(db_directory("x.db") == ".");
  CHECK(db_directory("/x.db") == "/");
}
