#pragma once
// Pieces that more than one command group uses.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cache/imports.hpp"
#include "context.hpp"
#include "io/atomic_file.hpp"
#include "io/rejects.hpp"
#include "util/time.hpp"

namespace motcua::cli {

// CLI11 transform for YYYY-MM-DD, or a relative date (util/relative_date) resolved in place
// against MOTCUA_TODAY or today: use with ->transform() so the option holds the date.
extern const CLI::Validator k_date_validator;
// The same for ISO 8601 date-times (a relative date becomes that date).
extern const CLI::Validator k_datetime_validator;
// "yesterday = 2026-11-28": the relative dates this run resolved, for its summary line.
std::vector<std::string>& resolved_dates();
// A duration (days or hours): a finite number > 0 (>= 0 when zero_ok) and at most the
// catalog's cap (k_max_duration); NaN, inf and 1e308 are usage errors (exit 2).
CLI::Validator duration_validator(bool zero_ok = false);

// CLI11 check for --encoding, built from the library's table (io/decode.hpp encoding_spellings):
// the command line accepts exactly the spellings a mapping file accepts, any case.
CLI::IsMember encoding_validator();
// CLI11 check for --delimiter (io/csv parse_delimiter): one character, or tab.
CLI::Validator delimiter_validator();

// Parses a date the validator already accepted.
Days date_arg(const std::string& text);

// What --rejects (and --force, --dry-run) ask for, and the sources a rejects file may not be.
struct RejectsOptions {
  std::optional<std::string>
      path;             // --rejects; default <db-dir>/rejects-<UTC timestamp>.csv (PostgreSQL: the XDG data dir)
  bool force = false;   // --force: replace an existing --rejects file
  bool dry_run = false; // --dry-run: count and show, write no file
  std::vector<std::string> sources; // the inputs: never the rejects file (same device and inode)
};

// Rejected records streamed as they come (memory stays flat however many there are) into
// the atomic writer's private temporary file, renamed to the rejects file (0600) by finish(),
// or by keep_so_far() when a run stops: its message then names the file. A dry run writes
// no file; finish() says how many would be rejected and lists the first few on stderr.
class RejectsReport {
public:
  RejectsReport(const Context& ctx, RejectsOptions options) : m_ctx(ctx), m_options(std::move(options)) {}
  // Refuses a --rejects path before anything is done (ErrorKind::usage): it exists (without
  // --force), is a symlink or not a regular file, or is one of the sources.
  Status check() const;
  // Appends one reject (an error naming the file and the cause when it cannot be written).
  Status add(const Reject& r);
  // Commits the file and warns about the first rejects; the path written, or "" when none (or a dry run).
  Result<std::string> finish();
  // For a run that stops early: commits the rejects written so far; their path, or "" when none.
  std::string keep_so_far();
  // The rejects so far by reason (io/rejects RejectSummary), for the run's summary.
  const RejectSummary& summary() const { return m_summary; }

private:
  static constexpr size_t k_shown = 10; // rejects named on stderr; the file has them all
  AtomicFileOptions file_options() const;
  const Context& m_ctx;
  RejectsOptions m_options;
  std::string m_file;
  std::unique_ptr<AtomicFile> m_out;
  std::unique_ptr<RejectsWriter> m_writer;
  std::vector<Reject> m_first; // the first k_shown, for the warnings
  std::int64_t m_count = 0;
  RejectSummary m_summary;
};

// Writes rejects through a RejectsReport; returns the path written, or "" when there were none.
Result<std::string> report_rejects(const Context& ctx, const RejectsOptions& options,
                                   const std::vector<Reject>& rejects);

// The one --force flag of every command that writes a file or directory, needing its option;
// `what` names the target for --help ("the --output file").
CLI::Option* add_force_flag(CLI::App* cmd, bool& force, CLI::Option* target, const std::string& what);

// The reconciliation line on stderr, or the JSON object on stdout with --format json.
// With `summary`, --format json also holds "rejects_by_reason": [{"reason", "count", "first"}].
// `unresolved_agencies` (dossiers migrate only) adds the count of national records whose agency name
// the catalog does not know: a JSON field always, on the line when not 0.
void report_counts(const Context& ctx, const ImportCounts& counts, const std::string& rejects_file, bool with_withdrawn,
                   bool dry_run, const RejectSummary* summary = nullptr,
                   std::optional<std::int64_t> unresolved_agencies = std::nullopt);

// The warning of audit and stats when dossiers were received before the first catalog snapshot
// (a first night's `catalog import` without --as-of): the count and the fix; nothing when 0.
void warn_before_first_catalog(const Context& ctx, std::int64_t count, std::optional<Days> first_snapshot);

// --jobs N of the commands that read the whole cache (audit deadlines, stats export): parallel read
// jobs; `jobs` keeps 0 (dossiers/scan k_auto_jobs: one per core) unless given.
CLI::Option* add_jobs_option(CLI::App* cmd, int& jobs);

} // namespace motcua::cli
