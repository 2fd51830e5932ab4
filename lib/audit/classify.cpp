#include "audit/classify.hpp"

#include <cmath>
#include <vector>

#include "catalog/processing_time.hpp"

namespace motcua {

std::string_view state_name(DossierState s) {
  static constexpr std::array<std::string_view, k_state_count> k_names = {
      "early", "on_time", "late", "pending", "due_soon", "paused", "overdue", "excluded", "unknown", "invalid"};
  return k_names[static_cast<size_t>(s)];
}

std::string_view finding_name(size_t i) {
  static constexpr std::array<std::string_view, k_finding_count> k_names = {
      "unknown_procedure",        "recorded_due_after_legal_due", "late_without_apology",
      "resolved_before_received", "returned_before_resolved",     "invalid_pause",
      "status_mismatch"};
  return k_names[i];
}

namespace {

bool before_resolution(DossierStatus s) {
  switch (s) {
  case DossierStatus::submitted:
  case DossierStatus::received:
  case DossierStatus::processing:
  case DossierStatus::supplementing:
  case DossierStatus::awaiting_payment: return true;
  default: return false;
  }
}

} // namespace

bool excluded_status(DossierStatus s) {
  return s == DossierStatus::withdrawn || s == DossierStatus::not_accepted || s == DossierStatus::stopped;
}

AuditResult audit_dossier(const Dossier& d, const Procedure* procedure, const WorkCalendar& calendar,
                          const AuditParams& p) {
  AuditResult r;
  const Instant a = p.as_of;
  // What was known at A: a resolution after A has not happened yet.
  std::optional<Instant> resolved;
  if (d.resolved_at && *d.resolved_at <= a) resolved = *d.resolved_at;
  r.resolved = resolved.has_value();

  if (d.status == DossierStatus::resolved || d.status == DossierStatus::returned) {
    if (!d.resolved_at) r.findings |= f_status_mismatch;
  } else if (d.resolved_at && before_resolution(d.status)) {
    r.findings |= f_status_mismatch;
  }
  if (d.returned_at && d.resolved_at && *d.returned_at < *d.resolved_at) r.findings |= f_returned_before_resolved;

  // Pauses as of A; invalid ones are reported and ignored.
  std::vector<Span> pauses;
  bool paused_at_a = false;
  for (const auto& pause : d.pauses) {
    if (pause.from > a) continue; // not yet requested at A
    bool bad = (pause.to && *pause.to < pause.from) || pause.from < d.received_at ||
               (pause.to && d.resolved_at && *pause.to > *d.resolved_at && *d.resolved_at >= d.received_at);
    if (bad) {
      r.findings |= f_invalid_pause;
      continue;
    }
    Instant to = pause.to && *pause.to <= a ? *pause.to : k_never;
    if (to == k_never && resolved) to = *resolved; // a resolved dossier's clock is no longer stopped
    if (to == k_never) paused_at_a = true;
    pauses.push_back(Span{pause.from, to});
  }

  if (d.resolved_at && *d.resolved_at < d.received_at) {
    r.findings |= f_resolved_before_received;
    if (!procedure) r.findings |= f_unknown_procedure;
    r.state = DossierState::invalid;
    return r;
  }
  if (!procedure) {
    r.findings |= f_unknown_procedure;
    r.state = excluded_status(d.status) && !resolved ? DossierState::excluded : DossierState::unknown;
    return r;
  }

  // The processing time of the dossier's channel (several are published per channel in the national catalog).
  const ProcessingTime time = processing_time_for(*procedure, d.channel);
  Instant due;
  switch (time.unit) {
  case ProcessingUnit::calendar_days:
    due = calendar.calendar_days_due(d.received_at, static_cast<int>(std::ceil(time.time)), pauses);
    break;
  case ProcessingUnit::months:
    due = calendar.calendar_months_due(d.received_at, static_cast<int>(std::ceil(time.time)), pauses);
    break;
  case ProcessingUnit::working_hours:
    due = calendar.add_working_time(d.received_at, static_cast<std::int64_t>(std::llround(time.time * 3600)), pauses);
    break;
  default: due = calendar.add_working_time(d.received_at, calendar.working_days_seconds(time.time), pauses);
  }
  if (due != k_never) r.legal_due = due;

  if (d.due_at && r.legal_due && local_date(*d.due_at) > local_date(due)) r.findings |= f_recorded_due_after_legal_due;

  if (resolved) {
    Days rd = local_date(*resolved), dd = local_date(due);
    r.state = due == k_never || rd < dd ? DossierState::early : (rd == dd ? DossierState::on_time : DossierState::late);
    if (r.legal_due && *resolved > due) r.office_seconds_late = calendar.office_seconds_between(due, *resolved);
  } else if (excluded_status(d.status)) {
    r.state = DossierState::excluded;
  } else if (paused_at_a) {
    r.state = DossierState::paused;
  } else if (local_date(a) > local_date(due)) {
    r.state = DossierState::overdue;
    r.office_seconds_late = calendar.office_seconds_between(due, a);
  } else {
    std::int64_t left = calendar.office_seconds_between(a, due);
    r.state = left <= p.due_soon_seconds ? DossierState::due_soon : DossierState::pending;
    r.office_seconds_late = a <= due ? -left : calendar.office_seconds_between(due, a);
  }

  if (r.state == DossierState::late || r.state == DossierState::overdue) {
    bool apologised = false;
    for (const auto& e : d.extensions)
      apologised = apologised || (e.apology_at <= a && local_date(e.apology_at) <= local_date(due));
    if (!apologised) r.findings |= f_late_without_apology;
  }
  return r;
}

} // namespace motcua
