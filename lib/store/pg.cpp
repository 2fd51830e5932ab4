#include "store/pg.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <libpq-fe.h>
#include <list>
#include <map>
#include <optional>
#include <poll.h>
#include <vector>

namespace motcua::store {

namespace {

// Rows one FETCH brings: memory stays flat (one batch in the client) and round trips few.
constexpr int k_fetch_rows = 10000;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// The first words of a statement, for messages about it.
std::string sql_head(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 60) return out + "…";
  }
  return out;
}

// Whether the statement returns rows through a cursor: a query (SELECT, WITH, VALUES, also in parentheses).
bool is_query(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(') {
      ++i;
    } else if (starts_with(sql.substr(i), "--")) {
      size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (starts_with(sql.substr(i), "/*")) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return word == "SELECT" || word == "WITH" || word == "VALUES";
}

std::string advice(Failure f) {
  switch (f) {
  case Failure::connection: return " (is the server running and reachable? check --db)";
  case Failure::auth:
    return " (check the user, and the password libpq finds in ~/.pgpass, PGPASSFILE, PGPASSWORD or the service file)";
  case Failure::full: return " (the server's disk is full: free space there and run again)";
  case Failure::read_only: return " (the server or the role cannot write here: a standby, or missing privileges)";
  case Failure::busy: return " (another connection holds what this one needs: run again when it is done)";
  case Failure::corrupt: return " (the server reports damaged data: restore a backup of the store)";
  case Failure::other: return "";
  }
  return "";
}

std::string engine_message(const std::string& store, const std::string& doing, const std::string& server,
                           const std::string& sqlstate, Failure f) {
  std::string m = "PostgreSQL store " + store + ": " + doing +
                  " failed: " + (sqlstate.empty() ? "libpq says \"" : "the server says \"") + server + "\"";
  if (!sqlstate.empty()) m += " (SQLSTATE " + sqlstate + ")";
  return m + advice(f);
}

// The SQLSTATE in a verbose libpq message ("FATAL:  28P01: password authentication failed…").
std::string sqlstate_in(const std::string& message) {
  for (std::string_view severity : {"FATAL:  ", "ERROR:  "}) {
    size_t at = message.find(severity);
    if (at == std::string::npos) continue;
    std::string_view rest = std::string_view(message).substr(at + severity.size());
    if (rest.size() >= 7 && rest.substr(5, 2) == ": ") {
      bool ok = true;
      for (char c : rest.substr(0, 5))
        ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)));
      if (ok) return std::string(rest.substr(0, 5));
    }
  }
  return {};
}

// The first line of a libpq connection message without the SQLSTATE we asked for, nor the LOCATION line.
std::string connection_message(const std::string& message, const std::string& sqlstate) {
  std::string first = message.substr(0, message.find('\n'));
  if (!sqlstate.empty()) {
    size_t at = first.find(sqlstate + ": ");
    if (at != std::string::npos) first.erase(at, sqlstate.size() + 2);
  }
  return trim(first);
}

// Text parameters: integers as digits, doubles in the shortest form that reads back the same.
std::string int_text(std::int64_t v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string double_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

} // namespace

