#pragma once
// The versioned cache schema: forward migrations numbered by PRAGMA user_version.
#include <span>
#include <string_view>

#include "store/db.hpp"
#include "util/error.hpp"

namespace motcua {

// The schema version this build writes; a cache above it is refused (exit 7).
inline constexpr int k_schema_version = 3;
// Marks a SQLite file as a motcua cache ("MCUA"), so a stranger's file is not migrated.
inline constexpr int k_application_id = 0x4D435541;

// migrations()[i] brings a cache from version i to i + 1.
std::span<const std::string_view> migrations();

// Creates the receipt-time index of the dossiers table (as version 1 has it) unless it exists.
// A first migration into an empty table drops it and builds it once at the end (one sort is
// far cheaper than a million scattered inserts); writers re-create it if such a run was
// killed. The sort spills to temporary files, so memory stays flat. A cache error (exit 7) if it fails.
Status ensure_dossiers_received_index(store::Database& db);
// Before a bulk load: a bigger page cache than SQLite's default 2 MB (nothing on another engine).
// A cache error (exit 7) if it fails.
Status size_cache_for_load(store::Database& db);
// Whether that index is there (it is not while a first migration runs, or after one was killed).
Result<bool> has_dossiers_received_index(store::Database& db);

} // namespace motcua
