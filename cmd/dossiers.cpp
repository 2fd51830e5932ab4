// `motcua dossiers ...`: migrate (upsert) dossier histories, list, show and export them.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <iostream>
#include <unistd.h>

#include "commands.hpp"
#include "config.hpp"
#include "common.hpp"
#include "dossiers/canonical_csv.hpp"
#include "dossiers/inspect.hpp"
#include "dossiers/migrate.hpp"
#include "dossiers/parse.hpp"
#include "dossiers/store.hpp"
#include "dossiers/sync.hpp"
#include "io/atomic_file.hpp"
#include "io/source.hpp"
#include "io/text.hpp"
#include "progress.hpp"

namespace motcua::cli {

namespace {

struct MigrateOptions {
  std::vector<std::string> sources;
  std::optional<std::string> mapping;
  std::string input_format = "auto";
  std::string encoding = "auto";
  bool force_encoding = false;
  std::string sheet;
  std::optional<std::string> delimiter;
  bool tsv = false;
  std::optional<std::string> rejects;
  bool force = false;
  std::string on_conflict = "update";
  std::size_t batch_size = StoreOptions{}.batch_size;
  bool dry_run = false;
  std::optional<std::string> token_file;
  std::optional<std::string> since; // "last" or a date / date-time
  std::optional<std::string> until;
  std::string since_format = "iso";
  std::optional<std::string> max_rejects;
  int jobs = 0; // --jobs; 0: one per core (dossiers/scan k_auto_jobs)
};

// The sources as fetched: each {since}/{until} URL expanded over its window, and the watermarks
// the run sets when it commits in full. Without --since the sources pass through.
struct Window {
  std::vector<std::string> sources;
  std::vector<Watermark> watermarks;
};

Result<Window> plan_window(Context& ctx, const MigrateOptions& o) {
  Window w;
  if (!o.since) {
    if (o.until) return make_error(ErrorKind::usage, "--until needs --since (last or a date)");
    for (const auto& s : o.sources)
      if (is_url(s) && (has_since_placeholder(s) || s.find("{until}") != std::string::npos))
        return make_error(ErrorKind::usage, "URL " + redact_url(s) +
                                                " holds {since}/{until}: give --since last (after a first run) or "
                                                "--since DATE; nothing was imported");
    w.sources = o.sources;
    return w;
  }
  for (const auto& s : o.sources)
    if (!is_url(s) || !has_since_placeholder(s))
      return make_error(ErrorKind::usage, "--since needs http(s) URL sources holding a {since} placeholder (e.g. "
                                          "https://host/api?from={since}&to={until}); " +
                                              (is_url(s) ? "URL " + redact_url(s) + " has none" : s + " is not a URL"));
  auto format = parse_since_format(o.since_format).value_or(SinceFormat::iso);
  const Instant started = now();
  Instant until = started;
  if (o.until) {
    auto m = parse_moment(*o.until, DateAs::start_of_day);
    if (!m)
      return make_error(ErrorKind::usage, "--until " + *o.until + ": expected YYYY-MM-DD or an ISO 8601 date-time");
    if (m->at > started)
      return make_error(ErrorKind::usage, "--until " + *o.until +
                                              " is in the future: the watermark would pass "
                                              "dossiers not yet received");
    until = m->at;
  }
  std::optional<Instant> fixed;
  if (*o.since != "last") {
    auto m = parse_moment(*o.since, DateAs::start_of_day);
    if (!m)
      return make_error(ErrorKind::usage,
                        "--since " + *o.since + ": expected last, YYYY-MM-DD or an ISO 8601 date-time");
    fixed = m->at;
  }
  std::unique_ptr<Cache> cache;
  if (!fixed) {
    auto c = ctx.open_cache(CacheMode::read_or_empty);
    if (!c) return c.error();
    cache = std::move(*c);
  }
  for (const auto& s : o.sources) {
    const std::string key = watermark_key(s);
    Instant since = 0;
    if (fixed) {
      since = *fixed;
    } else {
      auto mark = read_watermark(cache->db(), key);
      if (!mark) return mark.error();
      if (!*mark)
        return make_error(ErrorKind::usage, "no watermark yet for " + key + " in the cache " + cache->path() +
                                                ": the first run needs --since DATE; nothing was imported");
      since = **mark;
    }
    if (since >= until)
      return make_error(ErrorKind::usage, "the window of " + key + " is empty: since " + format_instant(since) +
                                              " is not before until " + format_instant(until));
    ctx.debug(key + ": fetching from " + format_instant(since) + " until " + format_instant(until));
    w.sources.push_back(expand_url_template(s, since, until, format));
    w.watermarks.push_back(Watermark{key, until, started});
  }
  return w;
}

// The rejects of a migration, written through the command's RejectsReport.
class ReportSink final : public RejectsSink {
public:
  explicit ReportSink(RejectsReport& report) : m_report(report) {}
  Status add(const Reject& r) override { return m_report.add(r); }

private:
  RejectsReport& m_report;
};

int run_migrate(Context& ctx, const MigrateOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  MigrationOptions mo;
  ReaderOptions& ro = mo.reader;
  ro.format = parse_input_format(o.input_format).value_or(InputFormat::auto_detect);
  ro.encoding = parse_encoding(o.encoding).value_or(Encoding::auto_detect);
  ro.force_encoding = o.force_encoding;
  ro.sheet = o.sheet;
  if (o.tsv) ro.delimiter = '\t';
  if (o.delimiter) ro.delimiter = parse_delimiter(*o.delimiter);
  std::optional<Mapping> mapping;
  if (o.mapping) {
    auto m = load_mapping(*o.mapping);
    if (!m) return ctx.fail(make_error(m.error().kind, m.error().message + "; nothing was imported"));
    mapping = std::move(*m);
    ro.mapping = &*mapping;
  }
  mo.store.on_conflict = parse_on_conflict(o.on_conflict).value_or(OnConflict::update);
  mo.store.batch_size = o.batch_size;
  mo.store.dry_run = o.dry_run;
  if (o.max_rejects) mo.max_rejects = parse_reject_limit(*o.max_rejects);
  mo.jobs = o.jobs;
  auto window = plan_window(ctx, o);
  if (!window) return ctx.fail(window.error());
  mo.watermarks = window->watermarks;
  for (const auto& s : window->sources) mo.source_desc += (mo.source_desc.empty() ? "" : " ") + redact_url(s);

  RejectsReport rejects(ctx, RejectsOptions{o.rejects, o.force, o.dry_run, o.sources});
  if (auto st = rejects.check(); !st) return ctx.fail(st.error()); // before anything is read or written

  MigrationHooks hooks;
  hooks.note = [&ctx](const std::string& note) { ctx.debug(note); };
  auto fetch = ctx.fetch_options(o.token_file);
  if (!fetch) return ctx.fail(make_error(fetch.error().kind, fetch.error().message + "; nothing was imported"));
  auto sources = stage_sources(window->sources, *fetch, hooks);
  Status checked = sources ? preflight(*sources, ro) : Status(sources.error());
  if (!checked) return ctx.fail(make_error(checked.error().kind, checked.error().message + "; nothing was imported"));

  auto cache = ctx.open_cache(o.dry_run ? CacheMode::read_or_empty : CacheMode::write);
  if (!cache) return ctx.fail(cache.error());

  ReportSink sink(rejects);
  ProgressBar bar(ctx, "migrating");
  hooks.source = [&bar](const std::string& name) { bar.set_label(name); };
  hooks.progress = [&bar](std::int64_t read, const Progress& bytes) { bar.update(read, bytes); };
  auto report = migrate((*cache)->db(), *sources, mo, sink, hooks);
  bar.clear();
  if (!report) {
    std::string note;
    if (auto kept = rejects.keep_so_far(); !kept.empty()) note += "; the records rejected so far are in " + kept;
    return ctx.fail(make_error(report.error().kind, report.error().message + note));
  }
  auto rejects_file = rejects.finish();
  if (!rejects_file) return ctx.fail(rejects_file.error());
  if (report->skipped > 0)
    ctx.info(std::to_string(report->skipped) +
             " records differ from the cache but were kept as they were (--on-conflict skip)");
  report_counts(ctx, report->counts, *rejects_file, false, o.dry_run, &rejects.summary(), report->unresolved_agencies);
  if (!o.dry_run)
    for (const auto& mark : mo.watermarks)
      ctx.debug("watermark of " + mark.source + " set to " + format_instant(mark.until));
  return report->counts.rejected > 0 ? static_cast<int>(ErrorKind::rejected) : 0;
}

struct FilterOptions {
  std::string from;
  std::string to;
  std::string agency;
  std::string procedure;
  std::string status;
  std::int64_t limit = -1;
};

DossierFilter make_filter(const FilterOptions& o) {
  DossierFilter f;
  if (!o.from.empty()) f.from = date_arg(o.from);
  if (!o.to.empty()) f.to = date_arg(o.to);
  f.agency_code = o.agency;
  f.procedure_code = o.procedure;
  if (!o.status.empty()) f.status = parse_status(o.status);
  if (o.limit >= 0) f.limit = o.limit;
  return f;
}

const std::vector<Column> k_list_columns = {
    {"code", "CODE"},     {"procedure_code", "PROCEDURE"}, {"agency_code", "AGENCY"}, {"channel", "CHANNEL"},
    {"status", "STATUS"}, {"received_at", "RECEIVED"},     {"due_at", "DUE"},         {"resolved_at", "RESOLVED"}};

// A table is aligned in memory: without --limit it shows this many rows and says so.
constexpr std::int64_t k_table_default_limit = 1000;

int run_list(Context& ctx, const FilterOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  DossierFilter f = make_filter(o);
  bool capped = ctx.format() == OutputFormat::table && !f.limit;
  if (capped) f.limit = k_table_default_limit;
  auto writer = make_row_writer(ctx.format(), std::cout, k_list_columns);
  std::int64_t shown = 0;
  auto st = for_each_dossier((*cache)->db(), f, [&](const Dossier& d) {
    writer->row(to_json(d));
    ++shown;
    return static_cast<bool>(std::cout); // stdout failed (full disk, closed pipe): stop; main reports it
  });
  if (!st) return ctx.fail(st.error());
  writer->finish();
  if (capped && shown == k_table_default_limit) {
    auto total = count_dossiers((*cache)->db(), make_filter(o));
    if (total && *total > shown)
      ctx.info("showing the first " + std::to_string(shown) + " of " + std::to_string(*total) +
               " dossiers; use --limit N, or --format ndjson for all");
  }
  return 0;
}

int run_show(Context& ctx, const std::string& code) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  auto d = find_dossier((*cache)->db(), std::string(trim(code)));
  if (!d) return ctx.fail(d.error());
  if (!*d)
    return ctx.fail(make_error(ErrorKind::input, "no dossier '" + code + "' in the cache " + (*cache)->path() +
                                                     "; check the code with `motcua dossiers list`"));
  write_object(ctx.format(), std::cout, to_json(**d));
  return 0;
}

struct InspectOptions {
  std::string source;
  std::string encoding = "auto";
  std::string sheet;
  std::optional<std::string> write_mapping;
  bool force = false;
};

// Text report: the choices made, each column, then the draft mapping.
void print_inspect(const InspectReport& r) {
  std::cout << "source: " << r.source << " (" << r.format << ")\n";
  if (r.format == "xlsx") {
    std::cout << "text: Unicode, as in every workbook; reads as Vietnamese: " << describe_ranking(r.encodings) << "\n";
    std::cout << "sheet: " << r.sheet << " (of";
    for (size_t i = 0; i < r.sheets.size(); ++i) std::cout << (i ? ", " : " ") << i + 1 << " '" << r.sheets[i] << "'";
    std::cout << "); header row: " << (r.header ? "yes" : "no") << "\n";
  } else {
    std::cout << "encoding: " << encoding_name(r.encoding) << "; by plausibility: " << describe_ranking(r.encodings)
              << "\n";
    std::cout << "delimiter: " << (r.delimiter == '\t' ? std::string("tab") : std::string(1, r.delimiter))
              << "; header row: " << (r.header ? "yes" : "no") << "\n";
  }
  std::cout << "rows read: " << r.rows_read
            << (r.truncated ? " (a sample: inspect reads at most " + std::to_string(k_inspect_rows) + " rows)" : "")
            << (r.broken_rows ? "; " + std::to_string(r.broken_rows) + " unreadable records skipped" : "")
            << "\n\ncolumns:\n";
  for (const auto& c : r.columns) {
    std::cout << "  " << c.name << " → " << (c.field.empty() ? "(no field)" : c.field);
    if (c.date_cells) std::cout << "; " << c.date_cells << " Excel date cell(s)";
    if (!c.date_formats.empty()) {
      std::cout << "; dates:";
      for (const auto& f : c.date_formats) std::cout << " " << f;
    }
    std::cout << "; " << c.distinct.size() << (c.more_distinct ? "+" : "") << " distinct:";
    size_t shown = 0;
    for (const auto& [v, n] : c.distinct) {
      if (++shown > 8) {
        std::cout << " …";
        break;
      }
      std::cout << " " << v << " (" << n << ")";
    }
    std::cout << "\n";
  }
  if (!r.undecided.empty()) {
    std::cout << "\nundecided (marked in the mapping, listed under \"_undecided\"):\n";
    for (const auto& u : r.undecided) std::cout << "  " << u << "\n";
  }
  std::cout << "\ndraft mapping (motcua-mapping(5)):\n" << r.mapping.dump(2) << "\n";
}

int run_inspect(Context& ctx, const InspectOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  AtomicFileOptions file_options;
  file_options.force = o.force;
  file_options.option = "--write-mapping";
  file_options.sources = {o.source};
  if (o.write_mapping)
    if (auto st = check_target(*o.write_mapping, file_options); !st) return ctx.fail(st.error());
  auto report = inspect_file(o.source, parse_encoding(o.encoding).value_or(Encoding::auto_detect), o.sheet);
  if (!report) return ctx.fail(report.error());
  if (o.write_mapping) {
    if (auto st = write_file_atomically(*o.write_mapping, report->mapping.dump(2) + "\n", file_options); !st)
      return ctx.fail(st.error());
    ctx.info("draft mapping written to " + *o.write_mapping +
             (report->undecided.empty() ? "" : "; check what it marks undecided (\"_undecided\")"));
  }
  if (ctx.format() == OutputFormat::table) print_inspect(*report);
  else write_object(ctx.format(), std::cout, inspect_json(*report));
  return 0;
}

struct ExportOptions {
  FilterOptions filter;
  bool mask = false;
  std::string output;
  bool force = false;
};

int run_export(Context& ctx, const ExportOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  OutputFormat format = ctx.format() == OutputFormat::table ? OutputFormat::ndjson : ctx.format();
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  // A file goes through the atomic writer: a private temporary renamed over --output when complete,
  // so a failed export never leaves a truncated file that looks finished. Owner-only: personal data.
  std::unique_ptr<AtomicFile> file;
  if (!o.output.empty() && o.output != "-") {
    AtomicFileOptions fo;
    fo.force = o.force;
    fo.option = "--output";
    auto f = AtomicFile::create(o.output, fo);
    if (!f) return ctx.fail(f.error());
    file = std::move(*f);
  }
  std::ostream& out = file ? file->stream() : std::cout;
  // CSV is the canonical CSV that `dossiers migrate` reads back; JSON formats write the canonical objects.
  std::unique_ptr<CanonicalCsvWriter> csv;
  std::unique_ptr<RowWriter> json;
  if (format == OutputFormat::csv) csv = std::make_unique<CanonicalCsvWriter>(out);
  else json = make_row_writer(format, out, {});
  std::int64_t n = 0;
  auto st = for_each_dossier((*cache)->db(), make_filter(o.filter), [&](const Dossier& d) {
    const Dossier* shown = &d;
    Dossier masked;
    if (o.mask) {
      masked = d;
      mask_pii(masked);
      shown = &masked;
    }
    // Unknown source fields may hold personal data too: a masked export leaves them out.
    if (csv) csv->write(*shown, !o.mask);
    else json->row(to_json(*shown, !o.mask));
    ++n;
    return static_cast<bool>(out);
  });
  if (!st) return ctx.fail(st.error()); // an uncommitted file removes its temporary
  if (csv) csv->finish();
  else json->finish();
  if (file) {
    if (auto committed = file->commit(); !committed) return ctx.fail(committed.error());
    ctx.info("exported " + std::to_string(n) + " dossiers to " + o.output);
  }
  return 0; // a failed stdout is reported by main (exit 7, or quietly for a closed pipe)
}

void add_filter_options(CLI::App* cmd, FilterOptions& f, bool with_limit) {
  cmd->add_option("--from", f.from, "Only dossiers received on or after this date (local)")
      ->transform(k_date_validator);
  cmd->add_option("--to", f.to, "Only dossiers received on or before this date (local)")->transform(k_date_validator);
  cmd->add_option("--agency", f.agency, "Only dossiers of this agency code");
  cmd->add_option("--procedure", f.procedure, "Only dossiers of this procedure code");
  cmd->add_option("--status", f.status, "Only dossiers in this status")->check(CLI::IsMember(status_names()));
  if (with_limit)
    cmd->add_option("--limit", f.limit, "At most N dossiers (a table shows 1000 unless set)")
        ->check(CLI::Range(0L, 1L << 62));
}

} // namespace

