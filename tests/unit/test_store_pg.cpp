#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "store/pg.hpp"

#include "support/pg_test_server.hpp"

using namespace motcua;
using namespace motcua::store;
using namespace motcua::testing;

namespace {

// The resident set of this process in bytes (/proc/self/statm).
long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

// Reads the 100,000 rows of 1,280 bytes of the table `wide` (128 MB if a result were held whole) and checks
// they all came while the resident set grew by less than `limit` bytes.
void check_wide_rows_stream(Database& db, long limit) {
  auto q = db.prepare("SELECT k, body FROM wide ORDER BY k");
  long before = resident_bytes();
  long peak = before;
  std::int64_t n = 0, bytes = 0;
  while (q->step()) {
    ++n;
    bytes += static_cast<std::int64_t>(q->get_text(1).size());
    if (n % 5000 == 0) peak = std::max(peak, resident_bytes());
  }
  CHECK(n == 100000);
  CHECK(bytes == 128000000);
  CHECK_MESSAGE(peak - before < limit, "memory grew by " << (peak - before) / 1024 / 1024 << " MB");
}

// The failure an action throws (Failure::other with a note when it throws none).
template <typename F> Exception thrown(F&& f) {
  try {
    f();
  } catch (const Exception& e) {
    return e;
  }
  FAIL("no store::Exception thrown");
  return Exception(Failure::other, "");
}

} // namespace

TEST_CASE("translate_placeholders: ?N and bare ? become $N, quotes and comments stay") {
  int n = 0;
  CHECK(translate_placeholders("SELECT ?1, ?2, ?1", &n) == "SELECT $1, $2, $1");
  CHECK(n == 2);
  CHECK(translate_placeholders("VALUES (?, ?, ?)", &n) == "VALUES ($1, $2, $3)");
  CHECK(n == 3);
  CHECK(translate_placeholders("SELECT ?3, ?", &n) == "SELECT $3, $4");
  CHECK(n == 4);
  CHECK(translate_placeholders("SELECT '?1 it''s?', \"a?\" FROM t WHERE x = ?", &n) ==
        "SELECT '?1 it''s?', \"a?\" FROM t WHERE x = $1");
  CHECK(n == 1);
  CHECK(translate_placeholders("SELECT 1 -- why?\n, ? /* ?2 */", &n) == "SELECT 1 -- why?\n, $1 /* ?2 */");
  CHECK(translate_placeholders("SELECT 1", &n) == "SELECT 1");
  CHECK(n == 0);
}

TEST_CASE("failure_of_sqlstate: the classes callers branch on") {
  CHECK(failure_of_sqlstate("08006") == Failure::connection);
  CHECK(failure_of_sqlstate("57P01") == Failure::connection);
  CHECK(failure_of_sqlstate("28P01") == Failure::auth);
  CHECK(failure_of_sqlstate("28000") == Failure::auth);
  CHECK(failure_of_sqlstate("53100") == Failure::full);
  CHECK(failure_of_sqlstate("25006") == Failure::read_only);
  CHECK(failure_of_sqlstate("55P03") == Failure::busy);
  CHECK(failure_of_sqlstate("40P01") == Failure::busy);
  CHECK(failure_of_sqlstate("XX001") == Failure::corrupt);
  CHECK(failure_of_sqlstate("XX002") == Failure::corrupt);
  CHECK(failure_of_sqlstate("23505") == Failure::other);
  CHECK(failure_of_sqlstate("") == Failure::other);
  CHECK(pg_error(Exception(Failure::connection, "x")).kind == ErrorKind::remote);
  CHECK(pg_error(Exception(Failure::busy, "x")).kind == ErrorKind::locked);
  CHECK(pg_error(Exception(Failure::full, "x")).kind == ErrorKind::cache);
}

