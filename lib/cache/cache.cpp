#include "cache/cache.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/path.hpp"
#include "cache/schema.hpp"

namespace motcua {

Error cache_error(const SQLite::Exception& e, const std::string& path, const std::string& doing) {
  int code = e.getErrorCode() & 0xFF;
  std::string what = "cache " + path + ": " + doing + " failed: " + e.what();
  switch (code) {
  case SQLITE_FULL: return make_error(ErrorKind::cache, what + " (disk full: free space and run again)");
  case SQLITE_READONLY: return make_error(ErrorKind::cache, what + " (the cache is read-only: check its permissions)");
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return make_error(ErrorKind::cache, what + " (the file is corrupt or not a motcua cache: restore a backup or point --db elsewhere)");
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return make_error(ErrorKind::locked, what + " (another process holds the database)");
  case SQLITE_CANTOPEN: return make_error(ErrorKind::cache, what + " (check the path and its permissions)");
  default: return make_error(ErrorKind::cache, what);
  }
}

namespace {

// Creates the parent directory (0700) on first write; the lock file lives there too,
// so this must happen before the lock is taken.
Status create_private_dir(const std::string& path) {
  std::error_code ec;
  std::filesystem::path dir = db_directory(path);
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ErrorKind::cache, "cannot create directory " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  return {};
}

// Creates an empty file (0600) before SQLite opens it, so the cache is never
// readable by others, not even for a moment.
Status create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(ErrorKind::cache, "cannot create cache " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  ::close(fd);
  return {};
}

// Refuses a file motcua must not touch (newer schema, someone else's database);
// runs before any pragma that writes, so a refused file is left byte for byte.
Status check_identity(SQLite::Database& db, const std::string& path) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  int app_id = db.execAndGet("PRAGMA application_id").getInt();
  // Every migration sets our application_id with the version, so another id, or a version
  // without ours (or below 0, which no migration writes), is another program's database.
  if (version < 0 || (app_id != k_application_id && (app_id != 0 || version != 0)))
    return make_error(ErrorKind::cache, "file " + path + " is a SQLite database but not a motcua cache: point --db elsewhere");
  if (version > k_schema_version)
    return make_error(ErrorKind::cache, "cache " + path + " has schema version " + std::to_string(version) +
                                            ", written by a newer motcua (this one knows up to " +
                                            std::to_string(k_schema_version) + "): upgrade motcua");
  if (version == 0 && app_id == 0) {
    // An empty database file: anything already in it is not ours.
    int tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (tables > 0)
      return make_error(ErrorKind::cache, "file " + path + " is a SQLite database but not a motcua cache: point --db elsewhere");
  }
  return {};
}

Status migrate(SQLite::Database& db, const std::string& path) {
  if (auto st = check_identity(db, path); !st) return st;
  int version = db.execAndGet("PRAGMA user_version").getInt();
  auto steps = migrations();
  for (int v = version; v < k_schema_version; ++v) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(steps[static_cast<size_t>(v)]));
    db.exec("PRAGMA application_id = " + std::to_string(k_application_id));
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
  return {};
}

} // namespace

Result<std::unique_ptr<Cache>> Cache::open(const std::string& path, CacheMode mode, double lock_timeout_seconds) {
  std::unique_ptr<Cache> cache(new Cache());
  cache->m_path = path;
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  try {
    if (mode == CacheMode::read && !exists) {
      // Nothing imported yet: answer from an empty in-memory cache, create nothing.
      cache->m_exists = false;
      cache->m_db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      if (auto st = migrate(*cache->m_db, path); !st) return st.error();
      return cache;
    }
    if (mode == CacheMode::write) {
      if (!exists)
        if (auto st = create_private_dir(path); !st) return st.error();
      auto lock = WriterLock::acquire(path, lock_timeout_seconds);
      if (!lock) return lock.error();
      cache->m_lock = std::move(*lock);
      if (!exists)
        if (auto st = create_private_file(path); !st) return st.error();
    }
    int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX; // one thread per connection
    if (mode == CacheMode::read && ::access(path.c_str(), W_OK) != 0) flags = SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
    cache->m_db = std::make_unique<SQLite::Database>(path, flags, 10000);
    auto& db = *cache->m_db;
    if (auto st = check_identity(db, path); !st) return st.error();
    if (flags & SQLite::OPEN_READWRITE) db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA temp_store = MEMORY");
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version < k_schema_version && mode == CacheMode::read) {
      // An older cache is migrated under the writer lock, even by a reader.
      auto lock = WriterLock::acquire(path, lock_timeout_seconds);
      if (!lock) return lock.error();
      if (auto st = migrate(db, path); !st) return st.error();
    } else if (auto st = migrate(db, path); !st) {
      return st.error();
    }
    // A first migration killed before its end leaves the table without its index: the
    // next writer puts it back (a no-op when it is there). Best effort: a full temporary
    // directory must not lock every writer out; the one after retries.
    if (mode == CacheMode::write) (void)ensure_dossiers_received_index(db);
    // Without it, reads in receipt order sort the whole table: on disk, not in memory.
    auto indexed = has_dossiers_received_index(db);
    if (!indexed) return indexed.error();
    if (!*indexed) db.exec("PRAGMA temp_store = FILE");
  } catch (const SQLite::Exception& e) {
    return cache_error(e, path, "opening");
  }
  return cache;
}

} // namespace motcua
