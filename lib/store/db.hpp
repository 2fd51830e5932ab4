#pragma once
// One SQL door for the domain code, with two engines behind it: SQLite (the local cache, the
// default) and PostgreSQL (a shared store, `--db postgresql://…`). Domain code prepares statements
// in the SQL both engines accept, binds, steps and reads columns, and never learns which engine
// answers; the two give the same results, byte for byte.
//
// The portable dialect (what domain SQL may use):
// - placeholders `?1`, `?2`, … (numbered from 1; a bare `?` counts on from the last one);
// - INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE SET … = excluded.…; never INSERT OR REPLACE/IGNORE;
// - integer 0/1 for truth: sum(CASE WHEN … THEN 1 ELSE 0 END), never sum(a <= b);
// - explicit NULLS FIRST/LAST where an ORDER BY column may be NULL (the engines' defaults differ);
// - text compares and sorts by bytes (PostgreSQL columns are created COLLATE "C");
// - `rowid` exists on dossiers in both (PostgreSQL: an identity column), for parallel scans;
// - no PRAGMA, sqlite_master, or sqlite3_* outside lib/store and lib/cache.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::store {

enum class Engine { sqlite, postgresql };

// The classes of engine failure callers branch on (exit codes); the engine's own words stay in what().
enum class Failure {
  other,      // anything else (a bug in our SQL, a constraint)
  busy,       // locked by another connection beyond the wait
  corrupt,    // the store's files are damaged or not a store
  full,       // disk or quota full
  read_only,  // the store cannot be written (permissions, read-only media or role)
  connection, // the server went away or refused us (PostgreSQL)
  auth,       // wrong or missing credentials (PostgreSQL)
};

// A failure raised by either engine.
class Exception : public std::runtime_error {
public:
  Exception(Failure failure, const std::string& message, int sqlite_code = 0)
      : std::runtime_error(message), m_failure(failure), m_sqlite_code(sqlite_code) {}
  Failure failure() const { return m_failure; }
  // SQLite's primary result code (0 for PostgreSQL): Error::sqlite_code carries it on.
  int sqlite_code() const { return m_sqlite_code; }

private:
  Failure m_failure;
  int m_sqlite_code;
};

// A prepared statement, reused for many rows: bind, step until false, reset, bind again.
class Statement {
public:
  virtual ~Statement() = default;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, double value) = 0;
  // Copies the text: the caller's string may go away before step().
  virtual void bind(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  // Runs the statement, or fetches its next row: true while a row is available. Rows stream
  // (memory stays flat however many there are), and other statements of the same connection
  // may run between two steps.
  virtual bool step() = 0;
  // Ready to run again; bindings are kept until rebound.
  virtual void reset() = 0;
  virtual bool is_null(int column) const = 0;
  // Integers (and PostgreSQL booleans as 0/1).
  virtual std::int64_t get_int64(int column) const = 0;
  virtual double get_double(int column) const = 0;
  // Valid until the next step() or reset(); empty for NULL.
  virtual std::string_view get_text(int column) const = 0;
  int get_int(int column) const { return static_cast<int>(get_int64(column)); }
  std::string get_string(int column) const { return std::string(get_text(column)); }
};

// One connection to a store.
class Database {
public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // The file path, or the URL with any secret removed: what messages name.
  virtual const std::string& name() const = 0;
  virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
  // Runs statements that return no rows (several may be separated by ';').
  virtual void exec(std::string_view sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual std::int64_t changes() = 0;
  // `write`: SQLite takes the write lock now (BEGIN IMMEDIATE) so a batch never fails half-way on it.
  virtual void begin(bool write = true) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool table_exists(std::string_view table) = 0;
  // The first column of the first row (0 when there is none or it is NULL).
  std::int64_t query_int64(std::string_view sql) {
    auto st = prepare(sql);
    return st->step() && !st->is_null(0) ? st->get_int64(0) : 0;
  }
};

// A transaction rolled back unless commit() is reached (an error or exception leaves nothing half-written).
class Transaction {
public:
  explicit Transaction(Database& db, bool write = true) : m_db(db) { m_db.begin(write); }
  ~Transaction() {
    if (!m_done) try {
        m_db.rollback();
      } catch (...) { // the connection is gone: the engine rolls back for us
      }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    m_db.commit();
    m_done = true;
  }

private:
  Database& m_db;
  bool m_done = false;
};

} // namespace motcua::store
