#include "catalog/history.hpp"

#include "cache/cache.hpp"
#include "catalog/store.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace motcua {

Result<CatalogHistory> CatalogHistory::load(store::Database& db) {
  CatalogHistory h;
  try {
    auto st = db.prepare(std::string("SELECT ") + k_procedure_event_columns +
                         ", as_of FROM procedure_events ORDER BY code, as_of");
    const int as_of_column = 14; // right after k_procedure_event_columns
    while (st->step()) {
      auto [present, procedure] = read_procedure_event(*st);
      Version v{st->get_int(as_of_column), present, std::move(procedure)};
      if (!h.m_first || v.as_of < *h.m_first) h.m_first = v.as_of;
      h.m_versions[v.procedure.code].push_back(std::move(v));
    }
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the catalog");
  }
  return h;
}

const Procedure* CatalogHistory::at(const std::string& code, Days date) const {
  auto it = m_versions.find(code);
  if (it == m_versions.end()) return nullptr;
  const auto& versions = it->second;
  // The last version with as_of <= date.
  auto pos =
      std::upper_bound(versions.begin(), versions.end(), date, [](Days d, const Version& v) { return d < v.as_of; });
  if (pos == versions.begin()) return nullptr;
  --pos;
  return pos->present ? &pos->procedure : nullptr;
}

std::map<std::string, std::string> CatalogHistory::agency_names(Days date) const {
  std::map<std::string, std::string> sorted_codes;
  for (const auto& [code, versions] : m_versions) sorted_codes.emplace(code, std::string());
  std::map<std::string, std::string> names;
  for (const auto& [code, unused] : sorted_codes) {
    const Procedure* p = at(code, date);
    if (p && !p->agency_code.empty() && !p->agency_name.empty()) names.emplace(p->agency_code, p->agency_name);
  }
  return names;
}

std::string CatalogHistory::fingerprint() const {
  std::map<std::string, const std::vector<Version>*> sorted;
  for (const auto& [code, versions] : m_versions) sorted.emplace(code, &versions);
  std::string out;
  for (const auto& [code, versions] : sorted)
    for (const auto& v : *versions)
      out += code + "@" + std::to_string(v.as_of) +
             (v.present ? to_json(v.procedure).dump() : std::string("withdrawn")) + "\n";
  return out;
}

} // namespace motcua
