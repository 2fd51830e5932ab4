#pragma once
// Where the cache lives (motcua(1), FILES): --db, else $MOTCUA_DB, else the XDG data dir.
#include <optional>
#include <string>

namespace motcua {

// The cache path from an explicit --db value and the environment.
std::string resolve_db_path(const std::optional<std::string>& explicit_path);
// The directory holding the cache (rejects files default there).
std::string db_directory(const std::string& db_path);

} // namespace motcua
