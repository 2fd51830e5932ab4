// `motcua catalog agencies import FILE`: the agency lineage file (motcua-formats(5), AGENCY LINEAGE FILE).
#include "catalog/lineage.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/source.hpp"

namespace motcua::cli {

namespace {

// The whole file is read and checked (a cycle refused, exit 4) before the cache is touched.
int run_agencies_import(Context& ctx, const std::string& file) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto text = read_file(file);
  if (!text) return ctx.fail(make_error(ErrorKind::input, text.error().message + "; nothing was imported"));
  auto lineage = parse_lineage_csv(*text, file == "-" ? "stdin" : file);
  if (!lineage) return ctx.fail(lineage.error());
  auto cache = ctx.open_cache(CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  if (auto st = store_lineage((*cache)->db(), *lineage, file); !st) return ctx.fail(st.error());
  ImportCounts counts;
  counts.read = counts.inserted = static_cast<std::int64_t>(lineage->rows().size());
  report_counts(ctx, counts, "", false, false);
  return 0;
}

} // namespace

void add_catalog_agencies_commands(CLI::App& catalog, Context& ctx) {
  auto* agencies = catalog.add_subcommand("agencies", "Agency lineage across reorganisations (merged, split agencies)");
  agencies->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* imp = agencies->add_subcommand(
      "import", "Replace the lineage with a CSV old_code,new_code,from_date[,note] (see motcua-formats(5))");
  imp->add_option("FILE", *file, "Lineage CSV file, or - for stdin")->required();
  imp->callback([&ctx, file] { ctx.exit_code = run_agencies_import(ctx, *file); });
}

} // namespace motcua::cli
