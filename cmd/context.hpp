#pragma once
// What every command shares: the global options, the cache door, stderr
// messages and the mapping from library errors to exit codes.
#include <map>
#include <memory>
#include <vector>
#include <optional>
#include <string>

#include "cache/cache.hpp"
#include "config/config.hpp"
#include "io/http.hpp"
#include "io/render.hpp"
#include "util/error.hpp"

namespace motcua::cli {

// How bad a diagnostic is: the journal's priority (<3> <4> <6> <7>) and the JSON "level".
enum class LogLevel { error, warning, info, debug };

struct GlobalOptions {
  std::optional<std::string> db;
  std::string format = "table";
  bool quiet = false;
  int verbose = 0;
  bool no_progress = false;
  double lock_timeout = 0;
  std::string pg_schema = "motcua";  // --pg-schema: the PostgreSQL schema of a postgresql:// --db
  std::optional<std::string> config; // --config FILE: read only this file (applied before parsing)
  std::string log_format = "text";   // --log-format: text or json (one object per diagnostic line)
};

class Context {
public:
  GlobalOptions options;
  int exit_code = 0;
  std::vector<Setting> config;                // the settings of the config files, merged (lib/config)
  std::vector<std::string> config_files;      // the files read, lowest precedence first
  std::map<std::string, std::string> origins; // "db", "audit.org": the FILE:LINE a value came from

  // A top-level config setting by key, or nullptr.
  const Setting* config_setting(const std::string& key) const;
  // Checks the http_* settings of the config (numbers in range), naming FILE:LINE.
  Status check_http_settings() const;

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
  // A warning; `source` and `line` name the record it is about (for --log-format json).
  void warn(const std::string& message, const std::string& source = "", std::int64_t line = 0) const;
  // One diagnostic line in the chosen form: text (journal priority prefix when stderr is the
  // journal) or one JSON object {"level","message","source","line"}; --quiet is the caller's.
  // `bare` leaves out the text prefix ("warning: ", "motcua: error: "), as the summary line does.
  void emit(LogLevel level, const std::string& message, const std::string& source = "", std::int64_t line = 0,
            bool bare = false) const;
  // Prints the error and returns its exit code.
  int fail(const Error& error) const;
  // Fails with a usage error unless the format is one of the row/object formats.
  std::optional<Error> require_plain_format() const;
};

// True when stderr is a terminal and colour is allowed (NO_COLOR unset).
bool use_colour();
// True when stderr is the systemd journal (JOURNAL_STREAM names its device and inode).
bool stderr_is_journal();

} // namespace motcua::cli