std::string translate_placeholders(std::string_view sql, int* params) {
  std::string out;
  out.reserve(sql.size() + 8);
  int last = 0, highest = 0;
  size_t i = 0;
  auto copy_until = [&](std::string_view close) {
    size_t end = sql.find(close, i);
    end = end == std::string_view::npos ? sql.size() : end + close.size();
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') { // a string or quoted identifier: a doubled quote stays inside
      size_t j = i + 1;
      for (;;) {
        j = sql.find(c, j);
        if (j == std::string_view::npos) {
          j = sql.size();
          break;
        }
        if (j + 1 < sql.size() && sql[j + 1] == c) {
          j += 2;
          continue;
        }
        ++j;
        break;
      }
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (starts_with(sql.substr(i), "--")) {
      copy_until("\n");
    } else if (starts_with(sql.substr(i), "/*")) {
      copy_until("*/");
    } else if (c == '?') {
      size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) n = n * 10 + (sql[j++] - '0');
      if (j == i + 1) n = last + 1;
      last = n;
      highest = std::max(highest, n);
      out += '$';
      out += std::to_string(n);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  if (params) *params = highest;
  return out;
}

Failure failure_of_sqlstate(std::string_view s) {
  if (starts_with(s, "08") || s == "57P01" || s == "57P02" || s == "57P03") return Failure::connection;
  if (starts_with(s, "28")) return Failure::auth;
  if (s == "53100") return Failure::full;
  if (s == "25006" || s == "42501") return Failure::read_only;
  if (s == "55P03" || s == "40P01" || s == "40001") return Failure::busy;
  if (s == "XX001" || s == "XX002") return Failure::corrupt;
  return Failure::other;
}

Error pg_error(const Exception& e) {
  switch (e.failure()) {
  case Failure::connection:
  case Failure::auth: return make_error(ErrorKind::remote, e.what());
  case Failure::busy: return make_error(ErrorKind::locked, e.what());
  default: return make_error(ErrorKind::cache, e.what());
  }
}

// A statement over a prepared one. A query streams through a server-side cursor: DECLARE … NO SCROLL
// CURSOR inside a transaction (the caller's, or one opened for it and committed when the last cursor
// closes), then FETCH k_fetch_rows at a time. Of libpq's two ways to stream, single-row mode would
// block the connection until the last row, and domain code runs other statements between two steps;
// on a connection that runs one query at a time (set_single_row_reads: a scan job's) queries stream that
// way instead, one row per PGresult, and the rows left when the statement stops early are read and dropped.
class PgStatement : public Statement {
public:
  PgStatement(PgDatabase& db, PgPrepared& prepared, std::string head)
      : m_db(db), m_prepared(prepared), m_head(std::move(head)), m_params(static_cast<size_t>(prepared.params)) {
    m_prepared.in_use = true;
  }
  // The statement's first words, for messages.
  const std::string& head() const { return m_head; }
  ~PgStatement() override {
    try {
      finish();
    } catch (...) { // the connection is gone: the server closed the cursor with it
    }
    PQclear(m_result);
    m_prepared.in_use = false;
  }

  void bind(int index, std::int64_t value) override { param(index) = int_text(value); }
  void bind(int index, double value) override { param(index) = double_text(value); }
  void bind(int index, std::string_view value) override { param(index) = std::string(value); }
  void bind_null(int index) override { param(index).reset(); }

  bool step() override {
    if (m_state == State::done) return false;
    if (m_state == State::ready) {
      execute();
    } else if (m_prepared.single_row) {
      next_row();
    } else if (++m_row < m_rows) {
      return true;
    } else if (!m_prepared.cursor.empty() && m_rows == k_fetch_rows) {
      fetch();
    }
    if (m_row < m_rows) return true;
    finish();
    m_state = State::done;
    return false;
  }

  void reset() override {
    finish();
    PQclear(m_result);
    m_result = nullptr;
    m_row = m_rows = 0;
    m_state = State::ready;
  }

  bool is_null(int column) const override { return PQgetisnull(row_result(column), m_row, column) == 1; }

  std::int64_t get_int64(int column) const override {
    std::string_view v = get_text(column);
    if (v.empty()) return 0;
    if (is_boolean(column)) return v == "t" ? 1 : 0;
    std::int64_t out = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    if (r.ec == std::errc() && r.ptr == v.data() + v.size()) return out;
    double d = get_double(column); // numeric (sum() of a bigint), or a fraction as SQLite would truncate it
    if (std::isfinite(d) && std::fabs(d) < 9.2e18) return static_cast<std::int64_t>(d);
    throw Exception(Failure::other, "PostgreSQL store " + m_db.name() + ": column " + std::to_string(column) +
                                        " of \"" + m_head + "\" holds '" + std::string(v) + "', not an integer");
  }

  double get_double(int column) const override {
    std::string v(get_text(column));
    if (v.empty()) return 0;
    if (is_boolean(column)) return v == "t" ? 1 : 0;
    return std::strtod(v.c_str(), nullptr);
  }

  std::string_view get_text(int column) const override {
    const PGresult* r = row_result(column);
    if (PQgetisnull(r, m_row, column)) return {};
    return {PQgetvalue(r, m_row, column), static_cast<size_t>(PQgetlength(r, m_row, column))};
  }

private:
  enum class State { ready, rows, done };

  std::optional<std::string>& param(int index) {
    if (index < 1 || index > static_cast<int>(m_params.size()))
      throw Exception(Failure::other, "PostgreSQL store " + m_db.name() + ": parameter " + std::to_string(index) +
                                          " out of range for \"" + m_head + "\" (it has " +
                                          std::to_string(m_params.size()) + ")");
    return m_params[static_cast<size_t>(index - 1)];
  }

  // PostgreSQL booleans ('t', 'f': comparisons, IS NULL, EXISTS) read as 1 and 0; text "t" stays text.
  bool is_boolean(int column) const { return PQftype(m_result, column) == 16; } // BOOLOID

  const PGresult* row_result(int column) const {
    if (m_state != State::rows || !m_result || m_row >= m_rows || column < 0 || column >= PQnfields(m_result))
      throw Exception(Failure::other, "PostgreSQL store " + m_db.name() + ": no column " + std::to_string(column) +
                                          " in the current row of \"" + m_head + "\"");
    return m_result;
  }

  void execute() {
    m_db.check_not_streaming("running \"" + m_head + "\"");
    std::vector<const char*> values;
    values.reserve(m_params.size());
    for (const auto& p : m_params) values.push_back(p ? p->c_str() : nullptr);
    if (m_prepared.single_row) {
      if (!PQsendQueryPrepared(m_db.m_conn, m_prepared.name.c_str(), static_cast<int>(values.size()), values.data(),
                               nullptr, nullptr, 0))
        m_db.fail("running \"" + m_head + "\"", nullptr);
      m_db.m_streaming = this;
      if (!PQsetSingleRowMode(m_db.m_conn)) { // only refused before a query was sent: a bug of ours
        drain();
        throw Exception(Failure::other,
                        "PostgreSQL store " + m_db.name() + ": single-row mode refused for \"" + m_head + "\"");
      }
      m_state = State::rows;
      next_row();
      return;
    }
    bool query = !m_prepared.cursor.empty();
    if (query) m_db.cursor_opened();
    PGresult* r = PQexecPrepared(m_db.m_conn, m_prepared.name.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0);
    auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      if (query) m_db.m_open_cursors--; // never opened
      m_db.fail("running \"" + m_head + "\"", r);
    }
    m_state = State::rows;
    if (query) {
      PQclear(r);
      m_cursor_open = true;
      m_generation = m_db.m_txn_generation;
      fetch();
      return;
    }
    std::string_view cmd = PQcmdStatus(r);
    if (starts_with(cmd, "INSERT") || starts_with(cmd, "UPDATE") || starts_with(cmd, "DELETE") ||
        starts_with(cmd, "MERGE"))
      m_db.m_changes = std::strtoll(PQcmdTuples(r), nullptr, 10);
    PQclear(m_result);
    m_result = r;
    m_rows = PQntuples(r);
    m_row = 0;
  }

  void fetch() {
    if (m_generation != m_db.m_txn_generation)
      throw Exception(Failure::other, "PostgreSQL store " + m_db.name() + ": the rows of \"" + m_head +
                                          "\" were lost when its transaction ended (a commit or rollback between "
                                          "two steps); read them to the end first");
    m_db.check_not_streaming("reading the rows of \"" + m_head + "\"");
    PQclear(m_result);
    m_result = nullptr;
    std::string sql = "FETCH " + std::to_string(k_fetch_rows) + " FROM " + m_prepared.cursor;
    PGresult* r = PQexec(m_db.m_conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      m_cursor_open = false;
      m_db.fail("reading the rows of \"" + m_head + "\"", r);
    }
    m_result = r;
    m_rows = PQntuples(r);
    m_row = 0;
  }

  // The next row of a single-row read into m_result (m_rows 1), or none (m_rows 0) when the rows are over.
  void next_row() {
    PQclear(m_result);
    m_result = nullptr;
    m_row = m_rows = 0;
    PGresult* r = PQgetResult(m_db.m_conn);
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_SINGLE_TUPLE) {
      m_result = r;
      m_rows = 1;
      return;
    }
    drain(); // the end (PGRES_TUPLES_OK with no row) or an error: the connection is free once every result is read
    if (status == PGRES_TUPLES_OK) {
      PQclear(r);
      return;
    }
    m_db.fail("reading the rows of \"" + m_head + "\"", r);
  }

  // Reads what is left of a single-row read (rows included) and frees the connection.
  void drain() {
    if (m_db.m_streaming != this) return;
    while (PGresult* r = PQgetResult(m_db.m_conn)) PQclear(r);
    m_db.m_streaming = nullptr;
  }

  // Closes the cursor (if it is still open in the current transaction) and lets the transaction opened for it end.
  void finish() {
    if (m_prepared.single_row) {
      drain();
      return;
    }
    if (!m_cursor_open) return;
    m_cursor_open = false;
    if (m_generation != m_db.m_txn_generation) return;
    if (PQtransactionStatus(m_db.m_conn) == PQTRANS_INTRANS) {
      std::string sql = "CLOSE " + m_prepared.cursor;
      PGresult* r = PQexec(m_db.m_conn, sql.c_str());
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) m_db.fail("closing the rows of \"" + m_head + "\"", r);
      PQclear(r);
    }
    m_db.cursor_closed();
  }

  PgDatabase& m_db;
  PgPrepared& m_prepared;
  std::string m_head;
  std::vector<std::optional<std::string>> m_params; // unbound: NULL, as in SQLite
  PGresult* m_result = nullptr;
  int m_row = 0, m_rows = 0;
  State m_state = State::ready;
  bool m_cursor_open = false;
  std::uint64_t m_generation = 0;
};

