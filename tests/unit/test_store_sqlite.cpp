#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "store/sqlite.hpp"
#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
using store::Failure;

namespace {

std::unique_ptr<store::SqliteDatabase> table_db() {
  auto db = store::SqliteDatabase::memory();
  db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, i INTEGER, r REAL, s TEXT); CREATE TABLE u (x INTEGER)");
  return db;
}

Failure failure_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const store::Exception& e) {
    return e.failure();
  }
  FAIL("no exception");
  return Failure::other;
}

} // namespace

TEST_CASE("SqliteDatabase: binds, steps, reads every type, NULL as empty and is_null") {
  auto db = table_db();
  CHECK(db->engine() == store::Engine::sqlite);
  CHECK(db->name() == ":memory:");
  auto put = db->prepare("INSERT INTO t (k, i, r, s) VALUES (?1, ?2, ?3, ?4)");
  put->bind(1, "a");
  put->bind(2, std::int64_t{1} << 40);
  put->bind(3, 2.5);
  put->bind(4, std::string("héllo"));
  CHECK_FALSE(put->step());
  CHECK(db->changes() == 1);
  put->reset();
  put->bind(1, std::string_view("b"));
  put->bind_null(2);
  put->bind_null(3);
  put->bind(4, std::string_view()); // an empty view is the empty string, not NULL
  CHECK_FALSE(put->step());
  auto get = db->prepare("SELECT i, r, s FROM t WHERE k = ?1");
  get->bind(1, "a");
  REQUIRE(get->step());
  CHECK(get->get_int64(0) == (std::int64_t{1} << 40));
  CHECK(get->get_double(1) == 2.5);
  CHECK(get->get_text(2) == "héllo");
  CHECK_FALSE(get->step());
  get->reset();
  get->bind(1, "b");
  REQUIRE(get->step());
  CHECK(get->is_null(0));
  CHECK(get->get_int64(0) == 0);
  CHECK(get->is_null(1));
  CHECK_FALSE(get->is_null(2));
  CHECK(get->get_text(2).empty());
  CHECK(db->query_int64("SELECT count(*) FROM t") == 2);
  CHECK(db->query_int64("SELECT i FROM t WHERE k = 'b'") == 0); // NULL
  CHECK(db->query_int64("SELECT i FROM t WHERE k = 'none'") == 0);
}

TEST_CASE("SqliteDatabase: a bare ? counts on from the last numbered one; bindings survive reset") {
  auto db = table_db();
  auto put = db->prepare("INSERT INTO t (k, i) VALUES (?1, ?)");
  put->bind(1, "a");
  put->bind(2, 7);
  put->step();
  put->reset();
  put->bind(1, "b"); // ?2 keeps 7
  put->step();
  CHECK(db->query_int64("SELECT sum(i) FROM t") == 14);
}

TEST_CASE("SqliteDatabase: transactions commit or roll back; Transaction rolls back unless committed") {
  auto db = table_db();
  {
    store::Transaction tx(*db);
    db->exec("INSERT INTO u VALUES (1)");
  }
  CHECK(db->query_int64("SELECT count(*) FROM u") == 0);
  {
    store::Transaction tx(*db, false);
    db->exec("INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)");
    tx.commit();
  }
  CHECK(db->query_int64("SELECT count(*) FROM u") == 2);
  CHECK(db->table_exists("u"));
  CHECK_FALSE(db->table_exists("nope"));
}

