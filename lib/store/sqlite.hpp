#pragma once
// The SQLite engine behind store::Database. SQLiteCpp (SQLite::Database) owns the connection:
// opening with flags and busy timeout, statements without rows, tables, online backup (lib/cache).
// Prepared statements stay on sqlite3's own API over its handle, because the audit and stats passes
// step them millions of times: SQLite::Statement copies the SQL and counts references per column
// read, sqlite3_column_text reads in place. lib/cache opens it (file, flags, pragmas); domain code
// only sees store::Database.
#include <memory>
#include <string>
#include <string_view>

#include "store/db.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace SQLite {
class Database;
class Exception;
} // namespace SQLite

namespace motcua::store {

// The store::Exception for a SQLite result code: its class, the connection's message, the primary code.
Exception sqlite_exception(sqlite3* db, int rc);
// The same for what SQLiteCpp threw (its primary code; `db` tells whether the connection writes).
Exception sqlite_exception(const SQLite::Exception& e, sqlite3* db);

// One prepared sqlite3 statement; ?N placeholders are SQLite's own. `owner` keeps the connection
// open until the statement is finalized (SQLiteCpp closes with sqlite3_close, which a live statement fails).
class SqliteStatement final : public Statement {
public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st, std::shared_ptr<const void> owner = nullptr)
      : m_db(db), m_st(st), m_owner(std::move(owner)) {}
  ~SqliteStatement() override;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  using Statement::bind;
  void bind(int index, std::int64_t value) override;
  void bind(int index, double value) override;
  void bind(int index, std::string_view value) override;
  void bind_null(int index) override;
  bool step() override;
  void reset() override;
  bool is_null(int column) const override;
  std::int64_t get_int64(int column) const override;
  double get_double(int column) const override;
  std::string_view get_text(int column) const override;

private:
  void check(int rc) const;
  sqlite3* m_db;
  sqlite3_stmt* m_st;
  std::shared_ptr<const void> m_owner;
};

// One SQLite connection, a SQLite::Database. `flags` are sqlite3_open_v2's (SQLITE_OPEN_*, the same
// values as SQLite::OPEN_*); `busy_timeout_ms` is how long a statement waits for another
// connection's lock before failing with Failure::busy.
class SqliteDatabase final : public Database {
public:
  SqliteDatabase(const std::string& filename, int flags, int busy_timeout_ms = 0);
  // A new in-memory database (the empty cache of read_or_empty commands, unit tests).
  static std::unique_ptr<SqliteDatabase> memory();
  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  // The filename as given to the constructor (":memory:", a path, or a file: URI).
  const std::string& name() const override { return m_name; }
  std::unique_ptr<Statement> prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t changes() override;
  void begin(bool write = true) override;
  void commit() override;
  void rollback() override;
  bool table_exists(std::string_view table) override;
  // The raw connection, for what only SQLite has: lib/cache only.
  sqlite3* handle() const { return m_db; }
  // The SQLiteCpp connection, for what only SQLite has (SQLite::Backup): lib/cache only.
  SQLite::Database& connection() const { return *m_conn; }

private:
  std::string m_name;
  bool m_writable = false;
  // Shared with the statements prepared on it: the connection closes after the last of them.
  std::shared_ptr<SQLite::Database> m_conn;
  sqlite3* m_db = nullptr; // m_conn's handle, read by every prepare
};

} // namespace motcua::store
