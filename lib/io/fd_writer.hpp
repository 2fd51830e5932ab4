#pragma once
// A buffered std::streambuf over a file descriptor that keeps the first write error (errno),
// so callers can tell a full disk (ENOSPC) from a closed pipe (EPIPE) and report it: iostreams
// over stdio lose the cause and, unchecked, let a failed write end with exit 0.
#include <streambuf>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace motcua {

class FdWriteBuf final : public std::streambuf {
public:
  // Writes to fd (not owned, never closed here).
  explicit FdWriteBuf(int fd, size_t buffer_size = 1 << 16);
  ~FdWriteBuf() override;
  FdWriteBuf(const FdWriteBuf&) = delete;
  FdWriteBuf& operator=(const FdWriteBuf&) = delete;

  // The errno of the first failed write(2), 0 while none; after one, every write fails.
  int error() const { return m_error; }
  // Bytes handed to write(2) successfully.
  unsigned long long written() const { return m_written; }
  // Writes out the buffer; false on error (see error()).
  bool flush_buffer();

protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

private:
  bool write_all(const char* p, size_t n);
  int m_fd;
  std::vector<char> m_buffer;
  int m_error = 0;
  unsigned long long m_written = 0;
};

// A write error for people: ENOSPC is "disk full", EDQUOT "disk quota exceeded", EFBIG "file too
// large (file size limit)", anything else strerror's text.
std::string describe_write_error(int err);

// The exit status a write error earns: a full or failing disk (ENOSPC, EDQUOT, EIO) is the cache's kind (exit 7,
// the machine needs attention); anything else (a closed pipe, a bad path) is the input's.
ErrorKind write_error_kind(int err);

} // namespace motcua
