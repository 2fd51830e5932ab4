#include "calendar/calendar_file.hpp"

#include "io/json_stream.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace motcua {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> k_weekday_keys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Error input_error(std::string_view origin, const std::string& what) {
  return make_error(ErrorKind::input, std::string(origin) + ": " + what + " (see man 5 motcua-formats, CALENDAR FILE)");
}

// A JSON value as it appeared, for messages ("2018-02-30", 42, null).
std::string quoted(const json& value) { return value.dump(); }

Result<std::vector<Interval>> parse_weekday_hours(const json& value, std::string_view origin, std::string_view key) {
  const std::string where = "work_hours." + std::string(key);
  if (!value.is_array())
    return input_error(origin, where + " must be an array of \"HH:MM-HH:MM\" strings, got " + quoted(value));
  std::vector<std::pair<Interval, size_t>> intervals;
  for (size_t j = 0; j < value.size(); ++j) {
    const json& item = value[j];
    const std::string at = where + "[" + std::to_string(j) + "]";
    if (!item.is_string()) return input_error(origin, at + ": expected \"HH:MM-HH:MM\", got " + quoted(item));
    const std::string text = item.get<std::string>();
    const size_t dash = text.find('-');
    const auto start =
        dash == std::string::npos ? std::nullopt : parse_clock(std::string_view(text).substr(0, dash), false);
    const auto end =
        dash == std::string::npos ? std::nullopt : parse_clock(std::string_view(text).substr(dash + 1), true);
    if (!start || !end)
      return input_error(origin, at + ": invalid interval \"" + text + "\", expected \"HH:MM-HH:MM\"");
    if (*start >= *end)
      return input_error(origin, at + ": inverted interval \"" + text + "\": the start must be before the end");
    intervals.push_back({Interval{*start, *end}, j});
  }
  std::sort(intervals.begin(), intervals.end(),
            [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
  for (size_t j = 1; j < intervals.size(); ++j) {
    const auto& [prev, prev_index] = intervals[j - 1];
    const auto& [cur, cur_index] = intervals[j];
    if (cur.start < prev.end)
      return input_error(origin, where + "[" + std::to_string(cur_index) + "] \"" + format_interval(cur) +
                                     "\" overlaps " + where + "[" + std::to_string(prev_index) + "] \"" +
                                     format_interval(prev) + "\"");
  }
  std::vector<Interval> result;
  for (const auto& [interval, index] : intervals) result.push_back(interval);
  return result;
}

Result<WorkHours> parse_work_hours(const json& value, std::string_view origin) {
  if (!value.is_object())
    return input_error(origin, "work_hours must be an object keyed mon..sun, got " + quoted(value));
  WorkHours hours = WorkHours::standard();
  for (const auto& [key, day_value] : value.items()) {
    const auto it = std::find(k_weekday_keys.begin(), k_weekday_keys.end(), key);
    if (it == k_weekday_keys.end())
      return input_error(origin, "work_hours: unknown weekday key \"" + key +
                                     "\", expected mon, tue, wed, thu, fri, sat or sun");
    auto intervals = parse_weekday_hours(day_value, origin, key);
    if (!intervals) return intervals.error();
    hours.days[static_cast<size_t>(it - k_weekday_keys.begin())] = std::move(*intervals);
  }
  if (hours.days[0].empty())
    return input_error(
        origin, "work_hours.mon is empty: Monday's hours define the standard working day, give at least one interval");
  return hours;
}

Result<DateRange> parse_range(const json& value, std::string_view origin, size_t index) {
  const std::string at = "replaces[" + std::to_string(index) + "]";
  if (!value.is_object())
    return input_error(origin, at + " must be an object {\"from\": DATE, \"to\": DATE}, got " + quoted(value));
  std::optional<Days> bounds[2];
  const char* keys[2] = {"from", "to"};
  for (int k = 0; k < 2; ++k) {
    const auto it = value.find(keys[k]);
    if (it == value.end() || !it->is_string() || !(bounds[k] = parse_date(it->get<std::string>())))
      return input_error(origin, at + "." + keys[k] + ": invalid date " +
                                     (it == value.end() ? std::string("(missing)") : quoted(*it)) +
                                     ", expected YYYY-MM-DD");
  }
  if (*bounds[1] < *bounds[0]) return input_error(origin, at + ": \"to\" is before \"from\"");
  return DateRange{*bounds[0], *bounds[1]};
}

Result<SpecialDay> parse_day(const json& value, std::string_view origin, size_t index) {
  std::string at = "days[" + std::to_string(index) + "]";
  if (!value.is_object())
    return input_error(origin, at + " must be an object with date, type and name, got " + quoted(value));
  const auto date_it = value.find("date");
  if (date_it == value.end()) return input_error(origin, at + ": missing \"date\"");
  std::optional<Days> date;
  if (date_it->is_string()) date = parse_date(date_it->get<std::string>());
  if (!date)
    return input_error(origin, at + ": invalid date " + quoted(*date_it) + ", expected a real date as YYYY-MM-DD");
  at += " (" + format_date(*date) + ")";
  const auto type_it = value.find("type");
  if (type_it == value.end()) return input_error(origin, at + ": missing \"type\" (holiday, compensatory or workday)");
  std::optional<DayType> type;
  if (type_it->is_string()) type = parse_day_type(type_it->get<std::string>());
  if (!type)
    return input_error(origin,
                       at + ": unknown type " + quoted(*type_it) + ", expected holiday, compensatory or workday");
  SpecialDay day{*date, *type, "", ""};
  for (const char* key : {"name", "source"}) {
    const auto it = value.find(key);
    if (it == value.end() || it->is_null()) continue;
    if (!it->is_string()) return input_error(origin, at + ": \"" + key + "\" must be a string, got " + quoted(*it));
    (std::string_view(key) == "name" ? day.name : day.source) = it->get<std::string>();
  }
  return day;
}

} // namespace

std::optional<Interval> parse_interval(std::string_view text) {
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto start = parse_clock(text.substr(0, dash), false);
  const auto end = parse_clock(text.substr(dash + 1), true);
  if (!start || !end || *start >= *end) return std::nullopt;
  return Interval{*start, *end};
}

std::string format_interval(const Interval& interval) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", interval.start / 3600, interval.start / 60 % 60,
                interval.end / 3600, interval.end / 60 % 60);
  return buf;
}

