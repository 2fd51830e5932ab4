#pragma once
// The "progress" indicator of Decision 766/QĐ-TTg (motcua-metrics(7), DECISION 766 INDICATORS): whether a
// dossier handled in a period counts as resolved or in progress within its deadline. It builds on the state of
// audit_dossier() (the one owner of due times) and adds only the rules the decision sets on top of it.
#include "audit/classify.hpp"

namespace motcua {

// One dossier's place in the progress indicator at the instant A.
enum class Progress766 {
  not_counted, // neither resolved by A nor in progress at A (excluded statuses): outside the denominator
  in_time,     // resolved early or on time, or in progress within its deadline: numerator and denominator
  late,        // resolved late, overdue, more than one supplement request, or not judgeable: denominator only
};

// `r` is audit_dossier(d, procedure at receipt, calendar, {as_of}). Rules added by the decision:
// an appointment (due_at) recorded for the dossier is the deadline it is judged against (its local date);
// without one, the legal due time of `r` (processing time less supplement time against the procedure's maximum);
// more than one supplement request made by A counts late whatever the dates.
Progress766 progress_766(const Dossier& d, const AuditResult& r, Instant as_of);

} // namespace motcua
