// Hidden `motcua generate completions bash|zsh|fish` and `motcua generate man DIR`: shell
// completions and man pages walked from the live CLI11 tree, so they cannot drift from it.
// A new subcommand or option in any cmd/*.cpp shows up on the next scripts/regen-docs.sh run;
// the tables below only refine how values are completed and named.
// This file builds the model (generate.hpp) and registers the command; the writers live in
// generate_bash.cpp, generate_zsh.cpp, generate_fish.cpp and generate_man.cpp.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "commands.hpp"
#include "generate.hpp"
#include "examples.hpp"

namespace motcua::cli::generate {

namespace {

// Choices for options whose validator is not a CLI::IsMember (whose set CLI11 2.1 shows only
// in its description); an IsMember on the option always wins over this list.
const std::map<std::string, std::vector<std::string>> k_choice_fallback = {
    {"--format", {"table", "json", "ndjson", "csv", "md", "html"}},
    {"--online", {"full", "partial", "any", "none"}},
    {"--on-conflict", {"update", "skip", "fail"}},
    {"--by", {"agency", "field", "procedure", "channel", "month"}},
    {"--lang", {"vi", "en"}},
};

// Values that are paths, by option or positional name, when neither a type name (FILE, DIR,
// PATH) nor a CLI::ExistingFile-like check says so.
const std::map<std::string, ValueKind> k_path_fallback = {
    {"--db", ValueKind::file},
    {"--token-file", ValueKind::file},
    {"--rejects", ValueKind::file},
    {"--mapping", ValueKind::file},
    {"--targets", ValueKind::file},
    {"--output", ValueKind::file},
    {"--snapshot", ValueKind::directory},
    {"--out", ValueKind::directory},
    {"SOURCE", ValueKind::file},
    {"FILE", ValueKind::file},
    {"DIR", ValueKind::directory},
    {"PATH", ValueKind::file},
};

// Value names in synopses as the README spells them, where CLI11 only knows TEXT or a number type.
const std::map<std::string, std::string> k_metavar = {
    {"--db", "PATH"},        {"--format", "FMT"},      {"--lock-timeout", "SECONDS"},
    {"--agency", "CODE"},    {"--procedure", "CODE"},  {"--period", "P"},
    {"--compare", "P"},      {"--seed", "S"},          {"--status", "S"},
    {"--due-soon", "HOURS"}, {"--limit", "N"},         {"--pause", "FROM..TO"},
    {"--working-days", "N"}, {"--working-hours", "N"}, {"--calendar-days", "N"},
    {"--months", "N"},
};

// CLI11's own type names: anything else was set with ->type_name() and is shown as is.
bool is_builtin_type_name(const std::string& t) {
  return t.empty() || t == "TEXT" || t == "INT" || t == "UINT" || t == "FLOAT" || t == "NUMBER" || t == "BOOLEAN" ||
         t == "ENUM" || t == "CHAR";
}

// Checks like k_date_validator describe themselves as DATE: a ready-made value name.
bool is_upper_word(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
}

// Shell descriptions and troff macro arguments must not span lines.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// The values of a "{a,b,c}" validator description (IsMember, Transformer keys), else none.
std::vector<std::string> set_from_description(const std::string& desc) {
  std::vector<std::string> out;
  if (desc.size() < 2 || desc.front() != '{' || desc.back() != '}') return out;
  std::stringstream in(desc.substr(1, desc.size() - 2));
  for (std::string item; std::getline(in, item, ',');) {
    if (auto arrow = item.find("->"); arrow != std::string::npos) item.resize(arrow);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// The descriptions of an option's checks; CLI11 2.1 offers no count, only indexed access.
std::vector<std::string> validator_descriptions(CLI::Option* opt) {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    try {
      out.push_back(opt->get_validator(i)->get_description());
    } catch (const CLI::OptionNotFound&) {
      break;
    }
  }
  return out;
}

// Splits get_type_name() ("TEXT:{a,b}:DATE") back into the bare type name.
std::string bare_type_name(const CLI::Option* opt, const std::vector<std::string>& checks) {
  std::string full = opt->get_type_name();
  std::string suffix;
  for (const auto& c : checks)
    if (!c.empty()) suffix += ":" + c;
  if (full.size() >= suffix.size() && full.compare(full.size() - suffix.size(), suffix.size(), suffix) == 0)
    full.resize(full.size() - suffix.size());
  return full;
}

struct ValueShape {
  ValueKind kind = ValueKind::text;
  std::vector<std::string> choices;
  std::string metavar;
};

// Works out what a value is from the option's checks, type name and name, in that order.
ValueShape value_shape(CLI::Option* opt, const std::string& key) {
  ValueShape v;
  auto checks = validator_descriptions(opt);
  std::string type = bare_type_name(opt, checks);
  std::string check_word;
  for (const auto& c : checks) {
    if (auto set = set_from_description(c); !set.empty() && v.choices.empty()) v.choices = set;
    if (c == "FILE" || c.rfind("PATH", 0) == 0) v.kind = ValueKind::file;
    if (c == "DIR") v.kind = ValueKind::directory;
    if (is_upper_word(c) && check_word.empty() && c != "POSITIVE" && c != "NONNEGATIVE" && c != "NUMBER")
      check_word = c;
  }
  if (!v.choices.empty()) {
    v.kind = ValueKind::choice;
  } else if (v.kind == ValueKind::text) {
    if (type == "FILE" || type == "PATH") v.kind = ValueKind::file;
    else if (type == "DIR" || type == "DIRECTORY") v.kind = ValueKind::directory;
    else if (auto p = k_path_fallback.find(key); p != k_path_fallback.end()) v.kind = p->second;
    else if (key.size() > 5 && key.compare(key.size() - 5, 5, "-file") == 0) v.kind = ValueKind::file;
    else if (key.size() > 4 && key.compare(key.size() - 4, 4, "-dir") == 0) v.kind = ValueKind::directory;
    else if (auto c = k_choice_fallback.find(key); c != k_choice_fallback.end() && key.rfind("--", 0) == 0) {
      v.kind = ValueKind::choice;
      v.choices = c->second;
    }
  }
  if (auto m = k_metavar.find(key); m != k_metavar.end()) v.metavar = m->second;
  else if (!is_builtin_type_name(type)) v.metavar = type;
  else if (!check_word.empty()) v.metavar = check_word;
  else if (v.kind == ValueKind::file) v.metavar = "FILE";
  else if (v.kind == ValueKind::directory) v.metavar = "DIR";
  else if (v.kind == ValueKind::choice) {
    for (const auto& c : v.choices) v.metavar += (v.metavar.empty() ? "" : "|") + c;
    // A long a|b|c|... cannot break in a synopsis: name it and list the choices in the text.
    if (v.metavar.size() > 30) {
      v.metavar.clear();
      for (char c : key)
        if (c != '-') v.metavar += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  } else if (type == "INT" || type == "UINT") v.metavar = "N";
  else if (type == "FLOAT" || type == "NUMBER") v.metavar = "NUMBER";
  else v.metavar = type.empty() ? "VALUE" : type;
  return v;
}

bool is_hidden(const CLI::App* app) { return app->get_group().empty(); }

// Option groups are nameless sub-apps whose options belong to the enclosing command.
void collect_options(CLI::App& app, const CLI::Option* help, CommandDoc& doc) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue; // hidden
    if (opt->nonpositional()) {
      OptionDoc o;
      for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
      for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
      o.description = one_line(opt->get_description());
      o.required = opt->get_required();
      o.is_help = opt == help;
      if (opt->get_expected_max() == 0) {
        o.repeatable = opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
      } else {
        auto v = value_shape(opt, o.names.back());
        o.kind = v.kind;
        o.choices = v.choices;
        o.metavar = v.metavar;
        o.repeatable = opt->get_expected_max() > 1 || opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
      }
      doc.options.push_back(std::move(o));
    } else {
      PositionalDoc p;
      p.name = opt->get_name(true);
      p.description = one_line(opt->get_description());
      auto v = value_shape(opt, p.name);
      p.kind = v.kind;
      p.choices = v.choices;
      p.many = opt->get_expected_max() > 1;
      p.required = opt->get_required();
      doc.positionals.push_back(std::move(p));
    }
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App* a) { return a->get_name().empty(); }))
    if (!is_hidden(sub)) collect_options(*sub, help, doc);
}

