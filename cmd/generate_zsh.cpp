// `motcua generate completions zsh`: the zsh script, written from the model in generate.hpp.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "generate.hpp"

namespace motcua::cli::generate {

namespace {

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
  // append: GCC 12 -Wrestrict misfires on "literal" + string once these writers are their own files (and below)
  std::string desc = std::string("[").append(zsh_escape(o.description, true, false)) + "]";
  std::string value;
  if (o.kind != ValueKind::none)
    value = std::string(":").append(zsh_escape(o.metavar, false, true)) + ":" + zsh_action(o.kind, o.choices);
  auto name_spec = [&](const std::string& n) {
    return n + (o.kind != ValueKind::none && n.rfind("--", 0) == 0 ? "=" : "");
  };
  if (o.names.size() == 1)
    return std::string("'").append(o.repeatable ? "*" : "") + name_spec(o.names[0]) + desc + value + "'";
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
    out << "                '" << zsh_escape(sub.path.back(), false, true) << ":"
        << zsh_escape(sub.description, false, false) << "'\n";
  // append on the curcontext line: GCC 12 -Wrestrict misfires on "literal" + string
  out << "            )\n"
      << "            _describe -t commands '" << zsh_escape(prog + (label.empty() ? "" : " " + label), false, false)
      << " command' commands && ret=0\n"
      << "            ;;\n"
      << "        argument)\n"
      << "            curcontext=${curcontext%:*:*}:" << prog
      << (label.empty() ? "" : std::string("-").append(join(cmd.path, "-"))) << "-$words[1]:\n"
      << "            case $words[1] in\n";
  for (const auto& sub : cmd.subcommands)
    out << "                " << zsh_escape(sub.path.back(), false, false) << ") " << zsh_function_name(prog, sub.path)
        << " && ret=0 ;;\n";
  out << "            esac\n"
      << "            ;;\n"
      << "    esac\n"
      << "    return ret\n"
      << "}\n\n";
}

} // namespace

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

} // namespace motcua::cli::generate
