#include "io/fd_writer.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace motcua {

FdWriteBuf::FdWriteBuf(int fd, size_t buffer_size) : m_fd(fd), m_buffer(buffer_size == 0 ? 1 : buffer_size) {
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

FdWriteBuf::~FdWriteBuf() { flush_buffer(); }

bool FdWriteBuf::write_all(const char* p, size_t n) {
  if (m_error) return false;
  while (n > 0) {
    ssize_t w = ::write(m_fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      m_error = errno;
      return false;
    }
    if (w == 0) {
      m_error = EIO;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
    m_written += static_cast<unsigned long long>(w);
  }
  return true;
}

bool FdWriteBuf::flush_buffer() {
  size_t n = static_cast<size_t>(pptr() - pbase());
  bool ok = write_all(pbase(), n);
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size()); // a failed buffer is dropped, never retried
  return ok;
}

FdWriteBuf::int_type FdWriteBuf::overflow(int_type ch) {
  if (!flush_buffer()) return traits_type::eof();
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  *pptr() = traits_type::to_char_type(ch);
  pbump(1);
  return ch;
}

std::streamsize FdWriteBuf::xsputn(const char* s, std::streamsize n) {
  if (m_error) return 0;
  auto room = static_cast<std::streamsize>(epptr() - pptr());
  if (n <= room) {
    std::memcpy(pptr(), s, static_cast<size_t>(n));
    pbump(static_cast<int>(n));
    return n;
  }
  if (!flush_buffer()) return 0;
  if (n < static_cast<std::streamsize>(m_buffer.size())) {
    std::memcpy(pptr(), s, static_cast<size_t>(n));
    pbump(static_cast<int>(n));
    return n;
  }
  return write_all(s, static_cast<size_t>(n)) ? n : 0; // large blocks skip the copy
}

int FdWriteBuf::sync() { return flush_buffer() ? 0 : -1; }

std::string describe_write_error(int err) {
  switch (err) {
  case ENOSPC: return "disk full (no space left on device)";
  case EDQUOT: return "disk quota exceeded";
  case EFBIG: return "file too large (over the file size limit)";
  default: return std::strerror(err);
  }
}

ErrorKind write_error_kind(int err) {
  return err == ENOSPC || err == EDQUOT || err == EIO ? ErrorKind::cache : ErrorKind::input;
}

} // namespace motcua