// The model every output is written from: one walk, so bash, zsh, fish and man agree.
CommandDoc describe(CLI::App& app, std::vector<std::string> path, bool globals_apply) {
  CommandDoc doc;
  doc.path = std::move(path);
  doc.description = one_line(app.get_description());
  doc.globals_apply = globals_apply;
  doc.examples = examples_for(join(doc.path, " "));
  collect_options(app, app.get_help_ptr(), doc);
  for (CLI::App* sub : app.get_subcommands([](CLI::App* a) { return !a->get_name().empty(); })) {
    if (is_hidden(sub)) continue;
    auto sub_path = doc.path;
    sub_path.push_back(sub->get_name());
    doc.subcommands.push_back(describe(*sub, sub_path, (doc.path.empty() || globals_apply) && sub->get_fallthrough()));
  }
  return doc;
}

} // namespace

// Joins with a separator (CLI11's detail::join is not public API).
std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Depth-first, parents before children: the order every output lists commands in.
void for_each_command(const CommandDoc& doc, const std::function<void(const CommandDoc&)>& fn) {
  fn(doc);
  for (const auto& sub : doc.subcommands) for_each_command(sub, fn);
}

// The options a command accepts: its own, then the root's (except a second --help).
std::vector<const OptionDoc*> accepted_options(const CommandDoc& root, const CommandDoc& cmd) {
  std::vector<const OptionDoc*> out;
  for (const auto& o : cmd.options) out.push_back(&o);
  if (&root != &cmd && cmd.globals_apply)
    for (const auto& o : root.options)
      if (!o.is_help) out.push_back(&o);
  return out;
}

