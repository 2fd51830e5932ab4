#pragma once
// Where the cache lives (motcua(1), FILES): --db, else $MOTCUA_DB, else the XDG data dir.
#include <optional>
#include <string>

#include "util/error.hpp"

namespace motcua {

// The cache path from an explicit --db value and the environment; a usage error when
// nothing names a home for it (a service without HOME would otherwise write under its cwd).
Result<std::string> resolve_db_path(const std::optional<std::string>& explicit_path);
// The XDG default cache path ($XDG_DATA_HOME, else $HOME/.local/share, /motcua/motcua.db), ignoring --db and
// MOTCUA_DB: where a PostgreSQL user's local files (rejects) go, since the store has no directory.
Result<std::string> default_db_path();
// The directory holding the cache (rejects files default there).
std::string db_directory(const std::string& db_path);
// The path with every symlink resolved (of its directory when the file does not exist yet):
// the lock is named after it, so two names of one cache share one lock.
std::string real_db_path(const std::string& db_path);

} // namespace motcua