TEST_CASE("SqliteDatabase: failures map to store::Failure and keep SQLite's primary code") {
  auto db = table_db();
  try {
    db->exec("INSERT INTO t (k) VALUES ('a'); INSERT INTO t (k) VALUES ('a')");
    FAIL("no exception");
  } catch (const store::Exception& e) {
    CHECK(e.failure() == Failure::other);
    CHECK(e.sqlite_code() == SQLITE_CONSTRAINT);
    CHECK(std::string(e.what()).find("UNIQUE") != std::string::npos);
  }
  CHECK(failure_of([&] { db->prepare("SELECT nope FROM t"); }) == Failure::other);

  TempDir dir;
  std::string path = dir.path.string() + "/c.db";
  {
    store::SqliteDatabase make(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    make.exec("CREATE TABLE x (a)");
  }
  store::SqliteDatabase reader(path, SQLITE_OPEN_READONLY);
  try {
    reader.exec("INSERT INTO x VALUES (1)");
    FAIL("no exception");
  } catch (const store::Exception& e) {
    CHECK(e.failure() == Failure::read_only);
    CHECK(e.sqlite_code() == SQLITE_READONLY);
  }
  // Another connection holds the write lock: busy, once the (here zero) wait is over.
  store::SqliteDatabase a(path, SQLITE_OPEN_READWRITE), b(path, SQLITE_OPEN_READWRITE);
  a.begin(true);
  CHECK(failure_of([&] { b.begin(true); }) == Failure::busy);
  a.rollback();
  // Not a database at all.
  std::string junk = dir.path.string() + "/junk.db";
  spit(junk, std::string(4096, 'x'));
  store::SqliteDatabase j(junk, SQLITE_OPEN_READONLY);
  CHECK(failure_of([&] { j.query_int64("SELECT count(*) FROM sqlite_master"); }) == Failure::corrupt);
  // A file that cannot be opened for writing.
  CHECK(failure_of([&] {
          store::SqliteDatabase no(dir.path.string() + "/missing/dir/c.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        }) == Failure::read_only);
}

TEST_CASE("SqliteDatabase: get_text views SQLite's buffer, valid until the next step") {
  auto db = table_db();
  db->exec("INSERT INTO t (k, s) VALUES ('a', 'first'), ('b', 'second')");
  auto st = db->prepare("SELECT s FROM t ORDER BY k");
  REQUIRE(st->step());
  std::string_view v = st->get_text(0);
  CHECK(v == "first");
  CHECK(v.data() == st->get_text(0).data()); // no copy: the same bytes each time
  REQUIRE(st->step());
  CHECK(st->get_text(0) == "second");
}

TEST_CASE("SqliteDatabase: SQLiteCpp owns the connection; the raw handle is its handle") {
  TempDir dir;
  std::string path = dir.path.string() + "/c.db";
  store::SqliteDatabase db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 2500);
  CHECK(db.connection().getHandle() == db.handle());
  CHECK(db.connection().getFilename() == path);
  db.exec("CREATE TABLE x (a)");
  // What SQLiteCpp runs and what the raw statements read are one connection.
  db.connection().exec("INSERT INTO x VALUES (7)");
  CHECK(db.query_int64("SELECT a FROM x") == 7);
  CHECK(db.table_exists("x"));
  // SQLiteCpp's own failures map like SQLite's.
  try {
    db.connection().exec("INSERT INTO nope VALUES (1)");
    FAIL("no exception");
  } catch (const SQLite::Exception& e) {
    store::Exception s = store::sqlite_exception(e, db.handle());
    CHECK(s.failure() == Failure::other);
    CHECK(s.sqlite_code() == SQLITE_ERROR);
    CHECK(std::string(s.what()).find("nope") != std::string::npos);
  }
}

TEST_CASE("SqliteDatabase: a statement may outlive its database object; the connection closes after it") {
  // SQLiteCpp closes with sqlite3_close, which fails (and asserts) while a statement is open: the
  // statements share the connection, so the last of them closes it.
  auto db = table_db();
  db->exec("INSERT INTO t (k, s) VALUES ('a', 'first'), ('b', 'second')");
  auto st = db->prepare("SELECT s FROM t ORDER BY k");
  REQUIRE(st->step());
  db.reset();
  CHECK(st->get_text(0) == "first");
  REQUIRE(st->step());
  CHECK(st->get_text(0) == "second");
  CHECK_FALSE(st->step());
  st.reset();
}

TEST_CASE(
    "SqliteDatabase: the first connection turns SQLite's memory statistics off (no global mutex per allocation)") {
  // In a child process, so SQLite is started by this connection and not by an earlier test case.
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto db = store::SqliteDatabase::memory();
    db->exec("CREATE TABLE t (a TEXT)");
    db->exec("INSERT INTO t SELECT hex(randomblob(100)) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3)");
    // Counted allocations mean the statistics (and their mutex) are on.
    ::_exit(sqlite3_memory_used() == 0 && sqlite3_memory_highwater(0) == 0 ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
