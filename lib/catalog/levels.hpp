#pragma once
// The online level of procedures from a separate list: the national LayThuTuc record does not
// carry MUCDO, the level is published apart (catalog import --levels FILE, motcua-formats(5)).
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/procedure.hpp"
#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// One row of a levels file: the pre-2022 level when the row gave a number, and the online level.
struct LevelSetting {
  std::optional<int> level;
  Online online = Online::unknown;
};
using LevelMap = std::unordered_map<std::string, LevelSetting>;

// Reads a CSV of code,level (an optional header row `code,level`): level is 1-4, full/partial/none,
// "toàn trình"/"một phần" or "level 4"/"mức 4". The whole file is refused (ErrorKind::input) on a
// bad row or a code given twice, naming the line and value: a half-applied list would mislead.
Result<LevelMap> read_levels(ByteStream& in, const std::string& name);
// Sets level and online of every procedure listed; returns how many were set.
std::size_t apply_levels(std::vector<Procedure>& procedures, const LevelMap& levels);

} // namespace motcua
