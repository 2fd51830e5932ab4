#include "catalog/lineage.hpp"

#include <algorithm>
#include <functional>

#include "cache/cache.hpp"
#include "io/csv.hpp"
#include "io/stream.hpp"
#include "cache/imports.hpp"
#include "catalog/store.hpp"
#include "util/limits.hpp"

namespace motcua {

namespace {

Error lineage_error(const std::string& source, const std::string& why) {
  return make_error(ErrorKind::input, source + ": " + why + " (see man 5 motcua-formats, AGENCY LINEAGE FILE)");
}

} // namespace

Result<AgencyLineage> AgencyLineage::from_rows(std::vector<LineageRow> rows, const std::string& source) {
  AgencyLineage l;
  l.m_rows = std::move(rows);
  for (size_t i = 0; i < l.m_rows.size(); ++i) {
    const auto& r = l.m_rows[i];
    if (r.old_code == r.new_code)
      return lineage_error(source, "cycle " + r.old_code + " → " + r.new_code + ": an agency cannot succeed itself");
    auto& list = l.m_by_old[r.old_code];
    for (size_t j : list) {
      const auto& o = l.m_rows[j];
      if (o.new_code == r.new_code) return lineage_error(source, r.old_code + " → " + r.new_code + " is given twice");
      if (o.from != r.from)
        return lineage_error(source, r.old_code + " has successors from " + format_date(o.from) + " and from " +
                                         format_date(r.from) +
                                         ": an agency is closed once (a split lists all its "
                                         "successors with one date)");
    }
    list.push_back(i);
  }
  // Cycles, dates aside: a code that leads back to itself is refused, naming the whole cycle.
  std::map<std::string, int> state; // 0 unseen, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<std::optional<std::string>(const std::string&)> visit =
      [&](const std::string& code) -> std::optional<std::string> {
    int& s = state[code];
    if (s == 2) return std::nullopt;
    if (s == 1) {
      auto start = std::find(path.begin(), path.end(), code);
      std::string text;
      for (auto it = start; it != path.end(); ++it) text += *it + " → ";
      return text + code;
    }
    s = 1;
    path.push_back(code);
    if (auto it = l.m_by_old.find(code); it != l.m_by_old.end())
      for (size_t j : it->second)
        if (auto cycle = visit(l.m_rows[j].new_code)) return cycle;
    path.pop_back();
    state[code] = 2;
    return std::nullopt;
  };
  std::vector<std::string> starts;
  for (const auto& r : l.m_rows) starts.push_back(r.old_code);
  for (const auto& code : starts)
    if (auto cycle = visit(code)) return lineage_error(source, "cycle " + *cycle + "; nothing was imported");
  return l;
}

std::vector<const LineageRow*> AgencyLineage::successors(const std::string& code, Days date) const {
  std::vector<const LineageRow*> out;
  auto it = m_by_old.find(code);
  if (it == m_by_old.end()) return out;
  for (size_t j : it->second)
    if (m_rows[j].from <= date) out.push_back(&m_rows[j]);
  return out;
}

Result<AgencyLineage> parse_lineage_csv(std::string_view text, const std::string& source) {
  MemoryStream in{std::string(text), SIZE_MAX, source};
  CsvReader reader(in);
  CsvRecord rec;
  std::vector<LineageRow> rows;
  bool header = true;
  while (reader.next(rec)) {
    std::string where = "line " + std::to_string(rec.line());
    if (!rec.ok()) return lineage_error(source, where + ": " + rec.error().message);
    if (header) {
      header = false;
      bool fits = (rec.size() == 3 || rec.size() == 4) && rec[0] == "old_code" && rec[1] == "new_code" &&
                  rec[2] == "from_date" && (rec.size() == 3 || rec[3] == "note");
      if (!fits)
        return lineage_error(source, where + ": the header must be old_code,new_code,from_date[,note], not '" +
                                         std::string(rec.raw()) + "'");
      continue;
    }
    if (rec.size() < 3 || rec.size() > 4)
      return lineage_error(source, where + ": " + std::to_string(rec.size()) +
                                       " fields; a row is old_code,new_code,from_date[,note]");
    LineageRow r;
    r.old_code = std::string(rec[0]);
    r.new_code = std::string(rec[1]);
    for (auto [name, value] : {std::pair{"old_code", &r.old_code}, std::pair{"new_code", &r.new_code}}) {
      if (auto problem = code_problem(*value))
        return lineage_error(source, where + ": " + name + " '" + *value + "' " + *problem);
    }
    auto from = parse_date(rec[2]);
    if (!from)
      return lineage_error(source, where + ": from_date '" + std::string(rec[2]) + "' is not a date (YYYY-MM-DD)");
    r.from = *from;
    if (rec.size() == 4) r.note = std::string(rec[3]);
    rows.push_back(std::move(r));
  }
  if (!reader.status()) return lineage_error(source, reader.status().error().message);
  if (header) return lineage_error(source, "empty file; the header old_code,new_code,from_date[,note] is missing");
  return AgencyLineage::from_rows(std::move(rows), source);
}

Result<AgencyLineage> load_lineage(store::Database& db) {
  try {
    if (!db.table_exists("agency_lineage")) return AgencyLineage{};
    auto st = db.prepare("SELECT old_code, new_code, from_date, note FROM agency_lineage ORDER BY position");
    std::vector<LineageRow> rows;
    while (st->step())
      rows.push_back(
          LineageRow{st->get_string(0), st->get_string(1), static_cast<Days>(st->get_int64(2)), st->get_string(3)});
    return AgencyLineage::from_rows(std::move(rows), db.name() + " (agency_lineage)");
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the agency lineage");
  }
}

Status store_lineage(store::Database& db, const AgencyLineage& lineage, const std::string& source) {
  try {
    store::Transaction tx(db);
    db.exec("DELETE FROM agency_lineage");
    auto st =
        db.prepare("INSERT INTO agency_lineage (position, old_code, new_code, from_date, note) VALUES (?, ?, ?, ?, ?)");
    std::int64_t position = 0;
    for (const auto& r : lineage.rows()) {
      st->bind(1, ++position);
      st->bind(2, r.old_code);
      st->bind(3, r.new_code);
      st->bind(4, static_cast<std::int64_t>(r.from));
      if (r.note.empty()) st->bind_null(5);
      else st->bind(5, r.note);
      st->step();
      st->reset();
    }
    ImportCounts counts;
    counts.read = counts.inserted = position;
    if (auto logged = record_import(db, "agencies", source, std::nullopt, counts); !logged) return logged;
    tx.commit();
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "storing the agency lineage");
  }
  return {};
}

