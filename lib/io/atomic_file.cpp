#include "io/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace motcua {

namespace {

std::string named(const std::string& option, const std::string& path) {
  return option.empty() ? path : option + " " + path;
}

// The directory part of a path ("." for a bare name) and its last component.
std::pair<std::string, std::string> split_path(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return {".", p};
  return {slash == 0 ? "/" : p.substr(0, slash), p.substr(slash + 1)};
}

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^ (static_cast<std::uint64_t>(::getpid()) << 32)};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// Why a file cannot be created in dir, for people.
std::string create_error(int err, const std::string& dir) {
  switch (err) {
  case ENOENT: return "the directory " + dir + " does not exist";
  case ENOTDIR: return dir + " is not a directory";
  case EACCES:
  case EPERM: return "no permission to create files in " + dir;
  case EROFS: return dir + " is on a read-only file system";
  default: return describe_write_error(err);
  }
}

// Opens dir and fsyncs it, so the rename itself survives a crash; best effort.
void sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// rename(2) that never replaces an existing target: renameat2(RENAME_NOREPLACE), else link + unlink.
int rename_no_replace(const std::string& from, const std::string& to) {
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  if (::link(from.c_str(), to.c_str()) == 0) {
    ::unlink(from.c_str());
    return 0;
  }
  return -1;
}

// Removes the regular files directly inside dir, then dir itself (nothing else is ours to remove).
void remove_flat_directory(const std::string& dir) {
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      std::string p = dir + "/" + name;
      if (::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::unlink(p.c_str());
    }
    ::closedir(d);
  }
  ::rmdir(dir.c_str());
}

// Whether dir holds only regular files (what a snapshot or a sample directory holds).
bool only_regular_files(const std::string& dir, bool& empty) {
  empty = true;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return false;
  bool ok = true;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    empty = false;
    struct stat st {};
    if (::lstat((dir + "/" + name).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) ok = false;
  }
  ::closedir(d);
  return ok;
}

} // namespace

Status check_target(const std::string& path, const AtomicFileOptions& o) {
  if (path.empty())
    return make_error(ErrorKind::usage, (o.option.empty() ? "the output" : o.option) + " needs a file path");
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return make_error(ErrorKind::input, "cannot write " + named(o.option, path) + ": " + std::strerror(errno));
  }
  if (S_ISLNK(st.st_mode))
    return make_error(ErrorKind::usage,
                      named(o.option, path) +
                          " is a symbolic link; motcua never writes through one: name the file itself");
  if (!S_ISREG(st.st_mode))
    return make_error(ErrorKind::usage,
                      named(o.option, path) +
                          " exists and is not a regular file (a device, FIFO, socket or directory); " +
                          "name a new file");
  for (const auto& source : o.sources) {
    struct stat s {};
    if (source != "-" && ::stat(source.c_str(), &s) == 0 && s.st_dev == st.st_dev && s.st_ino == st.st_ino)
      return make_error(ErrorKind::usage, named(o.option, path) + " is the input " + source + "; name another file");
  }
  if (!o.force)
    return make_error(ErrorKind::usage, named(o.option, path) + " already exists; add --force to overwrite it");
  return {};
}

AtomicFile::AtomicFile(std::string path, std::string temp, int fd, AtomicFileOptions options)
    : m_path(std::move(path)), m_temp(std::move(temp)), m_fd(fd), m_options(std::move(options)),
      m_buf(std::make_unique<FdWriteBuf>(fd)), m_stream(m_buf.get()) {}

AtomicFile::~AtomicFile() { abort(); }

Result<std::unique_ptr<AtomicFile>> AtomicFile::create(const std::string& path, AtomicFileOptions options) {
  if (auto st = check_target(path, options); !st) return st.error();
  auto [dir, base] = split_path(path);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = dir + "/." + base + "." + random_suffix() + ".tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, options.mode);
    if (fd >= 0) return std::unique_ptr<AtomicFile>(new AtomicFile(path, std::move(temp), fd, std::move(options)));
    if (errno == EEXIST) continue; // another writer's temporary (or a planted name): take another
    int err = errno;
    return make_error(write_error_kind(err),
                      "cannot write " + named(options.option, path) + ": " + create_error(err, dir));
  }
  return make_error(ErrorKind::input,
                    "cannot write " + named(options.option, path) + ": no free temporary name in " + dir);
}

Error AtomicFile::write_error(int err, const std::string& doing) const {
  return make_error(write_error_kind(err), "cannot write " + named(m_options.option, m_path) + " (" + doing +
                                               "): " + describe_write_error(err) + "; nothing was written there");
}

