#pragma once
// EXAMPLES per command, shared by --help and the man pages, and the global options footer.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace motcua::cli {

// The examples of a command path ("dossiers migrate"), each one shell line; none for a group.
const std::vector<std::string>& examples_for(const std::string& path);

// Every subcommand's --help ends with its examples and the global options (accepted there too).
void add_help_footers(CLI::App& app);

} // namespace motcua::cli
