#pragma once
// The one door to the SQLite cache: path, permissions, pragmas, schema
// migrations and the writer lock all happen here, nowhere else.
#include <cstdint>
#include <memory>
#include <string>

#include "cache/lock.hpp"
#include "store/db.hpp"
#include "store/pg_open.hpp"
#include "store/pg_url.hpp"
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
  // Opens (write: creates, 0600 in a 0700 directory) and migrates the cache at path. A PostgreSQL target
  // (store::names_postgresql) opens that store in pg_schema instead (store::open_pg_store): no file, no
  // directory, no flock; a writer holds the store's advisory lock for the Cache's lifetime.
  static Result<std::unique_ptr<Cache>> open(const std::string& path, CacheMode mode, double lock_timeout_seconds,
                                             std::string_view pg_schema = store::k_default_pg_schema);

  // The store the domain code talks to, whatever its engine.
  store::Database& db() { return m_pg.db && m_exists ? static_cast<store::Database&>(*m_pg.db) : *m_db; }
  // The SQLite connection behind db(), for what only SQLite has (check, backup, vacuum); nullptr on PostgreSQL
  // (even when a reader found no store there and works on an empty in-memory cache).
  store::SqliteDatabase* sqlite() { return m_postgresql ? nullptr : m_db.get(); }
  // The file path, or for PostgreSQL the target with any secret blanked: what messages name.
  const std::string& path() const { return m_path; }
  // True when the target is a PostgreSQL store.
  bool postgresql() const { return m_postgresql; }
  // The PostgreSQL schema holding the tables; empty for SQLite.
  const std::string& pg_schema() const { return m_pg_schema; }
  // False when a read_or_empty command found no cache file (or no store in the PostgreSQL schema) and works on
  // an empty in-memory SQLite cache: nothing is created anywhere.
  bool exists() const { return m_exists; }

private:
  Cache() = default;
  // Cache::open for a PostgreSQL target.
  static Result<std::unique_ptr<Cache>> open_postgresql(const std::string& target, CacheMode mode,
                                                        double lock_timeout_seconds, std::string_view pg_schema);
  std::string m_path;
  bool m_exists = true;
  bool m_postgresql = false;
  std::string m_pg_schema;
  WriterLock m_lock;
  // Declared before m_pg: destroyed after it (the in-memory cache is independent of the connection).
  std::unique_ptr<store::SqliteDatabase> m_db;
  store::PgStore m_pg;
};

// The refusal of a SQLite-file operation (restore_cache) on a PostgreSQL target: a usage error (exit 2)
// that does not repeat the value (it may hold a secret) and never falls back to a file of that name.
Error no_postgresql_engine();

// Turns a store failure into a cache error (exit 7; busy: locked, exit 6) that says what to do.
Error cache_error(const store::Exception& e, const std::string& path, const std::string& doing);

} // namespace motcua