TEST_SUITE("postgresql") {

  TEST_CASE("pg: placeholders, NULLs, integers, doubles, text and booleans round-trip") {
    auto db = pg_fresh("t_pg_values");
    CHECK(db->engine() == Engine::postgresql);
    db->exec("CREATE TABLE v (i BIGINT, d DOUBLE PRECISION, t TEXT COLLATE \"C\", n BIGINT)");
    auto ins = db->prepare("INSERT INTO v (i, d, t, n) VALUES (?1, ?2, ?3, ?4)");
    ins->bind(1, std::int64_t{-9223372036854775807LL - 1});
    ins->bind(2, 0.1);
    ins->bind(3, std::string_view("it's ?1 \"quoted\" — tiếng Việt"));
    ins->bind_null(4);
    CHECK_FALSE(ins->step());
    CHECK(db->changes() == 1);
    ins->reset();
    ins->bind(1, 42);
    ins->bind(2, 1e300);
    ins->bind(3, std::string_view("")); // empty text is not NULL
    ins->bind(4, 7);
    CHECK_FALSE(ins->step());

    auto q = db->prepare("SELECT i, d, t, n, n IS NULL, t = ?1 FROM v ORDER BY i");
    q->bind(1, std::string_view(""));
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == -9223372036854775807LL - 1);
    CHECK(q->get_double(1) == 0.1);
    CHECK(q->get_text(2) == "it's ?1 \"quoted\" — tiếng Việt");
    CHECK(q->is_null(3));
    CHECK(q->get_int64(3) == 0);
    CHECK(q->get_text(3).empty());
    CHECK(q->get_int64(4) == 1); // boolean 't'
    CHECK(q->get_int64(5) == 0); // boolean 'f'
    REQUIRE(q->step());
    CHECK(q->get_int(0) == 42);
    CHECK(q->get_double(1) == 1e300);
    CHECK_FALSE(q->is_null(2));
    CHECK(q->get_text(2).empty());
    CHECK(q->get_int64(5) == 1);
    CHECK_FALSE(q->step());
    CHECK_FALSE(q->step());

    // sum() of a bigint is numeric in PostgreSQL: still an integer to the caller.
    CHECK(db->query_int64("SELECT sum(i) FROM v WHERE i > 0") == 42);
    CHECK(db->query_int64("SELECT count(*) FROM v WHERE n IS NULL") == 1);
    CHECK(db->query_int64("SELECT 't'::text") == 0); // text "t" is not a boolean
    CHECK(db->query_int64("SELECT EXISTS (SELECT 1 FROM v)") == 1);
    // Bare ? counts on; unbound parameters are NULL, as in SQLite. (A parameter needs a typed context in
    // PostgreSQL: `? + ?` alone is ambiguous, so a column or a CAST gives it one.)
    auto bare = db->prepare("SELECT CAST(? AS BIGINT) + ?, ?3 IS NULL");
    bare->bind(1, 40);
    bare->bind(2, 2);
    REQUIRE(bare->step());
    CHECK(bare->get_int64(0) == 42);
    CHECK(bare->get_int64(1) == 1);
    CHECK_THROWS_AS(bare->bind(4, 1), Exception);
    // A parameter without any type context is text, also inside a transaction (which stays usable).
    Transaction tx(*db);
    auto untyped = db->prepare("SELECT ?1 IS NULL, ?2");
    untyped->bind(2, std::string_view("x"));
    REQUIRE(untyped->step());
    CHECK(untyped->get_int64(0) == 1);
    CHECK(untyped->get_text(1) == "x");
    CHECK(db->query_int64("SELECT count(*) FROM v") == 2);
    tx.commit();
  }

  TEST_CASE("pg: a reset statement runs again with new bindings; bindings are kept") {
    auto db = pg_fresh("t_pg_reset");
    auto q = db->prepare("SELECT ?1 * 2, ?2");
    q->bind(1, 3);
    q->bind(2, std::string_view("kept"));
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == 6);
    q->reset(); // mid-stream: the cursor is closed
    q->bind(1, 5);
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == 10);
    CHECK(q->get_text(1) == "kept");
    // The same SQL prepared twice while both live: two server statements, two cursors.
    auto a = db->prepare("SELECT ?1");
    auto b = db->prepare("SELECT ?1");
    a->bind(1, 1);
    b->bind(1, 2);
    REQUIRE(a->step());
    REQUIRE(b->step());
    CHECK(a->get_int64(0) == 1);
    CHECK(b->get_int64(0) == 2);
  }

  TEST_CASE("pg: reads stream, and other statements run between two steps") {
    auto db = pg_fresh("t_pg_stream");
    db->exec("CREATE TABLE src (k BIGINT); CREATE TABLE dst (k BIGINT);"
             "INSERT INTO src SELECT g FROM generate_series(1, 25000) g");
    auto read = db->prepare("SELECT k FROM src ORDER BY k");
    auto write = db->prepare("INSERT INTO dst (k) VALUES (?1)");
    std::int64_t n = 0, sum = 0;
    while (read->step()) {
      ++n;
      sum += read->get_int64(0);
      if (n % 1000 == 0) { // a write and a read of the same connection mid-stream, in the caller's transaction
        Transaction tx(*db);
        write->bind(1, read->get_int64(0));
        write->step();
        write->reset();
        CHECK(db->query_int64("SELECT count(*) FROM dst") == n / 1000);
        tx.commit();
      }
    }
    CHECK(n == 25000);
    CHECK(sum == 25000LL * 25001 / 2);
    // Committed: another connection sees the rows once the read is over.
    auto other = PgDatabase::connect(pg_test_target("t_pg_stream"));
    CHECK(other->query_int64("SELECT count(*) FROM dst") == 25);
  }

  TEST_CASE("pg: 100k wide rows stream with flat memory") {
    auto db = pg_fresh("t_pg_memory");
    db->exec("CREATE TABLE wide (k BIGINT, body TEXT);"
             "INSERT INTO wide SELECT g, repeat(md5(g::text), 40) FROM generate_series(1, 100000) g");
    check_wide_rows_stream(*db, 48L * 1024 * 1024);
  }

  TEST_CASE("pg: transactions commit, roll back, and an aborted one does not pass as committed") {
    auto db = pg_fresh("t_pg_tx");
    db->exec("CREATE TABLE t (k BIGINT PRIMARY KEY); INSERT INTO t VALUES (1)");
    {
      Transaction tx(*db);
      db->exec("INSERT INTO t VALUES (2)");
    } // rolled back
    CHECK(db->query_int64("SELECT count(*) FROM t") == 1);
    {
      Transaction tx(*db);
      db->exec("INSERT INTO t VALUES (2), (3)");
      CHECK(db->changes() == 2);
      tx.commit();
    }
    CHECK(db->query_int64("SELECT count(*) FROM t") == 3);
    db->exec("UPDATE t SET k = k + 10 WHERE k > 1");
    CHECK(db->changes() == 2);
    db->exec("INSERT INTO t VALUES (1) ON CONFLICT (k) DO NOTHING");
    CHECK(db->changes() == 0);

    db->begin();
    CHECK(db->in_transaction());
    CHECK_THROWS_AS(db->exec("INSERT INTO t VALUES (1)"), Exception); // duplicate: the server aborts the transaction
    auto e = thrown([&] { db->commit(); });
    CHECK(std::string(e.what()).find("rolled back") != std::string::npos);
    CHECK_FALSE(db->in_transaction());
    CHECK(db->query_int64("SELECT count(*) FROM t") == 3);
    CHECK_THROWS_AS(db->commit(), Exception); // none open
    db->rollback();                           // none open: nothing to do

    // A failed query outside a transaction leaves the connection usable.
    CHECK_THROWS_AS(db->query_int64("SELECT 1/0"), Exception);
    CHECK(db->query_int64("SELECT 2") == 2);
  }

  TEST_CASE("pg: exec runs several statements; table_exists looks in the configured schema") {
    auto db = pg_fresh("t_pg_exec");
    CHECK_FALSE(db->table_exists("a"));
    db->exec("CREATE TABLE a (x BIGINT); CREATE TABLE b (y BIGINT); INSERT INTO a VALUES (1), (2);");
    CHECK(db->table_exists("a"));
    CHECK(db->table_exists("b"));
    CHECK(db->query_int64("SELECT count(*) FROM a") == 2);
    auto other = pg_fresh("t_pg_exec_other");
    CHECK_FALSE(other->table_exists("a"));
    CHECK(db->name() == pg_test_conninfo());
  }

  TEST_CASE("pg: failures are classed and name the store") {
    auto db = pg_fresh("t_pg_errors");
    auto e = thrown([&] { db->prepare("SELEKT 1"); });
    CHECK(e.failure() == Failure::other);
    std::string what = e.what();
    CHECK(what.find("PostgreSQL store " + pg_test_conninfo()) == 0);
    CHECK(what.find("syntax error") != std::string::npos);
    CHECK(what.find("SQLSTATE 42601") != std::string::npos);

    SUBCASE("no server at the address: connection") {
      auto t = parse_pg_target("host=" + pg_test_dir() + "/nowhere dbname=postgres user=postgres");
      REQUIRE(t);
      auto c = thrown([&] { PgDatabase::connect(*t); });
      CHECK(c.failure() == Failure::connection);
      CHECK(std::string(c.what()).find("PostgreSQL store host=") == 0);
      CHECK(pg_error(c).kind == ErrorKind::remote);
    }
    SUBCASE("wrong password: auth, quoting the server") {
      ::setenv("PGPASSWORD", "not-the-password", 1);
      auto t = parse_pg_target("host=" + pg_test_dir() + " dbname=postgres user=motcua_scram");
      REQUIRE(t);
      auto c = thrown([&] { PgDatabase::connect(*t); });
      ::unsetenv("PGPASSWORD");
      CHECK(c.failure() == Failure::auth);
      CHECK(std::string(c.what()).find("password authentication failed") != std::string::npos);
      CHECK(std::string(c.what()).find("not-the-password") == std::string::npos);
      CHECK(std::string(c.what()).find("SQLSTATE 28P01") != std::string::npos);
    }
    SUBCASE("no password where one is needed: auth") {
      ::setenv("PGPASSFILE", "/nonexistent", 1);
      auto t = parse_pg_target("host=" + pg_test_dir() + " dbname=postgres user=motcua_scram");
      REQUIRE(t);
      auto c = thrown([&] { PgDatabase::connect(*t); });
      ::unsetenv("PGPASSFILE");
      CHECK(c.failure() == Failure::auth);
    }
    SUBCASE("the right password but no such database: not auth, and the server's words") {
      std::string password = slurp(pg_test_dir() + "/scram-password");
      password.pop_back();
      ::setenv("PGPASSWORD", password.c_str(), 1);
      auto t = parse_pg_target("host=" + pg_test_dir() + " dbname=nosuchdb user=motcua_scram");
      REQUIRE(t);
      auto c = thrown([&] { PgDatabase::connect(*t); });
      ::unsetenv("PGPASSWORD");
      CHECK(c.failure() == Failure::connection);
      CHECK(std::string(c.what()).find("\"nosuchdb\" does not exist") != std::string::npos);
      CHECK(std::string(c.what()).find("SQLSTATE 3D000") != std::string::npos);
    }
    SUBCASE("the right password from PGPASSWORD connects") {
      std::string password = slurp(pg_test_dir() + "/scram-password");
      password.pop_back();
      ::setenv("PGPASSWORD", password.c_str(), 1);
      auto t = parse_pg_target("host=" + pg_test_dir() + " dbname=postgres user=motcua_scram", "t_pg_scram");
      REQUIRE(t);
      auto c = PgDatabase::connect(*t);
      ::unsetenv("PGPASSWORD");
      CHECK(c->query_int64("SELECT 7") == 7);
    }
    SUBCASE("the server ends the session: connection") {
      auto killer = PgDatabase::connect(pg_test_target("t_pg_errors"));
      auto pid = db->query_int64("SELECT pg_backend_pid()");
      killer->exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
      auto c = thrown([&] { db->query_int64("SELECT 1"); });
      CHECK(c.failure() == Failure::connection);
    }
    SUBCASE("a read-only transaction refuses a write: read_only") {
      db->exec("CREATE TABLE r (x BIGINT); SET default_transaction_read_only = on");
      auto c = thrown([&] { db->exec("INSERT INTO r VALUES (1)"); });
      CHECK(c.failure() == Failure::read_only);
    }
    SUBCASE("a row lock held beyond lock_timeout: busy") {
      db->exec("CREATE TABLE l (x BIGINT); INSERT INTO l VALUES (1)");
      auto holder = PgDatabase::connect(pg_test_target("t_pg_errors"));
      holder->begin();
      holder->exec("UPDATE l SET x = 2");
      db->exec("SET lock_timeout = '100ms'");
      auto c = thrown([&] { db->exec("UPDATE l SET x = 3"); });
      CHECK(c.failure() == Failure::busy);
      holder->rollback();
    }
  }

  TEST_CASE("pg: postgresql:// and postgres:// URLs connect, announcing motcua's application_name") {
    for (std::string scheme : {"postgresql", "postgres"}) {
      auto t =
          parse_pg_target(scheme + ":///postgres?host=" + pg_test_dir() + "&user=postgres&sslmode=disable", "t_pg_url");
      REQUIRE(t);
      auto db = PgDatabase::connect(*t);
      auto st = db->prepare("SELECT current_setting('application_name'), current_setting('search_path')");
      REQUIRE(st->step());
      CHECK(st->get_text(0) == pg_application_name());
      CHECK(st->get_text(1) == "t_pg_url");
    }
  }

  TEST_CASE("pg: parallel readers begin on one exported snapshot") {
    auto first = pg_fresh("t_pg_snapshot");
    first->exec("CREATE TABLE s (x BIGINT); INSERT INTO s VALUES (1)");
    first->begin(false);
    CHECK(first->query_int64("SELECT count(*) FROM s") == 1);
    std::string snapshot = first->export_snapshot();
    auto writer = PgDatabase::connect(pg_test_target("t_pg_snapshot"));
    writer->exec("INSERT INTO s VALUES (2)");
    auto second = PgDatabase::connect(pg_test_target("t_pg_snapshot"));
    second->begin_on_snapshot(snapshot);
    CHECK(second->query_int64("SELECT count(*) FROM s") == 1); // the first reader's state, not the newer one
    second->commit();
    first->commit();
    CHECK(second->query_int64("SELECT count(*) FROM s") == 2);
    CHECK_THROWS_AS(first->export_snapshot(), Exception); // outside a transaction
  }

  TEST_CASE("pg: a server stopped under a session, and a stopped server: connection failures (exit 5)") {
    const char* src = std::getenv("MOTCUA_SOURCE_DIR");
    REQUIRE_MESSAGE(src != nullptr, "MOTCUA_SOURCE_DIR is not set: run through ctest -L postgresql");
    std::string script = std::string(src) + "/scripts/pg-test-server.sh";
    std::string dir = (std::filesystem::temp_directory_path() / "motcua-pg-stop-XXXXXX").string();
    REQUIRE(::mkdtemp(dir.data()) != nullptr);
    // Stopped (and its directory removed) however the test ends; a second stop is a no-op.
    struct Stop {
      std::string command;
      ~Stop() { [[maybe_unused]] int rc = std::system(command.c_str()); }
    } stop_at_end{script + " stop " + dir + " >/dev/null 2>&1"};
    REQUIRE(std::system((script + " start " + dir + " >/dev/null").c_str()) == 0);
    auto t = parse_pg_target("host=" + dir + " dbname=postgres user=postgres", "t_pg_stopped");
    REQUIRE(t);
    auto db = PgDatabase::connect(*t);
    db->exec("CREATE SCHEMA t_pg_stopped; CREATE TABLE r (x BIGINT); INSERT INTO r SELECT generate_series(1, 30000)");
    auto read = db->prepare("SELECT x FROM r");
    REQUIRE(read->step()); // mid-stream when the server goes
    REQUIRE(std::system((script + " stop " + dir + " >/dev/null").c_str()) == 0);
    std::int64_t n = 1;
    auto e = thrown([&] {
      while (read->step()) ++n;
    });
    CHECK(n == 10000); // the first batch was here; the next FETCH meets the stopped server
    CHECK(e.failure() == Failure::connection);
    CHECK(pg_error(e).kind == ErrorKind::remote);
    auto again = thrown([&] { PgDatabase::connect(*t); });
    CHECK(again.failure() == Failure::connection);
    CHECK(std::string(again.what()).find("is the server running") != std::string::npos);
  }

} // TEST_SUITE

