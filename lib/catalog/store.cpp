#include "catalog/store.hpp"

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

// A second event of a code on one date replaces the first whole (a withdrawal clears every field), as
// INSERT OR REPLACE did: the portable upsert names every column.
constexpr const char* k_replace_event =
    " ON CONFLICT (code, as_of) DO UPDATE SET present = excluded.present, name = excluded.name, "
    "agency_code = excluded.agency_code, agency_name = excluded.agency_name, field_code = excluded.field_code, "
    "field_name = excluded.field_name, level = excluded.level, online = excluded.online, "
    "processing_time = excluded.processing_time, processing_unit = excluded.processing_unit, fee = excluded.fee, "
    "extra = excluded.extra, search_key = excluded.search_key, processing_times = excluded.processing_times";

std::string column_text(store::Statement& st, int i) { return st.is_null(i) ? std::string() : st.get_string(i); }

void bind_text(store::Statement& st, int i, const std::string& s) {
  if (s.empty()) st.bind_null(i);
  else st.bind(i, s);
}

} // namespace

std::pair<bool, Procedure> read_procedure_event(store::Statement& st) {
  Procedure p;
  p.code = st.get_string(0);
  bool present = st.get_int(1) != 0;
  p.name = column_text(st, 2);
  p.agency_code = column_text(st, 3);
  p.agency_name = column_text(st, 4);
  p.field_code = column_text(st, 5);
  p.field_name = column_text(st, 6);
  if (!st.is_null(7)) p.level = st.get_int(7);
  // NULL only on withdrawal rows; a value this motcua cannot read is an error, never a silent default
  // (a wrong online level or unit would change rates and due dates with exit 0).
  auto unreadable = [&](const char* column, const std::string& value) {
    return store::Exception(store::Failure::corrupt, "procedure '" + p.code + "': column " + column + " holds '" +
                                                         value +
                                                         "', which this motcua cannot read (run motcua db check)");
  };
  if (auto text = column_text(st, 8); !text.empty()) {
    auto online = parse_online(text);
    if (!online) throw unreadable("online", text);
    p.online = *online;
  }
  p.processing_time = st.get_double(9);
  if (auto text = column_text(st, 10); !text.empty()) {
    auto unit = parse_unit(text);
    if (!unit) throw unreadable("processing_unit", text);
    p.processing_unit = *unit;
  }
  if (!st.is_null(11)) p.fee = st.get_int64(11);
  p.extra = column_text(st, 12);
  if (auto text = column_text(st, 13); !text.empty()) {
    auto times = processing_times_from_text(text);
    if (!times) throw store::Exception(store::Failure::corrupt, "procedure '" + p.code + "': " + times.error().message);
    p.processing_times = std::move(*times);
  }
  return {present, std::move(p)};
}

Status check_snapshot(std::size_t procedures, std::size_t rejected, SnapshotMode mode) {
  if (mode == SnapshotMode::partial || procedures > 0) return {};
  return make_error(ErrorKind::input, "no valid procedure in the sources (" + std::to_string(rejected) +
                                          " rejected): refusing to withdraw the whole catalog; nothing was imported");
}

Result<ImportCounts> apply_catalog_snapshot(store::Database& db, const std::vector<Procedure>& procedures, Days as_of,
                                            SnapshotMode mode, const WithdrawLimit& max_withdraw, std::int64_t rejected,
                                            const std::string& source, bool dry_run,
                                            const std::unordered_set<std::string>& rejected_codes) {
  try {
    ImportCounts c;
    c.rejected = rejected;
    c.read = static_cast<std::int64_t>(procedures.size()) + rejected;
    // A dry run only reads: a deferred transaction never waits for (or blocks) a writer.
    store::Transaction tx(db, !dry_run);

    std::unordered_map<std::string, Procedure> current; // present on as_of
    {
      auto st = db.prepare(state_query(" AND present = 1"));
      st->bind(1, as_of);
      while (st->step()) {
        auto [present, p] = read_procedure_event(*st);
        current.emplace(p.code, std::move(p));
      }
    }
    auto put = db.prepare(
        "INSERT INTO procedure_events (code, as_of, present, name, agency_code, agency_name, field_code, field_name, "
        "level, online, processing_time, processing_unit, fee, extra, search_key, processing_times) "
        "VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)" +
        std::string(k_replace_event));
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
      put->reset();
      put->bind(1, p.code);
      put->bind(2, as_of);
      put->bind(3, p.name);
      bind_text(*put, 4, p.agency_code);
      bind_text(*put, 5, p.agency_name);
      bind_text(*put, 6, p.field_code);
      bind_text(*put, 7, p.field_name);
      if (p.level) put->bind(8, *p.level);
      else put->bind_null(8);
      put->bind(9, std::string(online_name(p.online)));
      put->bind(10, p.processing_time);
      put->bind(11, std::string(unit_name(p.processing_unit)));
      if (p.fee) put->bind(12, static_cast<std::int64_t>(*p.fee));
      else put->bind_null(12);
      bind_text(*put, 13, p.extra);
      put->bind(14, fold_for_search(p.code + " " + p.name));
      bind_text(*put, 15, processing_times_text(p.processing_times));
      put->step();
    }
    if (mode == SnapshotMode::full) {
      auto withdraw = db.prepare("INSERT INTO procedure_events (code, as_of, present) VALUES (?1, ?2, 0)" +
                                 std::string(k_replace_event));
      for (const auto& [code, p] : current) {
        if (seen.count(code) || rejected_codes.count(code)) continue;
        ++c.withdrawn;
        if (dry_run) continue;
        withdraw->reset();
        withdraw->bind(1, code);
        withdraw->bind(2, as_of);
        withdraw->step();
      }
    }
    if (dry_run) return c; // the transaction rolls back
    if (auto st = record_import(db, "catalog", source, as_of, c); !st) return st.error();
    tx.commit();
    return c;
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "catalog import");
  }
}

Result<std::vector<Procedure>> catalog_as_of(store::Database& db, Days as_of) {
  std::vector<Procedure> out;
  try {
    auto st = db.prepare(state_query(" AND present = 1"));
    st->bind(1, as_of);
    while (st->step()) out.push_back(read_procedure_event(*st).second);
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the catalog");
  }
  return out;
}

Result<std::optional<Procedure>> procedure_as_of(store::Database& db, const std::string& code, Days as_of) {
  try {
    auto st = db.prepare(state_query(" AND present = 1 AND code = ?2"));
    st->bind(1, as_of);
    st->bind(2, code);
    if (!st->step()) return std::optional<Procedure>();
    return std::optional<Procedure>(read_procedure_event(*st).second);
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the catalog");
  }
}

Result<std::int64_t> catalog_size_as_of(store::Database& db, Days as_of) {
  try {
    auto st = db.prepare("SELECT count(*) FROM (" + state_query(" AND present = 1") + ") AS catalog_as_of");
    st->bind(1, as_of);
    st->step();
    return st->get_int64(0);
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the catalog");
  }
}

// The catalog's agencies for national records (dossiers/agencies): defined here, beside the other reads of
// procedure_events, so the resolver itself needs no database (the fuzz targets link it alone).
Result<AgencyNames> AgencyNames::load(store::Database& db) {
  AgencyNames out;
  try {
    auto st = db.prepare("SELECT DISTINCT agency_code, coalesce(agency_name, '') FROM procedure_events "
                         "WHERE agency_code IS NOT NULL AND agency_code <> ''");
    while (st->step()) out.add(st->get_string(0), st->get_string(1));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the catalog's agencies");
  }
  return out;
}

} // namespace motcua
