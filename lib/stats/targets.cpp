#include "stats/targets.hpp"

#include "io/json_stream.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace motcua {

namespace {

Error bad_target(const std::string& source, size_t index, const std::string& why) {
  return make_error(ErrorKind::input, source + ": target " + std::to_string(index + 1) + ": " + why +
                                          " (see man 5 motcua-formats, TARGETS FILE)");
}

std::string metric_names_list() {
  std::string s;
  for (size_t i = 0; i < k_metric_count; ++i) s += (i ? ", " : "") + std::string(metric_name(static_cast<Metric>(i)));
  return s;
}

} // namespace

Result<std::vector<Target>> parse_targets(std::string_view text, const std::string& source) {
  if (json_too_deep(text)) return make_error(ErrorKind::input, source + ": " + json_too_deep_reason());
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded())
    return make_error(
        ErrorKind::input,
        source +
            ": not valid JSON; a targets file is {\"targets\": [{\"metric\": …, \"min\": …}]} (see man 5 motcua-formats)");
  const nlohmann::json* list = &doc;
  if (doc.is_object()) {
    auto it = doc.find("targets");
    if (it == doc.end())
      return make_error(ErrorKind::input, source + ": no \"targets\" array (see man 5 motcua-formats, TARGETS FILE)");
    list = &*it;
  }
  if (!list->is_array()) return make_error(ErrorKind::input, source + ": \"targets\" must be an array");
  std::vector<Target> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto& t = (*list)[i];
    if (!t.is_object()) return bad_target(source, i, "must be an object");
    auto metric = t.find("metric");
    if (metric == t.end() || !metric->is_string())
      return bad_target(source, i, "\"metric\" (a metric name) is missing");
    auto m = parse_metric(metric->get<std::string>());
    if (!m)
      return bad_target(source, i,
                        "unknown metric '" + metric->get<std::string>() + "'; known: " + metric_names_list());
    Target target;
    target.metric = *m;
    for (const char* bound : {"min", "max"}) {
      auto it = t.find(bound);
      if (it == t.end() || it->is_null()) continue;
      if (!it->is_number())
        return bad_target(source, i, std::string("\"") + bound + "\" must be a number, not " + it->dump());
      (bound[1] == 'i' ? target.min : target.max) = it->get<double>();
    }
    if (!target.min && !target.max) return bad_target(source, i, "give \"min\" and/or \"max\"");
    if (auto label = t.find("label"); label != t.end() && !label->is_null()) {
      if (!label->is_string()) return bad_target(source, i, "\"label\" must be text");
      target.label = label->get<std::string>();
    }
    out.push_back(std::move(target));
  }
  return out;
}

Result<std::vector<Target>> load_targets(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::input, "cannot read targets file " + path + ": check the path and permissions");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_targets(text.str(), path);
}

std::vector<TargetResult> evaluate_targets(const std::vector<Target>& targets, const MetricValues& values) {
  std::vector<TargetResult> out;
  for (const auto& t : targets) {
    TargetResult r;
    r.target = t;
    if (auto v = values[static_cast<size_t>(t.metric)]) {
      r.actual = metric_kind(t.metric) == MetricKind::rate ? round_rate(*v) : *v;
      r.met = (!t.min || *r.actual >= *t.min) && (!t.max || *r.actual <= *t.max);
      if (t.min && *t.min > 0) r.multiple = round_ratio(*r.actual / *t.min);
    }
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace motcua
