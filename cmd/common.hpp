#pragma once
// Pieces that more than one command group uses.
#include <fstream>
#include <memory>
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
// A duration (days or hours): a finite number > 0 (>= 0 when zero_ok) and at most the
// catalog's cap (k_max_duration); NaN, inf and 1e308 are usage errors (exit 2).
CLI::Validator duration_validator(bool zero_ok = false);

// Parses a date the validator already accepted.
Days date_arg(const std::string& text);

// Rejected records written to their file as they come, so memory stays flat however many
// there are: the file (`path`, default <db-dir>/rejects-<UTC timestamp>.csv, 0600) is created
// at the first one; finish() lists the first few on stderr.
class RejectsReport {
public:
  RejectsReport(const Context& ctx, std::optional<std::string> path) : m_ctx(ctx), m_path(std::move(path)) {}
  // Appends one reject (ErrorKind::input when the file cannot be written).
  Status add(const Reject& r);
  // Closes the file and warns about the first rejects; the path written, or "" when none.
  Result<std::string> finish();
  // The file written so far ("" before the first reject), for a run that stops early.
  const std::string& file() const { return m_file; }

private:
  static constexpr size_t k_shown = 10; // rejects named on stderr; the file has them all
  const Context& m_ctx;
  std::optional<std::string> m_path;
  std::string m_file;
  std::ofstream m_out;
  std::unique_ptr<RejectsWriter> m_writer;
  std::vector<Reject> m_first; // the first k_shown, for the warnings
  std::int64_t m_count = 0;
};

// Writes rejects through a RejectsReport; returns the path written, or "" when there were none.
Result<std::string> report_rejects(const Context& ctx, const std::optional<std::string>& path, const std::vector<Reject>& rejects);

// The reconciliation line on stderr, or the JSON object on stdout with --format json.
void report_counts(const Context& ctx, const ImportCounts& counts, const std::string& rejects_file, bool with_withdrawn, bool dry_run);

} // namespace motcua::cli
