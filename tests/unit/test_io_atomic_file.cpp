#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomic_file.hpp"

using namespace motcua;
namespace fs = std::filesystem;

namespace {

struct Dir {
  Dir()
      : path(fs::temp_directory_path() /
             ("motcua-atomic-" + std::to_string(::getpid()) + "-" + std::to_string(++counter))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
  fs::path path;
  static inline int counter = 0;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

} // namespace

TEST_CASE("an atomic file appears whole at commit, 0600, and nothing stays on abort") {
  Dir d;
  auto target = (d.path / "out.ndjson").string();
  {
    auto f = AtomicFile::create(target);
    REQUIRE(f.ok());
    (*f)->stream() << "line\n";
    CHECK_FALSE(fs::exists(target)); // not under the final name before commit
    CHECK(entries(d.path) == 1);     // the private temporary
    REQUIRE((*f)->commit().ok());
  }
  CHECK(slurp(target) == "line\n");
  CHECK((fs::status(target).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  {
    auto f = AtomicFile::create((d.path / "other").string());
    REQUIRE(f.ok());
    (*f)->stream() << "half";
  } // destroyed uncommitted
  CHECK(entries(d.path) == 1);
}

TEST_CASE("an existing file is refused unless force, non-regular targets and symlinks always") {
  Dir d;
  auto target = (d.path / "x").string();
  REQUIRE(write_file_atomically(target, "one").ok());
  auto again = write_file_atomically(target, "two");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::usage);
  CHECK(again.error().message.find("--force") != std::string::npos);
  CHECK(slurp(target) == "one");
  AtomicFileOptions force;
  force.force = true;
  REQUIRE(write_file_atomically(target, "two", force).ok());
  CHECK(slurp(target) == "two");

  auto link = (d.path / "link").string();
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  auto via_link = write_file_atomically(link, "three", force);
  REQUIRE_FALSE(via_link.ok());
  CHECK(via_link.error().message.find("symbolic link") != std::string::npos);
  CHECK(slurp(target) == "two");

  auto sub = (d.path / "sub").string();
  fs::create_directory(sub);
  CHECK(write_file_atomically(sub, "x", force).error().kind == ErrorKind::usage);
  auto fifo = (d.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto to_fifo = write_file_atomically(fifo, "x", force);
  REQUIRE_FALSE(to_fifo.ok());
  CHECK(to_fifo.error().message.find("not a regular file") != std::string::npos);
}

TEST_CASE("the target may not be one of the sources, even with force") {
  Dir d;
  auto src = (d.path / "in.ndjson").string();
  REQUIRE(write_file_atomically(src, "{}\n").ok());
  auto hard = (d.path / "hard").string();
  REQUIRE(::link(src.c_str(), hard.c_str()) == 0);
  AtomicFileOptions o;
  o.force = true;
  o.sources = {src};
  auto st = check_target(hard, o);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("is the input") != std::string::npos);
}

TEST_CASE("a missing directory is an input error naming it") {
  auto st = write_file_atomically("/nonexistent-motcua-dir/x", "x");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message.find("does not exist") != std::string::npos);
}

TEST_CASE("a planted temporary name never redirects the write") {
  Dir d;
  auto target = (d.path / "out").string();
  auto victim = (d.path / "victim").string();
  REQUIRE(write_file_atomically(victim, "keep").ok());
  for (const char* planted : {"out.part", ".out.tmp", "out.tmp"})
    REQUIRE(::symlink(victim.c_str(), (d.path / planted).c_str()) == 0);
  REQUIRE(write_file_atomically(target, "new").ok());
  CHECK(slurp(victim) == "keep");
  CHECK(slurp(target) == "new");
}

TEST_CASE("an atomic directory appears whole at commit and is removed on abort") {
  Dir d;
  auto target = (d.path / "snap").string();
  {
    auto dir = AtomicDirectory::create(target, false);
    REQUIRE(dir.ok());
    REQUIRE(write_file_atomically((*dir)->temp_path() + "/a", "1").ok());
    CHECK_FALSE(fs::exists(target));
  }
  CHECK(entries(d.path) == 0);
  {
    auto dir = AtomicDirectory::create(target, false);
    REQUIRE(dir.ok());
    REQUIRE(write_file_atomically((*dir)->temp_path() + "/a", "1").ok());
    REQUIRE((*dir)->commit().ok());
  }
  CHECK(slurp(fs::path(target) / "a") == "1");
  CHECK(entries(d.path) == 1);
  auto refused = AtomicDirectory::create(target, false);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("not empty") != std::string::npos);
  {
    auto dir = AtomicDirectory::create(target, true);
    REQUIRE(dir.ok());
    REQUIRE(write_file_atomically((*dir)->temp_path() + "/b", "2").ok());
    REQUIRE((*dir)->commit().ok());
  }
  CHECK(fs::exists(fs::path(target) / "b"));
  CHECK_FALSE(fs::exists(fs::path(target) / "a"));
  CHECK(entries(d.path) == 1);
}
