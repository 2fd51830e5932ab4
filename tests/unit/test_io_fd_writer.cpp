#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <ostream>
#include <string>
#include <unistd.h>

#include "io/fd_writer.hpp"

using namespace motcua;

TEST_CASE("FdWriteBuf writes through and keeps the first write error") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  {
    FdWriteBuf buf(p[1], 4);
    std::ostream out(&buf);
    out << "hello, " << std::string(100, 'x');
    out.flush();
    CHECK(out.good());
    CHECK(buf.error() == 0);
    CHECK(buf.written() == 107);
  }
  char got[200];
  CHECK(::read(p[0], got, sizeof got) == 107);
  ::close(p[0]);
  ::close(p[1]);
}

TEST_CASE("a full device is ENOSPC, told as disk full") {
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return; // no /dev/full in this sandbox
  FdWriteBuf buf(fd);
  std::ostream out(&buf);
  out << "data";
  out.flush();
  CHECK_FALSE(out.good());
  CHECK(buf.error() == ENOSPC);
  CHECK(describe_write_error(buf.error()).find("disk full") != std::string::npos);
  ::close(fd);
}

TEST_CASE("a closed pipe is EPIPE, not a signal (when SIGPIPE is ignored)") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  ::close(p[0]);
  auto old = ::signal(SIGPIPE, SIG_IGN);
  FdWriteBuf buf(p[1]);
  std::ostream out(&buf);
  out << "x";
  out.flush();
  CHECK(buf.error() == EPIPE);
  ::signal(SIGPIPE, old);
  ::close(p[1]);
}
