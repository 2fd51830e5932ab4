#pragma once
// The canonical dossier CSV (motcua-formats(5)): a header of canonical field names, in any order, and one
// dossier per row; exactly what `dossiers export --format csv` writes, so an export
// round-trips through `dossiers migrate` without a mapping. Cells are text: pauses and
// extensions hold their JSON arrays, fee digits, paid_online yes/no (or true/false, 1/0),
// an empty cell is an absent value. An `extra` column holds the unknown source fields as one
// JSON object (as export writes them): its members become extra fields, except canonical field
// names (those come from their own columns) which are dropped; an `extra` cell that is not a
// JSON object is kept as text, as an extra field named "extra". Other named columns are kept
// as extra fields (text). Unknown fields are never an error.
#include <array>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dossiers/dossier.hpp"
#include "io/csv.hpp"
#include "io/render.hpp"
#include "util/error.hpp"

namespace motcua {

inline constexpr size_t k_canonical_field_count = k_dossier_fields.size();

// The header name of a field (its canonical name).
std::string_view canonical_field_name(CanonicalField f);

// Where each field sits in a header.
struct CanonicalColumns {
  std::array<size_t, k_canonical_field_count> column{}; // SIZE_MAX when the header lacks it
  std::vector<std::pair<size_t, std::string>> extra;    // other named columns: index, name
  size_t extra_json = SIZE_MAX; // the `extra` column export writes: unknown source fields, a JSON object
  size_t expected_fields = 0;   // every row has as many as the header
};

// Binds a header row. A header lacking a required column (code, procedure_code, channel,
// status, received_at) or naming a column twice fails (ErrorKind::input), naming them and
// pointing legacy files to --mapping. Unnamed (empty) columns are ignored.
Result<CanonicalColumns> bind_canonical_columns(const CsvRecord& header, std::string_view source);

// Undoes the spreadsheet formula guard of CSV output (io/csv_writer.hpp): a cell that
// begins with ' followed by text needs_formula_guard() would guard loses that one quote;
// any other cell is as it is. guard then unguard gives back any value.
std::string_view unguard_formula(std::string_view cell);

// Writes dossiers as the canonical CSV (what `dossiers export --format csv` writes and
// dossier_from_csv_row reads back): a header of the fields in export order then `extra`, one
// row per dossier, pauses and extensions as JSON arrays, the unknown source fields as one
// JSON object in `extra`. Cells go through the one CSV renderer (quoting, formula guard).
class CanonicalCsvWriter {
public:
  // Writes the header.
  explicit CanonicalCsvWriter(std::ostream& out);
  // One row; without with_extra the `extra` cell stays empty (masked exports: unknown fields may hold personal data).
  void write(const Dossier& d, bool with_extra = true);
  // Flushes what the renderer holds.
  void finish();

private:
  std::unique_ptr<RowWriter> m_writer;
};

// One data row (of expected_fields fields) into d, reused so strings keep their capacity.
// Text cells are unguarded, then trimmed. Errors name the field and the value, with the
// messages of canonical JSON records.
Status dossier_from_csv_row(const CanonicalColumns& columns, const CsvRecord& row, Dossier& d);

} // namespace motcua
