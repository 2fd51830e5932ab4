// Config files on the command line (motcua(1), CONFIGURATION) and `motcua config show`.
#include "config.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>

#include "cache/path.hpp"
#include "commands.hpp"
#include "io/render.hpp"
#include "store/pg_url.hpp"
#include "store/url.hpp"
#include "stats/period.hpp"
#include "util/relative_date.hpp"

namespace motcua::cli {

namespace {

// Keys that never come from a file: replacing files and secrets are asked for on each run.
const char* const k_refused[] = {"force", "config", "help", "version"};

// The HTTP tuning keys (the MOTCUA_HTTP_* variables without MOTCUA_, lower case).
const std::vector<std::string> k_http_keys = {"http_connect_timeout_ms", "http_timeout_ms", "http_deadline_s",
                                              "http_retries", "http_backoff_ms"};

std::string dashed(std::string key) {
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

std::string undashed(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::string where(const Setting& s) { return s.origin() + ": " + (s.section.empty() ? "" : s.section + ".") + s.key; }

[[noreturn]] void refuse(const std::string& message) { throw CLI::ValidationError(message); }

// Every subcommand below `app` (all of them, parsed or not).
std::vector<CLI::App*> subcommands_of(CLI::App* app) {
  return app->get_subcommands([](CLI::App*) { return true; });
}

CLI::App* find_subcommand(CLI::App* app, const std::string& name) {
  for (auto* sub : subcommands_of(app))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

void leaves(CLI::App* app, std::vector<CLI::App*>& out) {
  auto subs = subcommands_of(app);
  if (subs.empty()) out.push_back(app);
  for (auto* s : subs) leaves(s, out);
}

// The config keys an app's own options answer to (long names, `_` for `-`).
std::vector<std::string> keys_of(const CLI::App* app) {
  std::vector<std::string> keys;
  for (const auto* opt : app->get_options())
    for (const auto& n : opt->get_lnames())
      if (n != "help" && n != "version") keys.push_back(undashed(n));
  return keys;
}

// The option `--key` defined by `app` itself (not a parent's).
CLI::Option* own_option(CLI::App* app, const std::string& key) {
  for (auto* opt : app->get_options())
    for (const auto& n : opt->get_lnames())
      if (n == dashed(key)) return const_cast<CLI::Option*>(opt);
  return nullptr;
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

// The environment variable that beats a key, when it is set.
const char* env_override(const std::string& key) {
  if (key == "db" && env_set("MOTCUA_DB")) return "MOTCUA_DB";
  if (key == "token_file" && env_set("MOTCUA_TOKEN")) return "MOTCUA_TOKEN";
  return nullptr;
}

// Makes the setting the option's default: the bound variable gets the value through the
// option's own checks and transforms, a flag on the command line still replaces it, and --help
// keeps showing the built-in default.
void set_default(CLI::Option* opt, const Setting& s, Context& ctx) {
  bool flag = opt->get_expected_min() == 0;
  if (s.is_bool && !flag) refuse(where(s) + ": expected a value, not true/false");
  if (flag && !s.is_bool) refuse(where(s) + ": expected true or false, got '" + s.value + "'");
  std::string shown = opt->get_default_str();
  try {
    opt->default_val(s.value);
  } catch (const CLI::Error& e) {
    refuse(where(s) + " = \"" + s.value + "\": " + e.what());
  }
  opt->default_str(shown);
  if (opt->get_required()) opt->required(false);
  ctx.origins[(s.section.empty() ? "" : s.section + ".") + s.key] = s.origin();
}

// A [nightly] value motcua-nightly would only find wrong at 01:30, after the migration: the
// report's period and format are checked as `stats export` checks them.
void check_nightly(const Setting& s) {
  if (s.key == "report_period") {
    auto today = reference_today();
    if (!today) refuse(where(s) + ": " + today.error().message);
    if (auto p = parse_period(s.value, *today); !p) refuse(where(s) + " = \"" + s.value + "\": " + p.error().message);
  } else if (s.key == "report_format") {
    const std::vector<std::string> formats = {"table", "json", "csv", "md", "html"};
    if (std::find(formats.begin(), formats.end(), s.value) == formats.end())
      refuse(where(s) + " = \"" + s.value + "\": expected table, json, csv, md or html");
  }
}

} // namespace

std::optional<std::string> config_flag(int argc, char** argv) {
  std::optional<std::string> found;
  for (int i = 1; i < argc; ++i) {
    std::string_view a(argv[i]);
    if (a == "--") break;
    if (a == "--config" && i + 1 < argc) found = argv[++i];
    else if (a.rfind("--config=", 0) == 0) found = std::string(a.substr(9));
  }
  return found;
}

Status apply_config(CLI::App& app, Context& ctx) {
  auto files = config_files(config_locations(ctx.options.config));
  if (!files) return files.error();
  auto settings = load_config(*files);
  if (!settings) return settings.error();
  ctx.config_files = *files;
  ctx.config = *settings;

  // Less specific first: a [group] setting yields to a [group.command] one.
  std::vector<Setting> ordered = ctx.config;
  std::stable_sort(ordered.begin(), ordered.end(), [](const Setting& a, const Setting& b) {
    auto depth = [](const Setting& s) {
      return s.section.empty() ? 0 : 1 + std::count(s.section.begin(), s.section.end(), '.');
    };
    return depth(a) < depth(b);
  });
  std::map<CLI::App*, std::vector<Setting>> deferred; // global options set for one command
  try {
    for (const auto& s : ordered) {
      if (s.section.rfind("sources.", 0) == 0) continue;
      if (s.section == "nightly") {
        check_nightly(s);
        continue;
      }
      for (const char* r : k_refused)
        if (s.key == r) refuse(where(s) + ": --" + s.key + " is given on the command line, never in a config file");
      if (s.section.empty() && std::find(k_http_keys.begin(), k_http_keys.end(), s.key) != k_http_keys.end()) continue;
      // The commands the section names: all of them for a top-level key, else the leaves below it.
      CLI::App* scope = &app;
      std::string path;
      if (!s.section.empty()) {
        size_t start = 0;
        while (start <= s.section.size()) {
          size_t dot = std::min(s.section.find('.', start), s.section.size());
          std::string name = s.section.substr(start, dot - start);
          CLI::App* sub = find_subcommand(scope, name);
          if (!sub) {
            std::vector<std::string> names;
            for (auto* c : subcommands_of(scope)) names.push_back(c->get_name());
            std::string hint = nearest(name, names);
            refuse(s.origin() + ": unknown section [" + s.section + "]: no command '" + name + "'" +
                   (hint.empty() ? "" : " (did you mean [" + (path.empty() ? "" : path + ".") + hint + "]?)"));
          }
          path += (path.empty() ? "" : ".") + name;
          scope = sub;
          start = dot + 1;
        }
      }
      std::vector<CLI::App*> targets;
      leaves(scope, targets);
      bool used = false;
      if (const char* env = env_override(s.key)) {
        ctx.origins[(s.section.empty() ? "" : s.section + ".") + s.key] =
            std::string("environment ") + env + " (beats " + s.origin() + ")";
        continue;
      }
      if (CLI::Option* global = own_option(&app, s.key)) {
        if (s.section.empty()) {
          set_default(global, s, ctx);
        } else {
          for (auto* t : targets) deferred[t].push_back(s);
        }
        continue;
      }
      for (auto* t : targets) {
        // The option may belong to the leaf or to a group between it and the scope.
        for (CLI::App* a = t; a && a != &app; a = a->get_parent()) {
          if (CLI::Option* opt = own_option(a, s.key)) {
            set_default(opt, s, ctx);
            used = true;
            break;
          }
          if (a == scope) break;
        }
      }
      if (!used) {
        std::vector<std::string> keys = keys_of(&app);
        for (auto* t : targets) {
          auto k = keys_of(t);
          keys.insert(keys.end(), k.begin(), k.end());
        }
        if (s.section.empty()) keys.insert(keys.end(), k_http_keys.begin(), k_http_keys.end());
        std::string hint = nearest(s.key, keys);
        refuse(s.origin() + ": unknown key '" + s.key + "'" + (s.section.empty() ? "" : " in [" + s.section + "]") +
               (hint.empty() ? "" : " (did you mean " + hint + "?)"));
      }
    }
  } catch (const CLI::ValidationError& e) {
    return make_error(ErrorKind::usage, e.what());
  }
  if (auto st = ctx.check_http_settings(); !st) return st;
  // Global options of a [command] section: set when that command starts, before its own
  // arguments (a flag given before the command has already counted and is kept).
  for (auto& [sub, list] : deferred) {
    sub->preparse_callback([&app, &ctx, list = list](std::size_t) {
      for (const auto& s : list) {
        CLI::Option* opt = own_option(&app, s.key);
        if (opt && opt->count() == 0) set_default(opt, s, ctx);
      }
    });
  }
  return {};
}

CLI::Validator source_ref_transform(const Context& ctx) {
  return CLI::Validator(
      [&ctx](std::string& text) -> std::string {
        auto url = resolve_source(text, ctx.config);
        if (!url) return url.error().message;
        text = *url;
        return std::string();
      },
      "", "source reference");
}

namespace {

struct Row {
  std::string key, value, origin;
};

// Every effective setting and its origin, as `config show` lists them.
std::vector<Row> effective_rows(CLI::App& app, Context& ctx) {
  std::vector<Row> rows;
  auto origin_of = [&](const std::string& key, const CLI::Option* opt) -> std::string {
    if (opt && opt->count() > 0) return "command line";
    if (auto it = ctx.origins.find(key); it != ctx.origins.end()) return it->second;
    return "built-in";
  };
  // The cache: --db, MOTCUA_DB, the config, or the XDG default.
  {
    auto* opt = app.get_option_no_throw("--db");
    std::string origin = origin_of("db", opt);
    if (origin == "built-in" && env_set("MOTCUA_DB")) origin = "environment MOTCUA_DB";
    // A PostgreSQL target is shown with any secret blanked (a password refused later must not leak here).
    std::string db = ctx.db_path();
    if (store::names_postgresql(db)) db = store::redact_pg_target(db);
    rows.push_back({"db", db, origin});
  }
  rows.push_back({"pg_schema", ctx.options.pg_schema, origin_of("pg_schema", app.get_option_no_throw("--pg-schema"))});
  char lock[32];
  std::snprintf(lock, sizeof lock, "%g", ctx.options.lock_timeout);
  rows.push_back({"format", ctx.options.format, origin_of("format", app.get_option_no_throw("--format"))});
  rows.push_back({"lock_timeout", lock, origin_of("lock_timeout", app.get_option_no_throw("--lock-timeout"))});
  rows.push_back(
      {"log_format", ctx.options.log_format, origin_of("log_format", app.get_option_no_throw("--log-format"))});
  rows.push_back(
      {"quiet", ctx.options.quiet ? "true" : "false", origin_of("quiet", app.get_option_no_throw("--quiet"))});
  rows.push_back(
      {"verbose", std::to_string(ctx.options.verbose), origin_of("verbose", app.get_option_no_throw("--verbose"))});
  rows.push_back({"no_progress", ctx.options.no_progress ? "true" : "false",
                  origin_of("no_progress", app.get_option_no_throw("--no-progress"))});
  for (const auto& key : k_http_keys) {
    std::string env = "MOTCUA_" + key;
    for (auto& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (env_set(env.c_str())) rows.push_back({key, std::getenv(env.c_str()), "environment " + env});
    else if (const Setting* s = ctx.config_setting(key)) rows.push_back({key, s->value, s->origin()});
  }
  if (env_set("MOTCUA_TOKEN")) rows.push_back({"token", "(set, not shown)", "environment MOTCUA_TOKEN"});
  // Everything else the files set: command sections and sources.
  for (const auto& s : ctx.config) {
    std::string key = (s.section.empty() ? "" : s.section + ".") + s.key;
    bool listed = std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.key == key; });
    if (listed) continue;
    auto it = ctx.origins.find(key);
    rows.push_back({key, s.value, it != ctx.origins.end() ? it->second : s.origin()});
  }
  return rows;
}

int run_show(CLI::App& app, Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  std::vector<Row> rows = effective_rows(app, ctx);
  if (ctx.format() == OutputFormat::json) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& f : ctx.config_files) files.push_back(f);
    nlohmann::ordered_json settings = nlohmann::ordered_json::array();
    for (const auto& r : rows) settings.push_back({{"key", r.key}, {"value", r.value}, {"origin", r.origin}});
    write_object(OutputFormat::json, std::cout, {{"files", files}, {"settings", settings}});
    return 0;
  }
  auto w = make_row_writer(ctx.format(), std::cout, {{"key", "KEY"}, {"value", "VALUE"}, {"origin", "FROM"}});
  for (const auto& r : rows) w->row({{"key", r.key}, {"value", r.value}, {"origin", r.origin}});
  w->finish();
  if (ctx.config_files.empty())
    ctx.info("no config file read (looked for " + config_locations(std::nullopt).system_file + " and " +
             config_locations(std::nullopt).user_file + ")");
  return 0;
}

// `config get KEY`: the value something sets (command line, environment, a config file), for
// scripts such as motcua-nightly; a built-in default does not count, so the script chooses its own.
int run_get(CLI::App& app, Context& ctx, const std::string& key, const std::optional<std::string>& fallback) {
  std::vector<Row> rows = effective_rows(app, ctx);
  for (const auto& r : rows)
    if (r.key == key && r.origin != "built-in") {
      std::cout << r.value << "\n";
      return 0;
    }
  std::vector<std::string> known;
  for (const auto& r : rows) known.push_back(r.key);
  for (const auto& k : nightly_keys()) known.push_back("nightly." + k);
  if (key.rfind("nightly.", 0) == 0 && std::find(known.begin(), known.end(), key) == known.end()) {
    std::string hint = nearest(key, known);
    return ctx.fail(make_error(ErrorKind::usage, "unknown key " + key +
                                                     " (the keys of [nightly]: catalog, dossiers, "
                                                     "snapshot, report, report_period, report_format)" +
                                                     (hint.empty() ? "" : "; did you mean " + hint + "?")));
  }
  if (fallback) {
    std::cout << *fallback << "\n";
    return 0;
  }
  std::string files;
  for (const auto& f : ctx.config_files) files += (files.empty() ? "" : ", ") + f;
  std::string hint = nearest(key, known);
  return ctx.fail(
      make_error(ErrorKind::usage, key + " is not set (config files read: " + (files.empty() ? "none" : files) + ")" +
                                       (hint.empty() || hint == key ? "" : "; did you mean " + hint + "?")));
}

} // namespace

void add_config_commands(CLI::App& app, Context& ctx) {
  auto* config = app.add_subcommand("config", "The config files: effective settings and where each came from");
  config->require_subcommand(1);
  config->add_subcommand("show", "Print every effective setting and its origin (command line, environment, FILE:LINE)")
      ->callback([&app, &ctx] { ctx.exit_code = run_show(app, ctx); });
  auto key = std::make_shared<std::string>();
  auto fallback = std::make_shared<std::optional<std::string>>();
  auto* get = config->add_subcommand(
      "get", "Print the value of one setting when the command line, the environment or a config file sets it");
  get->add_option("KEY", *key, "A key as config show lists it: db, lock_timeout, nightly.dossiers, audit.org, ...")
      ->required();
  get->add_option("--default", *fallback, "Print this when nothing sets KEY (else exit 2)");
  get->callback([&app, &ctx, key, fallback] { ctx.exit_code = run_get(app, ctx, *key, *fallback); });
}

} // namespace motcua::cli
