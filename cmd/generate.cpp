// Hidden `motcua generate completions bash|zsh|fish` and `motcua generate man DIR`: shell
// completions and man pages walked from the live CLI11 tree, so they cannot drift from it.
// A new subcommand or option in any cmd/*.cpp shows up on the next scripts/regen-docs.sh run;
// the tables below only refine how values are completed and named.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "commands.hpp"
#include "io/http.hpp"
#include "util/version.hpp"

namespace motcua::cli {

namespace {

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
  bool globals_apply = false; // the root's options are accepted here too (fallthrough)
};

// Choices for options whose validator is not a CLI::IsMember (whose set CLI11 2.1 shows only
// in its description); an IsMember on the option always wins over this list.
const std::map<std::string, std::vector<std::string>> k_choice_fallback = {
    {"--format", {"table", "json", "ndjson", "csv", "md", "html"}},
    {"--input-format", {"auto", "json", "ndjson", "csv", "dvcqg"}},
    {"--encoding", {"auto", "utf-8", "utf-16", "cp1258", "tcvn", "viscii"}},
    {"--online", {"full", "partial", "any", "none"}},
    {"--on-conflict", {"update", "skip", "fail"}},
    {"--by", {"agency", "field", "procedure", "channel", "month"}},
    {"--lang", {"vi", "en"}},
};

// Values that are paths, by option or positional name, when neither a type name (FILE, DIR,
// PATH) nor a CLI::ExistingFile-like check says so.
const std::map<std::string, ValueKind> k_path_fallback = {
    {"--db", ValueKind::file},          {"--token-file", ValueKind::file}, {"--rejects", ValueKind::file},
    {"--mapping", ValueKind::file},     {"--targets", ValueKind::file},    {"--output", ValueKind::file},
    {"--snapshot", ValueKind::directory}, {"--out", ValueKind::directory}, {"SOURCE", ValueKind::file},
    {"FILE", ValueKind::file},          {"DIR", ValueKind::directory},     {"PATH", ValueKind::file},
};

// Value names in synopses as cli.md spells them, where CLI11 only knows TEXT or a number type.
const std::map<std::string, std::string> k_metavar = {
    {"--db", "PATH"},          {"--format", "FMT"},    {"--lock-timeout", "SECONDS"}, {"--agency", "CODE"},
    {"--procedure", "CODE"},   {"--period", "P"},      {"--compare", "P"},            {"--seed", "S"},
    {"--status", "S"},         {"--due-soon", "HOURS"}, {"--limit", "N"},              {"--pause", "FROM..TO"},
    {"--working-days", "N"},   {"--working-hours", "N"}, {"--calendar-days", "N"},
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
    if (is_upper_word(c) && check_word.empty() && c != "POSITIVE" && c != "NONNEGATIVE" && c != "NUMBER") check_word = c;
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
      for (char c : key) if (c != '-') v.metavar += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
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
  collect_options(app, app.get_help_ptr(), doc);
  for (CLI::App* sub : app.get_subcommands([](CLI::App* a) { return !a->get_name().empty(); })) {
    if (is_hidden(sub)) continue;
    auto sub_path = doc.path;
    sub_path.push_back(sub->get_name());
    doc.subcommands.push_back(describe(*sub, sub_path, (doc.path.empty() || globals_apply) && sub->get_fallthrough()));
  }
  return doc;
}

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

const char* k_generated_note = "Generated by `motcua generate` from the command definitions: do not edit, run scripts/regen-docs.sh.";

// ---------------------------------------------------------------- bash

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A bash array body; quoted so no value is ever globbed or split.
std::string sh_words(const std::vector<std::string>& words) {
  std::vector<std::string> q;
  for (const auto& w : words) q.push_back(sh_quote(w));
  return join(q, " ");
}

// The kind names the generated bash switches on.
std::string bash_kind(ValueKind k) {
  switch (k) {
  case ValueKind::file: return "file";
  case ValueKind::directory: return "dir";
  case ValueKind::choice: return "choice";
  case ValueKind::none: return "none";
  case ValueKind::text: break;
  }
  return "text";
}

// Case arms for the options with something to complete; a plain-text option is listed only when
// it must hide a root option of the same name (which the fallback below would otherwise complete).
void bash_value_cases(std::ostream& out, const std::vector<OptionDoc>& options, const std::vector<OptionDoc>& shadowed,
                      const std::string& indent) {
  auto is_shadowing = [&](const OptionDoc& o) {
    return std::any_of(shadowed.begin(), shadowed.end(), [&](const OptionDoc& r) {
      return std::find_first_of(o.names.begin(), o.names.end(), r.names.begin(), r.names.end()) != o.names.end();
    });
  };
  for (const auto& o : options) {
    if (o.kind == ValueKind::none || (o.kind == ValueKind::text && !is_shadowing(o))) continue;
    out << indent << join(o.names, "|") << ") kind=" << bash_kind(o.kind);
    if (o.kind == ValueKind::choice) out << "; choices=(" << sh_words(o.choices) << ")";
    out << "; return ;;\n";
  }
}

void write_bash(std::ostream& out, const std::string& prog, const CommandDoc& root) {
  std::string fn = "_" + prog;
  out << "# bash completion for " << prog << "                                   -*- shell-script -*-\n"
      << "# " << k_generated_note << "\n"
      << "# Plain `complete -F`: works without the bash-completion package, and uses its _filedir if present.\n\n";

  out << "# Sets subs, opts, vopts (options taking a value), pos and poschoices for the command path $1\n"
      << "# (\"\" is " << prog << " itself); globals=1 adds the root's options, accepted after the subcommand too.\n"
      << fn << "_spec() {\n"
      << "    subs=() opts=() vopts=() pos=none poschoices=() globals=0\n"
      << "    case \"$1\" in\n";
  for_each_command(root, [&](const CommandDoc& cmd) {
    std::vector<std::string> subs, opts, vopts, poschoices;
    for (const auto& s : cmd.subcommands) subs.push_back(s.path.back());
    for (const auto& o : cmd.options) {
      for (const auto& n : o.names) {
        opts.push_back(n);
        if (o.kind != ValueKind::none) vopts.push_back(n);
      }
    }
    out << "        " << sh_quote(join(cmd.path, " ")) << ")\n";
    if (!subs.empty()) out << "            subs=(" << sh_words(subs) << ")\n";
    if (!opts.empty()) out << "            opts=(" << sh_words(opts) << ")\n";
    if (!vopts.empty()) out << "            vopts=(" << sh_words(vopts) << ")\n";
    ValueKind pk = positional_kind(cmd, poschoices);
    if (pk != ValueKind::none) out << "            pos=" << bash_kind(pk) << "\n";
    if (!poschoices.empty()) out << "            poschoices=(" << sh_words(poschoices) << ")\n";
    if (!cmd.path.empty() && cmd.globals_apply) out << "            globals=1\n";
    out << "            ;;\n";
  });
  std::vector<std::string> gopts, gvopts;
  for (const auto& o : root.options) {
    if (o.is_help) continue;
    for (const auto& n : o.names) {
      gopts.push_back(n);
      if (o.kind != ValueKind::none) gvopts.push_back(n);
    }
  }
  out << "    esac\n"
      << "    if (( globals )); then\n"
      << "        opts+=(" << sh_words(gopts) << ")\n";
  if (!gvopts.empty()) out << "        vopts+=(" << sh_words(gvopts) << ")\n";
  out << "    fi\n}\n\n";

  out << "# Sets kind (text, file, dir or choice) and choices for the value of option $2 under path $1.\n"
      << fn << "_value() {\n"
      << "    kind=text choices=()\n"
      << "    case \"$1\" in\n";
  for_each_command(root, [&](const CommandDoc& cmd) {
    if (cmd.path.empty()) return;
    std::ostringstream arms;
    bash_value_cases(arms, cmd.options, root.options, "                ");
    if (arms.str().empty()) return;
    out << "        " << sh_quote(join(cmd.path, " ")) << ")\n"
        << "            case \"$2\" in\n"
        << arms.str() << "            esac ;;\n";
  });
  out << "    esac\n"
      << "    # The root's options, accepted before or after the subcommand.\n"
      << "    case \"$2\" in\n";
  bash_value_cases(out, root.options, {}, "        ");
  out << "    esac\n}\n\n";

  out << fn << "_has() {\n"
      << "    local w=$1 x\n"
      << "    shift\n"
      << "    for x; do [[ $x == \"$w\" ]] && return 0; done\n"
      << "    return 1\n"
      << "}\n\n"
      << "# File names (directories only with $3 = -d) for the word $1, each after the prefix $2.\n"
      << fn << "_files() {\n"
      << "    if [[ -z $2 ]] && declare -F _filedir >/dev/null 2>&1; then\n"
      << "        if [[ ${3-} == -d ]]; then _filedir -d; else _filedir; fi\n"
      << "        return 0\n"
      << "    fi\n"
      << "    compopt -o filenames 2>/dev/null || true\n"
      << "    mapfile -t COMPREPLY < <(compgen \"${3:--f}\" -P \"$2\" -- \"$1\")\n"
      << "}\n\n";

  out << fn << "() {\n"
      << "    local -a words=(\"${COMP_WORDS[@]}\") subs=() opts=() vopts=() poschoices=() choices=()\n"
      << "    local n=$COMP_CWORD i=1 w path=\"\" opt=\"\" prefix=\"\" pos=none kind=text globals=0\n"
      << "    local cur=${words[n]-}\n"
      << "    COMPREPLY=()\n"
      << "    " << fn << "_spec \"\"\n"
      << "    # Walk the words before the cursor: subcommands deepen the path, option values are skipped.\n"
      << "    # Bash splits --opt=value into three words at '=' (COMP_WORDBREAKS).\n"
      << "    while (( i < n )); do\n"
      << "        w=${words[i]}\n"
      << "        if [[ $w == -?* ]]; then\n"
      << "            if [[ $w == *=* ]]; then\n"
      << "                (( i += 1 ))\n"
      << "            elif [[ ${words[i+1]-} == \"=\" ]]; then\n"
      << "                if (( i + 1 == n )); then opt=$w cur=\"\"; break; fi\n"
      << "                if (( i + 2 == n )); then opt=$w; break; fi\n"
      << "                (( i += 3 ))\n"
      << "            elif " << fn << "_has \"$w\" \"${vopts[@]}\"; then\n"
      << "                if (( i + 1 == n )); then opt=$w; break; fi\n"
      << "                (( i += 2 ))\n"
      << "            else\n"
      << "                (( i += 1 ))\n"
      << "            fi\n"
      << "        else\n"
      << "            if " << fn << "_has \"$w\" \"${subs[@]}\"; then\n"
      << "                path=${path:+$path }$w\n"
      << "                " << fn << "_spec \"$path\"\n"
      << "            fi\n"
      << "            (( i += 1 ))\n"
      << "        fi\n"
      << "    done\n"
      << "    if [[ -z $opt && $cur == --?*=* ]]; then\n"
      << "        opt=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}\n"
      << "        " << fn << "_has \"$opt\" \"${vopts[@]}\" || return 0\n"
      << "    fi\n"
      << "    if [[ -n $opt ]]; then\n"
      << "        " << fn << "_value \"$path\" \"$opt\"\n"
      << "        case $kind in\n"
      << "            choice) mapfile -t COMPREPLY < <(compgen -P \"$prefix\" -W \"${choices[*]}\" -- \"$cur\") ;;\n"
      << "            file) " << fn << "_files \"$cur\" \"$prefix\" ;;\n"
      << "            dir) " << fn << "_files \"$cur\" \"$prefix\" -d ;;\n"
      << "        esac\n"
      << "        return 0\n"
      << "    fi\n"
      << "    if [[ $cur == -* ]]; then\n"
      << "        mapfile -t COMPREPLY < <(compgen -W \"${opts[*]}\" -- \"$cur\")\n"
      << "    elif (( ${#subs[@]} )); then\n"
      << "        mapfile -t COMPREPLY < <(compgen -W \"${subs[*]}\" -- \"$cur\")\n"
      << "    else\n"
      << "        case $pos in\n"
      << "            file) " << fn << "_files \"$cur\" \"\" ;;\n"
      << "            dir) " << fn << "_files \"$cur\" \"\" -d ;;\n"
      << "            choice) mapfile -t COMPREPLY < <(compgen -W \"${poschoices[*]}\" -- \"$cur\") ;;\n"
      << "            none) mapfile -t COMPREPLY < <(compgen -W \"${opts[*]}\" -- \"$cur\") ;;\n"
      << "        esac\n"
      << "    fi\n"
      << "    return 0\n"
      << "}\n\n"
      << "complete -F " << fn << " " << prog << "\n";
}

// ---------------------------------------------------------------- zsh

// Text inside a single-quoted _arguments spec; `brackets` escapes [] for option descriptions,
// `colons` escapes : for messages and _describe names.
std::string zsh_escape(const std::string& s, bool brackets, bool colons) {
  std::string out;
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else if ((brackets && (c == '[' || c == ']')) || (colons && c == ':') || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

// The _arguments action: _files, a (choice list), or a blank that only shows the message.
std::string zsh_action(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
  case ValueKind::file: return "_files";
  case ValueKind::directory: return "_files -/";
  case ValueKind::choice: {
    std::string a = "(";
    for (const auto& c : choices) {
      if (a.size() > 1) a += ' ';
      for (char ch : c) {
        if (std::strchr(" ()\\:'", ch) != nullptr) a += '\\';
        a += ch;
      }
    }
    return zsh_escape(a + ")", false, false);
  }
  case ValueKind::none:
  case ValueKind::text: break;
  }
  return " ";
}

// One _arguments spec; short and long spellings exclude each other unless repeatable.
std::string zsh_option_spec(const OptionDoc& o) {
  std::string desc = "[" + zsh_escape(o.description, true, false) + "]";
  std::string value;
  if (o.kind != ValueKind::none) value = ":" + zsh_escape(o.metavar, false, true) + ":" + zsh_action(o.kind, o.choices);
  auto name_spec = [&](const std::string& n) { return n + (o.kind != ValueKind::none && n.rfind("--", 0) == 0 ? "=" : ""); };
  if (o.names.size() == 1) return "'" + std::string(o.repeatable ? "*" : "") + name_spec(o.names[0]) + desc + value + "'";
  std::vector<std::string> names;
  for (const auto& n : o.names) names.push_back(name_spec(n));
  std::string prefix = o.repeatable ? "'*'" : "'(" + join(o.names, " ") + ")'";
  return prefix + "{" + join(names, ",") + "}'" + desc + value + "'";
}

// One function per command path; names keep to characters zsh accepts.
std::string zsh_function_name(const std::string& prog, const std::vector<std::string>& path) {
  std::string name = "_" + prog;
  for (const auto& p : path) {
    name += "_";
    for (char c : p) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

// Groups dispatch on their next word (->command/->argument states); leaves list options and positionals.
void write_zsh_command(std::ostream& out, const std::string& prog, const CommandDoc& root, const CommandDoc& cmd) {
  std::string label = join(cmd.path, " ");
  out << zsh_function_name(prog, cmd.path) << "() {\n";
  std::vector<std::string> specs;
  for (const OptionDoc* o : accepted_options(root, cmd)) specs.push_back(zsh_option_spec(*o));
  if (cmd.subcommands.empty()) {
    for (size_t i = 0; i < cmd.positionals.size(); ++i) {
      const auto& p = cmd.positionals[i];
      std::string pos = p.many ? "*" : std::to_string(i + 1);
      if (!p.required && !p.many) pos += ":";
      specs.push_back("'" + pos + ":" + zsh_escape(p.name, false, true) + ":" + zsh_action(p.kind, p.choices) + "'");
    }
    out << "    _arguments -s -S :";
    for (const auto& s : specs) out << " \\\n        " << s;
    out << "\n}\n\n";
    return;
  }
  out << "    local curcontext=$curcontext state state_descr line ret=1\n"
      << "    typeset -A opt_args\n"
      << "    _arguments -C -s -S :";
  for (const auto& s : specs) out << " \\\n        " << s;
  out << " \\\n        ': :->command' \\\n        '*:: :->argument' && ret=0\n"
      << "    case $state in\n"
      << "        command)\n"
      << "            local -a commands=(\n";
  for (const auto& sub : cmd.subcommands)
    out << "                '" << zsh_escape(sub.path.back(), false, true) << ":" << zsh_escape(sub.description, false, false) << "'\n";
  out << "            )\n"
      << "            _describe -t commands '" << zsh_escape(prog + (label.empty() ? "" : " " + label), false, false)
      << " command' commands && ret=0\n"
      << "            ;;\n"
      << "        argument)\n"
      << "            curcontext=${curcontext%:*:*}:" << prog << (label.empty() ? "" : "-" + join(cmd.path, "-")) << "-$words[1]:\n"
      << "            case $words[1] in\n";
  for (const auto& sub : cmd.subcommands)
    out << "                " << zsh_escape(sub.path.back(), false, false) << ") " << zsh_function_name(prog, sub.path) << " && ret=0 ;;\n";
  out << "            esac\n"
      << "            ;;\n"
      << "    esac\n"
      << "    return ret\n"
      << "}\n\n";
}

// Works both autoloaded from fpath (#compdef) and sourced (compdef).
void write_zsh(std::ostream& out, const std::string& prog, const CommandDoc& root) {
  out << "#compdef " << prog << "\n"
      << "# zsh completion for " << prog << ".\n"
      << "# " << k_generated_note << "\n\n";
  std::vector<const CommandDoc*> all;
  for_each_command(root, [&](const CommandDoc& c) { all.push_back(&c); });
  std::reverse(all.begin(), all.end()); // children first: each function is defined before use (not required, but tidy)
  for (const CommandDoc* c : all) write_zsh_command(out, prog, root, *c);
  std::string fn = "_" + prog;
  out << "if [[ $funcstack[1] == " << fn << " ]]; then\n"
      << "    " << fn << " \"$@\"\n"
      << "else\n"
      << "    compdef " << fn << " " << prog << "\n"
      << "fi\n";
}

// ---------------------------------------------------------------- fish

std::string fish_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// fish has no nesting of its own: helper functions compute the command path typed so far.
void write_fish(std::ostream& out, const std::string& prog, const CommandDoc& root) {
  std::string fn = "__" + prog;
  out << "# fish completion for " << prog << ".\n"
      << "# " << k_generated_note << "\n\n"
      << "# The subcommands of the command path $argv[1] (\"\" is " << prog << " itself).\n"
      << "function " << fn << "_subcommands\n"
      << "    switch \"$argv[1]\"\n";
  for_each_command(root, [&](const CommandDoc& cmd) {
    if (cmd.subcommands.empty()) return;
    std::vector<std::string> subs;
    for (const auto& s : cmd.subcommands) subs.push_back(fish_quote(s.path.back()));
    out << "        case " << fish_quote(join(cmd.path, " ")) << "\n"
        << "            printf '%s\\n' " << join(subs, " ") << "\n";
  });
  out << "    end\nend\n\n"
      << "# True when option $argv[2] takes a value under the command path $argv[1].\n"
      << "function " << fn << "_takes_value\n"
      << "    switch \"$argv[1]\"\n";
  for_each_command(root, [&](const CommandDoc& cmd) {
    std::vector<std::string> names;
    for (const OptionDoc* o : accepted_options(root, cmd))
      if (o->kind != ValueKind::none)
        for (const auto& n : o->names) names.push_back(fish_quote(n));
    if (names.empty()) return;
    out << "        case " << fish_quote(join(cmd.path, " ")) << "\n"
        << "            contains -- $argv[2] " << join(names, " ") << "\n"
        << "            return\n";
  });
  out << "    end\n    return 1\nend\n\n"
      << "# The command path typed so far, e.g. \"catalog import\"; option values are skipped.\n"
      << "function " << fn << "_path\n"
      << "    set -l tokens (commandline -opc)\n"
      << "    set -e tokens[1]\n"
      << "    set -l path\n"
      << "    set -l skip 0\n"
      << "    for t in $tokens\n"
      << "        if test $skip = 1\n"
      << "            set skip 0\n"
      << "            continue\n"
      << "        end\n"
      << "        switch $t\n"
      << "            case '-*=*'\n"
      << "            case '-?*'\n"
      << "                if " << fn << "_takes_value \"$path\" $t\n"
      << "                    set skip 1\n"
      << "                end\n"
      << "            case '*'\n"
      << "                if contains -- $t (" << fn << "_subcommands \"$path\")\n"
      << "                    set path $path $t\n"
      << "                end\n"
      << "        end\n"
      << "    end\n"
      << "    echo \"$path\"\n"
      << "end\n\n"
      << "# True when the command path typed so far is $argv[1].\n"
      << "function " << fn << "_at\n"
      << "    set -l p (" << fn << "_path)\n"
      << "    test \"$p\" = \"$argv[1]\"\n"
      << "end\n\n"
      << "complete -c " << prog << " -f\n";

  auto option_line = [&](const OptionDoc& o, const std::string& condition) {
    out << "complete -c " << prog;
    if (!condition.empty()) out << " -n " << fish_quote(condition);
    for (const auto& n : o.names) {
      if (n.rfind("--", 0) == 0) out << " -l " << fish_quote(n.substr(2));
      else if (n.size() == 2) out << " -s " << fish_quote(n.substr(1));
      else out << " -o " << fish_quote(n.substr(1));
    }
    switch (o.kind) {
    case ValueKind::file: out << " -r -F"; break;
    case ValueKind::directory: out << " -r -f -a '(__fish_complete_directories)'"; break;
    case ValueKind::choice: {
      std::vector<std::string> q;
      for (const auto& c : o.choices) q.push_back(c);
      out << " -x -a " << fish_quote(join(q, " "));
      break;
    }
    case ValueKind::text: out << " -x"; break;
    case ValueKind::none: break;
    }
    if (!o.description.empty()) out << " -d " << fish_quote(o.description);
    out << "\n";
  };

  out << "\n# The root's options, accepted before or after the subcommand.\n";
  for (const auto& o : root.options) option_line(o, "");
  for_each_command(root, [&](const CommandDoc& cmd) {
    std::string at = fn + "_at " + sh_quote(join(cmd.path, " "));
    out << "\n# " << prog << (cmd.path.empty() ? "" : " " + join(cmd.path, " ")) << "\n";
    for (const auto& sub : cmd.subcommands)
      out << "complete -c " << prog << " -n " << fish_quote(at) << " -a " << fish_quote(sub.path.back()) << " -d "
          << fish_quote(sub.description) << "\n";
    if (cmd.path.empty()) return;
    for (const auto& o : cmd.options) option_line(o, at);
    if (cmd.subcommands.empty()) {
      std::vector<std::string> choices;
      ValueKind pk = positional_kind(cmd, choices);
      if (pk == ValueKind::file) out << "complete -c " << prog << " -n " << fish_quote(at) << " -F\n";
      else if (pk == ValueKind::directory)
        out << "complete -c " << prog << " -n " << fish_quote(at) << " -a '(__fish_complete_directories)'\n";
      else if (pk == ValueKind::choice)
        out << "complete -c " << prog << " -n " << fish_quote(at) << " -a " << fish_quote(join(choices, " ")) << "\n";
    }
  });
}

// ---------------------------------------------------------------- man

// Decodes one UTF-8 sequence at s[i] (advancing i); bad bytes come back as U+FFFD.
char32_t next_code_point(const std::string& s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i++]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  if (b >= 0x80 && extra == 0) return 0xFFFD;
  char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

// Plain text to troff: escapes, \- for dashes, \[uXXXX] for non-ASCII (no preconv needed),
// `code` spans in bold, and no line starting with a control character.
std::string roff(const std::string& s) {
  std::string out;
  bool line_start = true;
  bool bold = false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(next_code_point(s, i)));
      out += buf;
      line_start = false;
      continue;
    }
    ++i;
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    switch (c) {
    case '\\': out += "\\e"; break;
    case '-': out += "\\-"; break;
    case '"': out += "\\(dq"; break;
    case '`':
      if (bold || s.find('`', i) != std::string::npos) {
        out += bold ? "\\fR" : "\\fB";
        bold = !bold;
      } else {
        out += "\\(ga";
      }
      break;
    default: out += c;
    }
  }
  if (bold) out += "\\fR";
  return out;
}

// Ends text with a full stop unless it already ends a sentence.
std::string sentence(std::string s) {
  if (!s.empty() && std::string(".!?").find(s.back()) == std::string::npos) s += '.';
  return s;
}

// "-q, --quiet" or "--db PATH", bold names and italic value, for .TP headers.
std::string option_names_roff(const OptionDoc& o) {
  std::vector<std::string> names;
  for (const auto& n : o.names) names.push_back("\\fB" + roff(n) + "\\fR");
  std::string out = join(names, ", ");
  if (o.kind != ValueKind::none) out += " \\fI" + roff(o.metavar) + "\\fR";
  return out;
}

// Choices hidden behind a value name are spelled out so the page stays complete.
void man_option_list(std::ostream& out, const std::vector<const OptionDoc*>& options) {
  for (const OptionDoc* o : options) {
    out << ".TP\n" << option_names_roff(*o) << "\n" << roff(sentence(o->description.empty() ? "No description" : o->description));
    if (o->kind == ValueKind::choice && o->metavar.find('|') == std::string::npos)
      out << " One of: " << roff(join(o->choices, ", ")) << ".";
    if (o->repeatable) out << " May be repeated.";
    if (o->required) out << " Required.";
    out << "\n";
  }
}

// One .SY synopsis block: the command words, then its options and positionals as usage.
void man_synopsis(std::ostream& out, const std::string& prog, const CommandDoc& cmd) {
  out << ".SY \"" << roff(prog) << (cmd.path.empty() ? "" : " " + roff(join(cmd.path, " "))) << "\"\n";
  if (!cmd.subcommands.empty()) {
    out << ".I COMMAND\n.YS\n";
    return;
  }
  std::vector<const OptionDoc*> required, optional;
  for (const auto& o : cmd.options) {
    if (o.is_help) continue;
    (o.required ? required : optional).push_back(&o);
  }
  for (const OptionDoc* o : required)
    out << ".B " << roff(o->names.back()) << (o->kind != ValueKind::none ? "\n.I " + roff(o->metavar) : std::string()) << "\n";
  for (const auto& p : cmd.positionals) {
    std::string etc = p.many ? "..." : "";
    if (p.required) out << ".IR " << roff(p.name) << (etc.empty() ? "" : " " + etc) << "\n";
    else out << ".RI [ " << roff(p.name) << " " << etc << "] \n";
  }
  for (const OptionDoc* o : optional)
    out << ".OP " << roff(o->names.back()) << (o->kind != ValueKind::none ? " " + roff(o->metavar) : std::string()) << "\n";
  out << ".YS\n";
}

// .TH titles are upper case by convention.
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// No date in .TH: regenerating must give identical bytes, or the drift test could never pass.
void man_header(std::ostream& out, const std::string& page, const std::string& summary) {
  out << ".\\\" Generated by 'motcua generate man' from the command definitions: do not edit, run scripts/regen-docs.sh.\n"
      << ".TH " << roff(upper(page)) << " 1 \"\" \"motcua " << roff(k_version) << "\" \"User Commands\"\n"
      << ".nh\n.nr HY 0\n" // never hyphenate (HY: groff's .YS turns it back on): names stay copyable
      << ".SH NAME\n"
      << roff(page) << " \\- " << roff(summary) << "\n";
}

// The exit codes, worded exactly as cli.md.
const std::pair<int, const char*> k_exit_codes[] = {
    {0, "success"},
    {1, "unexpected internal error"},
    {2, "usage error (bad options or arguments)"},
    {3, "finished, but some input records were rejected"},
    {4, "input error: unreadable source, unknown format, undecodable text without `--encoding`, invalid mapping; nothing was changed"},
    {5, "remote error: HTTP or network failure after retries; nothing was changed"},
    {6, "the cache is locked by another writer (after `--lock-timeout`)"},
    {7, "cache error: corrupt, written by a newer motcua, read-only, or disk full"},
    {10, "`audit deadlines --fail-on-findings` found findings"},
};

// Examples; each is printed only while its command and every option it uses exist.
struct Example {
  const char* words;
  const char* explanation;
};
const Example k_examples[] = {
    {"motcua sample --out /tmp/motcua-sample --seed 42", "Write a deterministic sample catalog and dossier history."},
    {"motcua catalog import --as-of 2018-01-01 catalog.json", "Import the full catalog as it stood on 1 January 2018."},
    {"motcua catalog import --partial --input-format csv new-procedures.csv", "Add or update procedures without withdrawing the others."},
    {"motcua catalog list --online full --format csv", "List the procedures fully available online, as CSV."},
    {"motcua catalog search \"dang ky kinh doanh\"", "Find procedures by name, ignoring case and diacritics."},
    {"motcua dossiers migrate legacy.csv --mapping mapping.json --encoding cp1258 --rejects rejects.csv",
     "Migrate dossiers from a legacy CSV export, keeping rejected rows for review."},
    {"motcua audit deadlines --from 2018-01-01 --to 2018-12-31 --fail-on-findings",
     "Audit the processing deadlines of 2018 and exit 10 if anything was found."},
    {"motcua stats export --period 2018-Q3 --by agency --format md --output q3.md",
     "Write third-quarter statistics per agency as Markdown."},
    {"motcua db check", "Check the cache (exit 7 on problems)."},
};

// The command and options an example uses, or nullptr when it no longer matches the tree.
const CommandDoc* example_command(const CommandDoc& root, const std::string& words) {
  std::istringstream in(words);
  std::string w;
  in >> w; // program name
  const CommandDoc* cmd = &root;
  std::vector<std::string> option_names;
  while (in >> w) {
    if (w.rfind("-", 0) == 0 && w.size() > 1) {
      option_names.push_back(w.substr(0, w.find('=')));
      continue;
    }
    auto sub = std::find_if(cmd->subcommands.begin(), cmd->subcommands.end(), [&](const CommandDoc& c) { return c.path.back() == w; });
    if (sub != cmd->subcommands.end() && option_names.empty()) cmd = &*sub;
  }
  if (!cmd->subcommands.empty()) return nullptr;
  auto accepted = accepted_options(root, *cmd);
  for (const auto& name : option_names) {
    bool found = std::any_of(accepted.begin(), accepted.end(), [&](const OptionDoc* o) {
      return std::find(o->names.begin(), o->names.end(), name) != o->names.end();
    });
    if (!found) return nullptr;
  }
  return cmd;
}

// motcua.1: the overview; cli.md's exit codes, environment and files live only here.
void write_main_page(std::ostream& out, const std::string& prog, const CommandDoc& root) {
  // The app description reads "motcua: <summary>: <details>"; NAME takes the summary.
  std::string summary = root.description;
  if (summary.rfind(prog + ": ", 0) == 0) summary = summary.substr(prog.size() + 2);
  if (auto colon = summary.find(": "); colon != std::string::npos) summary.resize(colon);
  man_header(out, prog, summary);
  out << ".SH SYNOPSIS\n"
      << ".SY " << roff(prog) << "\n"
      << ".RI [ \"GLOBAL OPTIONS\" ]\n"
      << ".I COMMAND\n"
      << ".RI [ SUBCOMMAND ]\n"
      << ".RI [ ARGUMENTS \" ...\" ]\n"
      << ".YS\n"
      << ".SH DESCRIPTION\n"
      << roff(root.description) << "\n"
      << ".PP\n"
      << "Commands are noun, then verb; every command group has its own page, listed under\n"
      << ".BR \"SEE ALSO\" .\n"
      << "Results go to standard output; progress, warnings and errors go to standard error.\n"
      << "Colour is used only on a terminal, never when\n"
      << ".B NO_COLOR\n"
      << "is set.\n"
      << ".SH \"GLOBAL OPTIONS\"\n"
      << "Accepted before or after the subcommand.\n"
      << "\\fB\\-\\-help\\fR works on every subcommand.\n";
  std::vector<const OptionDoc*> globals;
  for (const auto& o : root.options) globals.push_back(&o);
  man_option_list(out, globals);
  out << ".SH COMMANDS\n";
  for_each_command(root, [&](const CommandDoc& cmd) {
    if (cmd.path.empty() || !cmd.subcommands.empty()) return;
    out << ".TP\n\\fB" << roff(prog + " " + join(cmd.path, " ")) << "\\fR";
    for (const auto& p : cmd.positionals)
      out << " " << (p.required ? "" : "[") << "\\fI" << roff(p.name) << "\\fR" << (p.many ? "..." : "") << (p.required ? "" : "]");
    out << "\n" << roff(sentence(cmd.description)) << "\n";
  });
  out << ".SH \"EXIT STATUS\"\n";
  for (const auto& [code, meaning] : k_exit_codes) out << ".TP\n.B " << code << "\n" << roff(meaning) << "\n";
  FetchOptions defaults;
  out << ".SH ENVIRONMENT\n"
      << ".TP\n.B MOTCUA_DB\n"
      << "The cache path when \\fB\\-\\-db\\fR is not given.\n"
      << ".TP\n.B XDG_DATA_HOME\n"
      << "Without \\fB\\-\\-db\\fR and \\fBMOTCUA_DB\\fR, the cache is \\fI$XDG_DATA_HOME/motcua/motcua.db\\fR\n"
      << "(default \\fI$HOME/.local/share/motcua/motcua.db\\fR).\n"
      << ".TP\n.B MOTCUA_TOKEN\n"
      << "Bearer token sent to http(s) sources when no \\fB\\-\\-token\\-file\\fR is given.\n"
      << "Never taken from the command line, never logged.\n"
      << ".TP\n.B NO_COLOR\n"
      << "When set, standard error is never coloured.\n"
      << ".TP\n.B TMPDIR\n"
      << "Where \\fBdossiers migrate \\-\\fR copies standard input before reading it (default \\fI/tmp\\fR): the copy is\n"
      << "unlinked at once (mode 0600) and needs as much room as the input.\n"
      << ".TP\n.BR http_proxy \", \" https_proxy \", \" no_proxy\n"
      << "Proxies for http(s) sources, as libcurl reads them.\n"
      << ".TP\n.B MOTCUA_HTTP_CONNECT_TIMEOUT_MS\n"
      << "Connect timeout per request, in milliseconds (default " << defaults.connect_timeout.count() << ").\n"
      << ".TP\n.B MOTCUA_HTTP_TIMEOUT_MS\n"
      << "Total timeout per request (one page, one attempt), in milliseconds (default " << defaults.total_timeout.count() << ").\n"
      << ".TP\n.B MOTCUA_HTTP_RETRIES\n"
      << "Retries after the first attempt on network errors and HTTP 408, 429 and 5xx (default " << defaults.max_retries << ").\n"
      << ".TP\n.B MOTCUA_HTTP_BACKOFF_MS\n"
      << "First wait between retries, in milliseconds, doubled on each retry up to " << defaults.backoff_cap.count()
      << "; a \\fBRetry\\-After\\fR header is honoured (default " << defaults.backoff_base.count() << ").\n"
      << ".SH FILES\n"
      << ".TP\n.I $XDG_DATA_HOME/motcua/motcua.db\n"
      << "The SQLite cache (mode 0600 in a 0700 directory, created on first write), with its\n"
      << ".I \\-wal\n"
      << "and\n"
      << ".I \\-shm\n"
      << "companions.\n"
      << ".TP\n.I <db>.lock\n"
      << "The writer lock next to the cache; a second writing command waits \\fB\\-\\-lock\\-timeout\\fR seconds, then exits 6.\n"
      << ".TP\n.I <db\\-dir>/rejects\\-<UTC timestamp>.csv\n"
      << "Where rejected records go unless \\fB\\-\\-rejects\\fR says otherwise (mode 0600).\n";
  bool any_example = false;
  for (const auto& ex : k_examples) {
    if (!example_command(root, ex.words)) continue;
    if (!any_example) out << ".SH EXAMPLES\n";
    any_example = true;
    std::string words = ex.words;
    if (words.rfind("motcua ", 0) == 0) words = prog + words.substr(6);
    out << ".PP\n" << roff(ex.explanation) << "\n.PP\n.RS 4\n.EX\n" << roff(words) << "\n.EE\n.RE\n";
  }
  out << ".SH \"SEE ALSO\"\n";
  std::vector<std::string> refs;
  for (const auto& sub : root.subcommands) refs.push_back(".BR " + roff(prog + "-" + sub.path.back()) + " (1)");
  for (size_t i = 0; i < refs.size(); ++i) out << refs[i] << (i + 1 < refs.size() ? " ,\n" : "\n");
}

// motcua-<group>.1: every command of one group with all its arguments and options.
void write_group_page(std::ostream& out, const std::string& prog, const CommandDoc& group) {
  std::string page = prog + "-" + group.path.back();
  man_header(out, page, group.description);
  out << ".SH SYNOPSIS\n";
  for_each_command(group, [&](const CommandDoc& cmd) {
    if (cmd.subcommands.empty()) man_synopsis(out, prog, cmd);
  });
  out << ".SH DESCRIPTION\n" << roff(sentence(group.description)) << "\n";
  if (group.globals_apply)
    out << ".PP\nThe global options of\n.BR " << roff(prog) << " (1)\n"
        << "(such as \\fB\\-\\-db\\fR and \\fB\\-\\-format\\fR) are accepted before or after the subcommand.\n";
  out << ".SH COMMANDS\n";
  for_each_command(group, [&](const CommandDoc& cmd) {
    if (!cmd.subcommands.empty() && &cmd != &group) return;
    if (!cmd.subcommands.empty() && cmd.options.size() <= 1 && cmd.positionals.empty()) return;
    out << ".SS \"" << roff(prog + " " + join(cmd.path, " ")) << "\"\n" << roff(sentence(cmd.description)) << "\n";
    if (!cmd.positionals.empty()) {
      out << ".PP\nArguments:\n.RS\n";
      for (const auto& p : cmd.positionals)
        out << ".TP\n.IR " << roff(p.name) << (p.many ? " ..." : "") << "\n"
            << roff(sentence(p.description.empty() ? "No description" : p.description)) << (p.required ? "" : " Optional.")
            << (p.many ? " One or more." : "") << "\n";
      out << ".RE\n";
    }
    std::vector<const OptionDoc*> own;
    for (const auto& o : cmd.options)
      if (!o.is_help) own.push_back(&o);
    if (!own.empty()) {
      out << ".PP\nOptions:\n.RS\n";
      man_option_list(out, own);
      out << ".RE\n";
    }
  });
  out << ".SH \"EXIT STATUS\"\nSee\n.BR " << roff(prog) << " (1).\n"
      << ".SH \"SEE ALSO\"\n.BR " << roff(prog) << " (1)\n";
}

// A page that cannot be written must fail the run, not leave a silent gap.
Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return make_error(ErrorKind::input, "cannot write " + path.string() + ": check that the directory is writable");
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
  if (auto st = write_file(std::filesystem::path(dir) / (prog + ".1"), main_page.str()); !st) return ctx.fail(st.error());
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

// Walks `app` when run, so it sees every command registered before or after it.
void add_generate_commands(CLI::App& app, Context& ctx) {
  auto* gen = app.add_subcommand("generate", "Write shell completions and man pages from the command definitions");
  gen->group(""); // hidden: for scripts/regen-docs.sh, not for users
  gen->require_subcommand(1);

  auto shell = std::make_shared<std::string>();
  auto* completions = gen->add_subcommand("completions", "Print a completion script for bash, zsh or fish");
  completions->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completions->callback([&app, &ctx, shell] { ctx.exit_code = run_completions(app, *shell); });

  auto dir = std::make_shared<std::string>();
  auto* man = gen->add_subcommand("man", "Write motcua.1 and one page per command group into DIR");
  man->add_option("DIR", *dir, "Directory for the pages (created if missing)")->required();
  man->callback([&app, &ctx, dir] { ctx.exit_code = run_man(ctx, app, *dir); });
}

} // namespace motcua::cli
