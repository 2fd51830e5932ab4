#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "support/memory_cache.hpp"

#include "cache/cache.hpp"
#include "cache/lock.hpp"
#include "cache/schema.hpp"

#include "support/pg_test_server.hpp"
#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
namespace fs = std::filesystem;

namespace {

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Opens a cache for writing and closes it again, leaving a migrated file behind.
void make_cache(const std::string& path) {
  auto c = Cache::open(path, CacheMode::write, 0);
  REQUIRE(c);
}

// Writes raw SQL to a file as any SQLite client would, outside motcua.
void raw_exec(const std::string& path, const std::string& sql) {
  store::SqliteDatabase db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(sql);
}

// Both modes must refuse the file with ErrorKind::cache, leave it byte for byte, and say `why`.
void check_refused(const std::string& path, const std::string& why) {
  std::string before = slurp(path);
  for (auto mode : {CacheMode::read, CacheMode::write}) {
    CAPTURE(static_cast<int>(mode));
    auto c = Cache::open(path, mode, 0);
    REQUIRE_FALSE(c);
    CHECK(c.error().kind == ErrorKind::cache);
    CHECK(contains(c.error().message, path));
    CHECK(contains(c.error().message, why));
    CHECK(slurp(path) == before);
  }
}

} // namespace

TEST_CASE("Cache write: creates the file 0600 in a new 0700 directory, migrated, holding the writer lock") {
  TempDir dir;
  fs::path db = dir.path / "data" / "motcua" / "motcua.db";
  {
    auto c = Cache::open(db.string(), CacheMode::write, 0);
    REQUIRE(c);
    CHECK((*c)->exists());
    CHECK((*c)->path() == db.string());
    CHECK(fs::is_regular_file(db));
    CHECK(mode_of(db) == 0600);
    CHECK(mode_of(db.parent_path()) == 0700);
    CHECK(mode_of(db.string() + ".lock") == 0600);
    auto& sql = (*c)->db();
    CHECK(sql.query_int64("PRAGMA user_version") == k_schema_version);
    CHECK(sql.query_int64("PRAGMA application_id") == k_application_id);
    CHECK(query_text(sql, "PRAGMA journal_mode") == "wal");
    CHECK(sql.query_int64("PRAGMA foreign_keys") == 1);
    // A second writer is refused while this one is open.
    auto other = Cache::open(db.string(), CacheMode::write, 0);
    REQUIRE_FALSE(other);
    CHECK(other.error().kind == ErrorKind::locked);
    sql.exec("INSERT INTO settings (key, value) VALUES ('k', 'v')");
  }
  // Closed: the lock is free and the data is there for the next writer.
  auto again = Cache::open(db.string(), CacheMode::write, 0);
  REQUIRE(again);
  CHECK(query_text((*again)->db(), "SELECT value FROM settings WHERE key = 'k'") == "v");
  CHECK(mode_of(db) == 0600);
}

TEST_CASE(
    "Cache write: puts back the receipt index a killed first migration left out, readers sort on disk without it") {
  TempDir dir;
  std::string db = (dir.path / "motcua.db").string();
  auto index_count = [](store::Database& sql) {
    return sql.query_int64("SELECT count(*) FROM sqlite_master WHERE name = 'dossiers_received'");
  };
  {
    auto c = Cache::open(db, CacheMode::write, 0);
    REQUIRE(c);
    (*c)->db().exec("DROP INDEX dossiers_received"); // as a killed bulk load leaves it
  }
  {
    auto r = Cache::open(db, CacheMode::read, 0);
    REQUIRE(r);
    CHECK(index_count((*r)->db()) == 0);
    CHECK((*r)->db().query_int64("PRAGMA temp_store") == 1); // sorts the table on disk, not in memory
  }
  auto w = Cache::open(db, CacheMode::write, 0);
  REQUIRE(w);
  CHECK(index_count((*w)->db()) == 1);
  CHECK((*w)->db().query_int64("PRAGMA temp_store") == 2);
}

TEST_CASE("Cache read: a missing file is an error naming the path; read_or_empty answers from an empty schema") {
  TempDir dir;
  fs::path db = dir.path / "nested" / "motcua.db";
  auto missing = Cache::open(db.string(), CacheMode::read, 0);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::cache);
  CHECK(missing.error().message.find("no cache at " + db.string()) != std::string::npos);
  CHECK_FALSE(Cache::open(db.string(), CacheMode::inspect, 0));
  auto c = Cache::open(db.string(), CacheMode::read_or_empty, 0);
  REQUIRE(c);
  CHECK_FALSE((*c)->exists());
  auto& sql = (*c)->db();
  CHECK(sql.query_int64("SELECT count(*) FROM procedure_events") == 0);
  CHECK(sql.query_int64("SELECT count(*) FROM dossiers") == 0);
  CHECK(sql.query_int64("PRAGMA user_version") == k_schema_version);
  CHECK_FALSE(fs::exists(db.parent_path()));
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("Cache read: an existing cache is read without taking the writer lock") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  make_cache(db);
  raw_exec(db, "INSERT INTO settings (key, value) VALUES ('k', 'v')");
  auto writer = WriterLock::acquire(db, 0);
  REQUIRE(writer);
  auto c = Cache::open(db, CacheMode::read, 0);
  REQUIRE(c);
  CHECK((*c)->exists());
  CHECK((*c)->db().query_int64("SELECT count(*) FROM settings") == 1);
}

