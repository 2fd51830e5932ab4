#pragma once
// Compliance snapshots: the audit's results as files anyone can re-check later,
// with a MANIFEST.sha256 that `sha256sum -c` accepts. Same inputs, same bytes.
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/run.hpp"
#include "util/error.hpp"

namespace motcua {

class SnapshotWriter {
public:
  // Creates DIR (or takes an empty one); refuses a non-empty DIR so nothing is overwritten.
  static Result<std::unique_ptr<SnapshotWriter>> create(const std::string& dir);

  // One audited dossier: a row in dossiers.csv and one per finding in findings.csv (names masked).
  void add(const Dossier& d, const AuditResult& r);
  // Writes summary.json, params.json, report.html and the manifest.
  Status finish(const AuditSummary& summary, const nlohmann::ordered_json& params);

private:
  explicit SnapshotWriter(std::string dir);
  std::string m_dir;
  std::ofstream m_dossiers;
  std::ofstream m_findings;
};

// The outcome of checking a snapshot against its manifest.
struct VerifyReport {
  std::vector<std::string> changed;
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::size_t checked = 0;
  bool intact() const { return changed.empty() && missing.empty() && extra.empty(); }
};

// Recomputes every digest of DIR/MANIFEST.sha256; an unreadable manifest is an input error.
Result<VerifyReport> verify_snapshot(const std::string& dir);

// The report for people: one self-contained HTML page that prints well.
std::string audit_report_html(const AuditSummary& summary, const nlohmann::ordered_json& params);

} // namespace motcua
