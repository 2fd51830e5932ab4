// `motcua dossiers ...`: migrate (upsert) dossier histories, list, show and export them.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "commands.hpp"
#include "common.hpp"
#include "dossiers/parse.hpp"
#include "dossiers/store.hpp"
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
  std::optional<std::string> rejects;
  std::string on_conflict = "update";
  std::size_t batch_size = StoreOptions{}.batch_size;
  bool dry_run = false;
  std::optional<std::string> token_file;
};

// One input ready to read: files are re-opened after the checks, stdin and other once-only
// sources are spooled to a temporary file first, fetched pages stay in memory. Nothing of a reader is kept, so memory
// does not grow with the input.
struct PreparedSource {
  std::string name;
  std::string path;                        // a file to re-open; empty otherwise
  std::shared_ptr<const SpoolFile> spool;  // stdin, a FIFO or <(...), copied once
  std::shared_ptr<const std::string> data; // a fetched page
};

std::unique_ptr<ByteStream> memory_stream(const PreparedSource& s) {
  return std::make_unique<MemoryStream>(*s.data, SIZE_MAX, s.name);
}

Result<std::unique_ptr<ByteStream>> open_stream(const PreparedSource& s) {
  if (s.data) return memory_stream(s);
  if (s.spool) return s.spool->open(s.name);
  auto f = FileStream::open(s.path);
  if (!f) return f.error();
  return std::unique_ptr<ByteStream>(std::move(*f));
}

// Checks one source end to end before anything is written: readable, decodable, of a
// known format, header matching the mapping, and a JSON document well-formed to its last
// byte (its reader streams records, so it would only meet a break after handing some out).
Status prepare(const PreparedSource& s, const ReaderOptions& ro) {
  auto check_stream = open_stream(s);
  if (!check_stream) return check_stream.error();
  if (auto st = check_decodable(**check_stream, effective_encoding(ro)); !st) return st;
  auto stream = open_stream(s);
  if (!stream) return stream.error();
  auto reader = open_dossier_reader(std::move(*stream), s.name, ro);
  if (!reader) return reader.error();
  InputFormat format = (*reader)->format();
  reader->reset();
  if (format != InputFormat::json && format != InputFormat::dvcqg) return {};
  auto syntax_stream = open_stream(s);
  if (!syntax_stream) return syntax_stream.error();
  return check_json_document(**syntax_stream, s.name, effective_encoding(ro));
}

