#include "catalog/store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unordered_map>
#include <unordered_set>

#include "cache/cache.hpp"
#include "catalog/processing_time.hpp"
#include "dossiers/agencies.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

// THE rule "the catalog as of a date", in SQL: per code, the latest event on or before ?1; a
// withdrawal event means absent. Every SQL reader of the catalog goes through it (CatalogHistory::at
// is the same rule over rows held in memory; test_catalog_history checks that the two agree).
std::string state_query(const std::string& where) {
  return std::string("SELECT ") + k_procedure_event_columns +
         " FROM procedure_events e WHERE as_of = (SELECT max(as_of) FROM procedure_events x "
         "WHERE x.code = e.code AND x.as_of <= ?1)" +
         where + " ORDER BY code";
}

std::string column_text(SQLite::Statement& st, int i) {
  return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString();
}

void bind_text(SQLite::Statement& st, int i, const std::string& s) {
  if (s.empty()) st.bind(i);
  else st.bind(i, s);
}

} // namespace

std::pair<bool, Procedure> read_procedure_event(SQLite::Statement& st) {
  Procedure p;
  p.code = st.getColumn(0).getString();
  bool present = st.getColumn(1).getInt() != 0;
  p.name = column_text(st, 2);
  p.agency_code = column_text(st, 3);
  p.agency_name = column_text(st, 4);
  p.field_code = column_text(st, 5);
  p.field_name = column_text(st, 6);
  if (!st.getColumn(7).isNull()) p.level = st.getColumn(7).getInt();
  p.online = parse_online(column_text(st, 8)).value_or(Online::none);
  p.processing_time = st.getColumn(9).getDouble();
  p.processing_unit = parse_unit(column_text(st, 10)).value_or(ProcessingUnit::working_days);
  if (!st.getColumn(11).isNull()) p.fee = st.getColumn(11).getInt64();
  p.extra = column_text(st, 12);
  if (auto text = column_text(st, 13); !text.empty()) {
    auto times = processing_times_from_text(text);
    if (!times) throw SQLite::Exception("procedure '" + p.code + "': " + times.error().message, SQLITE_CORRUPT);
    p.processing_times = std::move(*times);
  }
  return {present, std::move(p)};
}

Status check_snapshot(std::size_t procedures, std::size_t rejected, SnapshotMode mode) {
  if (mode == SnapshotMode::partial || procedures > 0) return {};
  return make_error(ErrorKind::input, "no valid procedure in the sources (" + std::to_string(rejected) +
                                          " rejected): refusing to withdraw the whole catalog; nothing was imported");
}

