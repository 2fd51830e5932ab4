#pragma once
// The one rendering layer: commands hand over rows or an object, and the
// chosen --format decides how they look on the stream.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua {

enum class OutputFormat { table, json, ndjson, csv, md, html };

std::optional<OutputFormat> parse_output_format(std::string_view s);

// One column of a row listing: the JSON key and the heading people read.
struct Column {
  std::string key;
  std::string title;
};

// Streams a listing; table output buffers to align, the others write row by row.
class RowWriter {
public:
  virtual ~RowWriter() = default;
  virtual void row(const nlohmann::ordered_json& object) = 0;
  virtual void finish() = 0;
};

// A writer for table, json (one array), ndjson or csv; md falls back to table.
std::unique_ptr<RowWriter> make_row_writer(OutputFormat format, std::ostream& out, std::vector<Column> columns);

// Writes one object: JSON as is, ndjson on one line, csv as key,value rows, table as aligned key: value lines
// (control characters escaped by printable_for_terminal).
void write_object(OutputFormat format, std::ostream& out, const nlohmann::ordered_json& object);

// A JSON value as plain text for tables (null → "", strings unquoted).
std::string plain_text(const nlohmann::ordered_json& value);
// Display width in terminal columns (code points; NFC Vietnamese has no zero-width marks).
size_t display_width(std::string_view utf8);
// Text cut to at most `max` display columns, the last one an ellipsis, so one long name
// cannot wreck a table or a chart label.
std::string clip(std::string_view utf8, size_t max);
// The one aligned-table layout of terminal output: columns two spaces apart, right-aligned
// where `right_aligned[i]` says (numbers), a left-aligned last column without trailing blanks;
// every cell goes through printable_for_terminal.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<bool>& right_aligned);
// Text made safe inside HTML and SVG elements and attribute values (& < > " '); control
// characters, which HTML forbids, become visible symbols (C0 and DEL) or U+FFFD (C1).
std::string html_escape(std::string_view text);

} // namespace motcua