Result<std::vector<PreparedSource>> gather_sources(Context& ctx, const MigrateOptions& o, const ReaderOptions& ro) {
  std::vector<PreparedSource> out;
  auto fetch = ctx.fetch_options(o.token_file);
  if (!fetch) return fetch.error();
  for (const auto& source : o.sources) {
    if (is_url(source)) {
      // Every page is fetched before anything is written: a failed page changes nothing.
      auto st = read_source(source, *fetch, [&](SourceText&& page) {
        ctx.debug("fetched " + page.name + " (" + std::to_string(page.text.size()) + " bytes)");
        PreparedSource p;
        p.name = page.name;
        p.data = std::make_shared<const std::string>(std::move(page.text));
        out.push_back(std::move(p));
        return Status();
      });
      if (!st) return st.error();
      continue;
    }
    PreparedSource p;
    p.name = source == "-" ? "stdin" : source;
    struct stat st {};
    bool once_only = source == "-" || (::stat(source.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
    if (once_only) {
      // Stdin, a FIFO or <(...) can be read only once, and is read twice (checked, then loaded).
      auto in = FileStream::open(source);
      if (!in) return in.error();
      auto spool = SpoolFile::copy(**in);
      if (!spool) return spool.error();
      ctx.debug(p.name + " copied to a temporary file (" + std::to_string((*spool)->size()) + " bytes)");
      p.spool = std::move(*spool);
    } else {
      p.path = source;
    }
    out.push_back(std::move(p));
  }
  for (auto& p : out)
    if (auto st = prepare(p, ro); !st) return st.error();
  return out;
}

int run_migrate(Context& ctx, const MigrateOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  ReaderOptions ro;
  ro.format = parse_input_format(o.input_format).value_or(InputFormat::auto_detect);
  ro.encoding = parse_encoding(o.encoding).value_or(Encoding::auto_detect);
  std::optional<Mapping> mapping;
  if (o.mapping) {
    auto m = load_mapping(*o.mapping);
    if (!m) return ctx.fail(make_error(m.error().kind, m.error().message + "; nothing was imported"));
    mapping = std::move(*m);
    ro.mapping = &*mapping;
  }
  StoreOptions so;
  so.on_conflict = parse_on_conflict(o.on_conflict).value_or(OnConflict::update);
  so.batch_size = o.batch_size;
  so.dry_run = o.dry_run;

  auto sources = gather_sources(ctx, o, ro);
  if (!sources) return ctx.fail(make_error(sources.error().kind, sources.error().message + "; nothing was imported"));

  auto cache = ctx.open_cache(o.dry_run ? CacheMode::read_or_empty : CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  auto store = DossierStore::open((*cache)->db(), so);
  if (!store) return ctx.fail(store.error());
  // The cache is written from here on: a bulk load wants a bigger page cache than the default 2 MB.
  try {
    (*cache)->db().exec("PRAGMA cache_size = -16384");
  } catch (const SQLite::Exception&) {
  }

  RejectsReport rejects(ctx, o.rejects);
  ProgressBar bar(ctx, "migrating");
  Dossier d;
  Reject reject;
  auto stop = [&](const Error& e) {
    bar.clear();
    std::string note = o.dry_run ? "" : "; " + std::to_string((*store)->committed()) + " records in committed batches stay (re-running is safe)";
    if (!rejects.file().empty()) note += "; the records rejected so far are in " + rejects.file();
    return ctx.fail(make_error(e.kind, e.message + note));
  };
  for (auto& s : *sources) {
    bar.set_label(s.name);
    auto stream = open_stream(s);
    if (!stream) return stop(stream.error());
    auto opened = open_dossier_reader(std::move(*stream), s.name, ro);
    if (!opened) return stop(opened.error());
    std::unique_ptr<DossierReader> reader = std::move(*opened);
    ctx.debug("reading " + s.name + " as " + std::string(input_format_name(reader->format())));
    for (;;) {
      ReadResult r = reader->next(d, reject);
      if (r == ReadResult::end) break;
      if (r == ReadResult::rejected) {
        (*store)->count_rejected();
        if (auto st = rejects.add(reject); !st) return stop(st.error());
        reject.reason.clear(); // readers fill both for every reject; never carry one over
        reject.original.clear();
      } else if (auto st = (*store)->put(d, RecordPlace{reject.source, reject.position, reject.is_line}); !st) {
        return stop(st.error());
      }
      bar.update((*store)->counts().read, reader->progress());
    }
    if (!reader->status()) return stop(reader->status().error());
    s.data.reset();
    s.spool.reset(); // the temporary copy of stdin goes as soon as it is loaded
  }
  std::string source_desc;
  for (const auto& s : o.sources) source_desc += (source_desc.empty() ? "" : " ") + redact_url(s);
  if (auto st = (*store)->finish(source_desc); !st) return stop(st.error());
  bar.clear();
  auto rejects_file = rejects.finish();
  if (!rejects_file) return ctx.fail(rejects_file.error());
  if ((*store)->skipped() > 0)
    ctx.info(std::to_string((*store)->skipped()) + " records differ from the cache but were kept as they were (--on-conflict skip)");
  report_counts(ctx, (*store)->counts(), *rejects_file, false, o.dry_run);
  return (*store)->counts().rejected > 0 ? static_cast<int>(ErrorKind::rejected) : 0;
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

const std::vector<Column> k_list_columns = {{"code", "CODE"},          {"procedure_code", "PROCEDURE"}, {"agency_code", "AGENCY"},
                                            {"channel", "CHANNEL"},    {"status", "STATUS"},           {"received_at", "RECEIVED"},
                                            {"due_at", "DUE"},         {"resolved_at", "RESOLVED"}};

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
    return true;
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

struct ExportOptions {
  FilterOptions filter;
  bool mask = false;
  std::string output;
};

const std::vector<Column> k_export_columns = {
    {"code", "code"},               {"procedure_code", "procedure_code"}, {"agency_code", "agency_code"},
    {"channel", "channel"},         {"status", "status"},                 {"received_at", "received_at"},
    {"due_at", "due_at"},           {"resolved_at", "resolved_at"},       {"returned_at", "returned_at"},
    {"pauses", "pauses"},           {"extensions", "extensions"},         {"applicant_name", "applicant_name"},
    {"applicant_id", "applicant_id"}, {"fee", "fee"},                     {"paid_online", "paid_online"},
    {"extra", "extra"}};

int run_export(Context& ctx, const ExportOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  OutputFormat format = ctx.format() == OutputFormat::table ? OutputFormat::ndjson : ctx.format();
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  // A file is written next to its destination and renamed when complete: a failed export never
  // leaves a truncated file that looks finished. Owner-only: it holds personal data.
  std::string tmp;
  std::ofstream file;
  if (!o.output.empty() && o.output != "-") {
    tmp = o.output + ".part";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return ctx.fail(make_error(ErrorKind::input, "cannot write " + tmp + ": " + std::strerror(errno) + "; check --output"));
    ::close(fd);
    file.open(tmp, std::ios::binary | std::ios::trunc);
  }
  std::ostream& out = tmp.empty() ? std::cout : static_cast<std::ostream&>(file);
  auto writer = make_row_writer(format, out, k_export_columns);
  std::int64_t n = 0;
  auto st = for_each_dossier((*cache)->db(), make_filter(o.filter), [&](const Dossier& d) {
    if (o.mask) {
      Dossier masked = d;
      mask_pii(masked);
      writer->row(to_json(masked, false)); // unknown source fields may hold personal data too
    } else if (format == OutputFormat::csv) {
      // CSV has fixed columns: the unknown source fields travel as one JSON object.
      auto row = to_json(d, false);
      if (!d.extra.empty()) row["extra"] = d.extra;
      writer->row(row);
    } else {
      writer->row(to_json(d));
    }
    ++n;
    return static_cast<bool>(out);
  });
  if (!st) {
    if (!tmp.empty()) ::unlink(tmp.c_str());
    return ctx.fail(st.error());
  }
  writer->finish();
  if (!tmp.empty()) {
    file.close();
    if (!file || std::rename(tmp.c_str(), o.output.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return ctx.fail(make_error(ErrorKind::input, "cannot write " + o.output + " (disk full or no permission?)"));
    }
    ctx.info("exported " + std::to_string(n) + " dossiers to " + o.output);
  } else if (!std::cout) {
    return ctx.fail(make_error(ErrorKind::internal, "writing to stdout failed"));
  }
  return 0;
}

void add_filter_options(CLI::App* cmd, FilterOptions& f, bool with_limit) {
  cmd->add_option("--from", f.from, "Only dossiers received on or after this date (local)")->check(k_date_validator);
  cmd->add_option("--to", f.to, "Only dossiers received on or before this date (local)")->check(k_date_validator);
  cmd->add_option("--agency", f.agency, "Only dossiers of this agency code");
  cmd->add_option("--procedure", f.procedure, "Only dossiers of this procedure code");
  cmd->add_option("--status", f.status, "Only dossiers in this status")->check(CLI::IsMember(status_names()));
  if (with_limit) cmd->add_option("--limit", f.limit, "At most N dossiers (a table shows 1000 unless set)")->check(CLI::Range(0L, 1L << 62));
}

} // namespace

void add_dossiers_commands(CLI::App& app, Context& ctx) {
  auto* dossiers = app.add_subcommand("dossiers", "Migrate, list, show and export dossiers (hồ sơ)");
  dossiers->require_subcommand(1);

  auto m = std::make_shared<MigrateOptions>();
  auto* migrate = dossiers->add_subcommand(
      "migrate", "Upsert dossiers by code from NDJSON, JSON, national sync JSON (dvcqg), canonical CSV (as dossiers\n"
                 "export --format csv writes it) or legacy CSV with a mapping; files are streamed, whatever their size.\n"
                 "Each batch is one transaction: an interrupted run keeps its committed batches and a re-run of the same\n"
                 "input reaches the same state. Exit 3 when records were rejected (see --rejects).");
  migrate->add_option("SOURCE", m->sources, "File path, - for stdin (copied to $TMPDIR first), or http(s) URL (paged sources are followed)")->required();
  migrate->add_option("--mapping", m->mapping, "Mapping file for legacy CSV (formats.md); implies --input-format csv");
  migrate->add_option("--input-format", m->input_format,
                      "Source format (default auto: NDJSON or JSON by content, canonical CSV by a .csv name or a header with "
                      "a code column); csv without --mapping is the canonical CSV")
      ->check(CLI::IsMember({"auto", "json", "ndjson", "csv", "dvcqg"}));
  migrate->add_option("--encoding", m->encoding, "Text encoding (default: the mapping's, else BOM or UTF-8; never guessed)")
      ->check(CLI::IsMember({"auto", "utf-8", "utf8", "utf-16", "utf16", "cp1258", "tcvn", "viscii"}));
  migrate->add_option("--rejects", m->rejects, "Where to write rejected records (default <db-dir>/rejects-<UTC time>.csv)");
  migrate->add_option("--on-conflict", m->on_conflict,
                      "A code already cached with different data: update (default), skip (keep the cached one), or fail "
                      "(stop; batches committed before stay)")
      ->check(CLI::IsMember({"update", "skip", "fail"}));
  migrate->add_option("--batch-size", m->batch_size, "Records per transaction (default 200000; an interrupted run loses at most one)")->check(CLI::Range(1, 10000000));
  migrate->add_flag("--dry-run", m->dry_run, "Read, validate and count; write nothing");
  migrate->add_option("--token-file", m->token_file, "File holding the bearer token for URLs (else $MOTCUA_TOKEN)");
  migrate->callback([&ctx, m] { ctx.exit_code = run_migrate(ctx, *m); });

  auto l = std::make_shared<FilterOptions>();
  auto* list = dossiers->add_subcommand("list", "List cached dossiers by receipt time");
  add_filter_options(list, *l, true);
  list->callback([&ctx, l] { ctx.exit_code = run_list(ctx, *l); });

  auto code = std::make_shared<std::string>();
  auto* show = dossiers->add_subcommand("show", "Show one dossier (the canonical object of formats.md with --format json)");
  show->add_option("CODE", *code, "Dossier code")->required();
  show->callback([&ctx, code] { ctx.exit_code = run_show(ctx, *code); });

  auto e = std::make_shared<ExportOptions>();
  auto* exp = dossiers->add_subcommand("export", "Write cached dossiers as NDJSON (default), JSON or CSV (--format), streaming");
  add_filter_options(exp, e->filter, false);
  exp->add_flag("--mask-pii", e->mask, "Mask applicant names (N*** V** A*) and ids (last 3 characters kept)");
  exp->add_option("--output", e->output, "Write to this file (0600) instead of stdout");
  exp->callback([&ctx, e] { ctx.exit_code = run_export(ctx, *e); });
}

} // namespace motcua::cli
