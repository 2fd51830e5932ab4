#pragma once
// The versioned cache schema: forward migrations numbered by PRAGMA user_version.
#include <span>
#include <string_view>

namespace motcua {

// The schema version this build writes; a cache above it is refused (exit 7).
inline constexpr int k_schema_version = 1;
// Marks a SQLite file as a motcua cache ("MCUA"), so a stranger's file is not migrated.
inline constexpr int k_application_id = 0x4D435541;

// migrations()[i] brings a cache from version i to i + 1.
std::span<const std::string_view> migrations();

} // namespace motcua
