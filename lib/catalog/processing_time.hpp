#pragma once
// Which of a procedure's published processing times a dossier is judged by, and how the national
// catalog's description of an entry (MOTA) names a channel (motcua-deadlines(7), "1. The processing time").
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "catalog/procedure.hpp"
#include "util/error.hpp"

namespace motcua {

// The channel a description names, read folded (any case, with or without diacritics): "trực tuyến",
// "qua mạng", "online" → online; "trực tiếp", "direct" → direct; "bưu chính", "bưu điện", "postal" → postal.
// nullopt when it names none, or more than one ("trực tiếp hoặc trực tuyến"): then the entry's channel
// comes from where the source lists it.
std::optional<Channel> channel_from_description(std::string_view text);

// A rough length in calendar days, only to order entries of different units: a working day is 7/5 days,
// a working hour an eighth of a working day, a month 31 days.
double approximate_days(double time, ProcessingUnit unit);

// The longest of `entries` (the first of equal ones); `entries` must not be empty.
const ProcessingTime& longest_processing_time(const std::vector<ProcessingTime>& entries);

// The entry that decides the legal due time of a dossier filed through `channel`: the longest of the
// procedure's processing_times for that channel, else the longest of them all; a procedure without
// processing_times has one, processing_time/unit.
ProcessingTime processing_time_for(const Procedure& p, Channel channel);

// processing_times as JSON, [{"time":3,"unit":"working_days","channel":"online","description":"…"}] (channel
// and description null when absent): the cache column, the JSON exports and the CSV cell.
nlohmann::ordered_json processing_times_json(const std::vector<ProcessingTime>& entries);
// The reverse, checking each entry like a processing_time/unit; the error names the entry and the field.
Result<std::vector<ProcessingTime>> processing_times_from_json(const nlohmann::json& value);
// The cache column: that JSON compact, "" for no entries (stored as NULL); and back.
std::string processing_times_text(const std::vector<ProcessingTime>& entries);
Result<std::vector<ProcessingTime>> processing_times_from_text(std::string_view text);

} // namespace motcua
