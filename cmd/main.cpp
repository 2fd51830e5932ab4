// motcua: a thin main over the core library. Parses, dispatches, maps errors to exit codes.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "io/csv_writer.hpp"
#include "common.hpp"
#include "config.hpp"
#include "examples.hpp"
#include "io/fd_writer.hpp"
#include "io/text.hpp"
#include "store/pg_url.hpp"
#include "util/error.hpp"
#include "util/version.hpp"

namespace motcua::cli {

void build_app(CLI::App& app, Context& ctx) {
  app.description("motcua: one-stop (một cửa) e-government toolkit: procedure catalogs, dossier migration, "
                  "deadline audits and statistics over a local SQLite cache.");
  app.set_version_flag("--version", std::string("motcua ") + k_version);
  app.require_subcommand(1);
  // Global options are accepted before or after the subcommand (see motcua(1)).
  app.fallthrough();
  auto* g = &app;
  g->add_option("--db", ctx.options.db,
                "SQLite cache file, or a PostgreSQL store (postgresql://..., postgres://... or a libpq conninfo "
                "string; no password in it) (default $MOTCUA_DB, else $XDG_DATA_HOME/motcua/motcua.db)")
      ->group("Global options");
  g->add_option("--format", ctx.options.format,
                "Result format on stdout: table, json, ndjson, csv (md, html: stats export)")
      ->check(CLI::IsMember({"table", "json", "ndjson", "csv", "md", "html"}))
      ->group("Global options");
  g->add_flag("-q,--quiet", ctx.options.quiet, "Print nothing but results and errors")->group("Global options");
  g->add_flag("-v,--verbose", ctx.options.verbose, "More diagnostics on stderr")->group("Global options");
  g->add_flag("--no-progress", ctx.options.no_progress, "Never draw progress bars")->group("Global options");
  g->add_option("--lock-timeout", ctx.options.lock_timeout,
                "Seconds to wait for another writer (default 0: exit 6 at once)")
      ->check(CLI::Validator(
          [](std::string& v) {
            // CLI::NonNegativeNumber would answer with a 300-digit upper bound.
            char* end = nullptr;
            double x = std::strtod(v.c_str(), &end);
            return !v.empty() && end && *end == '\0' && x >= 0 && x <= 1e9
                       ? std::string()
                       : "expected a number of seconds from 0 to 1000000000, got '" + v + "'";
          },
          "SECONDS"))
      ->group("Global options");
  g->add_flag_callback(
       "--bom", [] { set_csv_utf8_bom(true); },
       "Start CSV outputs (listings, exports, stats, snapshots, rejects files) with a UTF-8 BOM, for Excel on Windows")
      ->group("Global options");
  g->add_option("--config", ctx.options.config,
                "Read only this config file (default /etc/motcua/motcua.toml, then "
                "$XDG_CONFIG_HOME/motcua/motcua.toml; else $MOTCUA_CONFIG)")
      ->type_name("FILE")
      ->group("Global options");
  g->add_option("--log-format", ctx.options.log_format,
                "Diagnostics on stderr: text, or json (one object per line: level, message, source, line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->group("Global options");
  g->add_option("--pg-schema", ctx.options.pg_schema,
                "PostgreSQL schema holding motcua's tables when --db names a PostgreSQL store (default motcua)")
      ->check(CLI::Validator(
          [](std::string& v) {
            return motcua::store::valid_pg_schema(v)
                       ? std::string()
                       : "expected lowercase letters, digits and '_' (1 to 63, not starting with a digit or pg_), "
                         "got '" +
                             v + "'";
          },
          "NAME"))
      ->group("Global options");
  add_catalog_commands(app, ctx);
  add_dossiers_commands(app, ctx);
  add_calendar_commands(app, ctx);
  add_audit_commands(app, ctx);
  add_stats_commands(app, ctx);
  add_db_commands(app, ctx);
  add_sample_commands(app, ctx);
  add_generate_commands(app, ctx);
  add_config_commands(app, ctx);
  auto topics = std::make_shared<std::vector<std::string>>();
  auto* help = app.add_subcommand("help", "Show the help of motcua or of a command: the same as COMMAND --help");
  help->add_option("COMMAND", *topics, "A command and subcommand, e.g. dossiers migrate");
  // main turns `help X Y` into `X Y --help` before parsing; a bare `help` lands here.
  help->callback([&app, topics] { std::cout << app.help(); });
  add_help_footers(app);
}

} // namespace motcua::cli

namespace {

using motcua::cli::Context;

// Global options that take a value: their value is never the command's name.
bool takes_value(const std::string& arg) {
  return arg == "--db" || arg == "--format" || arg == "--lock-timeout" || arg == "--config" || arg == "--log-format" ||
         arg == "--pg-schema";
}

CLI::App* find_command(CLI::App* app, const std::string& name) {
  for (auto* sub : app->get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

std::vector<std::string> command_names(CLI::App* app) {
  std::vector<std::string> names;
  for (auto* sub : app->get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// `motcua help [COMMAND...]` is `motcua [COMMAND...] --help`: the same text by construction.
// An unknown command is a usage error with the nearest name.
std::optional<motcua::Error> rewrite_help(CLI::App& app, std::vector<std::string>& args) {
  size_t i = 0;
  while (i < args.size() && !args[i].empty() && args[i][0] == '-') i += takes_value(args[i]) ? 2 : 1;
  if (i >= args.size() || args[i] != "help") return std::nullopt;
  // `help --help` is the help of the help command itself.
  if (std::any_of(args.begin() + static_cast<std::ptrdiff_t>(i), args.end(),
                  [](const std::string& a) { return a == "--help" || a == "-h"; }))
    return std::nullopt;
  CLI::App* at = &app;
  for (size_t k = i + 1; k < args.size(); ++k) {
    if (!args[k].empty() && args[k][0] == '-') continue;
    CLI::App* sub = find_command(at, args[k]);
    if (!sub) {
      std::string hint = motcua::nearest(args[k], command_names(at));
      return motcua::make_error(motcua::ErrorKind::usage, "help: no command '" + args[k] + "'" +
                                                              (hint.empty() ? "" : "; did you mean `" + hint + "`?"));
    }
    at = sub;
  }
  args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
  args.push_back("--help");
  return std::nullopt;
}

// "unknown command 'dosiers'; did you mean `dossiers`?" for the first word or option the parser
// could not place, when one is near enough; "" otherwise.
std::string suggestion(CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
  std::vector<std::string> options;
  for (CLI::App* a = deepest; a; a = a->get_parent())
    for (const auto* opt : a->get_options())
      for (const auto& n : opt->get_lnames()) options.push_back("--" + n);
  auto commands = command_names(deepest);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string word = args[i].substr(0, args[i].find('='));
    if (word.rfind("--", 0) == 0) {
      if (std::find(options.begin(), options.end(), word) != options.end()) continue;
      if (auto hint = motcua::nearest(word, options); !hint.empty())
        return "unknown option '" + word + "'; did you mean `" + hint + "`?";
    } else if (!word.empty() && word[0] != '-' && !commands.empty() && !find_command(deepest, word)) {
      if (i > 0 && takes_value(args[i - 1])) continue;
      if (auto hint = motcua::nearest(word, commands); !hint.empty())
        return "unknown command '" + word + "'; did you mean `" + hint + "`?";
    }
  }
  return "";
}

// The last line of a run for logs: the command, its exit status, its duration and the dates it
// resolved. Shown with -v, when stderr is the journal, with --log-format json, or when a relative
// date was resolved; never with -q (a quiet run on success prints nothing but its results).
void summary(const Context& ctx, CLI::App& app, int code, std::chrono::steady_clock::time_point start) {
  const auto& dates = motcua::cli::resolved_dates();
  bool wanted =
      ctx.options.verbose > 0 || motcua::cli::stderr_is_journal() || ctx.options.log_format == "json" || !dates.empty();
  if (ctx.options.quiet || !wanted) return;
  std::string command = "motcua";
  for (CLI::App* a = &app; !a->get_subcommands().empty();) {
    a = a->get_subcommands().front();
    command += " " + a->get_name();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.2f s", seconds);
  std::string line = command + ": exit " + std::to_string(code) + " in " + took;
  for (size_t i = 0; i < dates.size(); ++i) line += (i == 0 ? "; dates: " : ", ") + dates[i];
  ctx.emit(code == 0                 ? motcua::cli::LogLevel::info
           : code == 3 || code == 10 ? motcua::cli::LogLevel::warning
                                     : motcua::cli::LogLevel::error,
           line, "", 0, true);
}

int run(int argc, char** argv) {
  using namespace motcua::cli;
  auto start = std::chrono::steady_clock::now();
  Context ctx;
  CLI::App app{"", "motcua"};
  build_app(app, ctx);
  ctx.options.config = config_flag(argc, argv);
  if (auto st = apply_config(app, ctx); !st) return ctx.fail(st.error());
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto e = rewrite_help(app, args)) return ctx.fail(*e);
  std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // The parser quotes the arguments it refuses: shown escaped, like every other message.
    std::string hint = suggestion(app, args);
    std::string message = hint.empty() ? std::string(e.what()) : hint;
    if (ctx.options.log_format == "json") {
      ctx.emit(LogLevel::error, message);
    } else {
      ctx.emit(LogLevel::error, message);
      std::cerr << "Run with --help for usage.\n";
    }
    summary(ctx, app, 2, start);
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "motcua: internal error: " << motcua::printable_for_terminal(e.what()) << '\n';
    return 1;
  }
  summary(ctx, app, ctx.exit_code, start);
  return ctx.exit_code;
}

// Results must not be lost in silence: a stdout that failed (full disk, I/O error) turns a
// success (0, 3, 10) into exit 7 with a message; a reader that closed the pipe (`| head`) has
// what it wanted, so EPIPE ends quietly with the command's own exit code.
int finish_stdout(motcua::FdWriteBuf& out, int code) {
  std::cout.flush();
  out.flush_buffer();
  int err = out.error();
  if (err == 0 || err == EPIPE) return code;
  std::cerr << "motcua: error: cannot write the results to stdout: " << motcua::describe_write_error(err) << '\n';
  return code == 0 || code == 3 || code == 10 ? static_cast<int>(motcua::ErrorKind::cache) : code;
}

} // namespace

int main(int argc, char** argv) {
  // A closed pipe is an EPIPE error to handle (temporary files removed, quiet exit), not a signal that kills mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  motcua::FdWriteBuf out(1);
  std::streambuf* previous = std::cout.rdbuf(&out);
  int code = finish_stdout(out, run(argc, argv));
  std::cout.rdbuf(previous);
  return code;
}