AgencyRoll::AgencyRoll(AgencyLineage lineage, Days date, const std::vector<Procedure>& catalog_at_date)
    : m_lineage(std::move(lineage)), m_date(date) {
  for (const auto& p : catalog_at_date) {
    m_procedure_agency.emplace(p.code, p.agency_code);
    if (!p.agency_code.empty() && !p.agency_name.empty()) m_agency_name.emplace(p.agency_code, p.agency_name);
  }
}

std::string AgencyRoll::follow(const std::string& code, const std::string& procedure_agency) const {
  std::string at = code;
  // No cycle (checked on import), so the walk ends; the bound only guards against a corrupted cache.
  for (size_t step = 0; step <= m_lineage.rows().size(); ++step) {
    auto next = m_lineage.successors(at, m_date);
    if (next.empty()) return at;
    const LineageRow* chosen = next.front();
    if (next.size() > 1 && !procedure_agency.empty())
      for (const auto* r : next)
        if (r->new_code == procedure_agency || follow(r->new_code, "") == procedure_agency) {
          chosen = r;
          break;
        }
    at = chosen->new_code;
  }
  return at;
}

std::string AgencyRoll::roll(const std::string& code, const std::string& procedure_code) {
  if (code.empty() || m_lineage.empty()) return code;
  auto it = m_procedure_agency.find(procedure_code);
  std::string successor = follow(code, it == m_procedure_agency.end() ? std::string() : it->second);
  if (successor != code) m_merged[successor].insert(code);
  return successor;
}

std::string AgencyRoll::name_of(const std::string& code) const {
  auto it = m_agency_name.find(code);
  return it == m_agency_name.end() ? std::string() : it->second;
}

Result<AgencyRoll> agency_roll_as_of(store::Database& db, Days date) {
  auto lineage = load_lineage(db);
  if (!lineage) return lineage.error();
  if (lineage->empty())
    return make_error(ErrorKind::input, "--agency-structure " + format_date(date) +
                                            ": no agency lineage in the cache; import one first with "
                                            "`motcua catalog agencies import FILE` (see man 5 motcua-formats)");
  auto catalog = catalog_as_of(db, date);
  if (!catalog) return catalog.error();
  return AgencyRoll(std::move(*lineage), date, *catalog);
}

nlohmann::ordered_json agency_structure_json(Days date, const std::map<std::string, std::set<std::string>>& merged) {
  nlohmann::ordered_json j;
  j["date"] = format_date(date);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& [successor, olds] : merged) {
    nlohmann::ordered_json m;
    m["agency"] = successor;
    m["from"] = nlohmann::ordered_json::array();
    for (const auto& o : olds) m["from"].push_back(o);
    list.push_back(std::move(m));
  }
  j["merged"] = std::move(list);
  return j;
}

std::string agency_structure_note(Days date, const std::map<std::string, std::set<std::string>>& merged) {
  std::string s = "Agencies as of " + format_date(date) + " (--agency-structure)";
  if (merged.empty()) return s + ": no agency of these figures was merged.";
  s += "; merged: ";
  bool first = true;
  for (const auto& [successor, olds] : merged) {
    s += (first ? "" : "; ") + successor + " ← ";
    first = false;
    bool f = true;
    for (const auto& o : olds) {
      s += (f ? "" : ", ") + o;
      f = false;
    }
  }
  return s + ".";
}

} // namespace motcua
