#include "catalog/levels.hpp"

#include "io/csv.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

// A level cell: a number 1-4 keeps the number, a name gives the online level alone.
std::optional<LevelSetting> level_of(std::string_view text) {
  text = trim(text);
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '4') {
    int l = text[0] - '0';
    return LevelSetting{l, online_from_level(l)};
  }
  auto online = parse_online_alias(text);
  if (!online) return std::nullopt;
  return LevelSetting{std::nullopt, *online};
}

} // namespace

Result<LevelMap> read_levels(ByteStream& in, const std::string& name) {
  LevelMap out;
  CsvReader csv(in);
  CsvRecord row;
  bool first = true;
  while (csv.next(row)) {
    std::string where = name + ":" + std::to_string(row.line());
    if (!row.ok()) return make_error(ErrorKind::input, where + ": " + row.error().message);
    if (row.size() < 2)
      return make_error(ErrorKind::input,
                        where + ": expected code,level (e.g. 1.001612,4), got " + std::string(row.raw().substr(0, 80)));
    std::string code(trim(row[0]));
    if (first && fold_for_search(code) == "code") { // the header
      first = false;
      continue;
    }
    first = false;
    if (code.empty()) return make_error(ErrorKind::input, where + ": empty procedure code");
    auto setting = level_of(row[1]);
    if (!setting)
      return make_error(ErrorKind::input, where + ": level '" + std::string(trim(row[1]).substr(0, 80)) +
                                              "' is not 1-4, full (toàn trình), partial (một phần) or none");
    if (!out.emplace(code, *setting).second)
      return make_error(ErrorKind::input, where + ": procedure '" + code + "' is listed twice");
  }
  if (!csv.status()) return csv.status().error();
  return out;
}

std::size_t apply_levels(std::vector<Procedure>& procedures, const LevelMap& levels) {
  std::size_t n = 0;
  for (auto& p : procedures) {
    auto it = levels.find(p.code);
    if (it == levels.end()) continue;
    p.level = it->second.level; // a name alone clears a number that would contradict it
    p.online = it->second.online;
    ++n;
  }
  return n;
}

} // namespace motcua
