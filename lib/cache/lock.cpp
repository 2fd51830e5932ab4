#include "cache/lock.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "cache/path.hpp"

namespace motcua {

WriterLock::WriterLock(WriterLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }

namespace {
// Lets go of a held lock the one way: forget our pid while still holding it, so a later
// holder that writes none (another tool, `flock`) is not reported as this long-gone process.
void release(int fd) {
  if (fd < 0) return;
  [[maybe_unused]] int rc = ::ftruncate(fd, 0);
  ::close(fd); // closing releases the flock
}
} // namespace

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
  if (this != &other) {
    release(m_fd);
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

WriterLock::~WriterLock() { release(m_fd); }

namespace {
// Reads the pid the holder wrote, for a message that names who holds it.
std::string read_holder(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return {};
  std::string s(buf, static_cast<size_t>(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
} // namespace

Result<WriterLock> WriterLock::acquire(const std::string& db_path, double timeout_seconds) {
  std::string path = real_db_path(db_path) + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (fd < 0 && errno == ELOOP)
    return make_error(ErrorKind::cache,
                      "lock file " + path + " is a symbolic link: motcua never follows it; remove it");
  if (fd < 0) return make_error(ErrorKind::cache, "cannot open lock file " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorKind::cache, "lock file " + path + " is not a regular file: remove it");
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int e = errno;
      ::close(fd);
      return make_error(ErrorKind::cache, "cannot lock " + path + ": " + std::strerror(e));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string holder = read_holder(fd);
      ::close(fd);
      return make_error(ErrorKind::locked, "the cache " + db_path + " is locked by another writer" +
                                               (holder.empty() ? std::string() : " (pid " + holder + ")") +
                                               "; wait for it to finish or raise --lock-timeout");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t w = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return WriterLock(fd);
}

} // namespace motcua
