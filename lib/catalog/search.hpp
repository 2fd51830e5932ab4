#pragma once
// Diacritic- and case-blind catalog search: "dang ky kinh doanh" finds
// "Đăng ký kinh doanh"; best matches first.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/procedure.hpp"

namespace motcua {

struct SearchHit {
  const Procedure* procedure;
  int score; // higher is better; only hits > 0 are returned
};

// Which procedures `catalog list` shows; empty members do not filter.
struct ProcedureFilter {
  std::string agency_code; // exactly this agency code
  std::string field;       // the field code, or words of the field name (case- and diacritic-blind)
  // full, partial, none: that online level; "any": full or partial; empty: every level.
  std::string online;
};

// The online filter values ProcedureFilter::online accepts besides empty.
const std::vector<std::string>& online_filter_names();

// Whether a procedure passes the filter.
bool matches(const Procedure& p, const ProcedureFilter& filter);

// Ranks procedures by how well code and name match the query; ties by code.
std::vector<SearchHit> search_catalog(const std::vector<Procedure>& catalog, std::string_view query, size_t limit);

} // namespace motcua