Status AtomicFile::commit() {
  if (m_done) return make_error(ErrorKind::internal, "file " + m_path + " committed twice");
  m_stream.flush();
  m_buf->flush_buffer();
  if (int err = m_buf->error()) {
    Error e = write_error(err, "writing");
    abort();
    return e;
  }
  if (::fsync(m_fd) != 0 && errno != EINVAL) {
    Error e = write_error(errno, "syncing to disk");
    abort();
    return e;
  }
  int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0) {
    Error e = write_error(errno, "closing");
    abort();
    return e;
  }
  int rc;
  if (m_options.force) {
    // Checked again just before: a device or directory planted meanwhile is never replaced.
    if (auto st = check_target(m_path, m_options); !st) {
      abort();
      return st.error();
    }
    rc = std::rename(m_temp.c_str(), m_path.c_str());
  } else {
    rc = rename_no_replace(m_temp, m_path);
  }
  if (rc != 0) {
    int err = errno;
    abort();
    if (err == EEXIST)
      return make_error(ErrorKind::usage, named(m_options.option, m_path) +
                                              " appeared while it was being written; add --force to overwrite it");
    return make_error(write_error_kind(err),
                      "cannot write " + named(m_options.option, m_path) + ": " + describe_write_error(err));
  }
  m_done = true;
  sync_directory(split_path(m_path).first);
  return {};
}

void AtomicFile::abort() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  if (!m_done) {
    ::unlink(m_temp.c_str());
    m_done = true;
  }
}

Status write_file_atomically(const std::string& path, std::string_view text, const AtomicFileOptions& options) {
  auto file = AtomicFile::create(path, options);
  if (!file) return file.error();
  (*file)->stream().write(text.data(), static_cast<std::streamsize>(text.size()));
  return (*file)->commit();
}

AtomicDirectory::AtomicDirectory(std::string path, std::string temp, bool force, std::string option)
    : m_path(std::move(path)), m_temp(std::move(temp)), m_force(force), m_option(std::move(option)) {}

AtomicDirectory::~AtomicDirectory() { abort(); }

Result<std::unique_ptr<AtomicDirectory>> AtomicDirectory::create(const std::string& path, bool force,
                                                                 const std::string& option) {
  if (path.empty())
    return make_error(ErrorKind::usage, (option.empty() ? "the output" : option) + " needs a directory path");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      return make_error(ErrorKind::usage,
                        named(option, path) +
                            " is a symbolic link; motcua never writes through one: name the directory itself");
    if (!S_ISDIR(st.st_mode))
      return make_error(ErrorKind::usage, named(option, path) + " exists and is not a directory");
    bool empty = true;
    bool flat = only_regular_files(path, empty);
    if (!empty && !force)
      return make_error(ErrorKind::usage,
                        named(option, path) + " is not empty: choose a new directory (or add --force to replace it)");
    if (!empty && !flat)
      return make_error(ErrorKind::usage,
                        named(option, path) +
                            " holds more than plain files; motcua replaces only a directory of files it wrote");
  } else if (errno != ENOENT) {
    return make_error(ErrorKind::input, "cannot write " + named(option, path) + ": " + std::strerror(errno));
  }
  auto [dir, base] = split_path(path);
  std::string templ = dir + "/." + base + ".XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) {
    int err = errno;
    return make_error(write_error_kind(err), "cannot write " + named(option, path) + ": " + create_error(err, dir));
  }
  return std::unique_ptr<AtomicDirectory>(new AtomicDirectory(path, buf.data(), force, option));
}

Status AtomicDirectory::commit() {
  if (m_done) return make_error(ErrorKind::internal, "directory " + m_path + " committed twice");
  sync_directory(m_temp);
  struct stat st {};
  bool exists = ::lstat(m_path.c_str(), &st) == 0;
  bool empty = true;
  if (exists && (!S_ISDIR(st.st_mode) || !only_regular_files(m_path, empty) || (!empty && !m_force))) {
    abort();
    return make_error(ErrorKind::usage,
                      named(m_option, m_path) + " changed while it was being written; nothing was replaced");
  }
  int rc = 0;
  if (!exists) {
    rc = rename_no_replace(m_temp, m_path);
  } else if (empty) {
    rc = std::rename(m_temp.c_str(), m_path.c_str()); // rename(2) replaces an empty directory in one step
  } else {
    // Swap the complete new directory in, then remove the old files (now under the temporary name).
#ifdef RENAME_EXCHANGE
    rc = ::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_path.c_str(), RENAME_EXCHANGE);
#else
    rc = -1;
    errno = ENOSYS;
#endif
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      std::string aside = m_temp + ".old";
      rc = std::rename(m_path.c_str(), aside.c_str());
      if (rc == 0) {
        rc = std::rename(m_temp.c_str(), m_path.c_str());
        if (rc != 0) std::rename(aside.c_str(), m_path.c_str());
        else remove_flat_directory(aside);
      }
      if (rc == 0) {
        m_done = true;
        sync_directory(split_path(m_path).first);
        return {};
      }
    }
    if (rc == 0) {
      remove_flat_directory(m_temp); // the old files
      m_done = true;
      sync_directory(split_path(m_path).first);
      return {};
    }
  }
  if (rc != 0) {
    int err = errno;
    abort();
    if (err == EEXIST || err == ENOTEMPTY)
      return make_error(ErrorKind::usage,
                        named(m_option, m_path) + " appeared while it was being written; nothing was replaced");
    return make_error(write_error_kind(err),
                      "cannot write " + named(m_option, m_path) + ": " + describe_write_error(err));
  }
  m_done = true;
  sync_directory(split_path(m_path).first);
  return {};
}

void AtomicDirectory::abort() {
  if (m_done) return;
  remove_flat_directory(m_temp);
  m_done = true;
}

} // namespace motcua
