#include "io/render.hpp"

#include <algorithm>

#include "io/csv_writer.hpp"
#include "io/text.hpp"

namespace motcua {

std::optional<OutputFormat> parse_output_format(std::string_view s) {
  if (s == "table") return OutputFormat::table;
  if (s == "json") return OutputFormat::json;
  if (s == "ndjson") return OutputFormat::ndjson;
  if (s == "csv") return OutputFormat::csv;
  if (s == "md") return OutputFormat::md;
  if (s == "html") return OutputFormat::html;
  return std::nullopt;
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string plain_text(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array() && std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); })) {
    std::string s;
    for (const auto& e : v) {
      if (!s.empty()) s += ',';
      s += e.get_ref<const std::string&>();
    }
    return s;
  }
  return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string clip(std::string_view s, size_t max) {
  if (max == 0) return "";
  if (display_width(s) <= max) return std::string(s);
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n > max - 1) break;
  return std::string(s.substr(0, i)) + "…";
}

void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& raw_rows,
                 const std::vector<bool>& right_aligned) {
  // Every cell escaped here, in the one table layout, so no caller can forget (a cell already
  // escaped stays as it is).
  std::vector<std::vector<std::string>> rows;
  rows.reserve(raw_rows.size());
  for (const auto& r : raw_rows) {
    std::vector<std::string>& cells = rows.emplace_back();
    cells.reserve(r.size());
    for (const auto& cell : r) cells.push_back(printable_for_terminal(cell));
  }
  std::vector<size_t> width;
  for (const auto& r : rows) {
    width.resize(std::max(width.size(), r.size()), 0);
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      size_t pad = width[i] - display_width(r[i]);
      bool last = i + 1 == r.size();
      if (i < right_aligned.size() && right_aligned[i]) line += std::string(pad, ' ') + r[i];
      else line += r[i] + (last ? "" : std::string(pad, ' '));
      if (!last) line += "  ";
    }
    out << line << '\n';
  }
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    auto u = static_cast<unsigned char>(c);
    // Control characters are not allowed in HTML text: C0 (but tab and line ends) and DEL are
    // shown as their Control Pictures symbol (U+2400..U+2421), C1 (U+0080..U+009F) as U+FFFD.
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
      unsigned cp = u == 0x7F ? 0x2421 : 0x2400 + u;
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
      continue;
    }
    if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

namespace {

const nlohmann::ordered_json& field(const nlohmann::ordered_json& obj, const std::string& key) {
  static const nlohmann::ordered_json null_value;
  auto it = obj.find(key);
  return it == obj.end() ? null_value : *it;
}

class JsonWriter final : public RowWriter {
public:
  JsonWriter(std::ostream& out, bool lines) : m_out(out), m_lines(lines) {}
  void row(const nlohmann::ordered_json& obj) override {
    std::string text = obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (m_lines) {
      m_out << text << '\n';
      return;
    }
    m_out << (m_first ? "[\n" : ",\n") << text;
    m_first = false;
  }
  void finish() override {
    if (!m_lines) m_out << (m_first ? "[]\n" : "\n]\n");
    m_out.flush();
  }

private:
  std::ostream& m_out;
  bool m_lines;
  bool m_first = true;
};

class CsvRowWriter final : public RowWriter {
public:
  CsvRowWriter(std::ostream& out, std::vector<Column> columns) : m_out(out), m_csv(out), m_columns(std::move(columns)) {
    for (const auto& c : m_columns) m_csv.name(c.key);
    m_csv.end_row();
  }
  void row(const nlohmann::ordered_json& obj) override {
    for (const auto& c : m_columns) m_csv.value(field(obj, c.key));
    m_csv.end_row();
  }
  void finish() override { m_out.flush(); }

private:
  std::ostream& m_out;
  CsvWriter m_csv;
  std::vector<Column> m_columns;
};

// Cells wider than this are cut with an ellipsis so one long name cannot wreck a table.
constexpr size_t k_max_cell = 60;

class TableWriter final : public RowWriter {
public:
  TableWriter(std::ostream& out, std::vector<Column> columns) : m_out(out), m_columns(std::move(columns)) {
    std::vector<std::string> head;
    for (const auto& c : m_columns) head.push_back(c.title);
    m_rows.push_back(std::move(head));
  }
  void row(const nlohmann::ordered_json& obj) override {
    std::vector<std::string> cells;
    for (const auto& c : m_columns) {
      const auto& v = field(obj, c.key);
      cells.push_back(clip(printable_for_terminal(plain_text(v)), k_max_cell)); // escaped first: clipped to what shows
      if (v.is_number()) m_numeric.resize(m_columns.size()), m_numeric[cells.size() - 1] = true;
    }
    m_rows.push_back(std::move(cells));
  }
  void finish() override {
    if (m_rows.size() == 1) {
      m_out.flush();
      return; // nothing found: say nothing on stdout, like grep
    }
    m_numeric.resize(m_columns.size());
    write_table(m_out, m_rows, m_numeric);
    m_out.flush();
  }

private:
  std::ostream& m_out;
  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
  std::vector<bool> m_numeric;
};

} // namespace

std::unique_ptr<RowWriter> make_row_writer(OutputFormat format, std::ostream& out, std::vector<Column> columns) {
  switch (format) {
  case OutputFormat::json: return std::make_unique<JsonWriter>(out, false);
  case OutputFormat::ndjson: return std::make_unique<JsonWriter>(out, true);
  case OutputFormat::csv: return std::make_unique<CsvRowWriter>(out, std::move(columns));
  default: return std::make_unique<TableWriter>(out, std::move(columns));
  }
}

void write_object(OutputFormat format, std::ostream& out, const nlohmann::ordered_json& obj) {
  switch (format) {
  case OutputFormat::json:
    out << obj.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  case OutputFormat::ndjson:
    out << obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  case OutputFormat::csv: {
    CsvWriter csv(out);
    csv.name("key").name("value").end_row();
    for (auto it = obj.begin(); it != obj.end(); ++it) csv.text(it.key()).value(it.value()).end_row();
    return;
  }
  default: {
    size_t w = 0;
    // Keys and values escaped: a remote name or code must not act on the terminal.
    for (auto it = obj.begin(); it != obj.end(); ++it) w = std::max(w, display_width(printable_for_terminal(it.key())));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string key = printable_for_terminal(it.key());
      std::string value = printable_for_terminal(it->is_object() ? it->dump() : plain_text(it.value()));
      out << key << ':' << std::string(w - display_width(key) + 1, ' ') << value << '\n';
    }
  }
  }
}

} // namespace motcua
