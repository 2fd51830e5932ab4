#pragma once
// The one CSV writer of every CSV output (listings, exports, stats, snapshots, rejects):
// RFC 4180 quoting, CRLF line ends, and a spreadsheet formula guard that readers can undo.
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace motcua {

// Text that the writer prefixes with ': after any leading ', it starts with = + - @ TAB or CR,
// or with their full-width forms ＝ ＋ － ＠ (spreadsheets read those as formulas too). Stripping
// leading ' never changes the answer, so removing one ' from a guarded cell always gives the value
// back (canonical CSV input does that, see dossiers/canonical_csv.hpp unguard_formula).
bool needs_formula_guard(std::string_view text);

// Whether cells are quoted only when they must be (delimiter, quote, line break) or always.
enum class CsvQuoting { minimal, all };

// One text cell: formula guard applied, then quoted as `quoting` says.
std::string csv_field(std::string_view text, CsvQuoting quoting = CsvQuoting::minimal);
// A JSON value as one cell: strings guarded, numbers and booleans as text, arrays and objects as JSON.
std::string csv_cell(const nlohmann::ordered_json& value);

// Whether CSV outputs start with a UTF-8 byte order mark (global --bom): Excel on Windows reads
// a CSV without one in the ANSI code page and garbles Vietnamese. Set once by the command line,
// before any output; every CsvWriter constructed afterwards follows it (the one owner of the BOM).
void set_csv_utf8_bom(bool on);
bool csv_utf8_bom();
// The UTF-8 byte order mark, as written (and as CSV readers skip it).
inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

// Writes rows cell by cell; end_row() writes CRLF. The stream's state carries write errors.
// With the BOM setting on, the first byte written is the BOM.
class CsvWriter {
public:
  explicit CsvWriter(std::ostream& out, CsvQuoting quoting = CsvQuoting::minimal)
      : m_out(out), m_quoting(quoting), m_bom_pending(csv_utf8_bom()) {}
  // A header cell: a column name, quoted only when it must be whatever the quoting.
  CsvWriter& name(std::string_view column);
  // A text cell (guarded, quoted as needed).
  CsvWriter& text(std::string_view cell);
  // A JSON value cell (see csv_cell; with CsvQuoting::all its text is quoted too).
  CsvWriter& value(const nlohmann::ordered_json& cell);
  // Ends the row with CRLF.
  void end_row();

private:
  void separate();
  std::ostream& m_out;
  CsvQuoting m_quoting;
  bool m_row_started = false;
  bool m_bom_pending;
};

} // namespace motcua
