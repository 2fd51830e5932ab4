#pragma once
// The configuration files (motcua(1), CONFIGURATION): which files are read, in which order,
// and their settings flattened to (section, key, value, file, line). What a key means is the
// command line's business (cmd/config_hook): a key is a long option's name with `_` for `-`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace motcua {

// One `key = value` of a config file: the value as the command line would spell it.
struct Setting {
  std::string section; // "" at the top (global options); "audit", "dossiers.migrate", "sources.NAME"
  std::string key;     // as written: `lock_timeout`
  std::string value;   // strings as is, numbers in decimal, booleans true/false
  bool is_bool = false;
  std::string file; // the file it came from
  int line = 0;     // its line in that file (1-based)

  // "FILE:LINE", for messages and `config show`.
  std::string origin() const { return file + ":" + std::to_string(line); }
};

// Where the config files are: the system file, the user's, or the one file named explicitly.
struct ConfigLocations {
  std::string system_file;                  // /etc/motcua/motcua.toml (MOTCUA_SYSTEM_CONFIG for tests)
  std::string user_file;                    // $XDG_CONFIG_HOME/motcua/motcua.toml, else ~/.config/motcua/motcua.toml
  std::optional<std::string> explicit_file; // --config FILE, else MOTCUA_CONFIG: then only that file is read
};

// The locations from the environment and --config (nullopt when not given).
ConfigLocations config_locations(const std::optional<std::string>& flag);

// The files to read, lowest precedence first: the explicit file alone (it must exist), else the
// system file then the user file when they exist.
Result<std::vector<std::string>> config_files(const ConfigLocations& where);

// The keys of `[nightly]`, the settings of motcua-nightly (motcua(1), THE NIGHTLY JOB), in the
// order `config show` and the docs list them. `dossiers` may be a string or an array of strings.
const std::vector<std::string>& nightly_keys();

// Parses one TOML file into settings, in file order. ErrorKind::usage naming FILE:LINE for a
// syntax error, a value that is not a string, number or boolean, a table nested deeper than
// `[command.subcommand]` (also written `["command subcommand"]`), a `[sources.NAME]` without `url` or with another key,
// a `[nightly]` key not in nightly_keys() or not a string (an array of strings joined by spaces
// for `dossiers`), and any `token` key (secrets live in a file named by token_file, never in the config).
Result<std::vector<Setting>> parse_config_text(std::string_view text, const std::string& file);
Result<std::vector<Setting>> load_config_file(const std::string& file);

// Every setting of the files in order, a later file's `section.key` replacing an earlier one.
Result<std::vector<Setting>> load_config(const std::vector<std::string>& files);

// The URL of `@NAME` from `[sources.NAME] url = ...`; a usage error naming the known sources
// otherwise. Text without a leading `@` comes back unchanged.
Result<std::string> resolve_source(std::string_view text, const std::vector<Setting>& settings);

// The names of `[sources.NAME]` sections, in file order.
std::vector<std::string> source_names(const std::vector<Setting>& settings);

// Levenshtein distance, for "did you mean" (keys, commands, options).
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` when it is close enough to be a typo, else "".
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

} // namespace motcua
