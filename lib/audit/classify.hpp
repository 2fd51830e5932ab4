#pragma once
// The audit as a function: (dossier, procedure at receipt, calendar, as-of) →
// legal due time, state and findings, exactly as motcua-deadlines(7) defines them.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "calendar/work_calendar.hpp"
#include "catalog/procedure.hpp"
#include "dossiers/dossier.hpp"

namespace motcua {

enum class DossierState { early, on_time, late, pending, due_soon, paused, overdue, excluded, unknown, invalid };
inline constexpr size_t k_state_count = 10;

// Findings as bits, so a result stays a few words and sums stay cheap.
enum Finding : std::uint32_t {
  f_unknown_procedure = 1u << 0,
  f_recorded_due_after_legal_due = 1u << 1,
  f_late_without_apology = 1u << 2,
  f_resolved_before_received = 1u << 3,
  f_returned_before_resolved = 1u << 4,
  f_invalid_pause = 1u << 5,
  f_status_mismatch = 1u << 6,
};
inline constexpr size_t k_finding_count = 7;

std::string_view state_name(DossierState s);
std::string_view finding_name(size_t bit_index);

// The default of --due-soon (audit deadlines, stats export): 8 office hours, one working day.
inline constexpr int k_default_due_soon_hours = 8;
inline constexpr std::int64_t k_default_due_soon_seconds = std::int64_t{k_default_due_soon_hours} * 3600;

// Statuses that take an unresolved dossier out of the deadline count (motcua-deadlines(7): withdrawn,
// not accepted, stopped). The one list: audit states and stats open counts both ask it.
bool excluded_status(DossierStatus s);

struct AuditParams {
  Instant as_of = 0;                                          // A: the audit instant
  std::int64_t due_soon_seconds = k_default_due_soon_seconds; // --due-soon HOURS of office time
};

struct AuditResult {
  DossierState state = DossierState::unknown;
  std::optional<Instant> legal_due; // D; absent when unknown (no procedure, or the clock is stopped)
  std::uint32_t findings = 0;
  // Office seconds after D (late, overdue: positive) or left before D (pending, due_soon: negative).
  std::optional<std::int64_t> office_seconds_late;
  bool resolved = false; // resolved by A
};

// Classifies one dossier received on or before params.as_of. `procedure` is the catalog
// entry as it stood on the receipt date (nullptr when there was none).
AuditResult audit_dossier(const Dossier& d, const Procedure* procedure, const WorkCalendar& calendar,
                          const AuditParams& params);

} // namespace motcua
