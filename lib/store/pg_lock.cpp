#include "store/pg_lock.hpp"

#include <chrono>
#include <string>
#include <thread>

namespace motcua::store {

std::int64_t pg_lock_key(std::string_view schema) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix("motcua writer ");
  mix(schema);
  return static_cast<std::int64_t>(h);
}

namespace {

// Who holds the lock: "application_name (server pid N)" of the session, read from pg_locks and
// pg_stat_activity; empty when it went away meanwhile. A bigint advisory key shows as classid (high
// 32 bits) and objid (low 32 bits) with objsubid 1.
std::string holder(PgDatabase& db, std::int64_t key) {
  auto st = db.prepare(
      "SELECT a.application_name, a.pid FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = ?1 "
      "AND l.objid::bigint = ?2 AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "current_database())");
  auto u = static_cast<std::uint64_t>(key);
  st->bind(1, static_cast<std::int64_t>(u >> 32));
  st->bind(2, static_cast<std::int64_t>(u & 0xFFFFFFFFu));
  if (!st->step()) return {};
  std::string name = st->get_string(0);
  return (name.empty() ? std::string("a session without application_name") : name) + ", server pid " +
         std::to_string(st->get_int64(1));
}

} // namespace

PgWriterLock& PgWriterLock::operator=(PgWriterLock&& other) noexcept {
  if (this != &other) {
    release();
    m_db = other.m_db;
    other.m_db = nullptr;
  }
  return *this;
}

PgWriterLock::~PgWriterLock() { release(); }

void PgWriterLock::release() {
  if (!m_db) return;
  try {
    auto st = m_db->prepare("SELECT pg_advisory_unlock(?1)");
    st->bind(1, pg_lock_key(m_db->schema()));
    st->step();
  } catch (const Exception&) { // the connection is gone, and the lock with it
  }
  m_db = nullptr;
}

Result<PgWriterLock> PgWriterLock::acquire(PgDatabase& db, double timeout_seconds) {
  try {
    std::int64_t key = pg_lock_key(db.schema());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    auto attempt = db.prepare("SELECT pg_try_advisory_lock(?1)");
    attempt->bind(1, key);
    for (;;) {
      attempt->reset();
      if (attempt->step() && attempt->get_int64(0) == 1) return PgWriterLock(&db);
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    attempt->reset();
    std::string who = holder(db, key);
    return make_error(ErrorKind::locked, "the PostgreSQL store " + db.name() + " (schema " + db.schema() +
                                             ") is locked by another writer" +
                                             (who.empty() ? std::string() : " (" + who + ")") +
                                             "; wait for it to finish or raise --lock-timeout");
  } catch (const Exception& e) {
    return pg_error(e);
  }
}

} // namespace motcua::store
