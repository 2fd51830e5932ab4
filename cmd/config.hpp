#pragma once
// The config files on the command line: their settings become the defaults of the options they
// name (so a flag still wins), `@NAME` sources, and `motcua config show`.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace motcua::cli {

// The value of --config in argv (`--config FILE` or `--config=FILE`), read before parsing
// because the files must be applied before any command runs.
std::optional<std::string> config_flag(int argc, char** argv);

// Reads the config files (lib/config) into ctx and sets each setting as the default of its
// option: a top-level key names a global option, or the option of that name in every command
// that has one; `[group]` and `[group.command]` name the options of those commands (a global
// option there applies when that command runs). The environment beats the files (MOTCUA_DB over
// `db`, MOTCUA_TOKEN over `token_file`, MOTCUA_HTTP_* over `http_*`). ErrorKind::usage naming
// FILE:LINE for an unknown section or key, a bad value, or `force`.
Status apply_config(CLI::App& app, Context& ctx);

// CLI11 transform for SOURCE arguments: `@NAME` becomes the url of [sources.NAME].
CLI::Validator source_ref_transform(const Context& ctx);

// `motcua config show`.
void add_config_commands(CLI::App& app, Context& ctx);

} // namespace motcua::cli
