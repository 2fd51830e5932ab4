#include <doctest/doctest.h>

#include "dossiers/agencies.hpp"

using namespace motcua;

TEST_CASE("agencies: a code resolves to itself, a name to its code, whatever its case and diacritics") {
  AgencyNames a;
  CHECK(a.empty());
  a.add("000.00.24.H99", "UBND quận Hải Châu");
  a.add("000.00.25.H99", "Sở Tư pháp");
  CHECK(a.resolve("000.00.24.H99") == "000.00.24.H99");
  CHECK(a.resolve(" ubnd quan hai chau ") == "000.00.24.H99");
  CHECK(a.resolve("SỞ TƯ PHÁP") == "000.00.25.H99");
  CHECK_FALSE(a.resolve("Sở Tư pháp thành phố"));
  CHECK_FALSE(a.resolve(""));
}

TEST_CASE("agencies: one name for two codes resolves to neither") {
  AgencyNames a;
  a.add("A1", "Phòng Tư pháp");
  a.add("A2", "Phong tu phap");
  a.add("A1", "Phòng Tư pháp"); // the same pair again is no ambiguity
  CHECK_FALSE(a.resolve("Phòng Tư pháp"));
  CHECK(a.resolve("A2") == "A2");
}

TEST_CASE("agencies: what reads as a code") {
  CHECK(looks_like_agency_code("000.00.24.H56"));
  CHECK(looks_like_agency_code("H56-01"));
  CHECK_FALSE(looks_like_agency_code("UBND"));
  CHECK_FALSE(looks_like_agency_code("UBND quận 1"));
  CHECK_FALSE(looks_like_agency_code("Sở Tư pháp"));
  CHECK_FALSE(looks_like_agency_code(""));
}
