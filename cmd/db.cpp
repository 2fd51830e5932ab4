// `motcua db info|check|vacuum`: the cache itself.
#include <filesystem>
#include <iostream>

#include <SQLiteCpp/Statement.h>

#include "cache/schema.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace motcua::cli {

namespace {

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

int run_info(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::read_or_empty);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  try {
    auto& db = c.db();
    nlohmann::ordered_json j;
    j["path"] = c.path();
    j["exists"] = c.exists();
    j["schema_version"] = db.execAndGet("PRAGMA user_version").getInt();
    j["size_bytes"] = file_size(c.path());
    j["wal_bytes"] = file_size(c.path() + "-wal");
    j["procedures"] = count(db, "SELECT count(*) FROM (SELECT code, max(as_of) m FROM procedure_events WHERE as_of <= " +
                                    std::to_string(today()) + " GROUP BY code) l JOIN procedure_events e ON e.code = l.code AND e.as_of = l.m WHERE e.present = 1");
    j["procedure_events"] = count(db, "SELECT count(*) FROM procedure_events");
    j["catalog_snapshots"] = count(db, "SELECT count(DISTINCT as_of) FROM procedure_events");
    j["dossiers"] = count(db, "SELECT count(*) FROM dossiers");
    j["calendar_days"] = count(db, "SELECT count(*) FROM calendar_days");
    nlohmann::ordered_json last = nlohmann::ordered_json::object();
    SQLite::Statement st(db, "SELECT kind, max(finished_at) FROM imports GROUP BY kind ORDER BY kind");
    while (st.executeStep()) last[st.getColumn(0).getString()] = format_instant(st.getColumn(1).getInt64());
    j["last_import"] = last;
    write_object(ctx.format(), std::cout, j);
  } catch (const SQLite::Exception& e) {
    return ctx.fail(cache_error(e, c.path(), "reading cache information"));
  }
  return 0;
}

// motcua's own invariants, beyond SQLite's integrity check: each a query that finds offenders.
const std::pair<const char*, const char*> k_invariants[] = {
    {"procedure present without name or positive processing time",
     "SELECT count(*) FROM procedure_events WHERE present = 1 AND (name IS NULL OR name = '' OR processing_time IS NULL OR processing_time <= 0)"},
    {"procedure with unknown online level or processing unit",
     "SELECT count(*) FROM procedure_events WHERE present = 1 AND (online NOT IN ('full','partial','none') OR "
     "processing_unit NOT IN ('working_days','working_hours','calendar_days'))"},
    {"dossier with unknown channel",
     "SELECT count(*) FROM dossiers WHERE channel NOT IN ('online','direct','postal')"},
    {"dossier with unknown status",
     "SELECT count(*) FROM dossiers WHERE status NOT IN ('submitted','received','not_accepted','processing','supplementing',"
     "'awaiting_payment','withdrawn','stopped','resolved','returned')"},
    {"dossier with malformed pauses or extensions JSON",
     "SELECT count(*) FROM dossiers WHERE (pauses IS NOT NULL AND NOT json_valid(pauses)) OR (extensions IS NOT NULL AND NOT json_valid(extensions))"},
    {"calendar day with unknown type", "SELECT count(*) FROM calendar_days WHERE type NOT IN ('holiday','compensatory','workday')"},
    {"import log with counts that do not reconcile",
     "SELECT count(*) FROM imports WHERE read != inserted + updated + unchanged + rejected"},
};

int run_check(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::inspect);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  try {
    auto& db = c.db();
    SQLite::Statement integrity(db, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      std::string line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back("integrity: " + line);
    }
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    while (fk.executeStep()) problems.push_back("foreign key: " + fk.getColumn(0).getString());
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version != k_schema_version) problems.push_back("schema version " + std::to_string(version) + " is not " + std::to_string(k_schema_version));
    for (const auto& [what, sql] : k_invariants)
      if (auto n = count(db, sql); n > 0) problems.push_back(std::to_string(n) + " x " + what);
  } catch (const SQLite::Exception& e) {
    return ctx.fail(cache_error(e, c.path(), "checking the cache"));
  }
  try {
    if (!has_dossiers_received_index(c.db()))
      ctx.warn("the dossiers' receipt-time index is missing (a first migration is running or was interrupted); "
               "the data is complete, reads in receipt order are slower, and the next writing command rebuilds it");
  } catch (const SQLite::Exception&) {
  }
  nlohmann::ordered_json j = {{"path", c.path()}, {"ok", problems.empty()}, {"problems", problems}};
  if (ctx.format() == OutputFormat::table) {
    for (const auto& p : problems) std::cout << p.get<std::string>() << '\n';
    if (problems.empty()) ctx.info("cache " + c.path() + ": ok");
  } else {
    write_object(ctx.format(), std::cout, j);
  }
  if (!problems.empty())
    return ctx.fail(make_error(ErrorKind::cache, "cache " + c.path() + " failed " + std::to_string(problems.size()) +
                                                     " check(s): restore a backup or re-import the sources"));
  return 0;
}

int run_vacuum(Context& ctx) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto cache = ctx.open_cache(CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  auto& c = **cache;
  std::int64_t before = file_size(c.path()) + file_size(c.path() + "-wal");
  try {
    c.db().exec("VACUUM");
    c.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SQLite::Exception& e) {
    return ctx.fail(cache_error(e, c.path(), "vacuum"));
  }
  std::int64_t after = file_size(c.path()) + file_size(c.path() + "-wal");
  if (ctx.format() == OutputFormat::table)
    ctx.info("vacuumed " + c.path() + ": " + std::to_string(before) + " -> " + std::to_string(after) + " bytes");
  else
    write_object(ctx.format(), std::cout, {{"path", c.path()}, {"bytes_before", before}, {"bytes_after", after}});
  return 0;
}

} // namespace

void add_db_commands(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "Inspect, check and compact the local cache");
  db->require_subcommand(1);
  db->add_subcommand("info", "Path, schema version, sizes, row counts and last import times")->callback([&ctx] { ctx.exit_code = run_info(ctx); });
  db->add_subcommand("check", "SQLite integrity check plus motcua's own invariants (exit 7 on problems)")->callback([&ctx] {
    ctx.exit_code = run_check(ctx);
  });
  db->add_subcommand("vacuum", "Rebuild the cache file to reclaim free space")->callback([&ctx] { ctx.exit_code = run_vacuum(ctx); });
}

} // namespace motcua::cli
