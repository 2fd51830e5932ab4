#include "calendar/store.hpp"

#include <nlohmann/json.hpp>

#include "cache/cache.hpp"

namespace motcua {

namespace {

constexpr const char* k_hours_key = "calendar.work_hours";
constexpr const char* k_replaces_key = "calendar.replaces";
constexpr const char* k_weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string hours_json(const WorkHours& hours) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (int d = 0; d < 7; ++d) {
    auto& list = j[k_weekdays[d]] = nlohmann::ordered_json::array();
    for (const auto& iv : hours.days[static_cast<size_t>(d)]) list.push_back(format_interval(iv));
  }
  return j.dump();
}

std::optional<std::string> setting(store::Database& db, const char* key) {
  auto st = db.prepare("SELECT value FROM settings WHERE key = ?");
  st->bind(1, key);
  if (!st->step()) return std::nullopt;
  return st->get_string(0);
}

void put_setting(store::Database& db, const char* key, const std::string& value) {
  auto st = db.prepare(
      "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st->bind(1, key);
  st->bind(2, value);
  st->step();
}

// The stored file pieces (hours, replaces) re-read through the calendar-file parser, so they are validated the same
// way.
Result<CalendarFile> stored_settings(store::Database& db) {
  nlohmann::json doc = nlohmann::json::object();
  if (auto h = setting(db, k_hours_key)) doc["work_hours"] = nlohmann::json::parse(*h, nullptr, false);
  if (auto r = setting(db, k_replaces_key)) doc["replaces"] = nlohmann::json::parse(*r, nullptr, false);
  doc["days"] = nlohmann::json::array();
  return parse_calendar_file(doc.dump(), "the cache's calendar settings");
}

} // namespace

Result<ImportCounts> import_calendar(store::Database& db, const CalendarFile& file, const std::string& source) {
  try {
    ImportCounts c;
    store::Transaction tx(db);
    auto get = db.prepare("SELECT type, name, coalesce(source, '') FROM calendar_days WHERE date = ?");
    auto put = db.prepare("INSERT INTO calendar_days (date, type, name, source) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (date) DO UPDATE SET type = excluded.type, name = excluded.name, "
                          "source = excluded.source");
    for (const auto& day : file.days) {
      ++c.read;
      get->reset();
      get->bind(1, day.date);
      bool exists = get->step();
      if (exists && get->get_string(0) == day_type_name(day.type) && get->get_string(1) == day.name &&
          get->get_string(2) == day.source) {
        ++c.unchanged;
        continue;
      }
      ++(exists ? c.updated : c.inserted);
      put->reset();
      put->bind(1, day.date);
      put->bind(2, std::string(day_type_name(day.type)));
      put->bind(3, day.name);
      if (day.source.empty()) put->bind_null(4);
      else put->bind(4, day.source);
      put->step();
    }
    if (file.work_hours) {
      std::string hours = hours_json(*file.work_hours);
      if (setting(db, k_hours_key).value_or(hours_json(WorkHours::standard())) != hours) {
        put_setting(db, k_hours_key, hours);
        ++c.updated;
        ++c.read;
      } else {
        ++c.unchanged;
        ++c.read;
      }
    }
    if (!file.replaces.empty()) {
      auto stored = stored_settings(db);
      std::vector<DateRange> ranges = stored ? stored->replaces : std::vector<DateRange>{};
      bool added = false;
      for (const auto& r : file.replaces) {
        bool known = false;
        for (const auto& s : ranges) known = known || (s.from == r.from && s.to == r.to);
        if (!known) ranges.push_back(r), added = true;
      }
      if (added) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : ranges) arr.push_back({{"from", format_date(r.from)}, {"to", format_date(r.to)}});
        put_setting(db, k_replaces_key, arr.dump());
      }
    }
    if (auto st = record_import(db, "calendar", source, std::nullopt, c); !st) return st.error();
    tx.commit();
    return c;
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "calendar import");
  }
}

Result<WorkCalendar> load_calendar(store::Database& db) {
  try {
    auto settings = stored_settings(db);
    if (!settings) return make_error(ErrorKind::cache, settings.error().message + "; re-import the calendar file");
    std::vector<SpecialDay> overrides;
    auto st = db.prepare("SELECT date, type, name, coalesce(source, '') FROM calendar_days ORDER BY date");
    while (st->step()) {
      auto type = parse_day_type(st->get_string(1));
      if (!type)
        return make_error(ErrorKind::cache,
                          "calendar day " + format_date(st->get_int(0)) + " has an unknown type in the cache");
      overrides.push_back(SpecialDay{st->get_int(0), *type, st->get_string(2), st->get_string(3)});
    }
    auto base = builtin_days();
    if (!base) return base.error();
    auto merged = apply_overrides(std::move(*base), overrides, settings->replaces);
    return WorkCalendar(settings->work_hours.value_or(WorkHours::standard()), std::move(merged));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the calendar");
  }
}

Result<std::string> calendar_fingerprint(store::Database& db) {
  try {
    std::string text =
        setting(db, k_hours_key).value_or("default-hours") + "|" + setting(db, k_replaces_key).value_or("") + "|";
    auto st = db.prepare("SELECT date, type, name FROM calendar_days ORDER BY date");
    while (st->step()) text += std::to_string(st->get_int(0)) + "," + st->get_string(1) + "," + st->get_string(2) + ";";
    return text;
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the calendar");
  }
}

} // namespace motcua
