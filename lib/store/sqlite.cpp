#include "store/sqlite.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace motcua::store {

namespace {

Failure failure_of(int primary, bool writable) {
  switch (primary) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return Failure::busy;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return Failure::corrupt;
  case SQLITE_FULL: return Failure::full;
  case SQLITE_READONLY:
  case SQLITE_PERM: return Failure::read_only;
  case SQLITE_CANTOPEN: return writable ? Failure::read_only : Failure::other;
  default: return Failure::other;
  }
}

Exception make_exception(sqlite3* db, int rc, bool writable) {
  int primary = rc & 0xFF;
  // The connection's message names the statement's problem; without one, SQLite's text for the code.
  std::string message = db && sqlite3_errcode(db) != SQLITE_OK ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Exception(failure_of(primary, writable), message, primary);
}

// SQLiteCpp's message is already the connection's (or SQLite's text for the code); its few errors
// of its own carry no code (-1): SQLITE_ERROR.
Exception make_exception(const SQLite::Exception& e, bool writable) {
  int primary = e.getErrorCode() > 0 ? e.getErrorCode() & 0xFF : SQLITE_ERROR;
  return Exception(failure_of(primary, writable), e.what(), primary);
}

bool is_writable(sqlite3* db) { return db && sqlite3_db_readonly(db, "main") == 0; }

// SQLite's memory statistics take a global mutex on every allocation (a migration's writer thread spent
// 9% of its samples locking it) and motcua reads none of them: off, before the first connection starts
// SQLite (a later call would fail, and would change nothing).
void configure_sqlite_once() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

} // namespace

Exception sqlite_exception(sqlite3* db, int rc) { return make_exception(db, rc, is_writable(db)); }

Exception sqlite_exception(const SQLite::Exception& e, sqlite3* db) { return make_exception(e, is_writable(db)); }

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_st); }

void SqliteStatement::check(int rc) const {
  if (rc != SQLITE_OK) throw sqlite_exception(m_db, rc);
}

void SqliteStatement::bind(int index, std::int64_t value) { check(sqlite3_bind_int64(m_st, index, value)); }
void SqliteStatement::bind(int index, double value) { check(sqlite3_bind_double(m_st, index, value)); }
void SqliteStatement::bind(int index, std::string_view value) {
  // A non-null pointer even for "": SQLite binds NULL for a null pointer.
  check(
      sqlite3_bind_text64(m_st, index, value.data() ? value.data() : "", value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}
void SqliteStatement::bind_null(int index) { check(sqlite3_bind_null(m_st, index)); }

bool SqliteStatement::step() {
  int rc = sqlite3_step(m_st);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw sqlite_exception(m_db, rc);
}

// sqlite3_reset repeats the last step's error, already thrown by step(): ignored here.
void SqliteStatement::reset() { sqlite3_reset(m_st); }

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(m_st, column) == SQLITE_NULL; }
std::int64_t SqliteStatement::get_int64(int column) const { return sqlite3_column_int64(m_st, column); }
double SqliteStatement::get_double(int column) const { return sqlite3_column_double(m_st, column); }
std::string_view SqliteStatement::get_text(int column) const {
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(m_st, column));
  return t ? std::string_view(t, static_cast<size_t>(sqlite3_column_bytes(m_st, column))) : std::string_view();
}

SqliteDatabase::SqliteDatabase(const std::string& filename, int flags, int busy_timeout_ms)
    : m_name(filename), m_writable((flags & SQLITE_OPEN_READWRITE) != 0) {
  configure_sqlite_once();
  try {
    m_conn = std::make_shared<SQLite::Database>(filename, flags, busy_timeout_ms);
  } catch (const SQLite::Exception& e) {
    throw make_exception(e, m_writable); // SQLiteCpp has closed the failed connection
  }
  m_db = m_conn->getHandle();
  sqlite3_extended_result_codes(m_db, 0);
}

std::unique_ptr<SqliteDatabase> SqliteDatabase::memory() {
  return std::make_unique<SqliteDatabase>(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

SqliteDatabase::~SqliteDatabase() = default;

// The hot path's first step: raw sqlite3_prepare_v2, for SqliteStatement's raw steps and reads.
std::unique_ptr<Statement> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) throw sqlite_exception(m_db, rc);
  return std::make_unique<SqliteStatement>(m_db, st, m_conn);
}

void SqliteDatabase::exec(std::string_view sql) {
  try {
    m_conn->exec(std::string(sql)); // sqlite3_exec wants a NUL-terminated string
  } catch (const SQLite::Exception& e) {
    throw sqlite_exception(e, m_db);
  }
}

// sqlite3_changes64: SQLiteCpp's getChanges() is an int.
std::int64_t SqliteDatabase::changes() { return sqlite3_changes64(m_db); }

// Plain statements, not SQLite::Transaction: store::Transaction is the guard for both engines, and
// a failed ROLLBACK must reach the caller rather than be swallowed in a destructor.
void SqliteDatabase::begin(bool write) { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
void SqliteDatabase::commit() { exec("COMMIT"); }
void SqliteDatabase::rollback() { exec("ROLLBACK"); }

bool SqliteDatabase::table_exists(std::string_view table) {
  try {
    return m_conn->tableExists(std::string(table));
  } catch (const SQLite::Exception& e) {
    throw sqlite_exception(e, m_db);
  }
}

} // namespace motcua::store
