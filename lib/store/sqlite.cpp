#include "store/sqlite.hpp"

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

} // namespace

Exception sqlite_exception(sqlite3* db, int rc) {
  bool writable = db && sqlite3_db_readonly(db, "main") == 0;
  return make_exception(db, rc, writable);
}

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
  int rc = sqlite3_open_v2(filename.c_str(), &m_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Exception e = make_exception(m_db, rc, m_writable);
    sqlite3_close_v2(m_db);
    throw e;
  }
  sqlite3_extended_result_codes(m_db, 0);
  if (busy_timeout_ms > 0) sqlite3_busy_timeout(m_db, busy_timeout_ms);
}

std::unique_ptr<SqliteDatabase> SqliteDatabase::memory() {
  return std::make_unique<SqliteDatabase>(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(m_db); }

std::unique_ptr<Statement> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) throw sqlite_exception(m_db, rc);
  return std::make_unique<SqliteStatement>(m_db, st);
}

void SqliteDatabase::exec(std::string_view sql) {
  std::string text(sql); // sqlite3_exec wants a NUL-terminated string
  int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw sqlite_exception(m_db, rc);
}

std::int64_t SqliteDatabase::changes() { return sqlite3_changes64(m_db); }

void SqliteDatabase::begin(bool write) { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
void SqliteDatabase::commit() { exec("COMMIT"); }
void SqliteDatabase::rollback() { exec("ROLLBACK"); }

bool SqliteDatabase::table_exists(std::string_view table) {
  auto st = prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  st->bind(1, table);
  return st->step() && st->get_int64(0) > 0;
}

} // namespace motcua::store
