#include "io/csv_writer.hpp"

#include "io/render.hpp"

namespace motcua {

namespace {

// UTF-8 of the full-width forms U+FF0B ＋, U+FF0D －, U+FF1D ＝ and U+FF20 ＠: EF BC 8B/8D/9D/A0.
bool starts_full_width_formula(std::string_view s) {
  if (s.size() < 3 || static_cast<unsigned char>(s[0]) != 0xEF || static_cast<unsigned char>(s[1]) != 0xBC)
    return false;
  auto c = static_cast<unsigned char>(s[2]);
  return c == 0x8B || c == 0x8D || c == 0x9D || c == 0xA0;
}

std::string quote(std::string_view s, CsvQuoting quoting) {
  if (quoting == CsvQuoting::minimal && s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

bool g_csv_utf8_bom = false;

} // namespace

void set_csv_utf8_bom(bool on) { g_csv_utf8_bom = on; }
bool csv_utf8_bom() { return g_csv_utf8_bom; }

bool needs_formula_guard(std::string_view s) {
  size_t i = s.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  char c = s[i];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
         starts_full_width_formula(s.substr(i));
}

std::string csv_field(std::string_view text, CsvQuoting quoting) {
  if (!needs_formula_guard(text)) return quote(text, quoting);
  std::string guarded = "'";
  guarded += text;
  return quote(guarded, quoting);
}

std::string csv_cell(const nlohmann::ordered_json& v) {
  // Only strings are guarded: a negative number is data, not a formula.
  if (v.is_string()) return csv_field(v.get_ref<const std::string&>());
  return quote(plain_text(v), CsvQuoting::minimal);
}

void CsvWriter::separate() {
  if (m_bom_pending) m_out << k_utf8_bom, m_bom_pending = false;
  if (m_row_started) m_out << ',';
  m_row_started = true;
}

CsvWriter& CsvWriter::name(std::string_view column) {
  separate();
  m_out << csv_field(column, CsvQuoting::minimal);
  return *this;
}

CsvWriter& CsvWriter::text(std::string_view cell) {
  separate();
  m_out << csv_field(cell, m_quoting);
  return *this;
}

CsvWriter& CsvWriter::value(const nlohmann::ordered_json& cell) {
  separate();
  if (m_quoting == CsvQuoting::all && !cell.is_string()) m_out << quote(plain_text(cell), m_quoting);
  else if (cell.is_string()) m_out << csv_field(cell.get_ref<const std::string&>(), m_quoting);
  else m_out << csv_cell(cell);
  return *this;
}

void CsvWriter::end_row() {
  if (m_bom_pending) m_out << k_utf8_bom, m_bom_pending = false;
  m_out << "\r\n";
  m_row_started = false;
}

} // namespace motcua
