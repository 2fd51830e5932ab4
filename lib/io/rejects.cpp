#include "io/rejects.hpp"

#include <algorithm>

namespace motcua {

std::string describe_position(const Reject& r) {
  if (r.is_line) return r.source + ":" + std::to_string(r.position);
  return r.source + " record " + std::to_string(r.position);
}

void RejectsWriter::write(const Reject& r) {
  if (!m_header_done) {
    m_csv.name("source").name("position").name("reason").name("record").name("reasons").end_row();
    m_header_done = true;
  }
  m_csv.text(r.source)
      .text((r.is_line ? "line " : "record ") + std::to_string(r.position))
      .text(r.reason)
      .text(r.original);
  if (r.reasons.empty()) {
    m_csv.text(r.reason);
  } else {
    std::string all;
    for (const auto& x : r.reasons) all += (all.empty() ? "" : " | ") + x;
    m_csv.text(all);
  }
  m_csv.end_row();
}

std::string reason_kind(std::string_view reason) {
  std::string_view s = reason;
  size_t value = s.find(": value '");
  if (value != std::string_view::npos && s.find("is not in the mapping's values") != std::string_view::npos)
    return std::string(s.substr(0, value)) + ": value not in the mapping's values";
  size_t got = s.find(", got ");
  if (got != std::string_view::npos) return std::string(s.substr(0, got));
  size_t paren = s.find(" (");
  if (paren != std::string_view::npos) return std::string(s.substr(0, paren));
  return std::string(s.substr(0, 200));
}

void RejectSummary::add(const Reject& r) {
  auto count = [&](const std::string& reason) {
    std::string kind = reason_kind(reason);
    auto [it, added] = m_index.emplace(kind, m_entries.size());
    if (added) m_entries.push_back({kind, 0, describe_position(r)});
    ++m_entries[it->second].count;
  };
  if (r.reasons.empty()) count(r.reason);
  for (const auto& x : r.reasons) count(x);
}

std::vector<RejectSummary::Entry> RejectSummary::entries() const {
  std::vector<Entry> out = m_entries;
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.count > b.count; });
  return out;
}

} // namespace motcua
