#include "catalog/dvcqg.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "catalog/processing_time.hpp"
#include "io/text.hpp"
#include "util/limits.hpp"

namespace motcua {

namespace {

// Numbers may arrive as strings in the national formats; "inf" and "nan" are not numbers
// here (from_chars reads them), so no caller converts an infinity to an integer.
std::optional<double> as_number(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  return number_from_text(v.get_ref<const std::string&>());
}

std::string text_of(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return nfc(trim(it->get_ref<const std::string&>()));
  if (it->is_number()) return it->dump();
  return {};
}

const nlohmann::json* first_of(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
  return &(*it)[0];
}

// "ngày làm việc", "Ngày", "giờ", "tháng" ... read without regard to case or diacritics.
std::optional<ProcessingUnit> unit_from_text(std::string_view text) {
  std::string f = fold_for_search(text);
  if (f == "ngay lam viec") return ProcessingUnit::working_days;
  if (f == "ngay") return ProcessingUnit::calendar_days;
  if (f == "gio" || f == "gio lam viec") return ProcessingUnit::working_hours;
  if (f == "thang") return ProcessingUnit::months; // calendar months (motcua-deadlines(7))
  return std::nullopt;
}

// One THOIGIAN entry: its time and unit, checked as a canonical processing_time; its channel when its MOTA names
// one (the caller falls back on the KENH it is listed under).
Result<ProcessingTime> entry_from(const nlohmann::json& e) {
  ProcessingTime entry;
  auto time_it = e.find("THOIGIANGIAIQUYET");
  auto time = time_it != e.end() ? as_number(*time_it) : std::nullopt;
  // The same bounds as a canonical processing_time (procedure.cpp).
  if (!time || !check_duration(*time, "THOIGIANGIAIQUYET"))
    return make_error(ErrorKind::input, "field 'THOIGIANGIAIQUYET': expected a number > 0 and at most " +
                                            std::to_string(static_cast<long>(k_max_duration)) + ", got " +
                                            (time_it != e.end() ? time_it->dump() : std::string("nothing")));
  entry.time = *time;
  std::string unit_text = text_of(e, "DONVITINH");
  auto unit = unit_from_text(unit_text);
  if (!unit)
    return make_error(ErrorKind::input, "field 'DONVITINH': unknown unit \"" + unit_text +
                                            "\" (expected ngày làm việc, ngày, giờ or tháng)");
  entry.unit = *unit;
  entry.description = text_of(e, "MOTA");
  entry.channel = channel_from_description(entry.description);
  return entry;
}

} // namespace

bool dvcqg_not_public(const nlohmann::json& r) {
  if (!r.is_object()) return false;
  auto it = r.find("TRANGTHAI");
  if (it == r.end() || it->is_null() || (it->is_string() && trim(it->get_ref<const std::string&>()).empty()))
    return false;
  auto v = as_number(*it);
  return !v || *v != 1;
}

Result<Procedure> procedure_from_dvcqg(const nlohmann::json& r) {
  if (!r.is_object()) return make_error(ErrorKind::input, "expected a procedure object");
  Procedure p;
  p.code = text_of(r, "MATTHC");
  if (p.code.empty()) return make_error(ErrorKind::input, "field 'MATTHC' (code) is missing or empty");
  p.name = text_of(r, "TENTTHC");
  if (p.name.empty()) return make_error(ErrorKind::input, "field 'TENTTHC' (name) is missing or empty");
  if (const auto* f = first_of(r, "LINHVUCTHUCHIEN")) {
    p.field_code = text_of(*f, "MALINHVUC");
    p.field_name = text_of(*f, "TENLINHVUC");
  }
  if (const auto* a = first_of(r, "COQUANTHUCHIEN")) {
    p.agency_name = text_of(*a, "TENDONVI");
    p.agency_code = text_of(*a, "MADONVI");
  }
  auto level_it = r.find("MUCDO");
  if (level_it == r.end()) level_it = r.find("MucDo");
  if (level_it != r.end() && !level_it->is_null() &&
      !(level_it->is_string() && trim(level_it->get_ref<const std::string&>()).empty())) {
    auto l = as_number(*level_it);
    if (!l || *l != std::floor(*l) || *l < 1 || *l > 4)
      return make_error(ErrorKind::input,
                        "field '" + level_it.key() + "': expected a level 1-4, got " + level_it->dump());
    p.level = static_cast<int>(*l);
    p.online = online_from_level(p.level);
  } else {
    p.online = Online::unknown; // published separately: not "none" (catalog import --levels)
  }

  // Processing time: the online channel's (KENH 2) first THOIGIAN entry if present, else the direct one's
  // (KENH 1). Every entry of every channel is read and checked; when there are several, processing_times keeps
  // them all (each entry's channel: the one its MOTA names, else its KENH), so the audit can judge a dossier by
  // its channel's entry (catalog/processing_time).
  const nlohmann::json* chosen = nullptr;
  int chosen_kind = 0;
  std::vector<ProcessingTime> entries;
  if (auto it = r.find("CACHTHUCTHUCHIEN"); it != r.end() && it->is_array()) {
    for (const auto& ch : *it) {
      if (!ch.is_object()) continue;
      auto kenh = ch.contains("KENH") ? as_number(ch["KENH"]) : std::nullopt;
      int k = kenh && (*kenh == 1 || *kenh == 2 || *kenh == 3) ? static_cast<int>(*kenh) : 0;
      auto t = ch.find("THOIGIAN");
      if (t == ch.end() || !t->is_array()) continue;
      for (const auto& e : *t) {
        if (!e.is_object()) continue;
        auto entry = entry_from(e);
        if (!entry) return entry.error();
        if (!entry->channel && k != 0) entry->channel = channel_from_code(k);
        entries.push_back(std::move(*entry));
      }
      if (t->empty() || !(*t)[0].is_object()) continue;
      if (k == 2 || (k == 1 && chosen_kind != 2)) {
        chosen = &(*t)[0];
        chosen_kind = k;
      }
    }
  }
  if (!chosen)
    return make_error(ErrorKind::input,
                      "field 'CACHTHUCTHUCHIEN': no direct (KENH 1) or online (KENH 2) channel with THOIGIAN");
  auto headline = entry_from(*chosen); // read above: cannot fail
  p.processing_time = headline->time;
  p.processing_unit = headline->unit;
  if (entries.size() > 1) p.processing_times = std::move(entries);
  if (const auto* fee = first_of(*chosen, "PHILEPHI"))
    if (auto it = fee->find("SOTIEN"); it != fee->end())
      if (auto v = as_number(*it); v && *v >= 0 && *v <= 9e15 && *v == std::floor(*v))
        p.fee = static_cast<std::int64_t>(*v);
  return p;
}

} // namespace motcua
