#include "common.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/path.hpp"
#include "store/url.hpp"
#include "io/csv.hpp"
#include "io/decode.hpp"
#include "calendar/work_calendar.hpp"
#include "util/relative_date.hpp"

namespace motcua::cli {

std::vector<std::string>& resolved_dates() {
  static std::vector<std::string> list;
  return list;
}

namespace {
// A relative date (`today`, `yesterday`, `-7d`, `-1m`) becomes YYYY-MM-DD in place, and is
// remembered for the summary line; "" when done, else the message.
std::string resolve_relative(std::string& s) {
  if (!is_relative_date(s)) return std::string();
  auto today = reference_today();
  if (!today) return today.error().message;
  std::string resolved = format_date(*relative_date(s, *today));
  resolved_dates().push_back(s + " = " + resolved);
  s = resolved;
  return std::string();
}
} // namespace

const CLI::Validator k_date_validator(
    [](std::string& s) {
      if (auto e = resolve_relative(s); !e.empty()) return e;
      return parse_date(s) ? std::string()
                           : "expected a date YYYY-MM-DD (or today, yesterday, -7d, -1m), got '" + s + "'";
    },
    "DATE");

const CLI::Validator k_datetime_validator(
    [](std::string& s) {
      if (auto e = resolve_relative(s); !e.empty()) return e;
      return parse_datetime(s) || parse_date(s)
                 ? std::string()
                 : "expected an ISO 8601 date-time like 2018-03-05T08:15 (or today, yesterday, -7d, -1m), got '" + s +
                       "'";
    },
    "DATETIME");

CLI::Validator delimiter_validator() {
  return CLI::Validator(
      [](std::string& s) {
        return parse_delimiter(s)
                   ? std::string()
                   : "expected one character other than a quote or a line break, or tab; got '" + s + "'";
      },
      "C");
}

CLI::IsMember encoding_validator() {
  std::vector<std::string> names;
  for (const auto& e : encoding_spellings()) names.emplace_back(e.name);
  // The same normalisation as parse_encoding: any case, '_' read as '-'.
  return CLI::IsMember(names, [](std::string s) {
    for (auto& c : s) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  });
}

CLI::Validator duration_validator(bool zero_ok) {
  return CLI::Validator(
      [zero_ok](std::string& s) -> std::string {
        errno = 0;
        char* end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        if (s.empty() || end == nullptr || *end != '\0')
          return "expected a number, got '" + (s.size() > 40 ? s.substr(0, 40) + "…" : s) + "'";
        if (errno == ERANGE && std::isinf(v)) v = HUGE_VAL;
        auto st = check_duration(v, "value", zero_ok);
        return st ? std::string() : st.error().message.substr(std::string("value: ").size());
      },
      "NUMBER");
}

Days date_arg(const std::string& text) { return parse_date(text).value_or(0); }

AtomicFileOptions RejectsReport::file_options() const {
  AtomicFileOptions f;
  f.force = m_options.force && m_options.path.has_value();
  f.mode = 0600; // rejected rows may hold personal data: owner-only, like the cache
  f.option = m_options.path ? "--rejects" : "";
  f.sources = m_options.sources;
  return f;
}

Status RejectsReport::check() const {
  if (!m_options.path) return {};
  return check_target(*m_options.path, file_options());
}

Status RejectsReport::add(const Reject& r) {
  if (m_first.size() < k_shown) m_first.push_back(r);
  m_summary.add(r);
  ++m_count;
  if (m_options.dry_run) return {};
  if (!m_writer) {
    std::string file = m_options.path.value_or("");
    if (file.empty()) {
      char stamp[32];
      std::time_t t = static_cast<std::time_t>(now());
      std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", std::gmtime(&t));
      // A PostgreSQL store has no directory: its rejects go where the default cache would live.
      // A PostgreSQL store has no directory: its rejects go where the default cache would live, never into
      // whatever directory the job runs in (no HOME: the same usage error as for a cache without a place).
      std::string db = m_ctx.db_path();
      if (store::names_postgresql(db)) {
        auto local = default_db_path();
        if (!local)
          return make_error(ErrorKind::usage, "no place for the rejects file of a PostgreSQL run (HOME and "
                                              "XDG_DATA_HOME are not set to absolute paths): pass --rejects FILE");
        db = *local;
        std::error_code ec;
        if (!std::filesystem::exists(db_directory(db), ec)) {
          std::filesystem::create_directories(db_directory(db), ec);
          if (ec)
            return make_error(ErrorKind::input, "cannot create the rejects directory " + db_directory(db) + ": " +
                                                    ec.message() + " (pass --rejects FILE)");
          ::chmod(db_directory(db).c_str(), 0700);
        }
      }
      std::string base = db_directory(db) + "/rejects-" + stamp;
      ::mkdir(db_directory(db).c_str(), 0700);
      // Two runs in the same second must not overwrite each other's rejects (the writer never replaces one).
      file = base + ".csv";
      for (int n = 2; ::access(file.c_str(), F_OK) == 0; ++n) file = base + "-" + std::to_string(n) + ".csv";
    }
    auto out = AtomicFile::create(file, file_options());
    if (!out) return out.error();
    m_out = std::move(*out);
    m_file = file;
    m_writer = std::make_unique<RejectsWriter>(m_out->stream());
  }
  m_writer->write(r);
  if (int err = m_out->error())
    return make_error(write_error_kind(err),
                      "cannot write the rejects file " + m_file + ": " + describe_write_error(err));
  return {};
}

std::string RejectsReport::keep_so_far() {
  if (!m_out) return "";
  if (auto st = m_out->commit(); !st) {
    m_ctx.warn(st.error().message);
    m_out.reset();
    return "";
  }
  m_out.reset();
  return m_file;
}

Result<std::string> RejectsReport::finish() {
  if (m_count == 0) return std::string();
  for (const auto& r : m_first)
    m_ctx.warn("rejected " + describe_position(r) + ": " + r.reason, r.source, r.is_line ? r.position : 0);
  if (m_count > static_cast<std::int64_t>(m_first.size()))
    m_ctx.warn("... and " + std::to_string(m_count - static_cast<std::int64_t>(m_first.size())) +
               " more rejected records");
  // The summary: how many records each kind of problem cost, and where to see the first.
  m_ctx.warn("rejects by reason (count, reason, first):");
  for (const auto& e : m_summary.entries())
    m_ctx.warn("  " + std::to_string(e.count) + "  " + e.reason + "  (first at " + e.first + ")");
  if (m_options.dry_run) {
    m_ctx.info("dry run: " + std::to_string(m_count) +
               " records would be rejected (reasons above); no rejects file was written");
    return std::string();
  }
  if (!m_out) return make_error(ErrorKind::internal, "the rejects file was already closed");
  auto st = m_out->commit();
  m_out.reset();
  if (!st) return st.error();
  m_ctx.info("rejected records written to " + m_file);
  return m_file;
}

Result<std::string> report_rejects(const Context& ctx, const RejectsOptions& options,
                                   const std::vector<Reject>& rejects) {
  RejectsReport report(ctx, options);
  for (const auto& r : rejects)
    if (auto st = report.add(r); !st) return st.error();
  return report.finish();
}

CLI::Option* add_force_flag(CLI::App* cmd, bool& force, CLI::Option* target, const std::string& what) {
  return cmd
      ->add_flag("--force", force, "Overwrite " + what + " if it exists (a symlink, device or FIFO is never replaced)")
      ->needs(target);
}

void report_counts(const Context& ctx, const ImportCounts& c, const std::string& rejects_file, bool with_withdrawn,
                   bool dry_run, const RejectSummary* summary, std::optional<std::int64_t> unresolved_agencies) {
  if (ctx.format() == OutputFormat::json || ctx.format() == OutputFormat::ndjson) {
    nlohmann::ordered_json j = {{"read", c.read},
                                {"inserted", c.inserted},
                                {"updated", c.updated},
                                {"unchanged", c.unchanged},
                                {"rejected", c.rejected}};
    if (with_withdrawn) j["withdrawn"] = c.withdrawn;
    if (unresolved_agencies) j["unresolved_agencies"] = *unresolved_agencies;
    j["rejects_file"] = rejects_file.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rejects_file);
    j["dry_run"] = dry_run;
    if (summary) {
      auto list = nlohmann::ordered_json::array();
      for (const auto& e : summary->entries())
        list.push_back(nlohmann::ordered_json{{"reason", e.reason}, {"count", e.count}, {"first", e.first}});
      j["rejects_by_reason"] = list;
    }
    write_object(ctx.format(), std::cout, j);
  }
  std::string line = "read " + std::to_string(c.read) + ", inserted " + std::to_string(c.inserted) + ", updated " +
                     std::to_string(c.updated) + ", unchanged " + std::to_string(c.unchanged) + ", rejected " +
                     std::to_string(c.rejected);
  if (with_withdrawn) line += ", withdrawn " + std::to_string(c.withdrawn);
  if (unresolved_agencies && *unresolved_agencies > 0)
    line += "; " + std::to_string(*unresolved_agencies) + " with an agency name not in the catalog (kept in extra)";
  if (dry_run) line += " (dry run: nothing written)";
  ctx.info(line);
}

void warn_before_first_catalog(const Context& ctx, std::int64_t count, std::optional<Days> first_snapshot) {
  if (count == 0 || !first_snapshot) return;
  ctx.warn(
      std::to_string(count) + " dossiers were received before the first catalog snapshot (" +
      format_date(*first_snapshot) +
      "), so no procedure judges them: they count as unknown_procedure. Import the catalog as it stood on or before "
      "the earliest of them: `motcua catalog import FILE --as-of DATE`");
}

CLI::Option* add_jobs_option(CLI::App* cmd, int& jobs) {
  return cmd
      ->add_option("--jobs", jobs,
                   "Read the cache in N parallel jobs (default: one per core; small caches use one); "
                   "the output is the same whatever N")
      ->check(CLI::Range(1, 256));
}

} // namespace motcua::cli
