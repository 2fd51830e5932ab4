// `motcua db info|check|vacuum`: the cache itself.
#include <filesystem>
#include <iostream>

#include "cache/check.hpp"
#include "cache/info.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/text.hpp"

namespace motcua::cli {

namespace {

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

int run_info(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read_or_empty);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  auto info = cache_info(c.db(), today());
  if (!info) return ctx.fail(info.error());
  nlohmann::ordered_json j;
  j["path"] = c.path();
  j["exists"] = c.exists();
  j["schema_version"] = info->schema_version;
  j["size_bytes"] = file_size(c.path());
  j["wal_bytes"] = file_size(c.path() + "-wal");
  j["procedures"] = info->procedures;
  j["procedure_events"] = info->procedure_events;
  j["catalog_snapshots"] = info->catalog_snapshots;
  j["dossiers"] = info->dossiers;
  j["calendar_days"] = info->calendar_days;
  nlohmann::ordered_json last = nlohmann::ordered_json::object();
  for (const auto& [kind, at] : info->last_import) last[kind] = format_instant(at);
  j["last_import"] = last;
  write_object(ctx.format(), std::cout, j);
  return 0;
}

int run_check(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::inspect);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  auto check = check_cache(c.db());
  if (!check) return ctx.fail(check.error());
  if (check->receipt_index_missing)
    ctx.warn("the dossiers' receipt-time index is missing (a first migration is running or was interrupted); "
             "the data is complete, reads in receipt order are slower, and the next writing command rebuilds it");
  nlohmann::ordered_json problems = check->problems;
  nlohmann::ordered_json j = {{"path", c.path()}, {"ok", check->ok()}, {"problems", problems}};
  if (ctx.format() == OutputFormat::table) {
    for (const auto& p : check->problems) std::cout << printable_for_terminal(p) << '\n'; // they may quote stored text
    if (check->ok()) ctx.info("cache " + c.path() + ": ok");
  } else {
    write_object(ctx.format(), std::cout, j);
  }
  if (!check->ok())
    return ctx.fail(make_error(ErrorKind::cache, "cache " + c.path() + " failed " +
                                                     std::to_string(check->problems.size()) +
                                                     " check(s): restore a backup or re-import the sources"));
  return 0;
}

int run_vacuum(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  std::int64_t before = file_size(c.path()) + file_size(c.path() + "-wal");
  if (auto st = vacuum_cache(c.db()); !st) return ctx.fail(st.error());
  std::int64_t after = file_size(c.path()) + file_size(c.path() + "-wal");
  if (ctx.format() == OutputFormat::table)
    ctx.info("vacuumed " + c.path() + ": " + std::to_string(before) + " -> " + std::to_string(after) + " bytes");
  else write_object(ctx.format(), std::cout, {{"path", c.path()}, {"bytes_before", before}, {"bytes_after", after}});
  return 0;
}

} // namespace

void add_db_commands(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "Inspect, check and compact the local cache");
  db->require_subcommand(1);
  db->add_subcommand("info", "Path, schema version, sizes, row counts and last import times")->callback([&ctx] {
    ctx.exit_code = run_info(ctx);
  });
  db->add_subcommand("check", "SQLite integrity check plus motcua's own invariants (exit 7 on problems)")
      ->callback([&ctx] { ctx.exit_code = run_check(ctx); });
  db->add_subcommand("vacuum", "Rebuild the cache file to reclaim free space")->callback([&ctx] {
    ctx.exit_code = run_vacuum(ctx);
  });
}

} // namespace motcua::cli
