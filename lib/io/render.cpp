#include "io/render.hpp"

#include <algorithm>

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

bool needs_formula_guard(std::string_view s) {
  size_t i = s.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  char c = s[i];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string csv_cell(const nlohmann::ordered_json& v) {
  std::string s = plain_text(v);
  if (v.is_string() && needs_formula_guard(s)) s.insert(s.begin(), '\'');
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
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

class CsvWriter final : public RowWriter {
public:
  CsvWriter(std::ostream& out, std::vector<Column> columns) : m_out(out), m_columns(std::move(columns)) {
    for (size_t i = 0; i < m_columns.size(); ++i) m_out << (i ? "," : "") << csv_cell(m_columns[i].key);
    m_out << "\r\n";
  }
  void row(const nlohmann::ordered_json& obj) override {
    for (size_t i = 0; i < m_columns.size(); ++i) m_out << (i ? "," : "") << csv_cell(field(obj, m_columns[i].key));
    m_out << "\r\n";
  }
  void finish() override { m_out.flush(); }

private:
  std::ostream& m_out;
  std::vector<Column> m_columns;
};

// Cells wider than this are cut with an ellipsis so one long name cannot wreck a table.
constexpr size_t k_max_cell = 60;

std::string clip(std::string s) {
  if (display_width(s) <= k_max_cell) return s;
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n > k_max_cell - 1) break;
  return s.substr(0, i) + "…";
}

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
      cells.push_back(clip(plain_text(v)));
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
    std::vector<size_t> width(m_columns.size(), 0);
    for (const auto& r : m_rows)
      for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
    for (const auto& r : m_rows) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i) {
        size_t pad = width[i] - display_width(r[i]);
        bool last = i + 1 == r.size();
        if (m_numeric[i]) line += std::string(pad, ' ') + r[i];
        else line += r[i] + (last ? "" : std::string(pad, ' '));
        if (!last) line += "  ";
      }
      m_out << line << '\n';
    }
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
  case OutputFormat::csv: return std::make_unique<CsvWriter>(out, std::move(columns));
  default: return std::make_unique<TableWriter>(out, std::move(columns));
  }
}

void write_object(OutputFormat format, std::ostream& out, const nlohmann::ordered_json& obj) {
  switch (format) {
  case OutputFormat::json: out << obj.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n'; return;
  case OutputFormat::ndjson: out << obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n'; return;
  case OutputFormat::csv: {
    out << "key,value\r\n";
    for (auto it = obj.begin(); it != obj.end(); ++it) out << csv_cell(it.key()) << ',' << csv_cell(it.value()) << "\r\n";
    return;
  }
  default: {
    size_t w = 0;
    for (auto it = obj.begin(); it != obj.end(); ++it) w = std::max(w, display_width(it.key()));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string value = it->is_object() ? it->dump() : plain_text(it.value());
      out << it.key() << ':' << std::string(w - display_width(it.key()) + 1, ' ') << value << '\n';
    }
  }
  }
}

} // namespace motcua
