#include "config/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include <toml++/toml.h>

namespace motcua {

namespace {

Error config_error(const std::string& file, int line, const std::string& message) {
  return make_error(ErrorKind::usage, file + ":" + std::to_string(line) + ": " + message);
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// A scalar as the command line would spell it; nullopt for arrays, tables and dates.
std::optional<std::string> scalar_text(const toml::node& n, bool& is_bool) {
  is_bool = false;
  if (auto s = n.as_string()) return s->get();
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto f = n.as_floating_point()) {
    std::ostringstream out;
    out << f->get();
    return out.str();
  }
  if (auto b = n.as_boolean()) {
    is_bool = true;
    return std::string(b->get() ? "true" : "false");
  }
  return std::nullopt;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

// `[nightly] dossiers = ["@a", "@b"]`: the sources joined by spaces (a URL or @NAME holds none).
Result<std::string> source_list(const toml::array& list, const std::string& file, int line) {
  std::string joined;
  for (const auto& item : list) {
    auto text = item.as_string();
    if (!text || text->get().empty() || text->get().find_first_of(" \t\n") != std::string::npos)
      return config_error(file, line_of(item), "nightly.dossiers: expected sources (URLs or @NAME) without spaces");
    joined += (joined.empty() ? "" : " ") + text->get();
  }
  if (joined.empty()) return config_error(file, line, "nightly.dossiers: the list is empty");
  return joined;
}

// Adds the scalar keys of one table (section `section`); nested tables recurse once.
Status add_table(const toml::table& table, const std::string& section, int depth, const std::string& file,
                 std::vector<Setting>& out) {
  for (const auto& [k, node] : table) {
    std::string key(k.str());
    int line = line_of(node);
    if (key == "token")
      return config_error(file, line,
                          "a token is never written in a config file: put it in a file only you can read and name "
                          "that file with token_file = \"PATH\"");
    if (auto sub = node.as_table()) {
      if (section == "nightly")
        return config_error(file, line, "[nightly] holds keys (catalog = \"@NAME\", ...), not tables");
      // `["db info"]`: a quoted name with a space stands for `[db.info]`, for the one group whose
      // name is also a top-level key (`db = "..."` and `[db.info]` cannot share a TOML file).
      std::string name = section.empty() ? key : section + "." + key;
      std::replace(name.begin(), name.end(), ' ', '.');
      if (depth >= 2 || std::count(name.begin(), name.end(), '.') >= 2)
        return config_error(file, line, "[" + name + "]: sections are one or two names deep");
      if (section == "sources") {
        bool has_url = false;
        for (const auto& [sk, sn] : *sub) {
          if (sk.str() != "url")
            return config_error(file, line_of(sn),
                                "unknown key '" + std::string(sk.str()) + "' in [" + name + "] (only url)");
          if (!sn.is_string()) return config_error(file, line_of(sn), "[" + name + "] url: expected a string");
          has_url = true;
        }
        if (!has_url) return config_error(file, line, "[" + name + "] has no url = \"...\"");
      }
      if (auto st = add_table(*sub, name, depth + 1, file, out); !st) return st;
      continue;
    }
    if (section == "sources") return config_error(file, line, "[sources] holds tables: [sources.NAME] url = \"...\"");
    if (section == "nightly") {
      const auto& known = nightly_keys();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string hint = nearest(key, known);
        return config_error(file, line,
                            "unknown key '" + key + "' in [nightly]" +
                                (hint.empty() ? " (known: catalog, dossiers, snapshot, report, report_period, "
                                                "report_format)"
                                              : " (did you mean " + hint + "?)"));
      }
      if (auto list = node.as_array(); list && key == "dossiers") {
        auto joined = source_list(*list, file, line);
        if (!joined) return joined.error();
        out.push_back(Setting{section, key, *joined, false, file, line});
        continue;
      }
      if (!node.is_string()) return config_error(file, line, "nightly." + key + ": expected a string");
    }
    bool is_bool = false;
    auto text = scalar_text(node, is_bool);
    if (!text)
      return config_error(file, line,
                          (section.empty() ? key : section + "." + key) + ": expected a string, number or true/false");
    out.push_back(Setting{section, key, *text, is_bool, file, line});
  }
  return {};
}

} // namespace

const std::vector<std::string>& nightly_keys() {
  static const std::vector<std::string> keys = {"catalog", "dossiers",      "snapshot",
                                                "report",  "report_period", "report_format"};
  return keys;
}

ConfigLocations config_locations(const std::optional<std::string>& flag) {
  ConfigLocations where;
  const char* sys = std::getenv("MOTCUA_SYSTEM_CONFIG");
  where.system_file = sys && *sys ? sys : "/etc/motcua/motcua.toml";
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/')
    where.user_file = std::string(xdg) + "/motcua/motcua.toml";
  else if (const char* home = std::getenv("HOME"); home && *home)
    where.user_file = std::string(home) + "/.config/motcua/motcua.toml";
  if (flag) where.explicit_file = *flag;
  else if (const char* env = std::getenv("MOTCUA_CONFIG"); env && *env) where.explicit_file = std::string(env);
  return where;
}

Result<std::vector<std::string>> config_files(const ConfigLocations& where) {
  if (where.explicit_file) {
    if (!file_exists(*where.explicit_file))
      return make_error(ErrorKind::usage, "config file " + *where.explicit_file + " does not exist");
    return std::vector<std::string>{*where.explicit_file};
  }
  std::vector<std::string> files;
  if (file_exists(where.system_file)) files.push_back(where.system_file);
  if (file_exists(where.user_file)) files.push_back(where.user_file);
  return files;
}

Result<std::vector<Setting>> parse_config_text(std::string_view text, const std::string& file) {
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return config_error(file, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  std::vector<Setting> out;
  if (auto st = add_table(table, "", 0, file, out); !st) return st.error();
  // toml++ keeps keys sorted; people read them in file order.
  std::stable_sort(out.begin(), out.end(), [](const Setting& a, const Setting& b) { return a.line < b.line; });
  return out;
}

Result<std::vector<Setting>> load_config_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(ErrorKind::usage, "cannot read the config file " + file);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(ErrorKind::usage, "cannot read the config file " + file);
  return parse_config_text(text.str(), file);
}

Result<std::vector<Setting>> load_config(const std::vector<std::string>& files) {
  std::vector<Setting> all;
  for (const auto& f : files) {
    auto settings = load_config_file(f);
    if (!settings) return settings.error();
    for (auto& s : *settings) {
      auto same = std::find_if(all.begin(), all.end(),
                               [&](const Setting& o) { return o.section == s.section && o.key == s.key; });
      if (same != all.end()) *same = std::move(s);
      else all.push_back(std::move(s));
    }
  }
  return all;
}

std::vector<std::string> source_names(const std::vector<Setting>& settings) {
  std::vector<std::string> names;
  for (const auto& s : settings)
    if (s.section.rfind("sources.", 0) == 0 && s.key == "url") names.push_back(s.section.substr(8));
  return names;
}

Result<std::string> resolve_source(std::string_view text, const std::vector<Setting>& settings) {
  if (text.empty() || text[0] != '@') return std::string(text);
  std::string name(text.substr(1));
  for (const auto& s : settings)
    if (s.section == "sources." + name && s.key == "url") return s.value;
  auto names = source_names(settings);
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + ("@" + n);
  std::string hint = nearest(name, names);
  return make_error(ErrorKind::usage,
                    "no source named @" + name + " in the config" +
                        (hint.empty() ? "" : " (did you mean @" + hint + "?)") +
                        (known.empty() ? "; name one with [sources." + name + "] url = \"...\"" : "; known: " + known));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = 0;
  // A typo is at most two edits, and fewer than a third of the word.
  size_t limit = std::min<size_t>(2, std::max<size_t>(1, word.size() / 3));
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d <= limit && (best.empty() || d < best_d)) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

} // namespace motcua