// Shells complete positionals as one kind: paths if any positional is a path, else its choices.
ValueKind positional_kind(const CommandDoc& cmd, std::vector<std::string>& choices) {
  if (cmd.positionals.empty()) return ValueKind::none;
  for (const auto& p : cmd.positionals)
    if (p.kind == ValueKind::file || p.kind == ValueKind::directory) return p.kind;
  if (cmd.positionals.front().kind == ValueKind::choice) {
    choices = cmd.positionals.front().choices;
    return ValueKind::choice;
  }
  return ValueKind::text;
}

const char* k_generated_note =
    "Generated by `motcua generate` from the command definitions: do not edit, run scripts/regen-docs.sh.";

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

// A page that cannot be written must fail the run, not leave a silent gap.
Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    return make_error(ErrorKind::input, "cannot write " + path.string() + ": check that the directory is writable");
  return {};
}

// `generate man DIR`: pages for the root and each top-level group.
int run_man(Context& ctx, CLI::App& app, const std::string& dir) {
  std::string prog = app.get_name().empty() ? "motcua" : app.get_name();
  CommandDoc root = describe(app, {}, true);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return ctx.fail(make_error(ErrorKind::input, "cannot create " + dir + ": " + ec.message()));
  std::ostringstream main_page;
  write_main_page(main_page, prog, root);
  if (auto st = write_file(std::filesystem::path(dir) / (prog + ".1"), main_page.str()); !st)
    return ctx.fail(st.error());
  for (const auto& group : root.subcommands) {
    std::ostringstream page;
    write_group_page(page, prog, group);
    auto path = std::filesystem::path(dir) / (prog + "-" + group.path.back() + ".1");
    if (auto st = write_file(path, page.str()); !st) return ctx.fail(st.error());
    ctx.debug("wrote " + path.string());
  }
  return 0;
}

// `generate completions SHELL`: the script on stdout.
int run_completions(CLI::App& app, const std::string& shell) {
  std::string prog = app.get_name().empty() ? "motcua" : app.get_name();
  CommandDoc root = describe(app, {}, true);
  if (shell == "bash") write_bash(std::cout, prog, root);
  else if (shell == "zsh") write_zsh(std::cout, prog, root);
  else write_fish(std::cout, prog, root);
  std::cout.flush();
  return std::cout ? 0 : static_cast<int>(ErrorKind::internal);
}

} // namespace

} // namespace motcua::cli::generate

namespace motcua::cli {

// Walks `app` when run, so it sees every command registered before or after it.
void add_generate_commands(CLI::App& app, Context& ctx) {
  auto* gen = app.add_subcommand("generate", "Write shell completions and man pages from the command definitions");
  gen->group(""); // hidden: for scripts/regen-docs.sh, not for users
  gen->require_subcommand(1);

  auto shell = std::make_shared<std::string>();
  auto* completions = gen->add_subcommand("completions", "Print a completion script for bash, zsh or fish");
  completions->add_option("SHELL", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completions->callback([&app, &ctx, shell] { ctx.exit_code = generate::run_completions(app, *shell); });

  auto dir = std::make_shared<std::string>();
  auto* man = gen->add_subcommand("man", "Write motcua.1 and one page per command group into DIR");
  man->add_option("DIR", *dir, "Directory for the pages (created if missing)")->required();
  man->callback([&app, &ctx, dir] { ctx.exit_code = generate::run_man(ctx, app, *dir); });
}

} // namespace motcua::cli