Result<ImportCounts> apply_catalog_snapshot(SQLite::Database& db, const std::vector<Procedure>& procedures, Days as_of,
                                            SnapshotMode mode, const WithdrawLimit& max_withdraw, std::int64_t rejected,
                                            const std::string& source, bool dry_run,
                                            const std::unordered_set<std::string>& rejected_codes) {
  try {
    ImportCounts c;
    c.rejected = rejected;
    c.read = static_cast<std::int64_t>(procedures.size()) + rejected;
    // A dry run only reads: a deferred transaction never waits for (or blocks) a writer.
    SQLite::Transaction tx(db,
                           dry_run ? SQLite::TransactionBehavior::DEFERRED : SQLite::TransactionBehavior::IMMEDIATE);

    std::unordered_map<std::string, Procedure> current; // present on as_of
    {
      SQLite::Statement st(db, state_query(" AND present = 1"));
      st.bind(1, as_of);
      while (st.executeStep()) {
        auto [present, p] = read_procedure_event(st);
        current.emplace(p.code, std::move(p));
      }
    }
    SQLite::Statement put(
        db, "INSERT OR REPLACE INTO procedure_events (code, as_of, present, name, agency_code, agency_name, "
            "field_code, field_name, level, online, processing_time, processing_unit, fee, extra, search_key, "
            "processing_times) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::unordered_set<std::string> seen;
    for (const auto& p : procedures) seen.insert(p.code);
    if (mode == SnapshotMode::full) {
      // Counted before the first write, so a refused snapshot changes nothing.
      std::uint64_t withdraw = 0;
      for (const auto& [code, p] : current)
        if (!seen.count(code) && !rejected_codes.count(code)) ++withdraw;
      if (auto st = check_withdraw(withdraw, current.size(), max_withdraw, as_of); !st) return st.error();
    }
    for (const auto& p : procedures) {
      auto it = current.find(p.code);
      if (it != current.end() && it->second == p) {
        ++c.unchanged;
        continue;
      }
      ++(it == current.end() ? c.inserted : c.updated);
      if (dry_run) continue;
      put.reset();
      put.bind(1, p.code);
      put.bind(2, as_of);
      put.bind(3, p.name);
      bind_text(put, 4, p.agency_code);
      bind_text(put, 5, p.agency_name);
      bind_text(put, 6, p.field_code);
      bind_text(put, 7, p.field_name);
      if (p.level) put.bind(8, *p.level);
      else put.bind(8);
      put.bind(9, std::string(online_name(p.online)));
      put.bind(10, p.processing_time);
      put.bind(11, std::string(unit_name(p.processing_unit)));
      if (p.fee) put.bind(12, static_cast<std::int64_t>(*p.fee));
      else put.bind(12);
      bind_text(put, 13, p.extra);
      put.bind(14, fold_for_search(p.code + " " + p.name));
      bind_text(put, 15, processing_times_text(p.processing_times));
      put.exec();
    }
    if (mode == SnapshotMode::full) {
      SQLite::Statement withdraw(db, "INSERT OR REPLACE INTO procedure_events (code, as_of, present) VALUES (?, ?, 0)");
      for (const auto& [code, p] : current) {
        if (seen.count(code) || rejected_codes.count(code)) continue;
        ++c.withdrawn;
        if (dry_run) continue;
        withdraw.reset();
        withdraw.bind(1, code);
        withdraw.bind(2, as_of);
        withdraw.exec();
      }
    }
    if (dry_run) return c; // the transaction rolls back
    if (auto st = record_import(db, "catalog", source, as_of, c); !st) return st.error();
    tx.commit();
    return c;
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "catalog import");
  }
}

Result<std::vector<Procedure>> catalog_as_of(SQLite::Database& db, Days as_of) {
  std::vector<Procedure> out;
  try {
    SQLite::Statement st(db, state_query(" AND present = 1"));
    st.bind(1, as_of);
    while (st.executeStep()) out.push_back(read_procedure_event(st).second);
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the catalog");
  }
  return out;
}

Result<std::optional<Procedure>> procedure_as_of(SQLite::Database& db, const std::string& code, Days as_of) {
  try {
    SQLite::Statement st(db, state_query(" AND present = 1 AND code = ?2"));
    st.bind(1, as_of);
    st.bind(2, code);
    if (!st.executeStep()) return std::optional<Procedure>();
    return std::optional<Procedure>(read_procedure_event(st).second);
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the catalog");
  }
}

Result<std::int64_t> catalog_size_as_of(SQLite::Database& db, Days as_of) {
  try {
    SQLite::Statement st(db, "SELECT count(*) FROM (" + state_query(" AND present = 1") + ")");
    st.bind(1, as_of);
    st.executeStep();
    return st.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the catalog");
  }
}

// The catalog's agencies for national records (dossiers/agencies): defined here, beside the other reads of
// procedure_events, so the resolver itself needs no database (the fuzz targets link it alone).
Result<AgencyNames> AgencyNames::load(SQLite::Database& db) {
  AgencyNames out;
  try {
    SQLite::Statement st(db, "SELECT DISTINCT agency_code, coalesce(agency_name, '') FROM procedure_events "
                             "WHERE agency_code IS NOT NULL AND agency_code <> ''");
    while (st.executeStep()) out.add(st.getColumn(0).getString(), st.getColumn(1).getString());
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the catalog's agencies");
  }
  return out;
}

} // namespace motcua
