#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "cache/lock.hpp"

#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

TEST_CASE("WriterLock: the holder writes its pid into <db>.lock, mode 0600") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto lock = WriterLock::acquire(db, 0);
  REQUIRE(lock);
  CHECK(lock->held());
  CHECK(slurp(db + ".lock") == std::to_string(::getpid()) + "\n");
  struct stat st {};
  REQUIRE(::stat((db + ".lock").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("WriterLock: a second writer fails at once with ErrorKind::locked naming the holder's pid") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto first = WriterLock::acquire(db, 0);
  REQUIRE(first);
  auto t0 = std::chrono::steady_clock::now();
  auto second = WriterLock::acquire(db, 0);
  REQUIRE_FALSE(second);
  CHECK(seconds_since(t0) < 0.5);
  CHECK(second.error().kind == ErrorKind::locked);
  const auto& msg = second.error().message;
  CHECK(msg.find("(pid " + std::to_string(::getpid()) + ")") != std::string::npos);
  CHECK(msg.find(db) != std::string::npos);
  CHECK(msg.find("--lock-timeout") != std::string::npos);
  // The failed attempt must not disturb the holder's record.
  CHECK(slurp(db + ".lock") == std::to_string(::getpid()) + "\n");
}

TEST_CASE("WriterLock: a holder that wrote no pid is reported without one") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto first = WriterLock::acquire(db, 0);
  REQUIRE(first);
  REQUIRE(::truncate((db + ".lock").c_str(), 0) == 0);
  auto second = WriterLock::acquire(db, 0);
  REQUIRE_FALSE(second);
  CHECK(second.error().kind == ErrorKind::locked);
  CHECK(second.error().message.find("pid") == std::string::npos);
}

TEST_CASE("WriterLock: the timeout is waited for, roughly") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto first = WriterLock::acquire(db, 0);
  REQUIRE(first);
  auto t0 = std::chrono::steady_clock::now();
  auto second = WriterLock::acquire(db, 0.3);
  double waited = seconds_since(t0);
  REQUIRE_FALSE(second);
  CHECK(second.error().kind == ErrorKind::locked);
  CHECK(waited >= 0.3);
  CHECK(waited < 2.0);
}

TEST_CASE("WriterLock: a waiter gets the lock as soon as the holder lets go") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto first = WriterLock::acquire(db, 0);
  REQUIRE(first);
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    WriterLock gone = std::move(*first);
  });
  auto t0 = std::chrono::steady_clock::now();
  auto second = WriterLock::acquire(db, 5.0);
  double waited = seconds_since(t0);
  releaser.join();
  REQUIRE(second);
  CHECK(second->held());
  CHECK(waited >= 0.15);
  CHECK(waited < 3.0);
}

TEST_CASE("WriterLock: destruction releases the lock and forgets the pid") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  {
    auto first = WriterLock::acquire(db, 0);
    REQUIRE(first);
    CHECK_FALSE(WriterLock::acquire(db, 0));
  }
  CHECK(slurp(db + ".lock").empty());
  auto again = WriterLock::acquire(db, 0);
  CHECK(again);
}

TEST_CASE("WriterLock: moving hands the lock over, the moved-from object holds nothing") {
  TempDir dir;
  std::string db = (dir.path / "c.db").string();
  auto first = WriterLock::acquire(db, 0);
  REQUIRE(first);
  WriterLock moved(std::move(*first));
  CHECK_FALSE(first->held());
  CHECK(moved.held());
  CHECK_FALSE(WriterLock::acquire(db, 0)); // still held, by `moved`
  {
    WriterLock target;
    CHECK_FALSE(target.held());
    target = std::move(moved);
    CHECK(target.held());
    CHECK_FALSE(moved.held());
    CHECK_FALSE(WriterLock::acquire(db, 0));
  }
  CHECK(WriterLock::acquire(db, 0)); // released with `target`
}

TEST_CASE("WriterLock: move-assigning over a held lock releases it as destruction would") {
  TempDir dir;
  std::string db1 = (dir.path / "one.db").string();
  std::string db2 = (dir.path / "two.db").string();
  auto a = WriterLock::acquire(db1, 0);
  auto b = WriterLock::acquire(db2, 0);
  REQUIRE(a);
  REQUIRE(b);
  *a = std::move(*b);
  CHECK(a->held());
  // one.db's lock is free again and no longer names this process.
  CHECK(slurp(db1 + ".lock").empty());
  CHECK(WriterLock::acquire(db1, 0));
  CHECK_FALSE(WriterLock::acquire(db2, 0));
}

TEST_CASE("WriterLock: a lock file that cannot be created is a cache error naming it") {
  TempDir dir;
  std::string db = (dir.path / "missing" / "c.db").string();
  auto lock = WriterLock::acquire(db, 0);
  REQUIRE_FALSE(lock);
  CHECK(lock.error().kind == ErrorKind::cache);
  CHECK(lock.error().message.find(db + ".lock") != std::string::npos);
}
