#pragma once
// Pieces that more than one command group uses.
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cache/imports.hpp"
#include "context.hpp"
#include "io/rejects.hpp"
#include "util/time.hpp"

namespace motcua::cli {

// CLI11 check for YYYY-MM-DD.
extern const CLI::Validator k_date_validator;
// CLI11 check for ISO 8601 date-times.
extern const CLI::Validator k_datetime_validator;

// Parses a date the validator already accepted.
Days date_arg(const std::string& text);

// Writes rejects to `path` (default <db-dir>/rejects-<UTC timestamp>.csv, 0600) and lists
// the first few on stderr; returns the path written, or "" when there were none.
Result<std::string> report_rejects(const Context& ctx, const std::optional<std::string>& path, const std::vector<Reject>& rejects);

// The reconciliation line on stderr, or the JSON object on stdout with --format json.
void report_counts(const Context& ctx, const ImportCounts& counts, const std::string& rejects_file, bool with_withdrawn, bool dry_run);

} // namespace motcua::cli
