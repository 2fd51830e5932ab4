#pragma once
// The one door to the SQLite cache: path, permissions, pragmas, schema
// migrations and the writer lock all happen here, nowhere else.
#include <cstdint>
#include <memory>
#include <string>

#include "cache/lock.hpp"
#include "store/db.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"

namespace motcua {

// How a command uses the cache. Readers never create one; writers create it and hold the lock.
enum class CacheMode {
  read,          // needs a cache: a missing one is an error (exit 7), never an empty answer
  read_or_empty, // works on an empty in-memory cache when there is none (db info, calendar, dry runs)
  inspect,       // db check: read-only, never migrated, never written
  write,         // creates, migrates, locks, and checks for corruption before the first write
};

// Caches up to this size get SQLite's full quick_check before every write; above it the
// check would cost a nightly migration more than 10%, and only the cheap checks run.
inline constexpr std::int64_t k_full_check_max_bytes = 16 * 1024 * 1024;

class Cache {
public:
  // Opens (write: creates, 0600 in a 0700 directory) and migrates the cache at path.
  static Result<std::unique_ptr<Cache>> open(const std::string& path, CacheMode mode, double lock_timeout_seconds);

  // The store the domain code talks to, whatever its engine.
  store::Database& db() { return *m_db; }
  // The SQLite connection behind db(), for what only SQLite has (check, backup, vacuum); nullptr on another engine.
  store::SqliteDatabase* sqlite() { return m_db.get(); }
  const std::string& path() const { return m_path; }
  // False when a read_or_empty command found no cache file and works on an empty one.
  bool exists() const { return m_exists; }

private:
  Cache() = default;
  std::string m_path;
  bool m_exists = true;
  WriterLock m_lock;
  std::unique_ptr<store::SqliteDatabase> m_db;
};

// The refusal of a PostgreSQL target (store/url.hpp) while this build has no PostgreSQL engine: a usage
// error (exit 2) that does not repeat the value (it may hold a secret) and never falls back to a file of that name.
Error no_postgresql_engine();

// Turns a store failure into a cache error (exit 7; busy: locked, exit 6) that says what to do.
Error cache_error(const store::Exception& e, const std::string& path, const std::string& doing);

} // namespace motcua
