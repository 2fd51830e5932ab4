#pragma once
// A SOURCE argument (motcua-catalog(1), motcua-dossiers(1)): a file path, "-" for stdin, or an http(s) URL, handed over
// page by page as something that can be read again (checked, then loaded) without holding
// it in memory: a regular file is re-opened, anything else is spooled to a temporary file.
#include <functional>
#include <memory>
#include <string>

#include "io/http.hpp"
#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// One page (or the whole file) of a source, with a name fit for messages.
struct SourcePage {
  std::string name;                       // path, "stdin", or the redacted page URL
  std::string path;                       // a regular file, re-opened by open(); empty otherwise
  std::shared_ptr<const SpoolFile> spool; // stdin, a FIFO or a fetched page, on disk
  // A new reader from the first byte.
  Result<std::unique_ptr<ByteStream>> open() const;
};

// Hands over every page of a source; file errors are ErrorKind::input, HTTP ones ErrorKind::remote.
Status read_source(const std::string& source, const FetchOptions& options,
                   const std::function<Status(SourcePage&&)>& on_page);

// Reads a whole local file (or stdin for "-"), naming the file in the error.
Result<std::string> read_file(const std::string& path);

} // namespace motcua
