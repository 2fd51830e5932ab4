// `motcua generate completions bash`: the bash script, written from the model in generate.hpp.
#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "generate.hpp"

namespace motcua::cli::generate {

namespace {

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

} // namespace

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

} // namespace motcua::cli::generate
