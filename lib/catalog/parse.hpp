#pragma once
// Reading procedure catalogs: canonical JSON / NDJSON / CSV and the national
// portal's procedure JSON (dvcqg), into Procedures plus reported rejects.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/procedure.hpp"
#include "io/input_format.hpp"
#include "io/rejects.hpp"
#include "io/source.hpp"
#include "io/stream.hpp"
#include "io/xlsx.hpp"
#include "util/error.hpp"

namespace motcua {

// Picks the format: the layout by io/input_format.hpp detect_input_format, then for a JSON document
// canonical or national (dvcqg) records by its first record; an empty or ambiguous source is an error, never a guess.
Result<InputFormat> detect_format(std::string_view source_name, std::string_view text);

// Opens a source (page) again from its first byte: the collector reads it more than once.
using StreamOpener = std::function<Result<std::unique_ptr<ByteStream>>()>;

// Accumulates procedures over every source (and page) of one import, rejecting
// invalid records and later duplicates of a code.
class CatalogCollector {
public:
  // Reads one source: checked whole (UTF-8, JSON syntax and depth) keeping nothing, then
  // parsed record by record, so memory holds one record (at most 1 MiB), never the source.
  // Error (exit 4) only when the source as a whole cannot be read; nothing is collected then.
  Status add_stream(const StreamOpener& open, InputFormat format, const std::string& source_name);
  // One fetched or local page: an Excel workbook (told by its zip bytes, or format xlsx) is read
  // from `sheet` (a name, a number from 1, or empty for the first), a legacy .xls refused with
  // how to convert it; anything else goes to add_stream.
  Status add_page(const SourcePage& page, InputFormat format, std::string_view sheet);
  // One sheet of a workbook: the first non-empty row is the header (the canonical field names,
  // as in CSV), each later row one procedure, its line the sheet's row number.
  Status add_xlsx(const XlsxSource& source, std::string_view sheet, const std::string& source_name);
  // The same for a text in memory (tests, small inputs).
  Status add_text(std::string_view text, InputFormat format, const std::string& source_name);

  // --delimiter / --tsv: CSV sources are split on it instead of the delimiter their header suggests.
  void set_delimiter(std::optional<char> delimiter) { m_delimiter = delimiter; }

  const std::vector<Procedure>& procedures() const { return m_procedures; }
  // For what the import adds after reading (the levels of --levels).
  std::vector<Procedure>& procedures() { return m_procedures; }
  const std::vector<Reject>& rejects() const { return m_rejects; }
  // Codes of rejected records that named one: still in the source, so a snapshot must not withdraw them.
  const std::unordered_set<std::string>& rejected_codes() const { return m_rejected_codes; }
  std::int64_t read() const { return m_read; }

private:
  void add_record(Result<Procedure> record, const std::string& source, std::int64_t pos, bool is_line,
                  std::string_view original, std::string code_hint = {});
  // `decide_by_record`: the first record tells canonical from national (auto-detected, large source).
  Status add_json_records(ByteStream& in, InputFormat format, bool decide_by_record, const std::string& source);
  Status add_ndjson(ByteStream& in, const std::string& source);
  void add_ndjson_line(std::string_view line, std::int64_t line_no, const std::string& source);
  // `head`: the first bytes, whose first line picks the delimiter.
  Status add_csv(ByteStream& in, std::string_view head, const std::string& source);

  std::vector<Procedure> m_procedures;
  std::vector<Reject> m_rejects;
  std::unordered_map<std::string, std::string> m_first_seen; // code → where it was first read
  std::unordered_set<std::string> m_rejected_codes;
  std::int64_t m_read = 0;
  std::optional<char> m_delimiter;
};

} // namespace motcua
