#pragma once
// The catalog's agencies by code and by name: national sync records (DongBoHoSoMC) name the
// handling agency in DonViXuLy, usually by its name, and the cache keys dossiers by its code.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/db.hpp"

#include "util/error.hpp"

namespace motcua {

// Agency codes and names as the catalog knows them; names are compared folded (case and
// diacritics ignored, io/text fold_for_search), so "ubnd quan hai chau" finds "UBND quận Hải Châu".
class AgencyNames {
public:
  // Learns one agency; a folded name met with two different codes resolves to neither.
  void add(std::string_view code, std::string_view name);
  // The code for a DonViXuLy value: itself when it is a known code, else the code of the one
  // agency with that name; nullopt when unknown or ambiguous.
  std::optional<std::string> resolve(std::string_view code_or_name) const;
  bool empty() const { return m_codes.empty(); }

  // Every agency of the catalog's history (procedure_events.agency_code/agency_name).
  static Result<AgencyNames> load(store::Database& db);

private:
  std::unordered_set<std::string> m_codes;
  std::unordered_map<std::string, std::string> m_by_name; // folded name -> code ("" when ambiguous)
};

// Whether a DonViXuLy value reads as an agency code (000.00.24.H56: letters, digits, . - _ and
// at least one digit) rather than a name: an unknown code is kept as the code, an unknown name is not.
bool looks_like_agency_code(std::string_view text);

} // namespace motcua
