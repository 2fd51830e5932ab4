#pragma once
// Opening a PostgreSQL store the way Cache::open opens a SQLite cache (issue 17): readers connect and
// check the schema version without writing or locking; writers take the writer lock, then migrate.
#include <memory>
#include <string_view>

#include "store/pg.hpp"
#include "store/pg_lock.hpp"
#include "util/error.hpp"

namespace motcua::store {

// An open store: the connection, and for a writer the lock (released before the connection closes).
struct PgStore {
  std::unique_ptr<PgDatabase> db;
  PgWriterLock lock;
  // False when a reader found no store (schema version 0) and allow_missing was set.
  bool exists = true;
  PgStore() = default;
  PgStore(PgStore&&) = default;
  // Unlocks first, while the connection the lock lives on is still there.
  PgStore& operator=(PgStore&& other) noexcept {
    lock = PgWriterLock();
    db = std::move(other.db);
    lock = std::move(other.lock);
    exists = other.exists;
    return *this;
  }
  ~PgStore() { lock = PgWriterLock(); }
};

// Opens the store `db` names (a URL or conninfo: parse_pg_target) in `schema`. A reader (write = false)
// needs a store at this build's version: none is a cache error (exit 7) unless allow_missing, an older
// one asks for a writing command, a newer one is refused. A writer waits up to lock_timeout_seconds for
// the lock (exit 6), then creates or migrates the schema. Connection and auth failures are exit 5, a
// password in the URL exit 2.
Result<PgStore> open_pg_store(std::string_view db, std::string_view schema, bool write, double lock_timeout_seconds,
                              bool allow_missing = false);

} // namespace motcua::store
