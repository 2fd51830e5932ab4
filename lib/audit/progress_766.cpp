#include "audit/progress_766.hpp"

namespace motcua {

Progress766 progress_766(const Dossier& d, const AuditResult& r, Instant as_of) {
  bool resolved = d.resolved_at && *d.resolved_at <= as_of;
  if (!resolved && excluded_status(d.status)) return Progress766::not_counted;
  if (resolved && *d.resolved_at < d.received_at) return Progress766::late; // invalid dates are never in time

  int requests = 0;
  for (const auto& pause : d.pauses)
    if (pause.from <= as_of) ++requests;
  if (requests > 1) return Progress766::late;

  if (d.due_at) {
    Days due = local_date(*d.due_at);
    Days at = local_date(resolved ? *d.resolved_at : as_of);
    return at <= due ? Progress766::in_time : Progress766::late;
  }
  switch (r.state) {
  case DossierState::early:
  case DossierState::on_time:
  case DossierState::pending:
  case DossierState::due_soon:
  case DossierState::paused: return Progress766::in_time;
  default: return Progress766::late; // late, overdue, unknown procedure, invalid
  }
}

} // namespace motcua
