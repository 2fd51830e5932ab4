#pragma once
// An audit as the user asks for it, and what a compliance snapshot records about it: the
// as-of rule, the due-soon threshold, the filter and params.json live here, not in cmd/.
#include <optional>
#include <string>
#include <string_view>

#include "store/db.hpp"
#include <nlohmann/json.hpp>

#include "audit/classify.hpp"
#include "catalog/history.hpp"
#include "dossiers/store.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// The options of `audit deadlines` as typed (empty text: not given).
struct AuditRequest {
  std::string as_of; // empty: now; a date-time; a date means the end of that day
  std::string from;  // YYYY-MM-DD: only dossiers received on or after
  std::string to;    // YYYY-MM-DD: only dossiers received on or before
  std::string agency;
  std::string procedure;
  double due_soon_hours = k_default_due_soon_hours; // office hours left under which an open dossier is due soon
};

// The audit instant of --as-of: now when empty, a date-time as given, a date the last second
// of that (local) day; nullopt when the text is neither.
std::optional<Instant> parse_as_of(std::string_view text);

// The classifier's parameters for a request: the as-of instant, the due-soon hours in seconds.
// ErrorKind::usage when --as-of is unreadable or --due-soon is negative or not a number.
Result<AuditParams> make_audit_params(const AuditRequest& request);

// Which dossiers the request audits (--from, --to, --agency, --procedure).
Result<DossierFilter> make_audit_filter(const AuditRequest& request);

// params.json of a compliance snapshot: the request, motcua's and the cache schema's versions,
// and digests of the calendar and the catalog the audit used, so the snapshot can be re-made.
Result<nlohmann::ordered_json> snapshot_params(store::Database& db, const CatalogHistory& catalog,
                                               const AuditRequest& request, const AuditParams& params);

} // namespace motcua
