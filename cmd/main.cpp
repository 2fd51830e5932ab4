// motcua: a thin main over the core library. Parses, dispatches, maps errors to exit codes.
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "io/csv_writer.hpp"
#include "io/fd_writer.hpp"
#include "io/text.hpp"
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
  g->add_option("--db", ctx.options.db, "SQLite cache (default $MOTCUA_DB, else $XDG_DATA_HOME/motcua/motcua.db)")
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
  add_catalog_commands(app, ctx);
  add_dossiers_commands(app, ctx);
  add_calendar_commands(app, ctx);
  add_audit_commands(app, ctx);
  add_stats_commands(app, ctx);
  add_db_commands(app, ctx);
  add_sample_commands(app, ctx);
  add_generate_commands(app, ctx);
}

} // namespace motcua::cli

namespace {

int run(int argc, char** argv) {
  using namespace motcua::cli;
  Context ctx;
  CLI::App app{"", "motcua"};
  build_app(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // The parser quotes the arguments it refuses: shown escaped, like every other message.
    std::cerr << "motcua: error: " << motcua::printable_for_terminal(e.what()) << "\nRun with --help for usage.\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "motcua: internal error: " << motcua::printable_for_terminal(e.what()) << '\n';
    return 1;
  }
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
