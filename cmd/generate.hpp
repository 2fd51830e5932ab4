#pragma once
// Internal to cmd/generate*.cpp: the model `motcua generate` walks out of the CLI11 tree, and the
// writers that turn it into bash, zsh and fish completions and man pages.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace motcua::cli::generate {

// What follows an option or fills a positional, so shells complete the right thing.
enum class ValueKind { none, text, file, directory, choice };

// One option as shells and man pages see it.
struct OptionDoc {
  std::vector<std::string> names; // short names first: "-q", "--quiet"
  std::string metavar;            // "DATE", "FILE", "auto|json"; empty for flags
  std::string description;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;
  bool repeatable = false;
  bool required = false;
  bool is_help = false; // every command has one: listed once in motcua(1), not per command
};

// One positional argument.
struct PositionalDoc {
  std::string name;
  std::string description;
  ValueKind kind = ValueKind::text;
  std::vector<std::string> choices;
  bool many = false;
  bool required = false;
};

// One command and everything below it, hidden ones already left out.
struct CommandDoc {
  std::vector<std::string> path; // {"catalog", "import"}; empty for the root
  std::string description;
  std::vector<OptionDoc> options;
  std::vector<PositionalDoc> positionals;
  std::vector<CommandDoc> subcommands;
  std::vector<std::string> examples; // shell lines (cmd/examples.cpp), the man page's EXAMPLES
  bool globals_apply = false;        // the root's options are accepted here too (fallthrough)
};

// The "do not edit" line every generated file carries, worded once.
extern const char* k_generated_note;

// Every writer joins words; CLI11's own join is not public API.
std::string join(const std::vector<std::string>& parts, const std::string& sep);

// One traversal order for every writer, so all outputs list commands alike.
void for_each_command(const CommandDoc& doc, const std::function<void(const CommandDoc&)>& fn);

// Completions and man examples must agree on which root options a subcommand takes.
std::vector<const OptionDoc*> accepted_options(const CommandDoc& root, const CommandDoc& cmd);

// bash and fish complete all positionals of a command as one kind; `choices` is set for ValueKind::choice.
ValueKind positional_kind(const CommandDoc& cmd, std::vector<std::string>& choices);

// Shared by bash and fish: both pass words through single-quoted shell strings.
std::string sh_quote(const std::string& s);

// The bash script (`generate completions bash`), for `complete -F`.
void write_bash(std::ostream& out, const std::string& prog, const CommandDoc& root);

// The zsh script (`generate completions zsh`), for fpath or sourcing.
void write_zsh(std::ostream& out, const std::string& prog, const CommandDoc& root);

// The fish script (`generate completions fish`).
void write_fish(std::ostream& out, const std::string& prog, const CommandDoc& root);

// motcua.1 (`generate man`): the overview page, with exit codes, environment and files.
void write_main_page(std::ostream& out, const std::string& prog, const CommandDoc& root);

// motcua-<group>.1 (`generate man`): one page per top-level command group.
void write_group_page(std::ostream& out, const std::string& prog, const CommandDoc& group);

} // namespace motcua::cli::generate
