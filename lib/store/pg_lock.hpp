#pragma once
// The writer lock of a PostgreSQL store (issue 17): a session-level advisory lock keyed by the schema,
// so one writer at a time changes a store, whatever host it runs on; readers take none and never wait.
// The server lets go of it when the writer's connection ends, however it ends.
#include <cstdint>
#include <string_view>

#include "store/pg.hpp"
#include "util/error.hpp"

namespace motcua::store {

// The advisory lock key of a schema: FNV-1a 64 of "motcua writer <schema>", the same in every build.
std::int64_t pg_lock_key(std::string_view schema);

class PgWriterLock {
public:
  PgWriterLock() = default;
  PgWriterLock(PgWriterLock&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  PgWriterLock& operator=(PgWriterLock&& other) noexcept;
  PgWriterLock(const PgWriterLock&) = delete;
  PgWriterLock& operator=(const PgWriterLock&) = delete;
  // Unlocks (best effort: a lost connection has released it already). Destroy it before the connection.
  ~PgWriterLock();

  // Tries pg_try_advisory_lock until timeout_seconds have passed (0: once). On timeout a locked error
  // (exit 6) naming the holder's application_name ("motcua <host> <pid>") and server pid.
  static Result<PgWriterLock> acquire(PgDatabase& db, double timeout_seconds);
  bool held() const { return m_db != nullptr; }

private:
  explicit PgWriterLock(PgDatabase* db) : m_db(db) {}
  void release();
  PgDatabase* m_db = nullptr;
};

} // namespace motcua::store
