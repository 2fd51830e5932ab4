#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "io/stream.hpp"

using namespace motcua;

namespace {

std::string drain(ByteStream& s, size_t block) {
  std::string out;
  std::string buf(block, '\0');
  for (;;) {
    size_t got = s.read(buf.data(), block);
    if (got == 0) break;
    CHECK(got <= block);
    out.append(buf.data(), got);
  }
  return out;
}

std::string temp_file(const std::string& content) {
  char path[] = "/tmp/motcua_io_stream_XXXXXX";
  int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fd);
  return path;
}

} // namespace

TEST_CASE("MemoryStream hands out its bytes in capped blocks and reports progress") {
  MemoryStream s("hello, world", 5, "mem");
  CHECK(s.name() == "mem");
  CHECK(s.progress().total == 12u);
  char buf[64];
  CHECK(s.read(buf, 64) == 5);
  CHECK(std::string(buf, 5) == "hello");
  CHECK(s.progress().done == 5u);
  CHECK(drain(s, 3) == ", world");
  CHECK(s.read(buf, 64) == 0);
  CHECK(s.read(buf, 64) == 0); // stays at the end
  CHECK(s.status().ok());
  CHECK(s.progress().done == 12u);
}

TEST_CASE("FileStream reads a file whole with small and large blocks") {
  std::string content;
  for (int i = 0; i < 300000; ++i) content += static_cast<char>('a' + i % 26);
  std::string path = temp_file(content);
  for (size_t block : {size_t{1}, size_t{7}, size_t{4096}, size_t{65536}, size_t{1} << 20}) {
    auto f = FileStream::open(path);
    REQUIRE(f);
    CHECK((*f)->progress().total == content.size());
    CHECK((*f)->name() == path);
    if (block == 1) {
      // a byte at a time would be 300000 syscalls without the internal buffer; just check a prefix
      std::string head;
      char c;
      for (int i = 0; i < 1000; ++i) {
        REQUIRE((*f)->read(&c, 1) == 1);
        head += c;
      }
      CHECK(head == content.substr(0, 1000));
      CHECK(drain(**f, 4096) == content.substr(1000));
    } else {
      CHECK(drain(**f, block) == content);
    }
    CHECK((*f)->status().ok());
    CHECK((*f)->progress().done == content.size());
  }
  std::remove(path.c_str());
}

TEST_CASE("FileStream errors name the path") {
  auto missing = FileStream::open("/nonexistent/motcua/file.csv");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::input);
  CHECK(missing.error().message.find("/nonexistent/motcua/file.csv") != std::string::npos);

  auto dir = FileStream::open("/tmp");
  REQUIRE_FALSE(dir);
  CHECK(dir.error().message.find("directory") != std::string::npos);
}

TEST_CASE("FileStream on a pipe has no size and reads to the end") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string content = "line 1\nline 2\n";
  REQUIRE(::write(fds[1], content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fds[1]);
  FileStream f(fds[0], "pipe", true);
  CHECK_FALSE(f.progress().total.has_value());
  CHECK(drain(f, 1 << 20) == content);
  CHECK(f.status().ok());
}

TEST_CASE("FileStream reports read errors through status") {
  int fd = ::open("/tmp", O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  FileStream f(fd, "some-dir", true); // read(2) on a directory fails with EISDIR
  char buf[16];
  CHECK(f.read(buf, sizeof buf) == 0);
  REQUIRE_FALSE(f.status().ok());
  CHECK(f.status().error().kind == ErrorKind::input);
  CHECK(f.status().error().message.find("some-dir") != std::string::npos);
}

TEST_CASE("read_all collects a stream and enforces its limit") {
  MemoryStream s(std::string(1000, 'x'), 3);
  auto all = read_all(s);
  REQUIRE(all);
  CHECK(all->size() == 1000);
  MemoryStream big(std::string(300000, 'x'));
  auto limited = read_all(big, 1000);
  REQUIRE_FALSE(limited);
  CHECK(limited.error().kind == ErrorKind::input);
}

TEST_CASE("SpoolFile: a stream copied to an unlinked 0600 file, read again and again from the start") {
  char dir[] = "/tmp/motcua_spool_XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  std::string old_tmpdir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
  ::setenv("TMPDIR", dir, 1);
  std::string content(3 * 1024 * 1024 + 17, 'x');
  for (size_t i = 0; i < content.size(); i += 4099) content[i] = static_cast<char>('a' + i % 26);
  MemoryStream in(content, 65536, "stdin");
  auto spool = SpoolFile::copy(in);
  REQUIRE(spool);
  CHECK((*spool)->size() == content.size());
  // The unlinked copy, found through its descriptor: /proc/self/fd/N names it "... (deleted)",
  // and stat() follows the link to the inode, whose mode shows.
  int spool_fds = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    std::string target = std::filesystem::read_symlink(entry.path(), ec).string();
    if (ec || target.find("motcua-spool") == std::string::npos || target.find("(deleted)") == std::string::npos)
      continue;
    struct stat st {};
    REQUIRE(::stat(entry.path().c_str(), &st) == 0);
    CAPTURE(target);
    CHECK((st.st_mode & 0777) == 0600);
    ++spool_fds;
  }
  CHECK(spool_fds == 1);
  CHECK(::rmdir(dir) == 0); // nothing left in the directory: the copy has no name
  auto a = (*spool)->open("stdin");
  auto b = (*spool)->open("stdin");
  REQUIRE(a);
  REQUIRE(b);
  CHECK((*a)->name() == "stdin");
  CHECK((*a)->progress().total == content.size()); // a size, so a progress bar can show an ETA
  std::string head(100, '\0');
  CHECK((*a)->read(head.data(), 100) == 100);
  CHECK(drain(**b, 1 << 20) == content); // b has its own offset
  CHECK(head + drain(**a, 7777) == content);
  if (old_tmpdir.empty()) ::unsetenv("TMPDIR");
  else ::setenv("TMPDIR", old_tmpdir.c_str(), 1);
}

TEST_CASE("SpoolFile: an unwritable TMPDIR is an input error naming it") {
  std::string old_tmpdir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
  ::setenv("TMPDIR", "/nonexistent/motcua", 1);
  MemoryStream in("abc", SIZE_MAX, "stdin");
  auto spool = SpoolFile::copy(in);
  REQUIRE_FALSE(spool);
  CHECK(spool.error().kind == ErrorKind::input);
  CHECK(spool.error().message.find("/nonexistent/motcua") != std::string::npos);
  CHECK(spool.error().message.find("TMPDIR") != std::string::npos);
  if (old_tmpdir.empty()) ::unsetenv("TMPDIR");
  else ::setenv("TMPDIR", old_tmpdir.c_str(), 1);
}

TEST_CASE("SpoolFile: pages appended to one file, each cut out as a spool of its own") {
  auto spool = SpoolFile::create("pages");
  REQUIRE(spool);
  REQUIRE((*spool)->append("page one|", 9));
  auto first = (*spool)->tail_from(0);
  REQUIRE((*spool)->append("failed attempt", 14));
  REQUIRE((*spool)->truncate(9)); // the attempt is dropped before the retry
  REQUIRE((*spool)->append("page two", 8));
  auto second = (*spool)->tail_from(9);
  (*spool).reset(); // the parts keep the file open
  CHECK(first->size() == 9);
  CHECK(second->size() == 8);
  auto a = first->open("p1");
  auto b = second->open("p2");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(drain(**a, 3) == "page one|");
  CHECK(drain(**b, 1 << 20) == "page two");
  CHECK((*b)->progress().total == 8);
  CHECK((*b)->name() == "p2");
}