std::unique_ptr<PgDatabase> PgDatabase::connect(const PgTarget& target) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(target));
  std::string app = pg_application_name();
  const char* keys[] = {"dbname", "application_name", "client_encoding", nullptr};
  const char* values[] = {target.conninfo.c_str(), app.c_str(), "UTF8", nullptr};
  PGconn* c = PQconnectStartParams(keys, values, 1);
  if (!c) throw Exception(Failure::other, "PostgreSQL store " + target.display + ": out of memory connecting");
  db->m_conn = c;
  // Verbose messages while connecting carry the SQLSTATE (28P01: a wrong password), which libpq gives no other way.
  PQsetErrorVerbosity(c, PQERRORS_VERBOSE);
  double timeout = 0;
  if (PQconninfoOption* opts = PQconninfo(c)) {
    for (auto* o = opts; o->keyword; ++o)
      if (std::string_view(o->keyword) == "connect_timeout" && o->val) timeout = std::atof(o->val);
    PQconninfoFree(opts);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  PostgresPollingStatusType poll_status = PGRES_POLLING_WRITING;
  while (PQstatus(c) != CONNECTION_BAD && poll_status != PGRES_POLLING_OK && poll_status != PGRES_POLLING_FAILED) {
    pollfd pfd{PQsocket(c), static_cast<short>(poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    int wait_ms = -1;
    if (timeout > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        throw Exception(Failure::connection, "PostgreSQL store " + target.display +
                                                 ": connecting failed: no answer within connect_timeout" +
                                                 advice(Failure::connection));
      wait_ms = static_cast<int>(left.count());
    }
    if (pfd.fd >= 0 && ::poll(&pfd, 1, wait_ms) < 0 && errno != EINTR) break;
    poll_status = PQconnectPoll(c);
  }
  if (PQstatus(c) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c);
    std::string sqlstate = sqlstate_in(message);
    Failure f = sqlstate.empty() ? Failure::connection : failure_of_sqlstate(sqlstate);
    // Without a SQLSTATE (libpq's own "no password supplied"), a password asked for is what failed.
    if (sqlstate.empty() && (PQconnectionNeedsPassword(c) || PQconnectionUsedPassword(c))) f = Failure::auth;
    if (f == Failure::other) f = Failure::connection;
    throw Exception(f,
                    engine_message(target.display, "connecting", connection_message(message, sqlstate), sqlstate, f));
  }
  PQsetErrorVerbosity(c, PQERRORS_DEFAULT);
  // libpq prints the server's notices (NOTICE: … does not exist, skipping) to stderr; lib/ prints nothing.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  char* schema = PQescapeIdentifier(c, target.schema.c_str(), target.schema.size());
  std::string set = std::string("SET search_path TO ") + (schema ? schema : "motcua");
  PQfreemem(schema);
  db->command(set, "setting the schema");
  return db;
}

PgDatabase::~PgDatabase() {
  if (m_conn) PQfinish(m_conn);
}

void PgDatabase::fail(const std::string& doing, PGresult* result) {
  std::string sqlstate, server;
  if (result) {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* m = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    sqlstate = s ? s : "";
    server = m ? m : "";
  }
  if (server.empty()) server = trim(PQerrorMessage(m_conn));
  Failure f = failure_of_sqlstate(sqlstate);
  // Every error the server sends has a SQLSTATE; one without comes from libpq itself: the connection broke
  // (a stopped server shows as "server closed the connection unexpectedly" before libpq marks it bad).
  if (PQstatus(m_conn) == CONNECTION_BAD || (result && sqlstate.empty() && PQresultStatus(result) == PGRES_FATAL_ERROR))
    f = Failure::connection;
  PQclear(result);
  // The server aborted a transaction we opened for a cursor: end it, and with it every cursor.
  if (m_implicit_txn && !m_user_txn && PQtransactionStatus(m_conn) == PQTRANS_INERROR) {
    PQclear(PQexec(m_conn, "ROLLBACK"));
    transaction_ended();
  }
  throw Exception(f, engine_message(m_target.display, doing, server, sqlstate, f));
}

void PgDatabase::command(const std::string& sql, const std::string& doing) {
  check_not_streaming(doing);
  PGresult* r = PQexec(m_conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) fail(doing, r);
  // COMMIT of a transaction an error aborted answers ROLLBACK: nothing was written, which must not pass as success.
  bool rolled_back = starts_with(sql, "COMMIT") && std::string_view(PQcmdStatus(r)) == "ROLLBACK";
  PQclear(r);
  if (rolled_back)
    throw Exception(Failure::other,
                    "PostgreSQL store " + m_target.display +
                        ": the transaction was rolled back by an earlier error; nothing of it was written");
}

std::unique_ptr<Statement> PgDatabase::prepare(std::string_view sql) {
  int params = 0;
  std::string translated = translate_placeholders(sql, &params);
  bool single_row = m_single_row_reads && is_query(translated);
  auto& slots = m_prepared[translated];
  for (auto& slot : slots)
    if (!slot.in_use && slot.single_row == single_row) return std::make_unique<PgStatement>(*this, slot, sql_head(sql));
  check_not_streaming("preparing \"" + sql_head(sql) + "\"");
  PgPrepared slot;
  slot.name = "motcua_s" + std::to_string(++m_next_id);
  slot.params = params;
  slot.single_row = single_row;
  std::string text = translated;
  if (is_query(translated) && !single_row) {
    slot.cursor = "motcua_c" + std::to_string(m_next_id);
    text = "DECLARE " + slot.cursor + " NO SCROLL CURSOR FOR " + translated;
  }
  // A parameter nothing gives a type (`?3 IS NULL` alone) is text, as SQLite would take it: PostgreSQL refuses
  // to guess (42P18), so it is named text and the statement prepared again, under a savepoint inside a
  // transaction (a failed prepare would abort it). Once per SQL and connection.
  std::vector<unsigned int> types(static_cast<size_t>(params), 0);
  bool in_txn = PQtransactionStatus(m_conn) == PQTRANS_INTRANS;
  if (in_txn) command("SAVEPOINT motcua_prepare", "preparing \"" + sql_head(sql) + "\"");
  for (;;) {
    PGresult* r = PQprepare(m_conn, slot.name.c_str(), text.c_str(), params, types.data());
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      PQclear(r);
      break;
    }
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char* message = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char* dollar = message ? std::strrchr(message, '$') : nullptr;
    int n = dollar ? std::atoi(dollar + 1) : 0;
    if (!state || std::string_view(state) != "42P18" || n < 1 || n > params || types[static_cast<size_t>(n - 1)] != 0)
      fail("preparing \"" + sql_head(sql) + "\"", r);
    PQclear(r);
    types[static_cast<size_t>(n - 1)] = 25; // text
    if (in_txn) command("ROLLBACK TO SAVEPOINT motcua_prepare", "preparing \"" + sql_head(sql) + "\"");
  }
  if (in_txn) command("RELEASE SAVEPOINT motcua_prepare", "preparing \"" + sql_head(sql) + "\"");
  slots.push_back(std::move(slot));
  return std::make_unique<PgStatement>(*this, slots.back(), sql_head(sql));
}

