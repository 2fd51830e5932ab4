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

Status read_source(const std::string& source, const FetchOptions& options, const std::function<Status(SourceText&&)>& on_text) {
  if (is_url(source)) {
    return fetch_pages(source, options, [&](std::string&& body, int, const std::string& page_url) {
      return on_text(SourceText{redact_url(page_url), std::move(body)});
    });
  }
  auto text = read_file(source);
  if (!text) return text.error();
  return on_text(SourceText{source == "-" ? "stdin" : source, std::move(*text)});
}

} // namespace motcua
