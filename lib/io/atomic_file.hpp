#pragma once
// The one way motcua writes a file or a directory of files: into a private temporary in the
// target's directory, renamed over the target only when complete. A failed or interrupted
// write never leaves a half file under the final name, two writers never interleave, a
// symlink is never followed, and nothing that is not a regular file is ever replaced.
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include "io/fd_writer.hpp"
#include "util/error.hpp"

namespace motcua {

struct AtomicFileOptions {
  bool force = false;               // replace an existing regular file (--force); otherwise it is refused
  mode_t mode = 0600;               // of the new file (before the umask): owner-only unless told otherwise
  std::string option;               // how messages name the setting, e.g. "--output" (may be empty)
  std::vector<std::string> sources; // files being read: the target may not be one of them (device + inode)
};

// The checks create() makes, for callers that want to refuse before doing any work: a target
// that is a symlink or exists and is not a regular file is refused (ErrorKind::usage), an existing
// one without force too, and so is one that is the same file as a source.
Status check_target(const std::string& path, const AtomicFileOptions& options);

// One file written through a temporary (".NAME.XXXXXXXX.tmp", O_EXCL|O_NOFOLLOW) and committed
// with fsync and rename. Destroyed uncommitted, it removes its temporary.
class AtomicFile {
public:
  static Result<std::unique_ptr<AtomicFile>> create(const std::string& path, AtomicFileOptions options = {});
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where to write; its state turns bad at the first write error (commit() names it).
  std::ostream& stream() { return m_stream; }
  // Flushes, fsyncs and renames over the target (refusing one created meanwhile without force).
  // Errors name the path and the cause (ENOSPC is "disk full", ErrorKind::cache; others input).
  Status commit();
  // Drops the temporary; the target is untouched. Idempotent.
  void abort();
  const std::string& path() const { return m_path; }
  // The first write error so far (errno), 0 while none.
  int error() const { return m_buf ? m_buf->error() : 0; }

private:
  AtomicFile(std::string path, std::string temp, int fd, AtomicFileOptions options);
  Error write_error(int err, const std::string& doing) const;
  std::string m_path;
  std::string m_temp;
  int m_fd;
  AtomicFileOptions m_options;
  std::unique_ptr<FdWriteBuf> m_buf;
  std::ostream m_stream;
  bool m_done = false;
};

// Writes `text` to `path` through an AtomicFile.
Status write_file_atomically(const std::string& path, std::string_view text, const AtomicFileOptions& options = {});

// A directory of files built in a private temporary sibling (".NAME.XXXXXX", 0700) and renamed
// into place at commit(): a failure half way leaves no half-written directory. The target must
// not exist, or be an empty directory; with force, a directory holding only regular files is
// replaced (its files are removed after the swap). Destroyed uncommitted, it removes the temporary.
class AtomicDirectory {
public:
  static Result<std::unique_ptr<AtomicDirectory>> create(const std::string& path, bool force,
                                                         const std::string& option = "");
  ~AtomicDirectory();
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;

  // The temporary directory to write the files into.
  const std::string& temp_path() const { return m_temp; }
  const std::string& path() const { return m_path; }
  Status commit();
  void abort();

private:
  AtomicDirectory(std::string path, std::string temp, bool force, std::string option);
  std::string m_path;
  std::string m_temp;
  bool m_force;
  std::string m_option;
  bool m_done = false;
};

} // namespace motcua
