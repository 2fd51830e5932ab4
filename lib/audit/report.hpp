#pragma once
// The audit report for people (a snapshot's report.html): Vietnamese or English words with the
// machine codes beside them, agencies by name, the late and overdue dossiers listed, a heading
// and a signature block, A4 print layout. Numbers and dates in the language's format.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/run.hpp"
#include "stats/labels.hpp"

namespace motcua {

// How many late or overdue dossiers the report lists per agency (the worst by hours late).
inline constexpr std::size_t k_report_worst_per_agency = 50;

// A state or a finding in words ("Trễ hạn" / "Late").
std::string_view state_label(DossierState s, Lang lang);
std::string_view finding_label(std::size_t bit_index, Lang lang);
// The one-line definition of a finding, as motcua-deadlines(7) states it.
std::string_view finding_definition(std::size_t bit_index, Lang lang);
// An instant as people write it: "31/12/2018 23:59" (vi) or "2018-12-31 23:59" (en), local time.
std::string format_local_minute(Instant t, Lang lang);

// One late or overdue dossier as listed.
struct LateDossier {
  std::string code, procedure_code;
  Instant received_at = 0;
  std::optional<Instant> legal_due, resolved_at;
  DossierState state = DossierState::late;
  std::int64_t office_seconds_late = 0;
};

// Keeps, per agency, the worst k_report_worst_per_agency late or overdue dossiers and counts all.
class LateLists {
public:
  void add(const Dossier& d, const AuditResult& r);
  // Per agency code, worst first (most hours late, then code).
  std::map<std::string, std::vector<LateDossier>> worst() const;
  std::int64_t count(const std::string& agency) const;

private:
  std::map<std::string, std::vector<LateDossier>> m_kept; // a heap per agency, least late on top
  std::map<std::string, std::int64_t> m_count;
};

// Everything the report shows besides the counts.
struct AuditReportInput {
  Lang lang = Lang::vi;
  std::string org, title, signatory;
  std::map<std::string, std::string> agency_names;    // code → name, the catalog as of the audit instant
  std::map<std::string, std::string> procedure_names; // code → name, idem
  const LateLists* late = nullptr;
  // The SHA-256 of the manifest's lines of every file but report.html (the footer can not carry
  // the digest of the page it is printed on): `grep -v ' report.html$' MANIFEST.sha256 | sha256sum`.
  std::string data_manifest_sha256;
};

std::string audit_report_html(const AuditSummary& summary, const nlohmann::ordered_json& params,
                              const AuditReportInput& input);

} // namespace motcua
