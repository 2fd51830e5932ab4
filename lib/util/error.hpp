#pragma once
// Errors are values with context; only cmd/ turns them into exit codes.
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace motcua {

// What went wrong, in the classes scripts branch on (the exit codes of motcua(1)).
enum class ErrorKind {
  internal = 1,  // a bug or an impossible state
  usage = 2,     // bad options or arguments
  rejected = 3,  // finished, but some records were rejected
  input = 4,     // unreadable source, unknown format, undecodable text, invalid mapping
  remote = 5,    // HTTP or network failure after retries
  locked = 6,    // another writer holds the cache
  cache = 7,     // corrupt, newer schema, read-only, disk full
  findings = 10, // audit found findings and the caller asked to fail on them
};

// Every exit status with its meaning for users, in order: the one list the man page (motcua(1),
// EXIT STATUS) is generated from. 0 is success; the others are the ErrorKind values.
struct ExitStatus {
  int code;
  std::string_view meaning;
};
inline constexpr std::array<ExitStatus, 9> k_exit_statuses = {{
    {0, "success"},
    {static_cast<int>(ErrorKind::internal), "unexpected internal error"},
    {static_cast<int>(ErrorKind::usage), "usage error (bad options or arguments)"},
    {static_cast<int>(ErrorKind::rejected), "finished, but some input records were rejected"},
    {static_cast<int>(ErrorKind::input),
     "input error: unreadable source, unknown format, undecodable text without `--encoding`, invalid mapping; nothing was changed"},
    {static_cast<int>(ErrorKind::remote), "remote error: HTTP or network failure after retries; nothing was changed"},
    {static_cast<int>(ErrorKind::locked), "the cache is locked by another writer (after `--lock-timeout`)"},
    {static_cast<int>(ErrorKind::cache),
     "cache error: corrupt, written by a newer motcua, read-only, disk full, or a stored value motcua cannot read "
     "(named with its dossier and column); also: results could not be written to stdout"},
    {static_cast<int>(ErrorKind::findings), "`audit deadlines --fail-on-findings` found findings"},
}};

// One failure: its class and a message naming what failed, where, and what to do.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  // The primary SQLite result code behind a cache error (0 otherwise): callers that tolerate some
  // failures (a best-effort index build) tell corruption apart by it, not by the message's words.
  int sqlite_code = 0;
};

inline Error make_error(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

// An expected-style result (std::expected is C++23): a value or an Error.
template <typename T> class Result {
public:
  Result(T value) : m_v(std::move(value)) {}
  Result(Error error) : m_v(std::move(error)) {}
  explicit operator bool() const { return m_v.index() == 0; }
  bool ok() const { return m_v.index() == 0; }
  T& value() { return std::get<0>(m_v); }
  const T& value() const { return std::get<0>(m_v); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(m_v); }

private:
  std::variant<T, Error> m_v;
};

// A result with no value: success or an Error.
class Status {
public:
  Status() = default;
  Status(Error error) : m_error(std::move(error)), m_failed(true) {}
  explicit operator bool() const { return !m_failed; }
  bool ok() const { return !m_failed; }
  const Error& error() const { return m_error; }

private:
  Error m_error;
  bool m_failed = false;
};

} // namespace motcua
