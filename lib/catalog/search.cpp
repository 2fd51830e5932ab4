#include "catalog/search.hpp"

#include <algorithm>

#include "io/text.hpp"

namespace motcua {

const std::vector<std::string>& online_filter_names() {
  static const std::vector<std::string> names = {"full", "partial", "any", "none", "unknown"};
  return names;
}

bool matches(const Procedure& p, const ProcedureFilter& o) {
  if (!o.agency_code.empty() && p.agency_code != o.agency_code) return false;
  if (!o.field.empty()) {
    std::string f = fold_for_search(o.field);
    if (fold_for_search(p.field_code) != f && fold_for_search(p.field_name).find(f) == std::string::npos) return false;
  }
  if (o.online == "any") return is_provided_online(p.online);
  if (auto wanted = parse_online_alias(o.online)) return p.online == *wanted;
  return true;
}

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_word_boundary(std::string_view s, size_t pos) { return pos == 0 || s[pos - 1] == ' '; }

// Scores one procedure: exact code, then whole phrase, then every word present.
int score(const Procedure& p, const std::string& q, const std::vector<std::string_view>& q_words) {
  std::string code = fold_for_search(p.code);
  if (code == q) return 1000;
  std::string name = fold_for_search(p.name);
  if (name == q) return 900;
  int s = 0;
  if (code.rfind(q, 0) == 0) s = 800;
  size_t at = name.find(q);
  if (at != std::string::npos) s = std::max(s, at == 0 ? 700 : (is_word_boundary(name, at) ? 600 : 500));
  if (s > 0) return s - static_cast<int>(std::min<size_t>(name.size(), 99)); // shorter names rank first
  int found = 0;
  for (auto w : q_words) {
    size_t pos = name.find(w);
    while (pos != std::string::npos && !is_word_boundary(name, pos)) pos = name.find(w, pos + 1);
    if (pos != std::string::npos) ++found;
  }
  if (found == static_cast<int>(q_words.size()) && found > 0)
    return 300 - static_cast<int>(std::min<size_t>(name.size(), 99));
  return 0;
}

} // namespace

std::vector<SearchHit> search_catalog(const std::vector<Procedure>& catalog, std::string_view query, size_t limit) {
  std::string q = fold_for_search(query);
  std::vector<SearchHit> hits;
  if (q.empty()) return hits;
  auto q_words = words(q);
  for (const auto& p : catalog)
    if (int s = score(p, q, q_words); s > 0) hits.push_back({&p, s});
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.procedure->code < b.procedure->code;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

} // namespace motcua
