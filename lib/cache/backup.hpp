#pragma once
// `db backup` and `db restore`: consistent copies of the cache through SQLite's online backup
// API (a writer may be running: the copy is one read snapshot), checked before they count.
#include <string>
#include <vector>

#include "store/sqlite.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// Copies the open cache `db` into the new file `dest` (0600): built under a temporary name in
// the same directory, quick_check'ed, then linked into place (an existing `dest` is refused,
// ErrorKind::usage, unless `force`). Nothing is left behind on failure.
Status backup_cache(store::SqliteDatabase& db, const std::string& dest, bool force);

// The name of a dated copy in a backup directory: motcua-YYYYMMDD-HHMMSS.db (local time).
std::string dated_backup_name(Instant t);

// Deletes the oldest dated copies in `dir` (only names dated_backup_name writes) so that
// `keep` remain; returns the paths removed.
Result<std::vector<std::string>> rotate_backups(const std::string& dir, int keep);

// Replaces the cache at `db_path` by the backup `src` under the writer lock: `src` must be a
// motcua cache (a newer one is ErrorKind::cache, exit 7) that passes quick_check; the current
// cache is kept as `<db_path>.bak` until the restored copy passes quick_check, and put back if
// it does not. A `.bak` already there is refused (ErrorKind::usage): it may be the only good copy.
Status restore_cache(const std::string& src, const std::string& db_path, double lock_timeout_seconds);

} // namespace motcua