Result<CalendarFile> parse_calendar_file(std::string_view json_text, std::string_view origin) {
  if (json_too_deep(json_text)) return input_error(origin, json_too_deep_reason());
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) return input_error(origin, "not valid JSON; expected an object with \"days\"");
  if (!doc.is_object())
    return input_error(origin, "expected a JSON object with \"days\", got " + std::string(doc.type_name()));
  CalendarFile file;
  if (const auto it = doc.find("name"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) return input_error(origin, "\"name\" must be a string, got " + quoted(*it));
    file.name = it->get<std::string>();
  }
  if (const auto it = doc.find("work_hours"); it != doc.end() && !it->is_null()) {
    auto hours = parse_work_hours(*it, origin);
    if (!hours) return hours.error();
    file.work_hours = std::move(*hours);
  }
  if (const auto it = doc.find("replaces"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) return input_error(origin, "\"replaces\" must be an array, got " + quoted(*it));
    for (size_t i = 0; i < it->size(); ++i) {
      auto range = parse_range((*it)[i], origin, i);
      if (!range) return range.error();
      file.replaces.push_back(*range);
    }
  }
  const auto days_it = doc.find("days");
  if (days_it == doc.end() || days_it->is_null()) return file; // hours only
  if (!days_it->is_array()) return input_error(origin, "\"days\" must be an array, got " + quoted(*days_it));
  std::map<Days, size_t> seen;
  for (size_t i = 0; i < days_it->size(); ++i) {
    auto day = parse_day((*days_it)[i], origin, i);
    if (!day) return day.error();
    const auto [pos, inserted] = seen.emplace(day->date, i);
    if (!inserted)
      return input_error(origin, "days[" + std::to_string(i) + "] (" + format_date(day->date) +
                                     "): duplicate date, already given by days[" + std::to_string(pos->second) +
                                     "]; keep one entry per date");
    file.days.push_back(std::move(*day));
  }
  return file;
}

} // namespace motcua
