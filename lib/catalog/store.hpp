#pragma once
// Catalog history in the cache. Each import is a snapshot as of a date; the
// catalog on any day is, per code, the latest event on or before that day.
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "store/db.hpp"
#include <utility>

#include "cache/imports.hpp"
#include "catalog/procedure.hpp"
#include "catalog/withdraw_limit.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// What the import should do with procedures absent from the source.
enum class SnapshotMode { full, partial };

// A full snapshot without one valid procedure would withdraw the whole catalog: surely a broken
// export, so it is refused (ErrorKind::input) before the cache is touched. A partial one may be empty.
Status check_snapshot(std::size_t procedures, std::size_t rejected, SnapshotMode mode);

// Writes the snapshot in one transaction (none when dry_run) and counts what changed;
// re-applying the same snapshot changes nothing. `rejected` is taken from the caller;
// `rejected_codes` are in the source but invalid, so they keep their last good state
// instead of being withdrawn. A full snapshot that would withdraw more than `max_withdraw`
// of the catalog present on `as_of` is refused (check_withdraw) before the first write, dry run or not.
Result<ImportCounts> apply_catalog_snapshot(store::Database& db, const std::vector<Procedure>& procedures, Days as_of,
                                            SnapshotMode mode, const WithdrawLimit& max_withdraw, std::int64_t rejected,
                                            const std::string& source, bool dry_run,
                                            const std::unordered_set<std::string>& rejected_codes = {});

// The columns read_procedure_event expects first, in order; callers may select more after them.
inline constexpr const char* k_procedure_event_columns =
    "code, present, name, agency_code, agency_name, field_code, field_name, level, online, processing_time, "
    "processing_unit, fee, extra, processing_times";
// One procedure_events row selected with k_procedure_event_columns → (present, procedure). Reads the
// current row of a statement the caller steps (and wraps: it may throw store::Exception).
std::pair<bool, Procedure> read_procedure_event(store::Statement& st);

// The catalog as it stood on a date, ordered by code; a cache error (exit 7) if it cannot be read.
Result<std::vector<Procedure>> catalog_as_of(store::Database& db, Days as_of);
// One procedure as it stood on a date (nullopt when absent or withdrawn then).
Result<std::optional<Procedure>> procedure_as_of(store::Database& db, const std::string& code, Days as_of);
// How many procedures the catalog held on a date (the size of catalog_as_of, counted by the store).
Result<std::int64_t> catalog_size_as_of(store::Database& db, Days as_of);

} // namespace motcua
