#include "calendar/store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
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

std::optional<std::string> setting(SQLite::Database& db, const char* key) {
  SQLite::Statement st(db, "SELECT value FROM settings WHERE key = ?");
  st.bind(1, key);
  if (!st.executeStep()) return std::nullopt;
  return st.getColumn(0).getString();
}

void put_setting(SQLite::Database& db, const char* key, const std::string& value) {
  SQLite::Statement st(db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  st.bind(1, key);
  st.bind(2, value);
  st.exec();
}

// The stored file pieces (hours, replaces) re-read through the calendar-file parser, so they are validated the same
// way.
Result<CalendarFile> stored_settings(SQLite::Database& db) {
  nlohmann::json doc = nlohmann::json::object();
  if (auto h = setting(db, k_hours_key)) doc["work_hours"] = nlohmann::json::parse(*h, nullptr, false);
  if (auto r = setting(db, k_replaces_key)) doc["replaces"] = nlohmann::json::parse(*r, nullptr, false);
  doc["days"] = nlohmann::json::array();
  return parse_calendar_file(doc.dump(), "the cache's calendar settings");
}

} // namespace

Result<ImportCounts> import_calendar(SQLite::Database& db, const CalendarFile& file, const std::string& source) {
  try {
    ImportCounts c;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement get(db, "SELECT type, name, coalesce(source, '') FROM calendar_days WHERE date = ?");
    SQLite::Statement put(db, "INSERT OR REPLACE INTO calendar_days (date, type, name, source) VALUES (?, ?, ?, ?)");
    for (const auto& day : file.days) {
      ++c.read;
      get.reset();
      get.bind(1, day.date);
      bool exists = get.executeStep();
      if (exists && get.getColumn(0).getString() == day_type_name(day.type) &&
          get.getColumn(1).getString() == day.name && get.getColumn(2).getString() == day.source) {
        ++c.unchanged;
        continue;
      }
      ++(exists ? c.updated : c.inserted);
      put.reset();
      put.bind(1, day.date);
      put.bind(2, std::string(day_type_name(day.type)));
      put.bind(3, day.name);
      if (day.source.empty()) put.bind(4);
      else put.bind(4, day.source);
      put.exec();
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
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "calendar import");
  }
}

Result<WorkCalendar> load_calendar(SQLite::Database& db) {
  try {
    auto settings = stored_settings(db);
    if (!settings) return make_error(ErrorKind::cache, settings.error().message + "; re-import the calendar file");
    std::vector<SpecialDay> overrides;
    SQLite::Statement st(db, "SELECT date, type, name, coalesce(source, '') FROM calendar_days ORDER BY date");
    while (st.executeStep()) {
      auto type = parse_day_type(st.getColumn(1).getString());
      if (!type)
        return make_error(ErrorKind::cache, "calendar day " + format_date(st.getColumn(0).getInt()) +
                                                " has an unknown type in the cache");
      overrides.push_back(
          SpecialDay{st.getColumn(0).getInt(), *type, st.getColumn(2).getString(), st.getColumn(3).getString()});
    }
    auto base = builtin_days();
    if (!base) return base.error();
    auto merged = apply_overrides(std::move(*base), overrides, settings->replaces);
    return WorkCalendar(settings->work_hours.value_or(WorkHours::standard()), std::move(merged));
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the calendar");
  }
}

Result<std::string> calendar_fingerprint(SQLite::Database& db) {
  try {
    std::string text =
        setting(db, k_hours_key).value_or("default-hours") + "|" + setting(db, k_replaces_key).value_or("") + "|";
    SQLite::Statement st(db, "SELECT date, type, name FROM calendar_days ORDER BY date");
    while (st.executeStep())
      text += std::to_string(st.getColumn(0).getInt()) + "," + st.getColumn(1).getString() + "," +
              st.getColumn(2).getString() + ";";
    return text;
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "reading the calendar");
  }
}

} // namespace motcua
