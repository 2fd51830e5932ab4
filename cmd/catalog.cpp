// `motcua catalog ...`: options in, library calls, rendering out.
#include <iostream>

#include "catalog/levels.hpp"
#include "catalog/parse.hpp"
#include "catalog/search.hpp"
#include "catalog/store.hpp"
#include "catalog/withdraw_limit.hpp"
#include "commands.hpp"
#include "config.hpp"
#include "common.hpp"
#include "io/csv.hpp"
#include "io/source.hpp"
#include "io/text.hpp"

namespace motcua::cli {

namespace {

struct ImportOptions {
  std::vector<std::string> sources;
  std::string as_of;
  bool partial = false;
  std::string max_withdraw = "10%";
  std::string input_format = "auto";
  std::string sheet;
  std::optional<std::string> delimiter;
  bool tsv = false;
  bool dry_run = false;
  std::optional<std::string> token_file;
  std::optional<std::string> rejects;
  bool force = false;
  std::optional<std::string> levels;
};

// `--max-withdraw N|P%`: a bad value is a usage error (exit 2) before anything is read.
const CLI::Validator k_withdraw_limit_validator(
    [](std::string& s) {
      auto limit = parse_withdraw_limit(s);
      return limit ? std::string() : limit.error().message;
    },
    ""); // no description: the option's type name N|P% names the value in help, man and completions

const std::vector<Column> k_list_columns = {{"code", "CODE"},
                                            {"name", "NAME"},
                                            {"agency_code", "AGENCY"},
                                            {"level", "LEVEL"},
                                            {"online", "ONLINE"},
                                            {"processing_time", "TIME"},
                                            {"processing_unit", "UNIT"},
                                            {"processing_times", "TIMES"}};

int run_import(Context& ctx, const ImportOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  Days as_of = o.as_of.empty() ? today() : date_arg(o.as_of);
  auto format = parse_input_format(o.input_format).value_or(InputFormat::auto_detect);
  auto fetch = ctx.fetch_options(o.token_file);
  if (!fetch) return ctx.fail(fetch.error());
  const RejectsOptions rejects{o.rejects, o.force, o.dry_run, o.sources};
  if (auto st = RejectsReport(ctx, rejects).check(); !st) return ctx.fail(st.error()); // before anything is read

  // Everything is read and parsed before the cache is touched: a bad source changes nothing.
  CatalogCollector collector;
  if (o.tsv) collector.set_delimiter('\t');
  if (o.delimiter) collector.set_delimiter(parse_delimiter(*o.delimiter));
  for (const auto& source : o.sources) {
    auto st = read_source(source, *fetch, [&](SourcePage&& page) {
      ctx.debug("read " + page.name);
      return collector.add_page(page, format, o.sheet);
    });
    if (!st) return ctx.fail(make_error(st.error().kind, st.error().message + "; nothing was imported"));
  }
  if (o.levels) { // the national record has no level: it is published apart
    auto in = FileStream::open(*o.levels);
    if (!in) return ctx.fail(make_error(in.error().kind, in.error().message + "; nothing was imported"));
    auto levels = read_levels(**in, *o.levels);
    if (!levels) return ctx.fail(make_error(levels.error().kind, levels.error().message + "; nothing was imported"));
    auto set = apply_levels(collector.procedures(), *levels);
    ctx.debug("--levels set the level of " + std::to_string(set) + " of " + std::to_string(levels->size()) +
              " listed procedures");
  }
  SnapshotMode mode = o.partial ? SnapshotMode::partial : SnapshotMode::full;
  auto max_withdraw = parse_withdraw_limit(o.max_withdraw); // the option's check already refused a bad one
  if (!max_withdraw) return ctx.fail(max_withdraw.error());
  if (auto st = check_snapshot(collector.procedures().size(), collector.rejects().size(), mode); !st) {
    if (auto written = report_rejects(ctx, rejects, collector.rejects()); !written) return ctx.fail(written.error());
    return ctx.fail(st.error());
  }
  auto cache = ctx.open_cache(o.dry_run ? CacheMode::read_or_empty : CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  std::string source_desc;
  for (const auto& s : o.sources) source_desc += (source_desc.empty() ? "" : " ") + redact_url(s);
  auto counts = apply_catalog_snapshot((*cache)->db(), collector.procedures(), as_of, mode, *max_withdraw,
                                       static_cast<std::int64_t>(collector.rejects().size()), source_desc, o.dry_run,
                                       collector.rejected_codes());
  if (!counts) return ctx.fail(counts.error());
  auto rejects_file = report_rejects(ctx, rejects, collector.rejects());
  if (!rejects_file) return ctx.fail(rejects_file.error());
  RejectSummary summary;
  for (const auto& r : collector.rejects()) summary.add(r);
  report_counts(ctx, *counts, *rejects_file, true, o.dry_run, &summary); // one shape for scripts, --partial or not
  return counts->rejected > 0 ? static_cast<int>(ErrorKind::rejected) : 0;
}

struct ListOptions {
  std::string as_of;
  ProcedureFilter filter;
};

int run_list(Context& ctx, const ListOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  Days as_of = o.as_of.empty() ? today() : date_arg(o.as_of);
  auto catalog = catalog_as_of((*cache)->db(), as_of);
  if (!catalog) return ctx.fail(catalog.error());
  auto writer = make_row_writer(ctx.format(), std::cout, k_list_columns);
  for (const auto& p : *catalog)
    if (matches(p, o.filter)) writer->row(to_json(p));
  writer->finish();
  return 0;
}

int run_show(Context& ctx, const std::string& code, const std::string& as_of_text) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  Days as_of = as_of_text.empty() ? today() : date_arg(as_of_text);
  auto p = procedure_as_of((*cache)->db(), std::string(trim(code)), as_of);
  if (!p) return ctx.fail(p.error());
  if (!*p)
    return ctx.fail(make_error(ErrorKind::input, "no procedure '" + code + "' in the catalog as of " +
                                                     format_date(as_of) + "; try `motcua catalog search`"));
  write_object(ctx.format(), std::cout, to_json(**p));
  return 0;
}

int run_search(Context& ctx, const std::string& text, size_t limit) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  auto catalog = catalog_as_of((*cache)->db(), today());
  if (!catalog) return ctx.fail(catalog.error());
  auto writer = make_row_writer(ctx.format(), std::cout,
                                {{"code", "CODE"}, {"name", "NAME"}, {"agency_code", "AGENCY"}, {"online", "ONLINE"}});
  for (const auto& hit : search_catalog(*catalog, text, limit)) {
    auto j = to_json(*hit.procedure);
    j["score"] = hit.score;
    writer->row(j);
  }
  writer->finish();
  return 0;
}

} // namespace