void add_dossiers_commands(CLI::App& app, Context& ctx) {
  auto* dossiers = app.add_subcommand("dossiers", "Migrate, list, show and export dossiers (hồ sơ)");
  dossiers->require_subcommand(1);

  auto m = std::make_shared<MigrateOptions>();
  auto* migrate = dossiers->add_subcommand(
      "migrate",
      "Upsert dossiers by code from NDJSON, JSON, national sync JSON (dvcqg), canonical CSV (as dossiers\n"
      "export --format csv writes it) or legacy CSV with a mapping; files are streamed, whatever their size.\n"
      "Each batch is one transaction: an interrupted run keeps its committed batches and a re-run of the same\n"
      "input reaches the same state. Exit 3 when records were rejected (see --rejects).");
  migrate
      ->add_option("SOURCE", m->sources,
                   "File path, - for stdin (copied to $TMPDIR first), or http(s) URL (paged sources are followed)")
      ->required()
      ->transform(source_ref_transform(ctx));
  migrate->add_option("--mapping", m->mapping,
                      "Mapping file for legacy CSV (see motcua-mapping(5)); implies --input-format csv");
  migrate
      ->add_option(
          "--input-format", m->input_format,
          "Source format (default auto: NDJSON or JSON by content, canonical CSV by a .csv name or a header with "
          "a code column); csv without --mapping is the canonical CSV")
      ->check(CLI::IsMember(input_format_names()));
  migrate
      ->add_option("--encoding", m->encoding,
                   "Text encoding (default: the mapping's, else BOM or UTF-8; never guessed)")
      ->check(encoding_validator());
  migrate->add_flag("--force-encoding", m->force_encoding,
                    "Load text decoded in a legacy encoding (vni, tcvn, cp1258, viscii, viqr) even when it does not "
                    "read as Vietnamese (by default such a file is refused: the encoding is probably wrong)");
  auto* delimiter =
      migrate
          ->add_option("--delimiter", m->delimiter,
                       "CSV field delimiter, over the mapping's (one character, or tab); a canonical CSV's is "
                       "otherwise found from its header (, ; tab |)")
          ->check(delimiter_validator());
  migrate->add_flag("--tsv", m->tsv, "Tab-separated values: the same as --delimiter tab")->excludes(delimiter);
  migrate->add_option("--sheet", m->sheet,
                      "Sheet of an Excel workbook (.xlsx): its name or number from 1 (default: the mapping's "
                      "input.sheet, else the first)");
  auto* rejects =
      migrate->add_option("--rejects", m->rejects,
                          "Where to write rejected records (0600; default <db-dir>/rejects-<UTC time>.csv, on "
                          "PostgreSQL ~/.local/share/motcua/); an existing "
                          "file, a symlink or an input is refused");
  add_force_flag(migrate, m->force, rejects, "the --rejects file");
  migrate
      ->add_option("--on-conflict", m->on_conflict,
                   "A code already cached with different data: update (default), skip (keep the cached one), or fail "
                   "(refuse before anything is written when a code is cached, or appears twice in the input, with "
                   "different data; the input is read once more)")
      ->check(CLI::IsMember({"update", "skip", "fail"}));
  migrate
      ->add_option("--batch-size", m->batch_size,
                   "Records per transaction (default 200000; an interrupted run loses at most one)")
      ->check(CLI::Range(1, 10000000));
  migrate->add_flag("--dry-run", m->dry_run,
                    "Read, validate and count; write nothing, no rejects file either (the first rejects are shown)");
  migrate->add_option("--token-file", m->token_file, "File holding the bearer token for URLs (else $MOTCUA_TOKEN)");
  migrate->add_option("--since", m->since,
                      "Incremental sync: fetch each URL source over a window, its {since} and {until} placeholders "
                      "replaced; last resumes at the source's watermark in the cache, set to the window's end when "
                      "a run commits in full (with rejects too, exit 3; a failed run leaves it); a date is 00:00 local "
                      "(required on a source's first run)");
  migrate->add_option("--until", m->until,
                      "End of the --since window (YYYY-MM-DD at 00:00 local, or a date-time; default: now, never "
                      "later)");
  migrate
      ->add_option("--since-format", m->since_format,
                   "How {since} and {until} are written: iso (2018-03-01T08:00:00+07:00, the default) or compact "
                   "(yyyyMMddHHmmss, local time); URL-encoded either way")
      ->check(CLI::IsMember({"iso", "compact"}));
  migrate
      ->add_option("--max-rejects", m->max_rejects,
                   "Refuse the run (exit 4, nothing imported) when one source has more rejected records than N, "
                   "or than P% of its records; the input is read once more before the first write")
      ->check(CLI::Validator(
          [](std::string& v) {
            return parse_reject_limit(v) ? std::string() : std::string("expected N or P% (0 to 100), got " + v);
          },
          "N|P%"));
  migrate
      ->add_option("--jobs", m->jobs,
                   "Migrate in N parallel jobs (default: one per core): with 2 or more, the input is read, decoded "
                   "and validated on a thread of its own while the cache is written (more than 2 add nothing yet); "
                   "the output is the same whatever N")
      ->check(CLI::Range(1, 256));
  migrate->callback([&ctx, m] { ctx.exit_code = run_migrate(ctx, *m); });

  auto ins = std::make_shared<InspectOptions>();
  auto* inspect = dossiers->add_subcommand(
      "inspect",
      "Inspect a legacy CSV/TSV export or Excel workbook (.xlsx) and draft its mapping: the encodings ranked by\n"
      "how Vietnamese the text reads (a workbook's text is Unicode: only scored), the delimiter (, ; tab |) or\n"
      "the sheet, the header row, per column the distinct values (up to 50, with counts), the date formats that\n"
      "parse every value (Excel date cells need none) and the likely field; reads at most 10000 rows. The draft\n"
      "(motcua-mapping(5)) migrates as is where inspect could decide and lists the rest under \"_undecided\".");
  inspect->add_option("SOURCE", ins->source, "The CSV/TSV file or Excel workbook (.xlsx)")->required();
  inspect
      ->add_option("--encoding", ins->encoding,
                   "Read a CSV/TSV file in this encoding instead of the most plausible one")
      ->check(encoding_validator());
  inspect->add_option("--sheet", ins->sheet,
                      "Sheet of an Excel workbook (.xlsx): its name or number from 1 (default: the first sheet "
                      "with a data row)");
  auto* write_mapping = inspect->add_option("--write-mapping", ins->write_mapping,
                                            "Also write the draft mapping to this file (0600); an existing file is "
                                            "refused");
  add_force_flag(inspect, ins->force, write_mapping, "the --write-mapping file");
  inspect->callback([&ctx, ins] { ctx.exit_code = run_inspect(ctx, *ins); });

  auto l = std::make_shared<FilterOptions>();
  auto* list = dossiers->add_subcommand("list", "List cached dossiers by receipt time");
  add_filter_options(list, *l, true);
  list->callback([&ctx, l] { ctx.exit_code = run_list(ctx, *l); });

  auto code = std::make_shared<std::string>();
  auto* show = dossiers->add_subcommand(
      "show", "Show one dossier (the canonical object of motcua-formats(5) with --format json)");
  show->add_option("CODE", *code, "Dossier code")->required();
  show->callback([&ctx, code] { ctx.exit_code = run_show(ctx, *code); });

  auto e = std::make_shared<ExportOptions>();
  auto* exp = dossiers->add_subcommand("export",
                                       "Write cached dossiers as NDJSON (default), JSON or CSV (--format), streaming");
  add_filter_options(exp, e->filter, false);
  exp->add_flag("--mask-pii", e->mask, "Mask applicant names (N*** V** A*) and ids (last 3 characters kept)");
  auto* output = exp->add_option("--output", e->output,
                                 "Write to this file (0600, replaced whole when complete) instead of stdout; "
                                 "an existing file is refused");
  add_force_flag(exp, e->force, output, "the --output file");
  exp->callback([&ctx, e] { ctx.exit_code = run_export(ctx, *e); });
}

} // namespace motcua::cli
