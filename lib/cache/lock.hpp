#pragma once
// The writer lock: an flock on `<real path of the db>.lock`, so two writing commands never
// interleave their batches (whatever symlink they came through), and a killed writer
// releases it with its process.
#include <string>

#include "util/error.hpp"

namespace motcua {

class WriterLock {
public:
  WriterLock() = default;
  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

  // Waits up to timeout_seconds (0: try once) for the lock next to the file db_path resolves
  // to; a lock file that is a symlink or not a regular file is refused, never followed.
  static Result<WriterLock> acquire(const std::string& db_path, double timeout_seconds);
  bool held() const { return m_fd >= 0; }

private:
  explicit WriterLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

} // namespace motcua
