// motcua: a thin main over the core library. Parses, dispatches, maps errors to exit codes.
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
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
  g->add_option("--db", ctx.options.db, "SQLite cache (default $MOTCUA_DB, else $XDG_DATA_HOME/motcua/motcua.db)")->group("Global options");
  g->add_option("--format", ctx.options.format, "Result format on stdout: table, json, ndjson, csv (md, html: stats export)")
      ->check(CLI::IsMember({"table", "json", "ndjson", "csv", "md", "html"}))
      ->group("Global options");
  g->add_flag("-q,--quiet", ctx.options.quiet, "Print nothing but results and errors")->group("Global options");
  g->add_flag("-v,--verbose", ctx.options.verbose, "More diagnostics on stderr")->group("Global options");
  g->add_flag("--no-progress", ctx.options.no_progress, "Never draw progress bars")->group("Global options");
  g->add_option("--lock-timeout", ctx.options.lock_timeout, "Seconds to wait for another writer (default 0: exit 6 at once)")
      ->check(CLI::Validator(
          [](std::string& v) {
            // CLI::NonNegativeNumber would answer with a 300-digit upper bound.
            char* end = nullptr;
            double x = std::strtod(v.c_str(), &end);
            return !v.empty() && end && *end == '\0' && x >= 0 && x <= 1e9 ? std::string()
                                                                       : "expected a number of seconds from 0 to 1000000000, got '" + v + "'";
          },
          "SECONDS"))
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

int main(int argc, char** argv) {
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
    std::cerr << "motcua: error: " << e.what() << "\nRun with --help for usage.\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "motcua: internal error: " << e.what() << '\n';
    return 1;
  }
  return ctx.exit_code;
}
