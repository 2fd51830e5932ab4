// `motcua generate completions fish`: the fish script, written from the model in generate.hpp.
#include <ostream>
#include <string>
#include <vector>

#include "generate.hpp"

namespace motcua::cli::generate {

namespace {

std::string fish_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

} // namespace

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
    // append: GCC 12 -Wrestrict misfires on "literal" + string once these writers are their own files
    out << "\n# " << prog << (cmd.path.empty() ? "" : std::string(" ").append(join(cmd.path, " "))) << "\n";
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

} // namespace motcua::cli::generate
