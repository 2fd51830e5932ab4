#pragma once
// A procedure (thủ tục hành chính) as the catalog holds it: a plain struct;
// JSON and SQL are conversions at the edges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dossiers/dossier.hpp"
#include "util/error.hpp"

namespace motcua {

// Online service level since Decree 42/2022: toàn trình (full, the former level 4), một phần
// (partial, level 3), none; unknown when the source does not publish it (national LayThuTuc).
enum class Online { full, partial, none, unknown };
// How processing_time is counted (motcua-deadlines(7)).
enum class ProcessingUnit { working_days, working_hours, calendar_days, months };

// One published processing time of a procedure (a national THOIGIAN entry): the catalog may give one per
// channel and case; catalog/processing_time picks the one a dossier is judged by.
struct ProcessingTime {
  double time = 0;
  ProcessingUnit unit = ProcessingUnit::working_days;
  std::optional<Channel> channel; // the channel it applies to; nullopt when the source does not say
  std::string description;        // the source's words for it (MOTA), "" when none

  bool operator==(const ProcessingTime&) const = default;
};

struct Procedure {
  std::string code;
  std::string name;
  std::string agency_code; // empty when absent
  std::string agency_name;
  std::string field_code;
  std::string field_name;
  std::optional<int> level;
  Online online = Online::none;
  double processing_time = 0;
  ProcessingUnit processing_unit = ProcessingUnit::working_days;
  // Every published entry when the source gives more than one (processing_time/unit is then the longest);
  // empty when processing_time/unit is the only one.
  std::vector<ProcessingTime> processing_times;
  std::optional<std::int64_t> fee;
  std::string extra; // unknown source fields as compact JSON ("" when none)

  bool operator==(const Procedure&) const = default;
};

std::string_view online_name(Online o);
std::optional<Online> parse_online(std::string_view s);
// parse_online, and the other names users write: "toàn trình"/"toan trinh"/"4"/"level 4" (full),
// "một phần"/"3"/"level 3" (partial), "1"/"2" (none), any case and diacritics.
std::optional<Online> parse_online_alias(std::string_view s);
// Whether a procedure is provided online (full or partial); unknown is not.
inline bool is_provided_online(Online o) { return o == Online::full || o == Online::partial; }
std::string_view unit_name(ProcessingUnit u);
std::optional<ProcessingUnit> parse_unit(std::string_view s);
// The default online level for a pre-2022 level (motcua-formats(5)): 4 full, 3 partial, else none.
Online online_from_level(std::optional<int> level);

// A finite number written as text (a CSV cell, a national-format string), trimmed; nullopt unless the whole text is
// one.
std::optional<double> number_from_text(std::string_view text);

// The canonical JSON object of motcua-formats(5) (absent fields are null).
nlohmann::ordered_json to_json(const Procedure& p);
// Validates one canonical record; `lenient` accepts numbers written as text (CSV cells).
// The error message names the field and the offending value.
Result<Procedure> procedure_from_json(const nlohmann::json& record, bool lenient);

} // namespace motcua
