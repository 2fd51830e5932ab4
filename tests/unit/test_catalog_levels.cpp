#include <doctest/doctest.h>

#include "catalog/levels.hpp"

using namespace motcua;

namespace {

Result<LevelMap> levels_of(const std::string& text) {
  MemoryStream in(text, SIZE_MAX, "levels.csv");
  return read_levels(in, "levels.csv");
}

} // namespace

TEST_CASE("levels: numbers, Decree 42 names and the old level names") {
  auto m = levels_of("code,level\n1.1,4\n1.2,3\n1.3,2\n1.4,toàn trình\n1.5,Một phần\n1.6,level 4\n1.7,none\n");
  REQUIRE(m);
  CHECK(m->size() == 7);
  CHECK(m->at("1.1").level == 4);
  CHECK(m->at("1.1").online == Online::full);
  CHECK(m->at("1.2").online == Online::partial);
  CHECK(m->at("1.3").online == Online::none);
  CHECK(m->at("1.4").online == Online::full);
  CHECK_FALSE(m->at("1.4").level);
  CHECK(m->at("1.5").online == Online::partial);
  CHECK(m->at("1.6").online == Online::full);
  CHECK(m->at("1.7").online == Online::none);
}

TEST_CASE("levels: a bad row or a repeated code refuses the whole file, naming the line") {
  auto bad = levels_of("1.1,4\n1.2,5\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("levels.csv:2: level '5'") != std::string::npos);
  auto twice = levels_of("1.1,4\n1.1,3\n");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message.find("listed twice") != std::string::npos);
  CHECK_FALSE(levels_of("1.1\n"));
}

TEST_CASE("levels: applied to the procedures listed, the others untouched") {
  std::vector<Procedure> ps(2);
  ps[0].code = "1.1";
  ps[0].online = Online::unknown;
  ps[1].code = "1.2";
  ps[1].online = Online::unknown;
  auto m = levels_of("1.1,4\n9.9,3\n");
  REQUIRE(m);
  CHECK(apply_levels(ps, *m) == 1);
  CHECK(ps[0].online == Online::full);
  CHECK(ps[0].level == 4);
  CHECK(ps[1].online == Online::unknown);
}
