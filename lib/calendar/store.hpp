#pragma once
// The working calendar in the cache: imported days override the built-in ones
// date by date; imported office hours replace the default ones.
#include "store/db.hpp"

#include "cache/imports.hpp"
#include "calendar/calendar_file.hpp"
#include "calendar/work_calendar.hpp"
#include "util/error.hpp"

namespace motcua {

// Stores a parsed calendar file in one transaction: each day inserted, updated or unchanged;
// work_hours (when the file has them) replace the stored ones. Importing twice changes nothing.
Result<ImportCounts> import_calendar(store::Database& db, const CalendarFile& file, const std::string& source);

// The calendar every computation uses: built-in days, the cache's overrides on top, its hours.
Result<WorkCalendar> load_calendar(store::Database& db);

// A canonical text of everything load_calendar reads from the cache (hours, replaced ranges,
// override days): hashed, it lets a compliance snapshot name the calendar it used.
Result<std::string> calendar_fingerprint(store::Database& db);

} // namespace motcua
