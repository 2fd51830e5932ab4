#include "password.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "util/minisign.hpp"

namespace motcua::cli {

namespace {

// One line typed on the terminal with echo off (restored afterwards, even on a read error).
Result<std::string> ask(int tty, const std::string& prompt) {
  struct termios saved {};
  bool restore = ::tcgetattr(tty, &saved) == 0;
  if (restore) {
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  (void)!::write(tty, prompt.data(), prompt.size());
  std::string line;
  char c;
  ssize_t n;
  while ((n = ::read(tty, &c, 1)) == 1 && c != '\n') line += c;
  if (restore) ::tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  if (n < 0)
    return make_error(ErrorKind::input,
                      std::string("cannot read the password from the terminal: ") + std::strerror(errno));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

} // namespace

Result<std::string> obtain_password(const std::string& file, const std::string& what, bool confirm) {
  if (!file.empty()) return read_password_file(file);
  int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0)
    return make_error(ErrorKind::usage, "no terminal to ask the password of " + what +
                                            " on: give it with --password-file FILE (never on the command line)");
  auto first = ask(tty, "Password for " + what + ": ");
  if (first && confirm) {
    auto again = ask(tty, "Password again: ");
    if (!again) first = again.error();
    else if (*again != *first) first = make_error(ErrorKind::usage, "the two passwords differ; nothing was written");
  }
  ::close(tty);
  return first;
}

} // namespace motcua::cli
