#pragma once
// One pass over the cache's dossiers: classify each, sum per agency, and hand
// each result to the caller (details, snapshots) without keeping them.
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "store/db.hpp"
#include <nlohmann/json.hpp>

#include "audit/classify.hpp"
#include "catalog/history.hpp"
#include "catalog/lineage.hpp"
#include "dossiers/store.hpp"
#include "util/error.hpp"

namespace motcua {

// Counts per state and per finding for one group of dossiers.
struct StateCounts {
  std::array<std::int64_t, k_state_count> states{};
  std::array<std::int64_t, k_finding_count> findings{};
  std::int64_t total = 0;
  std::int64_t with_findings = 0;
  std::int64_t resolved = 0;            // resolved by A, whatever their state
  std::int64_t resolved_not_judged = 0; // of those, the ones without a deadline state (unknown, invalid)

  void add(const AuditResult& r);
  // Adds another group's counts (a parallel job's share of the same group).
  void merge(const StateCounts& other);
  // The published rate (audit/on_time.hpp): (early + on time) / resolved; nullopt when nothing was resolved.
  std::optional<double> on_time_rate() const;
  nlohmann::ordered_json to_json() const;
};

struct AuditSummary {
  Instant as_of = 0;
  StateCounts total;
  std::map<std::string, StateCounts> agencies; // by agency code ("" = none)
  // Dossiers received before the first catalog snapshot (CatalogHistory::before_first_snapshot): all
  // unknown_procedure, counted apart so a catalog imported too late is named, not silent.
  std::int64_t before_first_catalog = 0;
  int jobs = 1; // how many parallel jobs read the cache (for --verbose)
  // --agency-structure: the date agencies were rolled into their successors, and successor → old codes merged.
  std::optional<Days> agency_structure;
  std::map<std::string, std::set<std::string>> merged_agencies;

  // Adds a later job's summary of the same audit (sums only: the order of the merge does not matter).
  void merge(const AuditSummary& other);
};

// Called for every audited dossier, in receipt order.
using AuditVisitor = std::function<void(const Dossier&, const AuditResult&)>;

// Audits every dossier matching `filter` received on or before params.as_of. Without a visitor and
// with an unordered filter the pass runs in `jobs` parallel jobs (dossiers/scan: k_auto_jobs, the
// default, is one per core); the summary is the same whatever the number. With `roll`, the per-agency
// counts are those of each agency's successor as of the roll's date (catalog/lineage), in one job.
Result<AuditSummary> run_audit(store::Database& db, const WorkCalendar& calendar, const CatalogHistory& catalog,
                               const DossierFilter& filter, const AuditParams& params, const AuditVisitor& visit,
                               int jobs = 1, AgencyRoll* roll = nullptr);

// The --details row of one dossier (the documented ndjson shape plus hours late or left).
nlohmann::ordered_json detail_json(const Dossier& d, const AuditResult& r);

// The JSON summary: as_of, before_first_catalog, total, agencies (motcua-metrics(7), THE AUDIT COUNTS).
nlohmann::ordered_json summary_json(const AuditSummary& s);

} // namespace motcua
