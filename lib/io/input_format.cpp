#include "io/input_format.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "io/json_stream.hpp"

namespace motcua {

namespace {

constexpr std::array<std::pair<std::string_view, InputFormat>, 6> k_formats = {{
    {"auto", InputFormat::auto_detect},
    {"json", InputFormat::json},
    {"ndjson", InputFormat::ndjson},
    {"csv", InputFormat::csv},
    {"dvcqg", InputFormat::dvcqg},
    {"xlsx", InputFormat::xlsx},
}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view trim_cell(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// True when a header line names a `code` column (split on ',', ';', tab or '|');
// a line without either is no CSV header.
bool header_names_code(std::string_view line) {
  for (char delimiter : {',', ';', '\t', '|'}) {
    if (line.find(delimiter) == std::string_view::npos) continue;
    for (size_t from = 0; from <= line.size();) {
      size_t end = std::min(line.find(delimiter, from), line.size());
      if (trim_cell(line.substr(from, end - from)) == "code") return true;
      from = end + 1;
    }
  }
  return false;
}

} // namespace

std::optional<InputFormat> parse_input_format(std::string_view s) {
  for (const auto& [name, f] : k_formats)
    if (name == s) return f;
  return std::nullopt;
}

std::string_view input_format_name(InputFormat f) {
  for (const auto& [name, g] : k_formats)
    if (g == f) return name;
  return "auto";
}

std::vector<std::string> input_format_names() {
  std::vector<std::string> out;
  for (const auto& [name, f] : k_formats) out.emplace_back(name);
  return out;
}

std::optional<InputFormat> detect_input_format(std::string_view name, std::string_view head) {
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4) || ends_with(name, ".xlsx")) return InputFormat::xlsx;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (ends_with(name, ".ndjson") || ends_with(name, ".jsonl")) return InputFormat::ndjson;
  if (ends_with(name, ".csv")) return InputFormat::csv;
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return InputFormat::ndjson;
  char c = head[first];
  if (c == '[') return InputFormat::json;
  if (c == '{') {
    size_t eol = head.find('\n', first);
    if (eol == std::string_view::npos || head.find_first_not_of(" \t\r\n", eol) == std::string_view::npos)
      return InputFormat::json;                                                   // one line at most: one document
    if (json_too_deep(head.substr(first, eol - first))) return InputFormat::json; // its checks say why
    auto line = nlohmann::json::parse(head.substr(first, eol - first), nullptr, false);
    return !line.is_discarded() && line.is_object() ? InputFormat::ndjson : InputFormat::json;
  }
  size_t eol = head.find('\n', first);
  std::string_view line = head.substr(first, eol == std::string_view::npos ? std::string_view::npos : eol - first);
  if (header_names_code(line)) return InputFormat::csv;
  return std::nullopt;
}

} // namespace motcua
