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