TEST_SUITE("postgresql") {

  TEST_CASE("pg: row counts around the fetch block, empty results and NULLs, through a cursor and single-row reads") {
    auto setup = pg_fresh("t_pg_blocks");
    setup->exec("CREATE TABLE r (k BIGINT, t TEXT); INSERT INTO r SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE "
                "'v' || g END FROM generate_series(1, 20001) g");
    for (bool single : {false, true}) {
      CAPTURE(single);
      auto db = PgDatabase::connect(pg_test_target("t_pg_blocks"));
      if (single) db->set_single_row_reads();
      auto q = db->prepare("SELECT k, t FROM r WHERE k <= ?1 ORDER BY k");
      for (std::int64_t n : {0, 1, 9999, 10000, 10001, 20000, 20001}) {
        CAPTURE(n);
        q->bind(1, n);
        std::int64_t rows = 0, nulls = 0;
        bool ordered = true;
        while (q->step()) {
          ++rows;
          ordered = ordered && q->get_int64(0) == rows;
          if (q->is_null(1)) {
            ++nulls;
            CHECK(q->get_text(1).empty());
          } else if (rows % 1000 == 1) {
            CHECK(q->get_text(1) == "v" + std::to_string(rows));
          }
        }
        CHECK(rows == n);
        CHECK(ordered);
        CHECK(nulls == n / 7);
        CHECK_FALSE(q->step()); // done stays done until reset
        q->reset();
      }
      CHECK_FALSE(db->busy());
    }
  }

  TEST_CASE("pg: single-row reads stop early, run again after reset, refuse a second statement mid-stream") {
    auto setup = pg_fresh("t_pg_single");
    setup->exec("CREATE TABLE r (k BIGINT); INSERT INTO r SELECT g FROM generate_series(1, 30000) g");
    auto db = PgDatabase::connect(pg_test_target("t_pg_single"));
    db->set_single_row_reads();
    auto q = db->prepare("SELECT k FROM r WHERE k > ?1 ORDER BY k");
    q->bind(1, 0);
    for (int i = 1; i <= 3; ++i) {
      REQUIRE(q->step());
      CHECK(q->get_int64(0) == i);
    }
    CHECK(db->busy());
    // Another statement while the rows stream: refused, naming both; the stream goes on.
    auto e = thrown([&] { db->query_int64("SELECT count(*) FROM r"); });
    CHECK(e.failure() == Failure::other);
    CHECK(std::string(e.what()).find("while the rows of \"SELECT k FROM r WHERE k > ?1") != std::string::npos);
    CHECK(thrown([&] { db->exec("SELECT 1"); }).failure() == Failure::other);
    CHECK(thrown([&] { db->begin(false); }).failure() == Failure::other);
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == 4);
    // Reset mid-stream: the rest is dropped, the connection is free, the statement runs again from its first row.
    q->reset();
    CHECK_FALSE(db->busy());
    CHECK(db->query_int64("SELECT count(*) FROM r") == 30000);
    q->bind(1, 29998);
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == 29999);
    REQUIRE(q->step());
    CHECK(q->get_int64(0) == 30000);
    CHECK_FALSE(q->step());
    // A statement destroyed mid-stream frees the connection too.
    {
      auto early = db->prepare("SELECT k FROM r ORDER BY k");
      REQUIRE(early->step());
    }
    CHECK_FALSE(db->busy());
    CHECK(db->query_int64("SELECT max(k) FROM r") == 30000);
    // Inside a transaction the rows stream the same way and the transaction goes on after them.
    db->begin(false);
    q->reset();
    q->bind(1, 0);
    std::int64_t n = 0;
    while (q->step()) ++n;
    CHECK(n == 30000);
    CHECK(db->query_int64("SELECT 7") == 7);
    db->commit();
    // Writes are not queries: they run as usual.
    db->exec("CREATE TABLE w (k BIGINT)");
    auto ins = db->prepare("INSERT INTO w (k) VALUES (?1)");
    ins->bind(1, 5);
    CHECK_FALSE(ins->step());
    CHECK(db->changes() == 1);
  }

  TEST_CASE("pg: an error mid-stream throws after the rows before it, and the connection is usable again") {
    auto setup = pg_fresh("t_pg_midfail");
    for (bool single : {false, true}) {
      CAPTURE(single);
      auto db = PgDatabase::connect(pg_test_target("t_pg_midfail"));
      if (single) db->set_single_row_reads();
      // Row 15000 divides by zero: the server fails in the second fetch block (or mid single-row stream).
      auto q = db->prepare("SELECT 10 / (15000 - g) FROM generate_series(1, 20000) g");
      std::int64_t rows = 0;
      auto e = thrown([&] {
        while (q->step()) ++rows;
      });
      CHECK(rows >= 10000); // the rows produced before the failure were read (how many the server sent first varies)
      CHECK(rows < 15000);
      CHECK(std::string(e.what()).find("division by zero") != std::string::npos);
      CHECK(std::string(e.what()).find("SQLSTATE 22012") != std::string::npos);
      CHECK_FALSE(db->busy());
      CHECK(db->query_int64("SELECT 42") == 42);
      q->reset();
      CHECK(thrown([&] {
              while (q->step()) {
              }
            }).failure() == Failure::other);
    }
  }

  TEST_CASE("pg: 100k wide rows stream with flat memory in single-row reads") {
    auto setup = pg_fresh("t_pg_memory_single");
    setup->exec("CREATE TABLE wide (k BIGINT, body TEXT);"
                "INSERT INTO wide SELECT g, repeat(md5(g::text), 40) FROM generate_series(1, 100000) g");
    auto db = PgDatabase::connect(pg_test_target("t_pg_memory_single"));
    db->set_single_row_reads();
    check_wide_rows_stream(*db, 16L * 1024 * 1024);
  }
}
