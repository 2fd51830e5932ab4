#include "catalog/procedure.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "catalog/processing_time.hpp"
#include "io/json_stream.hpp"
#include "io/text.hpp"
#include "util/limits.hpp"

namespace motcua {

std::string_view online_name(Online o) {
  switch (o) {
  case Online::full: return "full";
  case Online::partial: return "partial";
  case Online::none: return "none";
  case Online::unknown: return "unknown";
  }
  return "none";
}

std::optional<Online> parse_online(std::string_view s) {
  if (s == "full") return Online::full;
  if (s == "partial") return Online::partial;
  if (s == "none") return Online::none;
  if (s == "unknown") return Online::unknown;
  return std::nullopt;
}

std::optional<Online> parse_online_alias(std::string_view s) {
  if (auto o = parse_online(trim(s))) return o;
  std::string f = fold_for_search(s);
  if (f.rfind("muc do ", 0) == 0) f = f.substr(7);
  else if (f.rfind("muc ", 0) == 0) f = f.substr(4);
  else if (f.rfind("level ", 0) == 0) f = f.substr(6);
  else if (f.rfind("level", 0) == 0) f = f.substr(5);
  if (f == "toan trinh" || f == "4" || f == "full") return Online::full;
  if (f == "mot phan" || f == "3" || f == "partial") return Online::partial;
  if (f == "1" || f == "2" || f == "none") return Online::none;
  if (f == "unknown") return Online::unknown;
  return std::nullopt;
}

std::string_view unit_name(ProcessingUnit u) {
  switch (u) {
  case ProcessingUnit::working_days: return "working_days";
  case ProcessingUnit::working_hours: return "working_hours";
  case ProcessingUnit::calendar_days: return "calendar_days";
  case ProcessingUnit::months: return "months";
  }
  return "working_days";
}

std::optional<ProcessingUnit> parse_unit(std::string_view s) {
  if (s == "working_days") return ProcessingUnit::working_days;
  if (s == "working_hours") return ProcessingUnit::working_hours;
  if (s == "calendar_days") return ProcessingUnit::calendar_days;
  if (s == "months") return ProcessingUnit::months;
  return std::nullopt;
}

Online online_from_level(std::optional<int> level) {
  if (level == 4) return Online::full;
  if (level == 3) return Online::partial;
  return Online::none;
}

nlohmann::ordered_json to_json(const Procedure& p) {
  auto text = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["code"] = p.code;
  j["name"] = p.name;
  j["agency_code"] = text(p.agency_code);
  j["agency_name"] = text(p.agency_name);
  j["field_code"] = text(p.field_code);
  j["field_name"] = text(p.field_name);
  j["level"] = p.level ? nlohmann::ordered_json(*p.level) : nlohmann::ordered_json(nullptr);
  j["online"] = online_name(p.online);
  j["processing_time"] = p.processing_time;
  if (p.processing_time == std::floor(p.processing_time) && std::fabs(p.processing_time) < 1e15)
    j["processing_time"] = static_cast<std::int64_t>(p.processing_time);
  j["processing_unit"] = unit_name(p.processing_unit);
  if (!p.processing_times.empty()) j["processing_times"] = processing_times_json(p.processing_times);
  j["fee"] = p.fee ? nlohmann::ordered_json(*p.fee) : nlohmann::ordered_json(nullptr);
  return j;
}

std::optional<double> number_from_text(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

namespace {

const char* const k_known[] = {
    "code",  "name",   "agency_code",     "agency_name",     "field_code", "field_name",
    "level", "online", "processing_time", "processing_unit", "fee",        "processing_times"};

std::string shown(const nlohmann::json& v) {
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

Error field_error(std::string_view field, const nlohmann::json& v, std::string_view expected) {
  return make_error(ErrorKind::input,
                    "field '" + std::string(field) + "': " + std::string(expected) + ", got " + shown(v));
}

bool is_blank(const nlohmann::json& v) {
  return v.is_null() || (v.is_string() && trim(v.get_ref<const std::string&>()).empty());
}

// A text field: a JSON string, trimmed and in NFC; absent or blank is "" (or an error when required).
Result<std::string> text_field(const nlohmann::json& r, const char* field, bool required) {
  auto it = r.find(field);
  if (it == r.end() || is_blank(*it)) {
    if (required) return make_error(ErrorKind::input, std::string("field '") + field + "' is required");
    return std::string();
  }
  if (!it->is_string()) return field_error(field, *it, "expected a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > k_max_field_bytes)
    return make_error(ErrorKind::input, std::string("field '") + field + "' is " + std::to_string(s.size()) +
                                            " bytes long, at most " + std::to_string(k_max_field_bytes >> 20) +
                                            " MiB allowed");
  std::string v = nfc(trim(s));
  return v;
}

// A number field: JSON number, or (lenient) text holding one. nullopt when absent.
Result<std::optional<double>> number_field(const nlohmann::json& r, const char* field, bool lenient) {
  auto it = r.find(field);
  if (it == r.end() || is_blank(*it)) return std::optional<double>();
  if (it->is_number()) return std::optional<double>(it->get<double>());
  if (lenient && it->is_string())
    if (auto v = number_from_text(it->get_ref<const std::string&>())) return std::optional<double>(*v);
  return field_error(field, *it, "expected a number");
}

} // namespace

Result<Procedure> procedure_from_json(const nlohmann::json& r, bool lenient) {
  if (!r.is_object()) return make_error(ErrorKind::input, "expected an object, got " + shown(r));
  Procedure p;
  auto code = text_field(r, "code", true);
  if (!code) return code.error();
  p.code = *code;
  if (auto problem = code_problem(p.code))
    return make_error(ErrorKind::input, "field 'code': a code is printable text of at most " +
                                            std::to_string(k_max_code_chars) + " characters; this one " + *problem);
  auto name = text_field(r, "name", true);
  if (!name) return name.error();
  p.name = *name;
  for (auto [field, target] : {std::pair{"agency_code", &p.agency_code}, std::pair{"agency_name", &p.agency_name},
                               std::pair{"field_code", &p.field_code}, std::pair{"field_name", &p.field_name}}) {
    auto v = text_field(r, field, false);
    if (!v) return v.error();
    *target = *v;
  }
  if (!p.agency_code.empty())
    if (auto problem = code_problem(p.agency_code))
      return make_error(ErrorKind::input, "field 'agency_code': a code is printable text of at most " +
                                              std::to_string(k_max_code_chars) + " characters; this one " + *problem);
  auto level = number_field(r, "level", lenient);
  if (!level) return level.error();
  if (*level) {
    double l = **level;
    if (l != std::floor(l) || l < 1 || l > 4) return field_error("level", r["level"], "expected an integer 1-4");
    p.level = static_cast<int>(l);
  }
  p.online = online_from_level(p.level);
  if (auto it = r.find("online"); it != r.end() && !is_blank(*it)) {
    auto o = it->is_string() ? parse_online(trim(it->get_ref<const std::string&>())) : std::nullopt;
    if (!o) return field_error("online", *it, "expected full, partial or none");
    p.online = *o;
  }
  auto time = number_field(r, "processing_time", lenient);
  if (!time) return time.error();
  if (!*time) return make_error(ErrorKind::input, "field 'processing_time' is required");
  if (!check_duration(**time, "processing_time"))
    return field_error("processing_time", r["processing_time"],
                       "expected a number > 0 and at most " + std::to_string(static_cast<long>(k_max_duration)));
  p.processing_time = **time;
  if (auto it = r.find("processing_unit"); it != r.end() && !is_blank(*it)) {
    auto u = it->is_string() ? parse_unit(trim(it->get_ref<const std::string&>())) : std::nullopt;
    if (!u) return field_error("processing_unit", *it, "expected working_days, working_hours, calendar_days or months");
    p.processing_unit = *u;
  }
  if (auto it = r.find("processing_times"); it != r.end() && !is_blank(*it)) {
    nlohmann::json value = *it;
    if (lenient && it->is_string()) { // a CSV cell holds the JSON of the exports
      const auto& cell = it->get_ref<const std::string&>();
      if (json_too_deep(cell)) return field_error("processing_times", *it, "expected a JSON array");
      value = nlohmann::json::parse(cell, nullptr, false);
      if (value.is_discarded()) return field_error("processing_times", *it, "expected a JSON array");
    }
    auto times = processing_times_from_json(value);
    if (!times) return times.error();
    p.processing_times = std::move(*times);
  }
  auto fee = number_field(r, "fee", lenient);
  if (!fee) return fee.error();
  if (*fee) {
    double f = **fee;
    if (f != std::floor(f) || f < 0 || f > 9e15)
      return field_error("fee", r["fee"], "expected a whole number of VND >= 0");
    p.fee = static_cast<std::int64_t>(f);
  }
  nlohmann::json extra = nlohmann::json::object();
  for (auto it = r.begin(); it != r.end(); ++it) {
    bool known = false;
    for (const char* k : k_known) known = known || it.key() == k;
    if (!known) extra[it.key()] = it.value();
  }
  if (!extra.empty()) p.extra = extra.dump();
  return p;
}

} // namespace motcua
