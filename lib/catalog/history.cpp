#include "catalog/history.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace motcua {

CatalogHistory CatalogHistory::load(SQLite::Database& db) {
  CatalogHistory h;
  SQLite::Statement st(db, "SELECT code, as_of, present, name, agency_code, agency_name, field_code, field_name, level, online, "
                           "processing_time, processing_unit, fee FROM procedure_events ORDER BY code, as_of");
  auto text = [&](int i) { return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString(); };
  while (st.executeStep()) {
    Version v;
    v.procedure.code = st.getColumn(0).getString();
    v.as_of = st.getColumn(1).getInt();
    v.present = st.getColumn(2).getInt() != 0;
    v.procedure.name = text(3);
    v.procedure.agency_code = text(4);
    v.procedure.agency_name = text(5);
    v.procedure.field_code = text(6);
    v.procedure.field_name = text(7);
    if (!st.getColumn(8).isNull()) v.procedure.level = st.getColumn(8).getInt();
    v.procedure.online = parse_online(text(9)).value_or(Online::none);
    v.procedure.processing_time = st.getColumn(10).getDouble();
    v.procedure.processing_unit = parse_unit(text(11)).value_or(ProcessingUnit::working_days);
    if (!st.getColumn(12).isNull()) v.procedure.fee = st.getColumn(12).getInt64();
    h.m_versions[v.procedure.code].push_back(std::move(v));
  }
  return h;
}

const Procedure* CatalogHistory::at(const std::string& code, Days date) const {
  auto it = m_versions.find(code);
  if (it == m_versions.end()) return nullptr;
  const auto& versions = it->second;
  // The last version with as_of <= date.
  auto pos = std::upper_bound(versions.begin(), versions.end(), date, [](Days d, const Version& v) { return d < v.as_of; });
  if (pos == versions.begin()) return nullptr;
  --pos;
  return pos->present ? &pos->procedure : nullptr;
}

std::string CatalogHistory::fingerprint() const {
  std::map<std::string, const std::vector<Version>*> sorted;
  for (const auto& [code, versions] : m_versions) sorted.emplace(code, &versions);
  std::string out;
  for (const auto& [code, versions] : sorted)
    for (const auto& v : *versions)
      out += code + "@" + std::to_string(v.as_of) + (v.present ? to_json(v.procedure).dump() : std::string("withdrawn")) + "\n";
  return out;
}

} // namespace motcua
