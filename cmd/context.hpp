#pragma once
// What every command shares: the global options, the cache door, stderr
// messages and the mapping from library errors to exit codes.
#include <memory>
#include <optional>
#include <string>

#include "cache/cache.hpp"
#include "io/http.hpp"
#include "io/render.hpp"
#include "util/error.hpp"

namespace motcua::cli {

struct GlobalOptions {
  std::optional<std::string> db;
  std::string format = "table";
  bool quiet = false;
  int verbose = 0;
  bool no_progress = false;
  double lock_timeout = 0;
};

class Context {
public:
  GlobalOptions options;
  int exit_code = 0;

  OutputFormat format() const;
  // The cache path, empty when nothing names one (open_cache then refuses with the reason).
  std::string db_path() const;
  Result<std::unique_ptr<Cache>> open_cache(CacheMode mode) const;
  // HTTP settings: token from MOTCUA_TOKEN or token_file, timeouts from the environment.
  Result<FetchOptions> fetch_options(const std::optional<std::string>& token_file) const;

  // Messages on stderr, control characters shown escaped (printable_for_terminal).
  // A note for people (suppressed by --quiet).
  void info(const std::string& message) const;
  // Diagnostics shown with --verbose.
  void debug(const std::string& message) const;
  void warn(const std::string& message) const;
  // Prints the error and returns its exit code.
  int fail(const Error& error) const;
  // Fails with a usage error unless the format is one of the row/object formats.
  std::optional<Error> require_plain_format() const;
};

// True when stderr is a terminal and colour is allowed (NO_COLOR unset).
bool use_colour();

} // namespace motcua::cli
