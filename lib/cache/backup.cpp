#include "cache/backup.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>

#include "cache/cache.hpp"
#include "cache/lock.hpp"
#include "cache/path.hpp"
#include "cache/schema.hpp"
#include "store/url.hpp"

namespace motcua {

namespace {

std::string parent_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// Copies every page of `from` into `to` in one step: one read snapshot of the source (in WAL
// mode a writer goes on meanwhile), one write transaction on the destination. SQLite::Backup
// finishes the backup however this returns.
Status copy_pages(store::SqliteDatabase& from, store::SqliteDatabase& to, const std::string& what) {
  int rc = SQLITE_OK;
  try {
    SQLite::Backup backup(to.connection(), from.connection());
    for (int tries = 0; tries < 600; ++tries) {
      rc = backup.executeStep(-1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  } catch (const SQLite::Exception& e) {
    // A failed start names the destination's problem; a failed step, SQLite's text for its code.
    return make_error(ErrorKind::cache,
                      what + " failed: " + e.what() + ((e.getErrorCode() & 0xFF) == SQLITE_FULL ? " (disk full)" : ""));
  }
  if (rc != SQLITE_DONE)
    return make_error(ErrorKind::cache, what + " failed: " + sqlite3_errstr(rc)); // still busy after 30 s
  return {};
}

// "ok", or the first problem quick_check reports; corruption bad enough that the check itself
// stops (SQLITE_CORRUPT) is its answer too.
std::string quick_check(store::SqliteDatabase& db) {
  try {
    auto q = db.prepare("PRAGMA quick_check(5)");
    std::string first;
    while (q->step()) {
      std::string line = q->get_string(0);
      if (first.empty() || first == "ok") first = line;
    }
    return first.empty() ? "no answer" : first;
  } catch (const store::Exception& e) {
    int code = e.sqlite_code();
    if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB) throw;
    return e.what();
  }
}

// A private empty file next to `near`, for SQLite to fill.
Result<std::string> private_temp_near(const std::string& near) {
  std::string tmpl = parent_of(near) + "/.motcua-backup-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0)
    return make_error(ErrorKind::cache, "cannot create a file in " + parent_of(near) + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  ::close(fd);
  return std::string(buf.data());
}

void fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Refuses what is not a motcua cache this build can read: a newer schema is exit 7.
Status check_backup_identity(store::SqliteDatabase& db, const std::string& path) {
  int version = static_cast<int>(db.query_int64("PRAGMA user_version"));
  int app_id = static_cast<int>(db.query_int64("PRAGMA application_id"));
  if (app_id != k_application_id || version < 1)
    return make_error(ErrorKind::input, path + " is not a motcua cache (nor a backup of one); nothing was restored");
  if (version > k_schema_version)
    return make_error(ErrorKind::cache, path + " has schema version " + std::to_string(version) +
                                            ", written by a newer motcua (this one knows up to " +
                                            std::to_string(k_schema_version) +
                                            "): upgrade motcua to restore it; nothing was restored");
  return {};
}

} // namespace

Status backup_cache(store::SqliteDatabase& db, const std::string& dest, bool force) {
  std::error_code ec;
  if (!force && std::filesystem::exists(std::filesystem::symlink_status(dest, ec)))
    return make_error(ErrorKind::usage, "backup " + dest + " exists: choose a new name, a directory, or --force");
  auto tmp = private_temp_near(dest);
  if (!tmp) return tmp.error();
  auto drop = [&](const Error& e) {
    ::unlink(tmp->c_str());
    ::unlink((*tmp + "-journal").c_str());
    return e;
  };
  try {
    {
      store::SqliteDatabase copy(*tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
      if (auto st = copy_pages(db, copy, "backup of " + db.name() + " to " + dest); !st) return drop(st.error());
      // One self-contained file: no -wal beside it.
      copy.exec("PRAGMA journal_mode = DELETE");
      if (std::string q = quick_check(copy); q != "ok")
        return drop(make_error(ErrorKind::cache, "backup to " + dest + " failed its quick_check (" + q +
                                                     "); nothing was written: run `motcua db check`"));
    }
  } catch (const store::Exception& e) {
    return drop(cache_error(e, dest, "writing the backup"));
  }
  fsync_path(*tmp, O_RDONLY);
  if (force) {
    if (::rename(tmp->c_str(), dest.c_str()) != 0)
      return drop(make_error(ErrorKind::cache, "cannot rename the backup to " + dest + ": " + std::strerror(errno)));
  } else {
    // link() never replaces: a file that appeared meanwhile is not overwritten.
    if (::link(tmp->c_str(), dest.c_str()) != 0)
      return drop(make_error(errno == EEXIST ? ErrorKind::usage : ErrorKind::cache,
                             "cannot write the backup " + dest + ": " + std::strerror(errno)));
    ::unlink(tmp->c_str());
  }
  fsync_path(parent_of(dest), O_RDONLY | O_DIRECTORY);
  return {};
}

std::string dated_backup_name(Instant t) {
  CivilDate d = civil_from_days(local_date(t));
  int s = local_seconds_of_day(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "motcua-%04d%02u%02u-%02d%02d%02d.db", d.year, d.month, d.day, s / 3600, s / 60 % 60,
                s % 60);
  return buf;
}

Result<std::vector<std::string>> rotate_backups(const std::string& dir, int keep) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    // Exactly what dated_backup_name writes: nothing else in the directory is ours to delete.
    bool ours = name.size() == 25 && name.rfind("motcua-", 0) == 0 && name.substr(22) == ".db" && name[15] == '-' &&
                std::all_of(name.begin() + 7, name.begin() + 15, ::isdigit) &&
                std::all_of(name.begin() + 16, name.begin() + 22, ::isdigit);
    if (ours && entry.is_regular_file(ec)) names.push_back(name);
  }
  if (ec) return make_error(ErrorKind::cache, "cannot list " + dir + ": " + ec.message());
  std::sort(names.begin(), names.end()); // dated names sort by time
  std::vector<std::string> removed;
  for (std::size_t i = 0; static_cast<int>(names.size() - i) > keep; ++i) {
    std::string path = dir + "/" + names[i];
    if (::unlink(path.c_str()) != 0)
      return make_error(ErrorKind::cache, "cannot remove the old backup " + path + ": " + std::strerror(errno));
    removed.push_back(path);
  }
  return removed;
}

Status restore_cache(const std::string& src, const std::string& db_path, double lock_timeout_seconds) {
  if (store::names_postgresql(db_path)) return no_postgresql_engine();
  std::unique_ptr<store::SqliteDatabase> from_db;
  try {
    from_db = std::make_unique<store::SqliteDatabase>(src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (auto st = check_backup_identity(*from_db, src); !st) return st;
  } catch (const store::Exception& e) {
    if (e.sqlite_code() == SQLITE_NOTADB)
      return make_error(ErrorKind::input, src + " is not a motcua cache (nor a backup of one); nothing was restored");
    return cache_error(e, src, "reading the backup");
  }
  try {
    store::SqliteDatabase& from = *from_db;
    if (std::string q = quick_check(from); q != "ok")
      return make_error(ErrorKind::cache, "backup " + src + " failed its quick_check (" + q +
                                              "); nothing was restored: pick another backup");
    std::error_code ec;
    std::filesystem::path dir = db_directory(db_path);
    if (!std::filesystem::exists(dir, ec)) {
      std::filesystem::create_directories(dir, ec);
      if (ec) return make_error(ErrorKind::cache, "cannot create directory " + dir.string() + ": " + ec.message());
      ::chmod(dir.c_str(), 0700);
    }
    auto lock = WriterLock::acquire(db_path, lock_timeout_seconds);
    if (!lock) return lock.error();
    const std::string bak = db_path + ".bak";
    bool had_cache = std::filesystem::exists(db_path, ec);
    if (had_cache) {
      if (std::filesystem::exists(std::filesystem::symlink_status(bak, ec)))
        return make_error(ErrorKind::usage, bak + " exists (a restore that did not finish?): it may be the only good "
                                                  "copy; move it away, then run again; nothing was restored");
      store::SqliteDatabase current(db_path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
      int app_id = static_cast<int>(current.query_int64("PRAGMA application_id"));
      int version = static_cast<int>(current.query_int64("PRAGMA user_version"));
      if (app_id != k_application_id && !(app_id == 0 && version == 0))
        return make_error(ErrorKind::cache, db_path + " is not a motcua cache: not replacing it; point --db elsewhere");
      if (auto st = backup_cache(current, bak, false); !st)
        return make_error(st.error().kind, "cannot keep the current cache as " + bak + ": " + st.error().message +
                                               "; nothing was restored");
    } else {
      int fd = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) return make_error(ErrorKind::cache, "cannot create " + db_path + ": " + std::strerror(errno));
      ::close(fd);
    }
    store::SqliteDatabase to(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 10000);
    auto put_back = [&](const std::string& why) -> Status {
      if (!had_cache) return make_error(ErrorKind::cache, why);
      store::SqliteDatabase old(bak, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
      if (auto st = copy_pages(old, to, "putting back " + bak); !st)
        return make_error(ErrorKind::cache, why + "; putting the old cache back failed too (" + st.error().message +
                                                "): it is in " + bak);
      ::unlink(bak.c_str());
      return make_error(ErrorKind::cache, why + "; the old cache is back in place");
    };
    if (auto st = copy_pages(from, to, "restoring " + src + " to " + db_path); !st) return put_back(st.error().message);
    if (std::string q = quick_check(to); q != "ok")
      return put_back("the restored cache " + db_path + " failed its quick_check (" + q + ")");
    if (had_cache) ::unlink(bak.c_str());
  } catch (const store::Exception& e) {
    return cache_error(e, src, "restoring");
  }
  return {};
}

} // namespace motcua