TEST_CASE("Cache read: an empty file is no cache, and readers (db check included) leave it empty") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  spit(db, "");
  for (auto mode : {CacheMode::read, CacheMode::inspect}) {
    auto c = Cache::open(db, mode, 0);
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("no cache at") != std::string::npos);
  }
  auto c = Cache::open(db, CacheMode::read_or_empty, 0);
  REQUIRE(c);
  CHECK_FALSE((*c)->exists());
  CHECK(fs::file_size(db) == 0);
  auto w = Cache::open(db, CacheMode::write, 0);
  REQUIRE(w);
  CHECK((*w)->db().query_int64("PRAGMA user_version") == k_schema_version);
}

TEST_CASE("Cache: a cache from a newer motcua is refused with ErrorKind::cache, untouched") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  make_cache(db);
  raw_exec(db, "PRAGMA user_version = " + std::to_string(k_schema_version + 1));
  check_refused(db, "newer");
  store::SqliteDatabase check(db, SQLITE_OPEN_READONLY);
  CHECK(check.query_int64("PRAGMA user_version") == k_schema_version + 1);
}

TEST_CASE("Cache: a file that is not SQLite is refused with ErrorKind::cache, untouched") {
  TempDir dir;
  std::string text = (dir.path / "notes.csv").string();
  spit(text, std::string("code,name\nK1,hello\n") + std::string(8192, 'x'));
  check_refused(text, "--db");
}

TEST_CASE("Cache: another program's SQLite database is refused, untouched") {
  TempDir dir;
  std::string db = (dir.path / "other.sqlite").string();
  SUBCASE("tables, no ids") {
    raw_exec(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi');");
  }
  SUBCASE("its own application_id, user_version 0") {
    raw_exec(db, "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (table_name TEXT);");
  }
  SUBCASE("its own application_id, empty") { raw_exec(db, "PRAGMA application_id = 1196444487;"); }
  SUBCASE("a user_version of its own, no application_id") {
    raw_exec(db, "PRAGMA user_version = 1; CREATE TABLE notes (body TEXT);");
  }
  SUBCASE("a negative user_version, no application_id") { raw_exec(db, "PRAGMA user_version = -1;"); }
  SUBCASE("a negative user_version with our application_id") {
    raw_exec(db, "PRAGMA user_version = -3; PRAGMA application_id = " + std::to_string(k_application_id) + ";");
  }
  SUBCASE("a user_version above ours, no application_id") {
    raw_exec(db, "PRAGMA user_version = 42; CREATE TABLE notes (body TEXT);");
  }
  check_refused(db, "not a motcua cache");
}

TEST_CASE("Cache write: waits for --lock-timeout, then fails with ErrorKind::locked") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto holder = WriterLock::acquire(db, 0);
  REQUIRE(holder);
  auto c = Cache::open(db, CacheMode::write, 0.1);
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::locked);
  CHECK(contains(c.error().message, db));
}

TEST_CASE("cache_error: SQLite failures become cache errors that say what to do") {
  auto err = [](int code) {
    return cache_error(store::Exception(store::Failure::other, "boom", code), "/x/c.db", "writing");
  };
  CHECK(err(SQLITE_FULL).kind == ErrorKind::cache);
  CHECK(contains(err(SQLITE_FULL).message, "disk full"));
  CHECK(contains(err(SQLITE_FULL).message, "/x/c.db"));
  CHECK(contains(err(SQLITE_FULL).message, "writing"));
  CHECK(contains(err(SQLITE_READONLY).message, "read-only"));
  CHECK(contains(err(SQLITE_NOTADB).message, "not a motcua cache"));
  CHECK(contains(err(SQLITE_CORRUPT).message, "corrupt"));
  CHECK(err(SQLITE_BUSY).kind == ErrorKind::locked);
  CHECK(err(SQLITE_LOCKED).kind == ErrorKind::locked);
  // Extended codes map by their primary code.
  CHECK(contains(err(SQLITE_READONLY_DBMOVED).message, "read-only"));
  CHECK(err(SQLITE_IOERR).kind == ErrorKind::cache);
}

TEST_SUITE("postgresql") {

  TEST_CASE("Cache::open on a PostgreSQL target: no file, the store's connection, an empty reader cache") {
    motcua::testing::pg_fresh("t_cache")->exec("DROP SCHEMA t_cache");
    std::string url = motcua::testing::pg_test_conninfo();
    auto missing = Cache::open(url, CacheMode::read, 0, "t_cache");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::cache);
    auto empty = Cache::open(url, CacheMode::read_or_empty, 0, "t_cache");
    REQUIRE(empty);
    CHECK((*empty)->postgresql());
    CHECK_FALSE((*empty)->exists());
    CHECK((*empty)->sqlite() == nullptr);                            // SQLite-only commands must refuse
    CHECK((*empty)->db().engine() == motcua::store::Engine::sqlite); // the in-memory empty cache
    CHECK((*empty)->db().query_int64("SELECT count(*) FROM dossiers") == 0);

    auto writer = Cache::open(url, CacheMode::write, 0, "t_cache");
    REQUIRE(writer);
    CHECK((*writer)->exists());
    CHECK((*writer)->db().engine() == motcua::store::Engine::postgresql);
    CHECK((*writer)->pg_schema() == "t_cache");
    auto second = Cache::open(url, CacheMode::write, 0.2, "t_cache");
    REQUIRE_FALSE(second);
    CHECK(second.error().kind == ErrorKind::locked);
    auto reader = Cache::open(url, CacheMode::read, 0, "t_cache"); // readers never wait for the writer
    REQUIRE(reader);
    CHECK((*reader)->db().engine() == motcua::store::Engine::postgresql);
    CHECK((*reader)->sqlite() == nullptr);
    CHECK_FALSE(std::filesystem::exists(url));
  }
}
