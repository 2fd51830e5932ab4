#include <doctest/doctest.h>

#include "catalog/search.hpp"

using namespace motcua;

namespace {
Procedure proc(std::string code, std::string name) {
  Procedure p;
  p.code = std::move(code);
  p.name = std::move(name);
  p.processing_time = 1;
  return p;
}
} // namespace

TEST_CASE("search ignores case and Vietnamese diacritics, best matches first") {
  std::vector<Procedure> catalog = {
      proc("1.001000", "Cấp giấy phép hộ kinh doanh"),
      proc("2.001021", "Đăng ký kinh doanh"),
      proc("2.001022", "Thay đổi nội dung đăng ký kinh doanh hộ gia đình"),
      proc("3.000001", "Đăng ký khai sinh"),
  };
  auto hits = search_catalog(catalog, "dang ky kinh doanh", 10);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].procedure->code == "2.001021");
  CHECK(hits[1].procedure->code == "2.001022");
  auto by_code = search_catalog(catalog, "3.000001", 10);
  REQUIRE(by_code.size() == 1);
  CHECK(by_code[0].procedure->name == "Đăng ký khai sinh");
  CHECK(search_catalog(catalog, "ĐĂNG KÝ", 10).size() == 3);
  CHECK(search_catalog(catalog, "kinh ho", 10).size() == 2); // every word, any order
  CHECK(search_catalog(catalog, "dang", 1).size() == 1);
  CHECK(search_catalog(catalog, "   ", 10).empty());
  CHECK(search_catalog(catalog, "xyz", 10).empty());
}

TEST_CASE("matches: agency, field code or words of the field name, online level, empty members do not filter") {
  Procedure full = proc("1", "Một");
  full.agency_code = "A1";
  full.field_code = "HT";
  full.field_name = "Hộ tịch";
  full.online = Online::full;
  Procedure none = proc("2", "Hai");
  none.agency_code = "A2";
  none.field_name = "Đất đai";
  none.online = Online::none;
  ProcedureFilter all;
  CHECK(matches(full, all));
  CHECK(matches(none, all));
  ProcedureFilter agency;
  agency.agency_code = "A1";
  CHECK(matches(full, agency));
  CHECK_FALSE(matches(none, agency));
  ProcedureFilter field;
  field.field = "ht";
  CHECK(matches(full, field)); // the code, case-blind
  field.field = "ho tich";
  CHECK(matches(full, field)); // words of the name, diacritic-blind
  CHECK_FALSE(matches(none, field));
  ProcedureFilter online;
  online.online = "any";
  CHECK(matches(full, online));
  CHECK_FALSE(matches(none, online));
  online.online = "none";
  CHECK_FALSE(matches(full, online));
  CHECK(matches(none, online));
  online.online = "partial";
  CHECK_FALSE(matches(full, online));
  CHECK(online_filter_names() == std::vector<std::string>{"full", "partial", "any", "none", "unknown"});
}
