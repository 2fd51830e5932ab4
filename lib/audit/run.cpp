#include "audit/run.hpp"

#include <cmath>

#include "audit/on_time.hpp"
#include "dossiers/scan.hpp"

namespace motcua {

void StateCounts::add(const AuditResult& r) {
  ++total;
  ++states[static_cast<size_t>(r.state)];
  if (r.findings) ++with_findings;
  if (r.resolved) {
    ++resolved;
    if (!judged_resolution(r.state)) ++resolved_not_judged;
  }
  for (size_t i = 0; i < k_finding_count; ++i)
    if (r.findings & (1u << i)) ++findings[i];
}

void StateCounts::merge(const StateCounts& o) {
  for (size_t i = 0; i < k_state_count; ++i) states[i] += o.states[i];
  for (size_t i = 0; i < k_finding_count; ++i) findings[i] += o.findings[i];
  total += o.total;
  with_findings += o.with_findings;
  resolved += o.resolved;
  resolved_not_judged += o.resolved_not_judged;
}

void AuditSummary::merge(const AuditSummary& o) {
  total.merge(o.total);
  for (const auto& [code, counts] : o.agencies) agencies[code].merge(counts);
  before_first_catalog += o.before_first_catalog;
}

std::optional<double> StateCounts::on_time_rate() const {
  return motcua::on_time_rate(states[static_cast<size_t>(DossierState::early)],
                              states[static_cast<size_t>(DossierState::on_time)], resolved);
}

namespace {
// Rates to 4 decimals, as motcua-metrics(7) says (0.6602).
nlohmann::ordered_json rate_json(std::optional<double> r) {
  if (!r) return nullptr;
  return std::round(*r * 10000.0) / 10000.0;
}
} // namespace

nlohmann::ordered_json StateCounts::to_json() const {
  nlohmann::ordered_json j;
  for (size_t i = 0; i < k_state_count; ++i) j[std::string(state_name(static_cast<DossierState>(i)))] = states[i];
  nlohmann::ordered_json f;
  for (size_t i = 0; i < k_finding_count; ++i) f[std::string(finding_name(i))] = findings[i];
  j["findings"] = f;
  j["dossiers"] = total;
  j["dossiers_with_findings"] = with_findings;
  j["resolved"] = resolved;
  j["resolved_not_judged"] = resolved_not_judged;
  j["on_time_rate"] = rate_json(on_time_rate());
  return j;
}

namespace {

// One pass (or one job's share of it) over the dossiers `f` selects.
Status audit_pass(store::Database& db, const WorkCalendar& calendar, const CatalogHistory& catalog,
                  const DossierFilter& f, const AuditParams& params, const AuditVisitor& visit, AgencyRoll* roll,
                  AuditSummary& s) {
  StateCounts* current = nullptr;
  std::string current_agency = "\x01"; // dossiers come in receipt order, so agencies alternate: cache the last
  return for_each_dossier(db, f, [&](const Dossier& d) {
    if (d.received_at > params.as_of) return true;
    Days received = local_date(d.received_at);
    AuditResult r = audit_dossier(d, catalog.at(d.procedure_code, received), calendar, params);
    s.total.add(r);
    if (catalog.before_first_snapshot(received)) ++s.before_first_catalog;
    if (roll) {
      current = &s.agencies[roll->roll(d.agency_code, d.procedure_code)]; // a roll maps per dossier: no caching
    } else if (d.agency_code != current_agency) {
      current = &s.agencies[d.agency_code];
      current_agency = d.agency_code;
    }
    current->add(r);
    if (visit) visit(d, r);
    return true;
  });
}

} // namespace

Result<AuditSummary> run_audit(store::Database& db, const WorkCalendar& calendar, const CatalogHistory& catalog,
                               const DossierFilter& filter, const AuditParams& params, const AuditVisitor& visit,
                               int jobs, AgencyRoll* roll) {
  DossierFilter f = filter;
  Days last = local_date(params.as_of);
  if (!f.to || *f.to > last) f.to = last;
  if (visit) jobs = 1; // the visitor sees dossiers in order, one at a time
  else f.classify_only = true;
  if (roll) jobs = 1; // the roll records what it merged as it goes: one job owns it
  std::vector<AuditSummary> parts(static_cast<size_t>(max_scan_jobs(jobs)));
  auto ran = run_scan_jobs(db, f, jobs, [&](int job, store::Database& job_db, const DossierFilter& job_filter) {
    return audit_pass(job_db, calendar, catalog, job_filter, params, visit, roll, parts[static_cast<size_t>(job)]);
  });
  if (!ran) return ran.error();
  AuditSummary s = std::move(parts[0]);
  for (int i = 1; i < *ran; ++i) s.merge(parts[static_cast<size_t>(i)]);
  s.as_of = params.as_of;
  s.jobs = *ran;
  if (roll) {
    s.agency_structure = roll->date();
    s.merged_agencies = roll->merged();
  }
  return s;
}

nlohmann::ordered_json detail_json(const Dossier& d, const AuditResult& r) {
  auto instant = [](const std::optional<Instant>& t) {
    return t ? nlohmann::ordered_json(format_instant(*t)) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json j;
  j["code"] = d.code;
  j["procedure_code"] = d.procedure_code;
  j["agency_code"] = d.agency_code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.agency_code);
  j["received_at"] = format_instant(d.received_at);
  j["legal_due_at"] = instant(r.legal_due);
  j["due_at"] =
      d.due_at ? nlohmann::ordered_json(format_moment(*d.due_at, d.due_date_only)) : nlohmann::ordered_json(nullptr);
  j["resolved_at"] = r.resolved ? instant(d.resolved_at) : nlohmann::ordered_json(nullptr);
  j["state"] = state_name(r.state);
  j["working_hours_late"] =
      r.office_seconds_late
          ? nlohmann::ordered_json(std::round(static_cast<double>(*r.office_seconds_late) / 36.0) / 100.0)
          : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (size_t i = 0; i < k_finding_count; ++i)
    if (r.findings & (1u << i)) findings.push_back(finding_name(i));
  j["findings"] = findings;
  return j;
}

nlohmann::ordered_json summary_json(const AuditSummary& s) {
  nlohmann::ordered_json j;
  j["as_of"] = format_instant(s.as_of);
  j["before_first_catalog"] = s.before_first_catalog;
  j["total"] = s.total.to_json();
  nlohmann::ordered_json agencies = nlohmann::ordered_json::array();
  for (const auto& [code, counts] : s.agencies) {
    nlohmann::ordered_json a;
    a["agency_code"] = code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(code);
    nlohmann::ordered_json c = counts.to_json();
    for (auto it = c.begin(); it != c.end(); ++it) a[it.key()] = it.value();
    agencies.push_back(a);
  }
  j["agencies"] = agencies;
  if (s.agency_structure) j["agency_structure"] = agency_structure_json(*s.agency_structure, s.merged_agencies);
  return j;
}

} // namespace motcua