void PgDatabase::exec(std::string_view sql) {
  check_not_streaming("running \"" + sql_head(sql) + "\"");
  std::string text(sql);
  PGresult* r = PQexec(m_conn, text.c_str());
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    fail("running \"" + sql_head(sql) + "\"", r);
  std::string_view cmd = PQcmdStatus(r);
  if (starts_with(cmd, "INSERT") || starts_with(cmd, "UPDATE") || starts_with(cmd, "DELETE") ||
      starts_with(cmd, "MERGE"))
    m_changes = std::strtoll(PQcmdTuples(r), nullptr, 10);
  PQclear(r);
}

// A transaction begun while a cursor of ours streams (outside begin()) nests as a savepoint in the
// transaction opened for that cursor, so the cursor survives the caller's commit; the caller's work
// is then durable when the last such cursor closes.
void PgDatabase::begin(bool write) {
  if (m_user_txn)
    throw Exception(Failure::other, "PostgreSQL store " + m_target.display + ": a transaction is already open");
  if (m_implicit_txn) {
    command("SAVEPOINT motcua_txn", "beginning a transaction");
    m_savepoint = true;
  } else {
    // Readers see one state of the store from their first statement on, as SQLite's read transactions do.
    command(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ", "beginning a transaction");
  }
  m_user_txn = true;
}

void PgDatabase::commit() {
  if (!m_user_txn)
    throw Exception(Failure::other, "PostgreSQL store " + m_target.display + ": commit without a transaction");
  m_user_txn = false;
  if (m_savepoint) {
    m_savepoint = false;
    command("RELEASE SAVEPOINT motcua_txn", "committing");
    if (m_open_cursors == 0) {
      m_implicit_txn = false;
      transaction_ended();
      command("COMMIT", "committing");
    }
    return;
  }
  transaction_ended();
  command("COMMIT", "committing");
}

void PgDatabase::rollback() {
  if (!m_user_txn) return;
  m_user_txn = false;
  if (m_savepoint) {
    m_savepoint = false;
    command("ROLLBACK TO SAVEPOINT motcua_txn", "rolling back");
    command("RELEASE SAVEPOINT motcua_txn", "rolling back");
    return;
  }
  transaction_ended();
  command("ROLLBACK", "rolling back");
}

std::string PgDatabase::export_snapshot() {
  if (!m_user_txn)
    throw Exception(Failure::other,
                    "PostgreSQL store " + m_target.display + ": a snapshot is exported from an open transaction");
  check_not_streaming("exporting a snapshot");
  PGresult* r = PQexec(m_conn, "SELECT pg_export_snapshot()");
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) fail("exporting a snapshot", r);
  std::string id = PQgetvalue(r, 0, 0);
  PQclear(r);
  return id;
}

