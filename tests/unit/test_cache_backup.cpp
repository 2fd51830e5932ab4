#include <doctest/doctest.h>

#include <filesystem>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/backup.hpp"
#include "cache/schema.hpp"
#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
namespace fs = std::filesystem;

namespace {
// A motcua cache file at `path` with one dossier.
void make_cache(const std::string& path, int version = k_schema_version) {
  store::SqliteDatabase db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  db.exec("INSERT INTO dossiers (code, procedure_code, channel, status, received_at, hash) VALUES ('D', 'A', "
          "'direct', 'received', 0, 1)");
  db.exec("PRAGMA application_id = " + std::to_string(k_application_id));
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

std::int64_t dossiers_in(const std::string& path) {
  store::SqliteDatabase db(path, SQLITE_OPEN_READONLY);
  return db.query_int64("SELECT count(*) FROM dossiers");
}
} // namespace

TEST_CASE("backup: dated names, and rotation removes only the oldest of its own names") {
  CHECK(dated_backup_name(local_instant(days_from_civil(2018, 3, 1), 3600 + 2 * 60 + 3)) ==
        "motcua-20180301-010203.db");
  TempDir dir;
  for (auto n : {"motcua-20180101-000000.db", "motcua-20180102-000000.db", "motcua-20180103-000000.db", "motcua-x.db",
                 "other.db"})
    spit(dir.path / n, "x");
  auto removed = rotate_backups(dir.path.string(), 2);
  REQUIRE(removed);
  REQUIRE(removed->size() == 1);
  CHECK(fs::path((*removed)[0]).filename() == "motcua-20180101-000000.db");
  CHECK(fs::exists(dir.path / "motcua-x.db"));
  CHECK(fs::exists(dir.path / "other.db"));
  CHECK(fs::exists(dir.path / "motcua-20180103-000000.db"));
}

TEST_CASE("backup: a checked 0600 copy; an existing file refused unless forced") {
  TempDir dir;
  const std::string src = (dir.path / "c.db").string();
  const std::string dest = (dir.path / "b.db").string();
  make_cache(src);
  store::SqliteDatabase db(src, SQLITE_OPEN_READONLY);
  REQUIRE(backup_cache(db, dest, false));
  struct stat st {};
  REQUIRE(::stat(dest.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(dossiers_in(dest) == 1);
  auto again = backup_cache(db, dest, false);
  REQUIRE_FALSE(again);
  CHECK(again.error().kind == ErrorKind::usage);
  CHECK(backup_cache(db, dest, true));
  for (const auto& e : fs::directory_iterator(dir.path))
    CHECK(e.path().filename().string().rfind(".motcua-backup", 0) != 0);
}

TEST_CASE("restore: replaces the cache, refuses a newer one, and a leftover .bak") {
  TempDir dir;
  const std::string backup = (dir.path / "b.db").string();
  const std::string cache = (dir.path / "c" / "c.db").string();
  make_cache(backup);
  REQUIRE(restore_cache(backup, cache, 0));
  CHECK(dossiers_in(cache) == 1);
  CHECK_FALSE(fs::exists(cache + ".bak"));
  REQUIRE(restore_cache(backup, cache, 0)); // over an existing cache: the .bak goes once it succeeded
  CHECK_FALSE(fs::exists(cache + ".bak"));

  const std::string newer = (dir.path / "n.db").string();
  make_cache(newer, k_schema_version + 1);
  auto r = restore_cache(newer, cache, 0);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::cache);
  CHECK(r.error().message.find("newer motcua") != std::string::npos);

  spit(cache + ".bak", "precious");
  auto b = restore_cache(backup, cache, 0);
  REQUIRE_FALSE(b);
  CHECK(b.error().kind == ErrorKind::usage);
  CHECK(slurp(cache + ".bak") == "precious");
}
