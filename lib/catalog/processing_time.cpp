#include "catalog/processing_time.hpp"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/json_stream.hpp"
#include "io/text.hpp"
#include "util/limits.hpp"

namespace motcua {

namespace {

bool has_word(const std::string& folded, std::string_view word) {
  for (size_t at = folded.find(word); at != std::string::npos; at = folded.find(word, at + 1)) {
    bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(folded[at - 1]));
    size_t end = at + word.size();
    bool ends = end == folded.size() || !std::isalnum(static_cast<unsigned char>(folded[end]));
    if (starts && ends) return true;
  }
  return false;
}

} // namespace

std::optional<Channel> channel_from_description(std::string_view text) {
  const std::string f = fold_for_search(text);
  struct Keywords {
    Channel channel;
    std::initializer_list<std::string_view> words;
  };
  static const Keywords k_keywords[] = {
      {Channel::online, {"truc tuyen", "qua mang", "online"}},
      {Channel::direct, {"truc tiep", "direct"}},
      {Channel::postal, {"buu chinh", "buu dien", "postal"}},
  };
  std::optional<Channel> found;
  for (const auto& k : k_keywords) {
    bool named = false;
    for (auto w : k.words) named = named || has_word(f, w);
    if (!named) continue;
    if (found) return std::nullopt; // more than one channel named: the text does not decide
    found = k.channel;
  }
  return found;
}

double approximate_days(double time, ProcessingUnit unit) {
  switch (unit) {
  case ProcessingUnit::working_days: return time * 7 / 5;
  case ProcessingUnit::working_hours: return time / 8 * 7 / 5;
  case ProcessingUnit::calendar_days: return time;
  case ProcessingUnit::months: return time * 31;
  }
  return time;
}

const ProcessingTime& longest_processing_time(const std::vector<ProcessingTime>& entries) {
  const ProcessingTime* best = &entries.front();
  for (const auto& e : entries)
    if (approximate_days(e.time, e.unit) > approximate_days(best->time, best->unit)) best = &e;
  return *best;
}

ProcessingTime processing_time_for(const Procedure& p, Channel channel) {
  if (p.processing_times.empty()) return ProcessingTime{p.processing_time, p.processing_unit, std::nullopt, {}};
  std::vector<ProcessingTime> matching;
  for (const auto& e : p.processing_times)
    if (e.channel == channel) matching.push_back(e);
  return matching.empty() ? longest_processing_time(p.processing_times) : longest_processing_time(matching);
}

nlohmann::ordered_json processing_times_json(const std::vector<ProcessingTime>& entries) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["time"] = e.time;
    if (e.time == std::floor(e.time) && std::fabs(e.time) < 1e15) j["time"] = static_cast<std::int64_t>(e.time);
    j["unit"] = unit_name(e.unit);
    j["channel"] = e.channel ? nlohmann::ordered_json(channel_name(*e.channel)) : nlohmann::ordered_json(nullptr);
    j["description"] = e.description.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.description);
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::vector<ProcessingTime>> processing_times_from_json(const nlohmann::json& value) {
  auto bad = [](size_t i, std::string_view field, const nlohmann::json& v, std::string_view expected) {
    std::string shown = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
    return make_error(ErrorKind::input, "field 'processing_times' entry " + std::to_string(i + 1) + " '" +
                                            std::string(field) + "': " + std::string(expected) + ", got " + shown);
  };
  if (!value.is_array())
    return make_error(ErrorKind::input, "field 'processing_times': expected an array of {time, unit, channel, "
                                        "description}");
  std::vector<ProcessingTime> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto& e = value[i];
    if (!e.is_object()) return bad(i, "entry", e, "expected an object");
    ProcessingTime t;
    auto time = e.find("time");
    std::optional<double> v;
    if (time != e.end() && time->is_number()) v = time->get<double>();
    else if (time != e.end() && time->is_string()) v = number_from_text(time->get_ref<const std::string&>());
    if (!v || !check_duration(*v, "time"))
      return bad(i, "time", time == e.end() ? nlohmann::json(nullptr) : *time,
                 "expected a number > 0 and at most " + std::to_string(static_cast<long>(k_max_duration)));
    t.time = *v;
    if (auto u = e.find("unit"); u != e.end() && !u->is_null()) {
      auto unit = u->is_string() ? parse_unit(trim(u->get_ref<const std::string&>())) : std::nullopt;
      if (!unit) return bad(i, "unit", *u, "expected working_days, working_hours, calendar_days or months");
      t.unit = *unit;
    }
    if (auto c = e.find("channel"); c != e.end() && !c->is_null()) {
      auto channel = c->is_string() ? parse_channel(trim(c->get_ref<const std::string&>())) : std::nullopt;
      if (!channel) return bad(i, "channel", *c, "expected online, direct, postal or null");
      t.channel = *channel;
    }
    if (auto d = e.find("description"); d != e.end() && !d->is_null()) {
      if (!d->is_string() || d->get_ref<const std::string&>().size() > k_max_field_bytes)
        return bad(i, "description", *d, "expected a string");
      t.description = nfc(trim(d->get_ref<const std::string&>()));
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string processing_times_text(const std::vector<ProcessingTime>& entries) {
  if (entries.empty()) return {};
  return processing_times_json(entries).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<std::vector<ProcessingTime>> processing_times_from_text(std::string_view text) {
  if (json_too_deep(text)) return make_error(ErrorKind::input, "processing_times: not a JSON array");
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) return make_error(ErrorKind::input, "processing_times: not a JSON array");
  return processing_times_from_json(value);
}

} // namespace motcua
