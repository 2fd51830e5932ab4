#pragma once
// Diacritic- and case-blind catalog search: "dang ky kinh doanh" finds
// "Đăng ký kinh doanh"; best matches first.
#include <string_view>
#include <vector>

#include "catalog/procedure.hpp"

namespace motcua {

struct SearchHit {
  const Procedure* procedure;
  int score; // higher is better; only hits > 0 are returned
};

// Ranks procedures by how well code and name match the query; ties by code.
std::vector<SearchHit> search_catalog(const std::vector<Procedure>& catalog, std::string_view query, size_t limit);

} // namespace motcua
