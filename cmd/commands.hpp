#pragma once
// Each command group registers its subcommands here; main wires them up.
#include <CLI/CLI.hpp>

#include "context.hpp"

namespace motcua::cli {

void add_catalog_commands(CLI::App& app, Context& ctx);
void add_db_commands(CLI::App& app, Context& ctx);
void add_dossiers_commands(CLI::App& app, Context& ctx);
void add_generate_commands(CLI::App& app, Context& ctx);
void add_sample_commands(CLI::App& app, Context& ctx);
void add_calendar_commands(CLI::App& app, Context& ctx);
void add_audit_commands(CLI::App& app, Context& ctx);
void add_stats_commands(CLI::App& app, Context& ctx);
// `catalog agencies` (cmd/catalog_agencies.cpp), under the catalog command.
void add_catalog_agencies_commands(CLI::App& catalog, Context& ctx);

// The whole command tree, as used by main and by the completion/man generator.
void build_app(CLI::App& app, Context& ctx);

} // namespace motcua::cli
