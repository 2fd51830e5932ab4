#pragma once
// The one door to the SQLite cache: path, permissions, pragmas, schema
// migrations and the writer lock all happen here, nowhere else.
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include "cache/lock.hpp"
#include "util/error.hpp"

namespace motcua {

// Reading commands never create a cache; writing ones create it and hold the lock.
enum class CacheMode { read, write };

class Cache {
public:
  // Opens (write: creates, 0600 in a 0700 directory) and migrates the cache at path.
  static Result<std::unique_ptr<Cache>> open(const std::string& path, CacheMode mode, double lock_timeout_seconds);

  SQLite::Database& db() { return *m_db; }
  const std::string& path() const { return m_path; }
  // False when a reading command found no cache file and works on an empty one.
  bool exists() const { return m_exists; }

private:
  Cache() = default;
  std::string m_path;
  bool m_exists = true;
  WriterLock m_lock;
  std::unique_ptr<SQLite::Database> m_db;
};

// Turns a SQLite failure into a cache error (exit 7) that says what to do.
Error cache_error(const SQLite::Exception& e, const std::string& path, const std::string& doing);

} // namespace motcua
