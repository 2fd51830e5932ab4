#include <doctest/doctest.h>

#include "audit/on_time.hpp"

using namespace motcua;

TEST_CASE("on_time_rate divides early + on time by every resolved dossier") {
  CHECK(on_time_rate(1, 0, 1) == doctest::Approx(1.0));
  CHECK(on_time_rate(0, 1, 2) == doctest::Approx(0.5)); // the other one could not be judged: it counts against
  CHECK(on_time_rate(3, 1, 5) == doctest::Approx(0.8));
  CHECK_FALSE(on_time_rate(0, 0, 0).has_value()); // a rate over nothing is null, not 0 or 1
}

TEST_CASE("judged_resolution: only early, on time and late carry a deadline judgement") {
  CHECK(judged_resolution(DossierState::early));
  CHECK(judged_resolution(DossierState::on_time));
  CHECK(judged_resolution(DossierState::late));
  CHECK_FALSE(judged_resolution(DossierState::unknown));
  CHECK_FALSE(judged_resolution(DossierState::invalid));
}
