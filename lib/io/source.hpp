#pragma once
// A SOURCE argument (motcua-catalog(1), motcua-dossiers(1)): a file path, "-" for stdin, or an http(s) URL,
// read whole, page by page, before anything is written.
#include <functional>
#include <string>

#include "io/http.hpp"
#include "util/error.hpp"

namespace motcua {

// One page (or the whole file) of a source, with a name fit for messages.
struct SourceText {
  std::string name; // path, "stdin", or the redacted page URL
  std::string text;
};

// Reads every page of a source; file errors are ErrorKind::input, HTTP ones ErrorKind::remote.
Status read_source(const std::string& source, const FetchOptions& options, const std::function<Status(SourceText&&)>& on_text);

// Reads a whole local file (or stdin for "-"), naming the file in the error.
Result<std::string> read_file(const std::string& path);

} // namespace motcua
