#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "audit/snapshot.hpp"
#include "util/sha256.hpp"

#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const char* name) {
  return fs::temp_directory_path() / ("motcua-snap-" + std::to_string(::getpid()) + "-" + name);
}

// Writes a small snapshot of one late dossier into dir.
void write_one(const fs::path& dir) {
  auto w = SnapshotWriter::create(dir.string());
  REQUIRE(w.ok());
  Dossier d;
  d.code = "X-1";
  d.procedure_code = "P1";
  d.agency_code = "A";
  d.applicant_name = "Nguyễn Văn An";
  d.received_at = *parse_datetime("2018-03-05T08:00");
  d.resolved_at = *parse_datetime("2018-03-07T08:00");
  AuditResult r;
  r.state = DossierState::late;
  r.legal_due = *parse_datetime("2018-03-06T08:00");
  r.findings = f_late_without_apology;
  r.resolved = true;
  (*w)->add(d, r);
  AuditSummary s;
  s.as_of = *parse_datetime("2018-12-31T23:00");
  s.total.add(r);
  s.agencies["A"].add(r);
  REQUIRE((*w)->finish(s, {{"as_of", "2018-12-31T23:00:00+07:00"}}).ok());
}

} // namespace

TEST_CASE("a snapshot is deterministic, masks names, and its manifest is sha256sum's format") {
  auto a = temp_dir("a"), b = temp_dir("b");
  fs::remove_all(a);
  fs::remove_all(b);
  write_one(a);
  write_one(b);
  for (const char* f :
       {"summary.json", "dossiers.csv", "findings.csv", "params.json", "report.html", "MANIFEST.sha256"})
    CHECK(slurp(a / f) == slurp(b / f));
  std::string dossiers = slurp(a / "dossiers.csv");
  CHECK(dossiers.find("Nguyễn") == std::string::npos);
  CHECK(dossiers.find("late_without_apology") != std::string::npos);
  CHECK(slurp(a / "findings.csv").find("X-1,P1,A,late_without_apology,late") != std::string::npos);
  std::string manifest = slurp(a / "MANIFEST.sha256");
  CHECK(manifest.find(sha256_hex(slurp(a / "summary.json")) + "  summary.json\n") != std::string::npos);
  CHECK(slurp(a / "report.html").find("<!DOCTYPE html>") == 0);

  auto ok = verify_snapshot(a.string());
  REQUIRE(ok.ok());
  CHECK(ok->intact());
  CHECK(ok->checked == 6);
  CHECK_FALSE(ok->signature_present);
  // summary.csv joins the counts per agency; the report's footer carries the data part's digest.
  CHECK(slurp(a / "summary.csv").find("\r\nA,,1,0,0,1,") != std::string::npos);
  std::string data_part;
  std::istringstream lines(manifest);
  for (std::string line; std::getline(lines, line);)
    if (line.find("  report.html") == std::string::npos) data_part += line + "\n";
  CHECK(slurp(a / "report.html").find(sha256_hex(data_part)) != std::string::npos);

  { std::ofstream(a / "params.json", std::ios::app) << " "; }
  fs::remove(a / "report.html");
  { std::ofstream(a / "extra.txt") << "x"; }
  auto bad = verify_snapshot(a.string());
  REQUIRE(bad.ok());
  CHECK(bad->changed == std::vector<std::string>{"params.json"});
  CHECK(bad->missing == std::vector<std::string>{"report.html"});
  CHECK(bad->extra == std::vector<std::string>{"extra.txt"});

  CHECK_FALSE(SnapshotWriter::create(a.string()).ok()); // not empty: refused
  CHECK_FALSE(verify_snapshot((a / "nope").string()).ok());
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("a snapshot made before summary.csv existed still verifies; the trusted comment has no clock") {
  auto a = temp_dir("old");
  fs::remove_all(a);
  write_one(a);
  fs::remove(a / "summary.csv");
  std::string manifest = slurp(a / "MANIFEST.sha256"), kept;
  std::istringstream lines(manifest);
  for (std::string line; std::getline(lines, line);)
    if (line.find("summary.csv") == std::string::npos) kept += line + "\n";
  { std::ofstream(a / "MANIFEST.sha256", std::ios::trunc) << kept; }
  auto ok = verify_snapshot(a.string());
  REQUIRE(ok.ok());
  CHECK(ok->intact());
  fs::remove_all(a);
  Instant as_of = *parse_datetime("2018-12-31T23:59:59");
  CHECK(snapshot_trusted_comment(as_of, "Sở Nội vụ") ==
        "motcua audit snapshot\torganisation:Sở Nội vụ\tas_of:2018-12-31T23:59:59+07:00\tfile:MANIFEST.sha256");
  CHECK(snapshot_trusted_comment(as_of, "") ==
        "motcua audit snapshot\tas_of:2018-12-31T23:59:59+07:00\tfile:MANIFEST.sha256");
}
