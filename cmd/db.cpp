// `motcua db info|check|vacuum`: the cache itself.
#include <filesystem>
#include <iostream>

#include "cache/backup.hpp"
#include "cache/check.hpp"
#include "cache/path.hpp"
#include "cache/info.hpp"
#include "commands.hpp"
#include "dossiers/sync.hpp"
#include "common.hpp"
#include "io/text.hpp"
#include "store/url.hpp"

namespace motcua::cli {

namespace {

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

// What only a SQLite cache file has (integrity check, vacuum, online backup, restore) refused on a PostgreSQL
// target before connecting (exit 2), saying which PostgreSQL tool does the job there.
std::optional<Error> refuse_on_postgresql(const Context& ctx, const std::string& command, const std::string& instead) {
  if (!store::names_postgresql(ctx.db_path())) return std::nullopt;
  return make_error(ErrorKind::usage, "`motcua db " + command +
                                          "` works on a SQLite cache file and is not available on a PostgreSQL "
                                          "store: " +
                                          instead);
}

// The bytes a PostgreSQL schema's tables take with their indexes and TOAST (db info's size_bytes).
std::int64_t pg_schema_bytes(store::Database& db) {
  return db.query_int64("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = current_schema() AND c.relkind = 'r'");
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
  if (c.postgresql()) {
    // The target with any secret blanked, and where in it the tables are; no file, so no WAL file either.
    j["engine"] = "postgresql";
    j["pg_schema"] = c.pg_schema();
  }
  j["exists"] = c.exists();
  j["schema_version"] = info->schema_version;
  if (c.postgresql()) {
    std::int64_t bytes = 0;
    try {
      if (c.exists()) bytes = pg_schema_bytes(c.db());
    } catch (const store::Exception& e) {
      return ctx.fail(cache_error(e, c.path(), "measuring the store"));
    }
    j["size_bytes"] = bytes;
    j["wal_bytes"] = nullptr;
  } else {
    j["size_bytes"] = file_size(c.path());
    j["wal_bytes"] = file_size(c.path() + "-wal");
  }
  j["procedures"] = info->procedures;
  j["procedure_events"] = info->procedure_events;
  j["catalog_snapshots"] = info->catalog_snapshots;
  j["dossiers"] = info->dossiers;
  j["calendar_days"] = info->calendar_days;
  nlohmann::ordered_json last = nlohmann::ordered_json::object();
  for (const auto& [kind, at] : info->last_import) last[kind] = format_instant(at);
  j["last_import"] = last;
  auto marks = list_watermarks(c.db());
  if (!marks) return ctx.fail(marks.error());
  // One entry per incremental source (`dossiers migrate URL --since`): where its next `--since last` starts.
  nlohmann::ordered_json watermarks = nlohmann::ordered_json::object();
  for (const auto& m : *marks) watermarks[m.source] = format_instant(m.until);
  j["watermarks"] = watermarks;
  write_object(ctx.format(), std::cout, j);
  return 0;
}

int run_check(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  if (auto e = refuse_on_postgresql(ctx, "check",
                                    "check a PostgreSQL store with pg_amcheck (and amcheck's "
                                    "verify_heapam), its backups with pg_restore --list"))
    return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::inspect);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  auto check = check_cache(*c.sqlite());
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
  if (auto e = refuse_on_postgresql(ctx, "vacuum", "the server's autovacuum does it, or run VACUUM (ANALYZE) in psql"))
    return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  std::int64_t before = file_size(c.path()) + file_size(c.path() + "-wal");
  if (auto st = vacuum_cache(*c.sqlite()); !st) return ctx.fail(st.error());
  std::int64_t after = file_size(c.path()) + file_size(c.path() + "-wal");
  if (ctx.format() == OutputFormat::table)
    ctx.info("vacuumed " + c.path() + ": " + std::to_string(before) + " -> " + std::to_string(after) + " bytes");
  else write_object(ctx.format(), std::cout, {{"path", c.path()}, {"bytes_before", before}, {"bytes_after", after}});
  return 0;
}

struct BackupOptions {
  std::string dest;
  int keep = 0;
  bool force = false;
};

int run_backup(Context& ctx, const BackupOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  if (auto e = refuse_on_postgresql(ctx, "backup", "use pg_dump -n SCHEMA (or the server's own backups)"))
    return ctx.fail(*e);
  std::error_code ec;
  bool to_dir = std::filesystem::is_directory(o.dest, ec) || (!o.dest.empty() && o.dest.back() == '/');
  if (o.keep > 0 && !to_dir)
    return ctx.fail(make_error(ErrorKind::usage, "--keep needs DEST to be a directory (" + o.dest + " is not)"));
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  std::string dest = o.dest;
  if (to_dir) {
    std::filesystem::create_directories(o.dest, ec);
    if (ec) return ctx.fail(make_error(ErrorKind::cache, "cannot create directory " + o.dest + ": " + ec.message()));
    dest = (std::filesystem::path(o.dest) / dated_backup_name(now())).string();
  }
  if (auto st = backup_cache(*c.sqlite(), dest, o.force); !st) return ctx.fail(st.error());
  std::vector<std::string> removed;
  if (to_dir && o.keep > 0) {
    auto r = rotate_backups(o.dest, o.keep);
    if (!r) return ctx.fail(r.error());
    removed = *r;
  }
  nlohmann::ordered_json j = {{"path", c.path()}, {"backup", dest}, {"bytes", file_size(dest)}, {"removed", removed}};
  if (ctx.format() == OutputFormat::table) {
    ctx.info("backed up " + c.path() + " to " + dest + " (" + std::to_string(file_size(dest)) +
             " bytes, quick_check ok)");
    for (const auto& r : removed) ctx.info("removed the old backup " + r);
  } else {
    write_object(ctx.format(), std::cout, j);
  }
  return 0;
}

int run_restore(Context& ctx, const std::string& src) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  if (auto e = refuse_on_postgresql(ctx, "restore", "use pg_restore of a pg_dump")) return ctx.fail(*e);
  auto path = resolve_db_path(ctx.options.db);
  if (!path) return ctx.fail(path.error());
  if (auto st = restore_cache(src, *path, ctx.options.lock_timeout); !st) return ctx.fail(st.error());
  if (ctx.format() == OutputFormat::table) ctx.info("restored " + *path + " from " + src + " (quick_check ok)");
  else write_object(ctx.format(), std::cout, {{"path", *path}, {"restored_from", src}});
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
  auto b = std::make_shared<BackupOptions>();
  auto* backup = db->add_subcommand(
      "backup", "Write a consistent copy of the cache (SQLite online backup: writers may be running), 0600, "
                "checked with quick_check before success");
  backup
      ->add_option("DEST", b->dest,
                   "A new file, or a directory (existing, or ending in /) that gets motcua-YYYYMMDD-HHMMSS.db")
      ->required();
  backup->add_option("--keep", b->keep, "With a DEST directory: keep the N newest dated copies, delete older ones")
      ->check(CLI::Range(1, 100000));
  backup->add_flag("--force", b->force, "Replace an existing DEST file");
  backup->callback([&ctx, b] { ctx.exit_code = run_backup(ctx, *b); });
  auto src = std::make_shared<std::string>();
  auto* restore = db->add_subcommand(
      "restore", "Replace the cache by a backup, under the writer lock: the backup must pass quick_check and come "
                 "from this motcua or an older one (exit 7 if newer); the replaced cache stays as <db>.bak until "
                 "the restored one passes quick_check");
  restore->add_option("SRC", *src, "The backup file")->required()->check(CLI::ExistingFile);
  restore->callback([&ctx, src] { ctx.exit_code = run_restore(ctx, *src); });
}

} // namespace motcua::cli