void add_catalog_commands(CLI::App& app, Context& ctx) {
  auto* catalog = app.add_subcommand("catalog", "Import, list, show and search the procedure catalog");
  catalog->require_subcommand(1);

  auto import_opts = std::make_shared<ImportOptions>();
  auto* imp = catalog->add_subcommand("import", "Import a catalog snapshot from files, stdin (-) or http(s) URLs");
  imp->add_option("SOURCE", import_opts->sources,
                  "File path, - for stdin, http(s) URL (paged sources are followed), or @NAME of [sources.NAME] in "
                  "the config")
      ->required()
      ->transform(source_ref_transform(ctx));
  imp->add_option("--as-of", import_opts->as_of, "Date the snapshot describes (default: today)")
      ->transform(k_date_validator);
  imp->add_flag("--partial", import_opts->partial, "Only upsert: do not withdraw procedures absent from the sources");
  imp->add_option(
         "--max-withdraw", import_opts->max_withdraw,
         "Refuse (exit 4, nothing changed, --dry-run too) a full snapshot that would withdraw more than N procedures or "
         "P% of those in the catalog as of --as-of (default 10%; 100% allows any; an empty catalog withdraws none)")
      ->type_name("N|P%")
      ->check(k_withdraw_limit_validator);
  imp->add_option("--input-format", import_opts->input_format,
                  "Source format (default auto: detected when unambiguous)")
      ->check(CLI::IsMember(input_format_names()));
  auto* delimiter = imp->add_option("--delimiter", import_opts->delimiter,
                                    "CSV field delimiter (one character, or tab; default: from the header, , or ;)")
                        ->check(delimiter_validator());
  imp->add_flag("--tsv", import_opts->tsv, "Tab-separated values: the same as --delimiter tab")->excludes(delimiter);
  imp->add_option("--sheet", import_opts->sheet,
                  "Sheet of an Excel workbook (.xlsx): its name or number from 1 (default: the first)");
  imp->add_flag("--dry-run", import_opts->dry_run,
                "Validate and count, write nothing, no rejects file either (the first rejects are shown)");
  imp->add_option("--token-file", import_opts->token_file,
                  "File holding the bearer token for URLs (else $MOTCUA_TOKEN)");
  auto* rejects = imp->add_option("--rejects", import_opts->rejects,
                                  "Where to write rejected records (0600; default <db-dir>/rejects-<UTC time>.csv, on "
                                  "PostgreSQL ~/.local/share/motcua/); an existing "
                                  "file, a symlink or an input is refused");
  add_force_flag(imp, import_opts->force, rejects, "the --rejects file");
  imp->add_option("--levels", import_opts->levels,
                  "CSV of code,level setting the online level (4 or full = toàn trình, 3 or partial = một phần, "
                  "2/1 or none) of the procedures it lists; the national record does not carry it")
      ->type_name("FILE");
  imp->callback([&ctx, import_opts] { ctx.exit_code = run_import(ctx, *import_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list = catalog->add_subcommand("list", "List the catalog as it stood on a date");
  list->add_option("--as-of", list_opts->as_of, "Show the catalog as of this date (default: today)")
      ->transform(k_date_validator);
  list->add_option("--agency", list_opts->filter.agency_code, "Only procedures of this agency code");
  list->add_option("--field", list_opts->filter.field, "Only procedures whose field code or name matches");
  list->add_option("--online", list_opts->filter.online,
                   "Filter by online level: full (toàn trình), partial (một phần), any (full or partial), none, "
                   "unknown (not published)")
      ->check(CLI::Validator(
          [](std::string& s) {
            return s == "any" || parse_online_alias(s) ? std::string() : "expected full, partial, any, none or unknown";
          },
          "{full,partial,any,none,unknown}"));
  list->callback([&ctx, list_opts] { ctx.exit_code = run_list(ctx, *list_opts); });

  auto show_code = std::make_shared<std::string>();
  auto show_as_of = std::make_shared<std::string>();
  auto* show = catalog->add_subcommand("show", "Show one procedure");
  show->add_option("CODE", *show_code, "Procedure code")->required();
  show->add_option("--as-of", *show_as_of, "Show it as it stood on this date (default: today)")
      ->transform(k_date_validator);
  show->callback([&ctx, show_code, show_as_of] { ctx.exit_code = run_show(ctx, *show_code, *show_as_of); });

  auto search_text = std::make_shared<std::string>();
  auto search_limit = std::make_shared<size_t>(20);
  auto* search = catalog->add_subcommand("search", "Find procedures by name or code, ignoring case and diacritics");
  search->add_option("TEXT", *search_text, "Words to look for, e.g. \"dang ky kinh doanh\"")->required();
  search->add_option("--limit", *search_limit, "At most this many results (default 20)")->check(CLI::Range(1, 1000000));
  search->callback([&ctx, search_text, search_limit] { ctx.exit_code = run_search(ctx, *search_text, *search_limit); });
  add_catalog_agencies_commands(*catalog, ctx);
}

} // namespace motcua::cli
