#include "io/source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace motcua {

Result<std::string> read_file(const std::string& path) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::string name = is_stdin ? "stdin" : path;
  if (fd < 0) return make_error(ErrorKind::input, "cannot open " + name + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorKind::input, name + " is a directory, not a file");
  }
  std::string out;
  if (st.st_size > 0 && S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      if (!is_stdin) ::close(fd);
      return make_error(ErrorKind::input, "cannot read " + name + ": " + std::strerror(e));
    }
    out.append(buf, static_cast<size_t>(n));
  }
  if (!is_stdin) ::close(fd);
  return out;
}

Result<std::unique_ptr<ByteStream>> SourcePage::open() const {
  if (spool) return spool->open(name);
  auto f = FileStream::open(path);
  if (!f) return f.error();
  return std::unique_ptr<ByteStream>(std::move(*f));
}

Status read_source(const std::string& source, const FetchOptions& options,
                   const std::function<Status(SourcePage&&)>& on_page) {
  if (is_url(source)) {
    return fetch_pages(source, options, [&](std::unique_ptr<SpoolFile> body, int, const std::string& page_url) {
      return on_page(SourcePage{redact_url(page_url), {}, std::move(body)});
    });
  }
  SourcePage page{source == "-" ? "stdin" : source, {}, {}};
  struct stat st {};
  if (source != "-" && ::stat(source.c_str(), &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
    page.path = source; // FileStream::open names a directory or an unreadable file
    return on_page(std::move(page));
  }
  // Stdin, a FIFO or <(...) can be read only once: copied to disk, not memory.
  auto in = FileStream::open(source);
  if (!in) return in.error();
  auto spool = SpoolFile::copy(**in);
  if (!spool) return spool.error();
  page.spool = std::move(*spool);
  return on_page(std::move(page));
}

} // namespace motcua
