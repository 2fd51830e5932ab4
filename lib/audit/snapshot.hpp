#pragma once
// Compliance snapshots: the audit's results as files anyone can re-check later,
// with a MANIFEST.sha256 that `sha256sum -c` accepts. Same inputs, same bytes.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/report.hpp"
#include "audit/run.hpp"
#include "catalog/history.hpp"
#include "io/atomic_file.hpp"
#include "io/csv_writer.hpp"
#include "util/error.hpp"
#include "util/minisign.hpp"

namespace motcua {

// What signs a snapshot: the decrypted key and the organisation named in the trusted comment.
struct SnapshotSigning {
  MinisignSecretKey key;
  std::string organisation;
};

// How the snapshot's report reads and whether it is signed.
struct SnapshotOptions {
  const CatalogHistory* catalog = nullptr; // agency and procedure names as of the audit instant
  Lang lang = Lang::vi;
  std::string org, title, signatory;
  const SnapshotSigning* signing = nullptr;
};

// The signature's trusted comment: what was signed, the organisation (when given) and the audit
// instant, tab-separated as minisign's own comments are; never the clock, so signing is repeatable.
std::string snapshot_trusted_comment(Instant as_of, const std::string& organisation);

class SnapshotWriter {
public:
  // Builds the snapshot in a private temporary sibling of DIR, renamed to DIR by finish(): a
  // failure half way (disk full) leaves no DIR. DIR may be new or an empty directory; an existing
  // snapshot (a directory of files with a MANIFEST.sha256) is replaced only with force.
  static Result<std::unique_ptr<SnapshotWriter>> create(const std::string& dir, bool force = false);

  // One audited dossier: a row in dossiers.csv and one per finding in findings.csv (names masked).
  void add(const Dossier& d, const AuditResult& r);
  // Writes summary.json, params.json, report.html and the manifest (and, given a key, the
  // manifest's signature), then renames the directory into place. Errors name DIR and the cause.
  Status finish(const AuditSummary& summary, const nlohmann::ordered_json& params, const SnapshotOptions& options = {});

private:
  SnapshotWriter() = default;
  // The file's write error, if any, as an error naming the snapshot and the cause.
  Status check(const AtomicFile& file, const char* name) const;
  std::string m_dir;
  std::unique_ptr<AtomicDirectory> m_tmp;
  std::unique_ptr<AtomicFile> m_dossiers;
  std::unique_ptr<AtomicFile> m_findings;
  std::unique_ptr<CsvWriter> m_dossiers_csv;
  std::unique_ptr<CsvWriter> m_findings_csv;
  LateLists m_late;
  std::map<std::string, int> m_procedures; // the codes met, for their names in the report
};

// The name of a snapshot's signature: minisign's detached signature of MANIFEST.sha256.
inline constexpr const char* k_snapshot_signature = "MANIFEST.sha256.minisig";

// The outcome of checking a snapshot against its manifest.
struct VerifyReport {
  bool signature_present = false; // MANIFEST.sha256.minisig exists (checked only with a public key)
  std::vector<std::string> changed;
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::size_t checked = 0;
  bool intact() const { return changed.empty() && missing.empty() && extra.empty(); }
};

// Recomputes every digest of DIR/MANIFEST.sha256; an unreadable manifest is an input error.
Result<VerifyReport> verify_snapshot(const std::string& dir);

// Checks DIR/MANIFEST.sha256.minisig against the manifest and the public key; returns the trusted
// comment. A missing or bad signature is an input error saying what failed.
Result<std::string> verify_snapshot_signature(const std::string& dir, const MinisignPublicKey& key);

// summary.csv: per agency (then the total) its name, dossiers, states, findings per kind,
// dossiers with findings, resolved but not judged, and the on-time rate.
void write_summary_csv(std::ostream& out, const AuditSummary& summary,
                       const std::map<std::string, std::string>& agency_names);

} // namespace motcua
