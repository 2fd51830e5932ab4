#pragma once
// The PostgreSQL engine behind store::Database (issue 17), over libpq: the portable dialect of
// db.hpp translated (`?N` → `$N`), statements prepared once per connection and run with text
// parameters, failures classed by SQLSTATE.
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/db.hpp"
#include "store/pg_url.hpp"
#include "util/error.hpp"

struct pg_conn;
struct pg_result;

namespace motcua::store {

// The portable placeholders as PostgreSQL's: `?N` → `$N`, a bare `?` → one more than the last
// number; quoted strings, quoted identifiers and comments are left alone. `params` gets the
// highest number used (the statement's parameter count).
std::string translate_placeholders(std::string_view sql, int* params = nullptr);

// The failure class of a SQLSTATE (connection, auth, full, read_only, busy, corrupt, or other).
Failure failure_of_sqlstate(std::string_view sqlstate);

// Turns an engine failure into an Error with the exit code scripts branch on: connection and auth →
// remote (5), busy → locked (6), the rest → cache (7). The message is the exception's, which already
// names the store and quotes the server.
Error pg_error(const Exception& e);

class PgStatement;

// A statement prepared on the server, shared in turn by the Statements with the same SQL (one at a
// time: a query's cursor name is part of it), so a statement prepared in a loop is parsed once.
struct PgPrepared {
  std::string name;        // of the prepared statement
  std::string cursor;      // of its cursor; empty when the statement is not a query or streams in single-row mode
  bool single_row = false; // a query prepared as it is, its rows streamed in libpq's single-row mode
  int params = 0;
  bool in_use = false;
};

// One libpq connection to a store, with search_path set to the target's schema.
class PgDatabase : public Database {
public:
  // Connects, announcing pg_application_name(); throws Exception (connection, auth) on failure.
  static std::unique_ptr<PgDatabase> connect(const PgTarget& target);
  ~PgDatabase() override;
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  Engine engine() const override { return Engine::postgresql; }
  const std::string& name() const override { return m_target.display; }
  std::unique_ptr<Statement> prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t changes() override { return m_changes; }
  void begin(bool write = true) override;
  void commit() override;
  void rollback() override;
  bool table_exists(std::string_view table) override;

  const std::string& schema() const { return m_target.schema; }
  // Where this connection goes: parallel readers (dossiers/scan) open theirs to the same store.
  const PgTarget& target() const { return m_target; }
  // Parallel readers see one state of the store: the first calls begin(false) and exports its snapshot
  // (valid while its transaction lasts), the others begin on it (PostgreSQL's pg_export_snapshot and
  // SET TRANSACTION SNAPSHOT, where SQLite's readers all begin under the writer lock).
  std::string export_snapshot();
  void begin_on_snapshot(const std::string& snapshot);
  // The raw connection, for what the interface does not carry (COPY, advisory locks): lib/store only.
  pg_conn* raw() { return m_conn; }
  // Throws the Exception for a failed libpq call; `doing` says what we were doing ("preparing …").
  [[noreturn]] void fail(const std::string& doing, pg_result* result);
  // Whether begin() was called and neither commit() nor rollback() yet.
  bool in_transaction() const { return m_user_txn; }
  // Whether a transaction (the caller's or one a cursor opened) or a single-row read is open on the connection.
  bool busy() const;
  // A connection that runs one query at a time (a scan job's): from now on its queries stream in libpq's
  // single-row mode, where the server sends rows as it makes them (FETCH from a cursor copies each row
  // through a tuple store first: about half again the server's CPU, and a big PGresult per block on our
  // side). Running another statement on it before the rows are read to the end throws.
  void set_single_row_reads() { m_single_row_reads = true; }

private:
  friend class PgStatement;
  explicit PgDatabase(PgTarget target) : m_target(std::move(target)) {}
  // Runs a command without parameters (BEGIN, CLOSE…), throwing on failure.
  void command(const std::string& sql, const std::string& doing);
  // A statement opens a cursor: needs a transaction, ours when the caller has none.
  void cursor_opened();
  // A cursor of the current transaction closed: the transaction we opened for them ends with the last one.
  void cursor_closed();
  // The transaction ended (commit, rollback, an error): every open cursor is gone with it.
  void transaction_ended();
  // Throws when a single-row read holds the connection: `doing` cannot be sent before its last row.
  void check_not_streaming(const std::string& doing) const;

  PgTarget m_target;
  pg_conn* m_conn = nullptr;
  std::int64_t m_changes = 0;
  bool m_user_txn = false;     // begin() … commit()/rollback()
  bool m_implicit_txn = false; // opened by a cursor outside begin(); committed when the last one closes
  bool m_savepoint = false;    // begin() inside such a transaction: a savepoint
  int m_open_cursors = 0;
  bool m_single_row_reads = false;                         // set_single_row_reads()
  const PgStatement* m_streaming = nullptr;                // the statement whose single-row read holds the connection
  std::uint64_t m_txn_generation = 0;                      // cursors of older generations died with their transaction
  std::uint64_t m_next_id = 0;                             // names of prepared statements and cursors
  std::map<std::string, std::list<PgPrepared>> m_prepared; // by translated SQL
};

} // namespace motcua::store
