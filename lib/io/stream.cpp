#include "io/stream.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace motcua {

namespace {

// Callers asking less than this go through the stream's own buffer.
constexpr size_t k_small_read = 64 * 1024;
constexpr size_t k_file_buffer = 1024 * 1024;

std::string errno_text(int err) { return std::strerror(err); }

} // namespace

Result<std::unique_ptr<FileStream>> FileStream::open(const std::string& path) {
  if (path == "-") return std::make_unique<FileStream>(STDIN_FILENO, "stdin", false);
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    int err = errno;
    return make_error(ErrorKind::input,
                      "cannot open '" + path + "': " + errno_text(err) + "; check the path and its permissions");
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorKind::input, "cannot read '" + path + "': it is a directory; give a file path");
  }
  return std::make_unique<FileStream>(fd, path, true);
}

FileStream::FileStream(int fd, std::string name, bool owned, bool positional)
    : m_fd(fd), m_owned(owned), m_name(std::move(name)) {
  if (positional) m_offset = 0;
  struct stat st {};
  if (::fstat(m_fd, &st) == 0 && S_ISREG(st.st_mode)) {
    m_size = static_cast<std::uint64_t>(st.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
}

FileStream::FileStream(int fd, std::string name, std::uint64_t offset, std::uint64_t length)
    : m_fd(fd), m_owned(true), m_name(std::move(name)), m_size(length), m_offset(offset), m_limit(offset + length) {}

FileStream::~FileStream() {
  if (m_owned && m_fd >= 0) ::close(m_fd);
}

size_t FileStream::read_fd(char* buf, size_t n) {
  if (m_eof || !m_status) return 0;
  if (m_offset) {
    if (*m_offset >= m_limit) {
      m_eof = true;
      return 0;
    }
    n = static_cast<size_t>(std::min<std::uint64_t>(n, m_limit - *m_offset));
  }
  for (;;) {
    ssize_t got = m_offset ? ::pread(m_fd, buf, n, static_cast<off_t>(*m_offset)) : ::read(m_fd, buf, n);
    if (got > 0) {
      if (m_offset) *m_offset += static_cast<std::uint64_t>(got);
      return static_cast<size_t>(got);
    }
    if (got == 0) {
      m_eof = true;
      return 0;
    }
    if (errno == EINTR) continue;
    int err = errno;
    m_status = make_error(ErrorKind::input,
                          "cannot read '" + m_name + "' after byte " + std::to_string(m_done) + ": " + errno_text(err));
    return 0;
  }
}

size_t FileStream::read(char* buf, size_t n) {
  if (n == 0) return 0;
  if (m_buf_pos == m_buf_end) {
    if (n >= k_small_read) { // large requests go straight from the kernel into the caller's block
      size_t got = read_fd(buf, n);
      m_done += got;
      return got;
    }
    if (!m_buf) m_buf = std::make_unique_for_overwrite<char[]>(k_file_buffer);
    m_buf_pos = 0;
    m_buf_end = read_fd(m_buf.get(), k_file_buffer);
    if (m_buf_end == 0) return 0;
  }
  size_t take = std::min(n, m_buf_end - m_buf_pos);
  std::memcpy(buf, m_buf.get() + m_buf_pos, take);
  m_buf_pos += take;
  m_done += take;
  return take;
}

MemoryStream::MemoryStream(std::string data, size_t max_chunk, std::string name)
    : m_data(std::move(data)), m_max_chunk(std::max<size_t>(max_chunk, 1)), m_name(std::move(name)) {}

size_t MemoryStream::read(char* buf, size_t n) {
  size_t take = std::min({n, m_data.size() - m_pos, m_max_chunk});
  if (take == 0) return 0;
  std::memcpy(buf, m_data.data() + m_pos, take);
  m_pos += take;
  return take;
}

Result<std::string> read_all(ByteStream& in, size_t limit) {
  std::string out;
  constexpr size_t k_block = 256 * 1024;
  for (;;) {
    size_t old = out.size();
    out.resize(old + k_block);
    size_t got = in.read(out.data() + old, k_block);
    out.resize(old + got);
    if (got == 0) break;
    if (out.size() > limit)
      return make_error(ErrorKind::input, std::string(in.name()) + " is larger than " + std::to_string(limit) +
                                              " bytes; it cannot be read whole");
  }
  if (!in.status()) return in.status().error();
  return out;
}

struct SpoolFile::File {
  int fd = -1;
  std::string dir;  // for messages
  std::string what; // for messages
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  File(int f, std::string d, std::string w) : fd(f), dir(std::move(d)), what(std::move(w)) {}
  ~File() {
    if (fd >= 0) ::close(fd);
  }
};

Result<std::unique_ptr<SpoolFile>> SpoolFile::create(std::string what) {
  const char* env = std::getenv("TMPDIR");
  std::string dir = env && *env ? env : "/tmp";
  std::string path = dir + "/motcua-spool-XXXXXX";
  int fd = ::mkostemp(path.data(), O_CLOEXEC); // mode 0600
  if (fd < 0) {
    int err = errno;
    return make_error(ErrorKind::input, "cannot create a temporary copy of " + what + " in " + dir + ": " +
                                            errno_text(err) +
                                            "; set TMPDIR to a writable directory with room for the input");
  }
  ::unlink(path.c_str());
  return std::unique_ptr<SpoolFile>(new SpoolFile(std::make_shared<File>(fd, std::move(dir), std::move(what)), 0, 0));
}

Status SpoolFile::append(const char* data, size_t n) {
  for (size_t off = 0; off < n;) {
    ssize_t w = ::pwrite(m_file->fd, data + off, n - off, static_cast<off_t>(m_offset + m_size));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      int err = errno;
      return make_error(ErrorKind::input, "cannot copy " + m_file->what + " to a temporary file in " + m_file->dir +
                                              ": " + errno_text(err) +
                                              "; set TMPDIR to a directory with room for the input");
    }
    off += static_cast<size_t>(w);
    m_size += static_cast<std::uint64_t>(w);
  }
  return {};
}

Status SpoolFile::truncate(std::uint64_t size) {
  if (size >= m_size) return {};
  if (::ftruncate(m_file->fd, static_cast<off_t>(m_offset + size)) != 0) {
    int err = errno;
    return make_error(ErrorKind::input, "cannot cut the temporary copy of " + m_file->what + " in " + m_file->dir +
                                            ": " + errno_text(err));
  }
  m_size = size;
  return {};
}

std::unique_ptr<SpoolFile> SpoolFile::tail_from(std::uint64_t offset) const {
  offset = std::min(offset, m_size);
  return std::unique_ptr<SpoolFile>(new SpoolFile(m_file, m_offset + offset, m_size - offset));
}

Result<std::unique_ptr<SpoolFile>> SpoolFile::copy(ByteStream& in) {
  auto spool = create(std::string(in.name()));
  if (!spool) return spool.error();
  auto buf = std::make_unique<char[]>(k_file_buffer);
  for (;;) {
    size_t got = in.read(buf.get(), k_file_buffer);
    if (got == 0) break;
    if (auto st = (*spool)->append(buf.get(), got); !st) return st.error();
  }
  if (!in.status()) return in.status().error();
  return spool;
}

int SpoolFile::descriptor() const { return m_file->fd; }

Result<std::unique_ptr<ByteStream>> SpoolFile::open(std::string name) const {
  // The file has no name left to open again: each reader gets its own descriptor (so it
  // outlives this object) and reads with pread, so the shared file offset does not matter.
  int fd = ::fcntl(m_file->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    return make_error(ErrorKind::internal, "cannot re-read the temporary copy of " + name + ": " + errno_text(err));
  }
  return std::unique_ptr<ByteStream>(std::make_unique<FileStream>(fd, std::move(name), m_offset, m_size));
}

} // namespace motcua
