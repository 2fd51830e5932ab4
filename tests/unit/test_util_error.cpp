#include <doctest/doctest.h>

#include <set>

#include "util/error.hpp"

using namespace motcua;

TEST_CASE("k_exit_statuses: every ErrorKind once, in order, each with a meaning") {
  std::set<int> codes;
  int previous = -1;
  for (const auto& s : k_exit_statuses) {
    CHECK(s.code > previous);
    previous = s.code;
    CHECK_FALSE(s.meaning.empty());
    codes.insert(s.code);
  }
  CHECK(codes.count(0) == 1);
  for (ErrorKind k : {ErrorKind::internal, ErrorKind::usage, ErrorKind::rejected, ErrorKind::input, ErrorKind::remote,
                      ErrorKind::locked, ErrorKind::cache, ErrorKind::findings})
    CHECK(codes.count(static_cast<int>(k)) == 1);
  CHECK(codes.size() == 9);
}
