#pragma once
// Pull-style byte streams: readers ask for a block at a time, so a 10 GB file and a
// 10 KB one use the same memory, and one virtual call moves a whole block.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace motcua {

// How far a stream has got, in bytes of the underlying source, for progress and ETA.
struct Progress {
  std::uint64_t done = 0;
  std::optional<std::uint64_t> total; // known for regular files and memory
};

// A source of bytes read block by block.
class ByteStream {
public:
  virtual ~ByteStream() = default;
  // Up to n bytes into buf; 0 means the end or an error, which status() then tells apart.
  virtual size_t read(char* buf, size_t n) = 0;
  // The first error met (ok while none); reading stops at it.
  virtual const Status& status() const = 0;
  // Source bytes consumed so far and, when known, the total: wrappers report their source's.
  virtual Progress progress() const = 0;
  // The path or label used in messages ("stdin" for "-").
  virtual std::string_view name() const = 0;
};

// A file (or stdin for "-") read with POSIX read(2) in large blocks.
class FileStream final : public ByteStream {
public:
  // Opens path, or adopts stdin for "-"; directories and unreadable files are ErrorKind::input.
  static Result<std::unique_ptr<FileStream>> open(const std::string& path);
  // Wraps an already open descriptor (pipes in tests, inherited fds); closes it when owned.
  // Positional streams read with pread(2) from offset 0, so several may share one open file.
  FileStream(int fd, std::string name, bool owned, bool positional = false);
  // A positional stream over the `length` bytes of fd from `offset` (one page of a spool file).
  FileStream(int fd, std::string name, std::uint64_t offset, std::uint64_t length);
  ~FileStream() override;
  FileStream(const FileStream&) = delete;
  FileStream& operator=(const FileStream&) = delete;

  size_t read(char* buf, size_t n) override;
  const Status& status() const override { return m_status; }
  Progress progress() const override { return Progress{m_done, m_size}; }
  std::string_view name() const override { return m_name; }

private:
  // One read(2), retried on EINTR; records errors in m_status.
  size_t read_fd(char* buf, size_t n);

  int m_fd = -1;
  bool m_owned = false;
  std::string m_name;
  std::optional<std::uint64_t> m_size;
  std::uint64_t m_done = 0;
  std::optional<std::uint64_t> m_offset; // positional streams: where the next pread starts
  std::uint64_t m_limit = UINT64_MAX;    // positional streams: the offset they end at
  Status m_status;
  bool m_eof = false;
  std::unique_ptr<char[]> m_buf; // only for callers asking small blocks: avoids a syscall per call
  size_t m_buf_pos = 0;
  size_t m_buf_end = 0;
};

// A stream copied to an unlinked owner-only temporary file: a source that is read more than
// once (checked end to end, then loaded), such as stdin or fetched pages, then costs disk
// instead of memory. Unlinked at once, so a killed run leaves no copy of the (personal) data
// behind. Appended in parts (pages), each part can be cut out as a SpoolFile of its own that
// shares the one file and descriptor.
class SpoolFile {
public:
  // Copies `in` whole to a file in $TMPDIR (else /tmp); ErrorKind::input naming the directory
  // if it cannot (full, read-only), or in's own error.
  static Result<std::unique_ptr<SpoolFile>> copy(ByteStream& in);
  // An empty spool to fill with append(); `what` names the data in messages.
  static Result<std::unique_ptr<SpoolFile>> create(std::string what);
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  // Adds bytes at the end (nothing is held in memory); ErrorKind::input naming the directory
  // when the disk is full.
  Status append(const char* data, size_t n);
  // Drops the bytes after the first `size` (a failed attempt at a page, about to be retried).
  Status truncate(std::uint64_t size);
  // The bytes from `offset` to the current end, as a spool of their own (one fetched page).
  std::unique_ptr<SpoolFile> tail_from(std::uint64_t offset) const;
  // A new reader from the first byte, independent of the others, called `name` in messages.
  Result<std::unique_ptr<ByteStream>> open(std::string name) const;
  std::uint64_t size() const { return m_size; }
  // The shared descriptor (still owned here) and where this part starts in it: for readers
  // that need random access, such as an .xlsx archive read from stdin.
  int descriptor() const;
  std::uint64_t offset() const { return m_offset; }

private:
  // The descriptor, closed when the last part sharing it goes.
  struct File;
  SpoolFile(std::shared_ptr<File> file, std::uint64_t offset, std::uint64_t size)
      : m_file(std::move(file)), m_offset(offset), m_size(size) {}
  std::shared_ptr<File> m_file;
  std::uint64_t m_offset = 0;
  std::uint64_t m_size = 0;
};

// Bytes held in memory; max_chunk caps each read so tests can force every block boundary.
class MemoryStream final : public ByteStream {
public:
  explicit MemoryStream(std::string data, size_t max_chunk = SIZE_MAX, std::string name = "<memory>");

  size_t read(char* buf, size_t n) override;
  const Status& status() const override { return m_status; }
  Progress progress() const override { return Progress{m_pos, m_data.size()}; }
  std::string_view name() const override { return m_name; }

private:
  std::string m_data;
  size_t m_pos = 0;
  size_t m_max_chunk;
  std::string m_name;
  Status m_status;
};

// Reads a stream to its end; limit guards memory (ErrorKind::input when exceeded).
Result<std::string> read_all(ByteStream& in, size_t limit = SIZE_MAX);

} // namespace motcua
