#include "cache/cache.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <vector>

#include "cache/path.hpp"
#include "cache/schema.hpp"
#include "store/url.hpp"

namespace motcua {

// What cache_error appends for SQLITE_CORRUPT and SQLITE_NOTADB.
constexpr const char* k_corrupt_note =
    " (the file is corrupt or not a motcua cache: restore a backup or point --db elsewhere)";

namespace {

// Where SQLite puts its temporary files (a sort without an index, an index build): the first
// usable of SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp, /tmp, as its unix VFS picks it.
std::string sqlite_temp_directory() {
  std::vector<std::string> candidates;
  for (const char* var : {"SQLITE_TMPDIR", "TMPDIR"})
    if (const char* v = std::getenv(var); v && *v) candidates.emplace_back(v);
  for (const char* d : {"/var/tmp", "/usr/tmp", "/tmp"}) candidates.emplace_back(d);
  for (const auto& d : candidates) {
    struct stat st {};
    if (::stat(d.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && ::access(d.c_str(), W_OK | X_OK) == 0) return d;
  }
  return ".";
}

// Whether the filesystem holding `path` still has room (more than 1 MiB free).
bool has_room(const std::string& path) {
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? std::string(1, '.') : path.substr(0, slash == 0 ? 1 : slash);
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) return false;
  return static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize > (1ull << 20);
}

// SQLITE_FULL: the cache's disk, or, when that one has room, the temporary directory where
// SQLite sorts (readers without the receipt index, index builds).
std::string full_note(const std::string& path) {
  if (path.empty() || !has_room(path)) return " (disk full: free space on the cache's disk and run again)";
  std::string tmp = sqlite_temp_directory();
  return " (the temporary directory " + tmp +
         " is full: SQLite sorts there (TMPDIR); free space in it, or point TMPDIR at a larger one, and run again)";
}

// The kind and advice for one primary SQLite result code.
Error cache_error_of_code(int code, const std::string& what, const std::string& path) {
  switch (code) {
  case SQLITE_FULL: return make_error(ErrorKind::cache, what + full_note(path));
  case SQLITE_READONLY: return make_error(ErrorKind::cache, what + " (the cache is read-only: check its permissions)");
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return make_error(ErrorKind::cache, what + k_corrupt_note);
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return make_error(ErrorKind::locked, what + " (another process holds the database)");
  case SQLITE_CANTOPEN: return make_error(ErrorKind::cache, what + " (check the path and its permissions)");
  default: return make_error(ErrorKind::cache, what);
  }
}

// The kind and advice for a failure without a SQLite code (another engine).
Error cache_error_of_failure(store::Failure failure, const std::string& what) {
  switch (failure) {
  case store::Failure::busy: return make_error(ErrorKind::locked, what + " (another process holds the database)");
  case store::Failure::full: return make_error(ErrorKind::cache, what + " (the store's disk or quota is full)");
  case store::Failure::read_only: return make_error(ErrorKind::cache, what + " (the store is read-only)");
  case store::Failure::corrupt: return make_error(ErrorKind::cache, what + " (the store is damaged)");
  case store::Failure::connection: return make_error(ErrorKind::remote, what);
  case store::Failure::auth: return make_error(ErrorKind::remote, what);
  default: return make_error(ErrorKind::cache, what);
  }
}

} // namespace

Error cache_error(const store::Exception& e, const std::string& path, const std::string& doing) {
  int code = e.sqlite_code() & 0xFF;
  std::string what = "cache " + path + ": " + doing + " failed: " + e.what();
  if (code == 0) return cache_error_of_failure(e.failure(), what);
  Error error = cache_error_of_code(code, what, path);
  error.sqlite_code = code;
  return error;
}

namespace {

// Percent-escapes what a SQLite URI path must not carry raw.
std::string uri_escape(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c == 0x7F) {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

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
Status check_identity(store::SqliteDatabase& db, const std::string& path) {
  int version = static_cast<int>(db.query_int64("PRAGMA user_version"));
  int app_id = static_cast<int>(db.query_int64("PRAGMA application_id"));
  // Every migration sets our application_id with the version, so another id, or a version
  // without ours (or below 0, which no migration writes), is another program's database.
  if (version < 0 || (app_id != k_application_id && (app_id != 0 || version != 0)))
    return make_error(ErrorKind::cache,
                      "file " + path + " is a SQLite database but not a motcua cache: point --db elsewhere");
  if (version > k_schema_version)
    return make_error(ErrorKind::cache, "cache " + path + " has schema version " + std::to_string(version) +
                                            ", written by a newer motcua (this one knows up to " +
                                            std::to_string(k_schema_version) + "): upgrade motcua");
  if (version == 0 && app_id == 0) {
    // An empty database file: anything already in it is not ours.
    std::int64_t tables = db.query_int64("SELECT count(*) FROM sqlite_master");
    if (tables > 0)
      return make_error(ErrorKind::cache,
                        "file " + path + " is a SQLite database but not a motcua cache: point --db elsewhere");
  }
  return {};
}

// The one message for "there is no cache here", so scripts and people see why an answer is missing.
Error no_cache_error(const std::string& path) {
  return make_error(ErrorKind::cache, "no cache at " + path + ": import a catalog first (or check --db / MOTCUA_DB)");
}

bool is_empty_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

// Readers open the cache read-write only when they could write its side files anyway; on
// read-only media or a read-only file they open it read-only, and when no WAL is pending and
// the directory cannot take a -shm file, as immutable (nothing else can be changing it).
std::unique_ptr<store::SqliteDatabase> open_for_reading(const std::string& path, bool never_write) {
  std::string dir = db_directory(path);
  bool dir_writable = ::access(dir.c_str(), W_OK) == 0;
  bool file_writable = ::access(path.c_str(), W_OK) == 0;
  if (!never_write && dir_writable && file_writable)
    return std::make_unique<store::SqliteDatabase>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 10000);
  struct stat wal {};
  bool wal_pending = ::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0;
  if (!dir_writable && !wal_pending) {
    std::string uri = "file:" + uri_escape(std::filesystem::absolute(path).string()) + "?immutable=1";
    return std::make_unique<store::SqliteDatabase>(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                                   10000);
  }
  return std::make_unique<store::SqliteDatabase>(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 10000);
}

// A writer needs the file and its directory (WAL and journal side files) writable.
Status check_writable(const std::string& path) {
  std::string dir = db_directory(path);
  if (::access(path.c_str(), W_OK) != 0 || ::access(dir.c_str(), W_OK) != 0)
    return make_error(ErrorKind::cache, "cache " + path + " is read-only (" +
                                            (::access(path.c_str(), W_OK) != 0 ? "the file" : "its directory " + dir) +
                                            " cannot be written): reading commands work on it, writing ones need a "
                                            "writable copy");
  return {};
}

// Two names of one file would each get their own lock file, and a write through one name
// changes the "copy" behind the other: a writer refuses a cache with several hard links.
Status check_single_link(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && st.st_nlink > 1)
    return make_error(ErrorKind::cache, "cache " + path + " has " + std::to_string(st.st_nlink) +
                                            " hard links: a writer would change every one of them and could not lock "
                                            "out writers using another name; make a real copy (cp) instead");
  return {};
}

// What a writer checks before its first write (README "what is checked when"): the whole
// file with quick_check while it is small; above k_full_check_max_bytes the free-page list
// and every table but the dossiers (small, and read by every import), leaving the dossier
// pages to cell_size_check as the writer visits them and to `db check`.
Status check_before_write(store::SqliteDatabase& db, const std::string& path) {
  auto corrupt = [&](const std::string& what) {
    return make_error(ErrorKind::cache, "cache " + path + " is corrupt (" + what +
                                            "): nothing was written; restore a backup or re-import the sources "
                                            "(`motcua db check` lists the problems)");
  };
  struct stat st {};
  std::int64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
  std::int64_t pages = db.query_int64("PRAGMA page_count");
  std::int64_t free_pages = db.query_int64("PRAGMA freelist_count");
  if (free_pages < 0 || free_pages > pages)
    return corrupt("the free-page list counts " + std::to_string(free_pages) + " of " + std::to_string(pages) +
                   " pages");
  std::vector<std::string> checks;
  if (size <= k_full_check_max_bytes) {
    checks.push_back("PRAGMA quick_check(20)");
  } else {
    auto tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'dossiers'");
    while (tables->step()) checks.push_back("PRAGMA quick_check(\"" + tables->get_string(0) + "\")");
  }
  for (const auto& sql : checks) {
    auto check = db.prepare(sql);
    while (check->step()) {
      std::string line = check->get_string(0);
      if (line != "ok") return corrupt(line);
    }
  }
  return {};
}

Status migrate(store::SqliteDatabase& db, const std::string& path) {
  if (auto st = check_identity(db, path); !st) return st;
  int version = static_cast<int>(db.query_int64("PRAGMA user_version"));
  auto steps = migrations();
  for (int v = version; v < k_schema_version; ++v) {
    store::Transaction tx(db);
    db.exec(std::string(steps[static_cast<size_t>(v)]));
    db.exec("PRAGMA application_id = " + std::to_string(k_application_id));
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
  return {};
}

} // namespace

Error no_postgresql_engine() {
  return make_error(ErrorKind::usage,
                    "--db (or MOTCUA_DB, or the config file's db) names a PostgreSQL store, and this works only on a "
                    "SQLite cache file: on PostgreSQL use its own tools (pg_dump, pg_restore); a file whose name "
                    "starts with `keyword=` is written ./keyword=...");
}

Result<std::unique_ptr<Cache>> Cache::open_postgresql(const std::string& target, CacheMode mode,
                                                      double lock_timeout_seconds, std::string_view pg_schema) {
  std::unique_ptr<Cache> cache(new Cache());
  cache->m_postgresql = true;
  cache->m_path = store::redact_pg_target(target);
  cache->m_pg_schema = std::string(pg_schema);
  bool write = mode == CacheMode::write;
  // inspect is a plain reader on PostgreSQL: the server never hands a reader pages to check.
  auto store = store::open_pg_store(target, pg_schema, write, lock_timeout_seconds, mode == CacheMode::read_or_empty);
  if (!store) return store.error();
  cache->m_pg = std::move(*store);
  cache->m_path = cache->m_pg.db->name();
  if (cache->m_pg.exists) return cache;
  // No store in that schema and the command can say so: the same empty in-memory SQLite cache as for a
  // missing file (the domain code reads it through store::Database), and nothing created on the server.
  cache->m_exists = false;
  try {
    cache->m_db = store::SqliteDatabase::memory();
    if (auto st = migrate(*cache->m_db, ":memory:"); !st) return st.error();
  } catch (const store::Exception& e) {
    return cache_error(e, cache->m_path, "opening");
  }
  return cache;
}

Result<std::unique_ptr<Cache>> Cache::open(const std::string& path, CacheMode mode, double lock_timeout_seconds,
                                           std::string_view pg_schema) {
  // Decided before the filesystem is touched: a PostgreSQL target is never created as a file.
  if (store::names_postgresql(path)) return open_postgresql(path, mode, lock_timeout_seconds, pg_schema);
  std::unique_ptr<Cache> cache(new Cache());
  cache->m_path = path;
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  try {
    if (mode != CacheMode::write) {
      if (exists && !is_empty_file(path)) {
        cache->m_db = open_for_reading(path, mode == CacheMode::inspect);
        auto& db = *cache->m_db;
        if (auto st = check_identity(db, path); !st) return st.error();
        int version = static_cast<int>(db.query_int64("PRAGMA user_version"));
        if (version > 0) {
          if (version < k_schema_version) {
            // Some day: an older cache, upgraded by the next writer; a reader does not write.
            return make_error(ErrorKind::cache, "cache " + path + " has schema version " + std::to_string(version) +
                                                    ": run a writing command (e.g. `motcua db vacuum`) to upgrade it");
          }
          db.exec("PRAGMA foreign_keys = ON");
          db.exec("PRAGMA temp_store = MEMORY");
          // Without it, reads in receipt order sort the whole table: on disk, not in memory.
          auto indexed = has_dossiers_received_index(db);
          if (!indexed) return indexed.error();
          if (!*indexed) db.exec("PRAGMA temp_store = FILE");
          return cache;
        }
        cache->m_db.reset(); // a SQLite file with nothing in it yet: no cache
      }
      if (mode != CacheMode::read_or_empty) return no_cache_error(path);
      // Nothing imported yet and the command can say so: an empty in-memory cache, nothing created.
      cache->m_exists = false;
      cache->m_db = store::SqliteDatabase::memory();
      if (auto st = migrate(*cache->m_db, path); !st) return st.error();
      return cache;
    }

    // Writers: everything that can be refused is refused before anything is created.
    if (exists) {
      if (auto st = check_writable(path); !st) return st.error();
      if (auto st = check_single_link(path); !st) return st.error();
      store::SqliteDatabase probe(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
      if (auto st = check_identity(probe, path); !st) return st.error();
    } else if (auto st = create_private_dir(path); !st) {
      return st.error();
    }
    auto lock = WriterLock::acquire(path, lock_timeout_seconds);
    if (!lock) return lock.error();
    cache->m_lock = std::move(*lock);
    if (!exists)
      if (auto st = create_private_file(path); !st) return st.error();
    if (auto st = check_single_link(path); !st) return st.error();
    cache->m_db = std::make_unique<store::SqliteDatabase>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 10000);
    auto& db = *cache->m_db;
    if (auto st = check_identity(db, path); !st) return st.error();
    if (auto st = check_before_write(db, path); !st) return st.error();
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA temp_store = MEMORY");
    // Every page a writer loads gets its cells checked: corruption on the way surfaces
    // as SQLITE_CORRUPT (exit 7) instead of being written over.
    db.exec("PRAGMA cell_size_check = ON");
    if (auto st = migrate(db, path); !st) return st.error();
    // A first migration killed before its end leaves the table without its index: the
    // next writer puts it back (a no-op when it is there). Best effort: a full temporary
    // directory must not lock every writer out; the one after retries.
    // Corruption met on the way is not "best effort": it ends the run (exit 7).
    if (auto st = ensure_dossiers_received_index(db);
        !st && (st.error().sqlite_code == SQLITE_CORRUPT || st.error().sqlite_code == SQLITE_NOTADB))
      return st.error();
    // Without it, reads in receipt order sort the whole table: on disk, not in memory.
    auto indexed = has_dossiers_received_index(db);
    if (!indexed) return indexed.error();
    if (!*indexed) db.exec("PRAGMA temp_store = FILE");
  } catch (const store::Exception& e) {
    return cache_error(e, path, "opening");
  }
  return cache;
}

} // namespace motcua
