#pragma once
// The legacy CSV mapping file of motcua-mapping(5): which column (or constant) feeds each
// canonical dossier field, with value maps, date formats, trimming and defaults.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dossiers/dossier.hpp"
#include "dossiers/validate.hpp"
#include "io/csv.hpp"
#include "io/decode.hpp"
#include "util/date_format.hpp"
#include "util/error.hpp"

namespace motcua {

// Heterogeneous lookup so a CSV cell (string_view) finds its value without a copy.
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Where one field's value comes from and how the raw text becomes a value.
struct FieldRule {
  std::string key;          // "fields.channel", for messages
  std::string column_name;  // header name; empty for a constant or an index
  size_t column = SIZE_MAX; // 0-based, resolved from the header or given 1-based
  std::optional<std::string> constant;
  bool has_values = false;
  std::unordered_map<std::string, std::optional<std::string>, TransparentHash, std::equal_to<>>
      values; // nullopt: empty
  // The same keys folded (io/text fold_for_search: case, diacritics, spaces), so "ĐÃ TRẢ" finds
  // "Đã trả"; empty when "exact": true asks for byte-for-byte matching (after NFC).
  std::unordered_map<std::string, std::optional<std::string>, TransparentHash, std::equal_to<>> folded_values;
  bool exact = false;
  std::optional<std::string> other;     // "other": the value of a cell that is not in `values`
  std::vector<DateFormat> date_formats; // "date_format": one pattern or a list, tried in order
  bool trim = true;
  std::optional<std::string> default_value;
  // Column description for messages: `column HINH_THUC` or `column 4`.
  std::string describe() const;
};

// Canonical fields a mapping can fill, in a fixed order.
enum class MappedField {
  code,
  procedure_code,
  agency_code,
  channel,
  status,
  received_at,
  due_at,
  resolved_at,
  returned_at,
  applicant_name,
  applicant_id,
  fee,
  paid_online,
  pause_from,
  pause_to,
  pause_reason,
  extension_apology_at,
  extension_new_due_at,
  extension_reason,
};
inline constexpr size_t k_mapped_field_count = 19;

struct MappingInput {
  Encoding encoding = Encoding::auto_detect;
  char delimiter = ',';
  bool delimiter_set = false; // input.delimiter given: a canonical header is then still read with it
  bool header = true;
  std::string sheet; // input.sheet of an Excel workbook: a name or a 1-based number; empty: the first
};

struct Mapping {
  std::string name; // the mapping file, for messages
  MappingInput input;
  std::array<std::optional<FieldRule>, k_mapped_field_count> fields;
  size_t expected_fields = 0; // field count of a good row (the header's), once known

  const std::optional<FieldRule>& rule(MappedField f) const { return fields[static_cast<size_t>(f)]; }
};

// Parses and checks a mapping file's JSON; errors (ErrorKind::input, exit 4) name the key.
Result<Mapping> parse_mapping(std::string_view json_text, const std::string& name);
// Reads and parses a mapping file.
Result<Mapping> load_mapping(const std::string& path);

// Resolves column names against the header row; a missing column is ErrorKind::input naming
// it and listing the header. Without a header, checks indexes against the first row instead.
Status bind_columns(Mapping& mapping, const CsvRecord& first_row, std::string_view source);

// Fills d (reused between rows to keep allocations down) from one CSV row. The error names
// the field, the column and the raw value. The caller has checked the field count.
Status map_record(const Mapping& mapping, const CsvRecord& row, Dossier& d);
// The same, reading every field even after one fails: each problem's message is appended to
// `reasons` (when given), in field order; the Status is the first.
Status map_record(const Mapping& mapping, const CsvRecord& row, Dossier& d, std::vector<std::string>* reasons);

} // namespace motcua