void PgDatabase::begin_on_snapshot(const std::string& snapshot) {
  begin(false);
  char* literal = PQescapeLiteral(m_conn, snapshot.c_str(), snapshot.size());
  if (!literal) fail("reading the snapshot " + snapshot, nullptr);
  std::string sql = std::string("SET TRANSACTION SNAPSHOT ") + literal;
  PQfreemem(literal);
  command(sql, "beginning on the snapshot " + snapshot);
}

bool PgDatabase::table_exists(std::string_view table) {
  std::string t(table);
  check_not_streaming("looking for the table " + t);
  const char* values[] = {m_target.schema.c_str(), t.c_str()};
  PGresult* r = PQexecParams(m_conn, "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2", 2,
                             nullptr, values, nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) fail("looking for the table " + t, r);
  bool found = PQntuples(r) > 0;
  PQclear(r);
  return found;
}

void PgDatabase::cursor_opened() {
  if (!m_user_txn && !m_implicit_txn) {
    command("BEGIN", "beginning a transaction for a query");
    m_implicit_txn = true;
  }
  ++m_open_cursors;
}

void PgDatabase::cursor_closed() {
  if (m_open_cursors > 0) --m_open_cursors;
  if (m_open_cursors == 0 && m_implicit_txn && !m_user_txn) {
    m_implicit_txn = false;
    transaction_ended();
    command("COMMIT", "ending the transaction of a query");
  }
}

bool PgDatabase::busy() const {
  return m_streaming || m_user_txn || m_implicit_txn || PQtransactionStatus(m_conn) != PQTRANS_IDLE;
}

void PgDatabase::check_not_streaming(const std::string& doing) const {
  if (!m_streaming) return;
  throw Exception(Failure::other, "PostgreSQL store " + m_target.display + ": " + doing + " while the rows of \"" +
                                      m_streaming->head() +
                                      "\" stream on the same connection (a scan job's connection runs one query at "
                                      "a time); read them to the end first");
}

void PgDatabase::transaction_ended() {
  ++m_txn_generation;
  m_open_cursors = 0;
  m_implicit_txn = false;
}

} // namespace motcua::store
