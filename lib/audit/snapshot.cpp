#include "audit/snapshot.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "io/fd_writer.hpp"
#include "io/render.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;

namespace motcua {

namespace {

constexpr const char* k_manifest = "MANIFEST.sha256";
// Every file a snapshot has besides its manifest, in manifest order: the writer lists these,
// and verify requires exactly these, so files removed with their lines are still noticed.
// summary.csv came later: verify accepts a snapshot made before it (every other file is required).
constexpr const char* k_snapshot_files[] = {"dossiers.csv", "findings.csv", "params.json",
                                            "report.html",  "summary.csv",  "summary.json"};
constexpr const char* k_optional_file = "summary.csv";

// Opens a file of a snapshot for verification: never through a symlink, never blocking on a
// FIFO, and only a regular file (a device such as /dev/zero would never end).
Result<int> open_regular(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ELOOP)
    return make_error(ErrorKind::input, path.string() + " is a symbolic link: a snapshot holds only regular files");
  if (fd < 0) return make_error(ErrorKind::input, "cannot read " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorKind::input, path.string() + " is not a regular file: a snapshot holds only regular files");
  }
  return fd;
}

// The whole content of a regular file of a snapshot.
Result<std::string> read_regular(const fs::path& path) {
  auto fd = open_regular(path);
  if (!fd) return fd.error();
  std::string out;
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(*fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  int e = errno;
  ::close(*fd);
  if (n < 0) return make_error(ErrorKind::input, "cannot read " + path.string() + ": " + std::strerror(e));
  return out;
}

Result<std::string> file_digest(const fs::path& path) {
  auto fd = open_regular(path);
  if (!fd) return fd.error();
  Sha256 h;
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(*fd, buf, sizeof buf)) > 0) h.update(std::string_view(buf, static_cast<size_t>(n)));
  int e = errno;
  ::close(*fd);
  if (n < 0) return make_error(ErrorKind::input, "cannot read " + path.string() + ": " + std::strerror(e));
  return h.hex_digest();
}

void write_row(CsvWriter& csv, const std::vector<nlohmann::ordered_json>& cells) {
  for (const auto& c : cells) csv.value(c);
  csv.end_row();
}

// Inside the private temporary directory: owner-only files, none there before.
AtomicFileOptions in_snapshot() { return AtomicFileOptions{}; }

} // namespace

Result<std::unique_ptr<SnapshotWriter>> SnapshotWriter::create(const std::string& dir, bool force) {
  std::error_code ec;
  if (force && fs::is_directory(fs::symlink_status(dir, ec)) && !fs::is_empty(dir, ec) &&
      !fs::is_regular_file(fs::symlink_status(fs::path(dir) / k_manifest, ec)))
    return make_error(ErrorKind::usage, "--snapshot " + dir + " is not empty and holds no " + k_manifest +
                                            ": --force replaces only an earlier snapshot; choose a new directory");
  fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec); // as before: missing parents are created
    if (ec) return make_error(ErrorKind::input, "cannot create " + parent.string() + ": " + ec.message());
  }
  auto tmp = AtomicDirectory::create(dir, force, "--snapshot");
  if (!tmp) return tmp.error();
  std::unique_ptr<SnapshotWriter> w(new SnapshotWriter());
  w->m_dir = dir;
  w->m_tmp = std::move(*tmp);
  auto dossiers = AtomicFile::create(w->m_tmp->temp_path() + "/dossiers.csv", in_snapshot());
  if (!dossiers) return dossiers.error();
  auto findings = AtomicFile::create(w->m_tmp->temp_path() + "/findings.csv", in_snapshot());
  if (!findings) return findings.error();
  w->m_dossiers = std::move(*dossiers);
  w->m_findings = std::move(*findings);
  w->m_dossiers_csv = std::make_unique<CsvWriter>(w->m_dossiers->stream());
  w->m_findings_csv = std::make_unique<CsvWriter>(w->m_findings->stream());
  for (const char* h : {"code", "procedure_code", "agency_code", "applicant", "received_at", "legal_due_at", "due_at",
                        "resolved_at", "state", "working_hours_late", "findings"})
    w->m_dossiers_csv->name(h);
  w->m_dossiers_csv->end_row();
  for (const char* h : {"code", "procedure_code", "agency_code", "finding", "state", "legal_due_at", "resolved_at"})
    w->m_findings_csv->name(h);
  w->m_findings_csv->end_row();
  return w;
}

void SnapshotWriter::add(const Dossier& d, const AuditResult& r) {
  auto j = detail_json(d, r);
  std::string findings;
  for (const auto& f : j["findings"]) {
    if (!findings.empty()) findings += ';';
    findings += f.get_ref<const std::string&>();
  }
  m_late.add(d, r);
  m_procedures.emplace(d.procedure_code, 0);
  write_row(*m_dossiers_csv,
            {j["code"], j["procedure_code"], j["agency_code"], mask_name(d.applicant_name), j["received_at"],
             j["legal_due_at"], j["due_at"], j["resolved_at"], j["state"], j["working_hours_late"], findings});
  for (const auto& f : j["findings"])
    write_row(*m_findings_csv,
              {j["code"], j["procedure_code"], j["agency_code"], f, j["state"], j["legal_due_at"], j["resolved_at"]});
}

Status SnapshotWriter::check(const AtomicFile& file, const char* name) const {
  if (int err = file.error())
    return make_error(write_error_kind(err), "cannot write the snapshot " + m_dir + " (" + name + "): " +
                                                 describe_write_error(err) + "; no snapshot was left at " + m_dir);
  return {};
}

std::string snapshot_trusted_comment(Instant as_of, const std::string& organisation) {
  std::string comment = "motcua audit snapshot";
  if (!organisation.empty()) comment += "\torganisation:" + organisation;
  return comment + "\tas_of:" + format_instant(as_of) + "\tfile:" + k_manifest;
}

void write_summary_csv(std::ostream& out, const AuditSummary& s, const std::map<std::string, std::string>& names) {
  CsvWriter csv(out);
  csv.name("agency_code").name("agency_name").name("dossiers");
  for (size_t i = 0; i < k_state_count; ++i) csv.name(state_name(static_cast<DossierState>(i)));
  csv.name("dossiers_with_findings");
  for (size_t i = 0; i < k_finding_count; ++i) csv.name(finding_name(i));
  csv.name("resolved").name("resolved_not_judged").name("on_time_rate");
  csv.end_row();
  auto row = [&](const std::string& code, const std::string& name, const StateCounts& c) {
    csv.text(code).text(name).value(c.total);
    for (auto v : c.states) csv.value(v);
    csv.value(c.with_findings);
    for (auto v : c.findings) csv.value(v);
    csv.value(c.resolved).value(c.resolved_not_judged);
    auto rate = c.on_time_rate();
    csv.value(rate ? nlohmann::ordered_json(std::round(*rate * 10000.0) / 10000.0) : nlohmann::ordered_json(nullptr));
    csv.end_row();
  };
  for (const auto& [code, c] : s.agencies) {
    auto it = names.find(code);
    row(code, it == names.end() ? "" : it->second, c);
  }
  row("total", "", s.total);
}

Status SnapshotWriter::finish(const AuditSummary& summary, const nlohmann::ordered_json& params,
                              const SnapshotOptions& options) {
  const SnapshotSigning* signing = options.signing;
  Days as_of_day = local_date(summary.as_of);
  AuditReportInput report;
  report.lang = options.lang;
  report.org = options.org;
  report.title = options.title;
  report.signatory = options.signatory;
  report.late = &m_late;
  if (options.catalog) {
    report.agency_names = options.catalog->agency_names(as_of_day);
    for (const auto& [code, unused] : m_procedures)
      if (const Procedure* p = options.catalog->at(code, as_of_day)) report.procedure_names.emplace(code, p->name);
  }
  fs::path dir(m_tmp->temp_path());
  // Whatever fails below, the destructors remove the temporary directory: no half snapshot stays.
  auto write_one = [&](const char* name, const std::string& text) -> Status {
    auto file = AtomicFile::create((dir / name).string(), in_snapshot());
    if (!file) return file.error();
    (*file)->stream() << text;
    (*file)->stream().flush();
    if (auto st = check(**file, name); !st) return st;
    return (*file)->commit();
  };
  for (auto [file, name] : {std::pair{m_dossiers.get(), "dossiers.csv"}, std::pair{m_findings.get(), "findings.csv"}}) {
    file->stream().flush();
    if (auto st = check(*file, name); !st) return st;
    if (auto st = file->commit(); !st) return st;
  }
  if (auto st = write_one("summary.json", summary_json(summary).dump(2) + "\n"); !st) return st;
  if (auto st = write_one("params.json", params.dump(2) + "\n"); !st) return st;
  std::ostringstream summary_csv;
  write_summary_csv(summary_csv, summary, report.agency_names);
  if (auto st = write_one("summary.csv", summary_csv.str()); !st) return st;
  // The manifest lines of every file but the report: their digest is printed in the report's footer.
  std::map<std::string, std::string> lines;
  std::string data_part;
  for (const char* name : k_snapshot_files) {
    if (std::string_view(name) == "report.html") continue;
    auto digest = file_digest(dir / name);
    if (!digest) return digest.error();
    lines[name] = *digest + "  " + name + "\n";
    data_part += lines[name];
  }
  report.data_manifest_sha256 = sha256_hex(data_part);
  if (auto st = write_one("report.html", audit_report_html(summary, params, report)); !st) return st;
  auto report_digest = file_digest(dir / "report.html");
  if (!report_digest) return report_digest.error();
  lines["report.html"] = *report_digest + "  report.html\n";
  std::string manifest;
  for (const char* name : k_snapshot_files) manifest += lines[name];
  if (auto st = write_one(k_manifest, manifest); !st) return st;
  if (signing) {
    auto sig = minisign_sign(signing->key, manifest, snapshot_trusted_comment(summary.as_of, signing->organisation));
    if (!sig) return sig.error();
    if (auto st = write_one(k_snapshot_signature, *sig); !st) return st;
  }
  return m_tmp->commit();
}

Result<VerifyReport> verify_snapshot(const std::string& dir) {
  fs::path root(dir);
  std::string manifest_path = dir + "/" + k_manifest;
  auto text = read_regular(root / k_manifest);
  if (!text) return make_error(ErrorKind::input, text.error().message + " (is " + dir + " a motcua snapshot?)");
  VerifyReport report;
  std::vector<std::string> listed;
  std::istringstream in(*text);
  std::string line;
  int line_no = 0;
  auto bad = [&](const std::string& why) {
    return make_error(ErrorKind::input, manifest_path + ":" + std::to_string(line_no) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back(); // CRLF, as sha256sum -c accepts
    if (line.empty()) continue;
    if (line.size() < 67 || line.compare(64, 2, "  ") != 0) return bad("not a 'DIGEST  FILE' line");
    std::string digest = line.substr(0, 64), name = line.substr(66);
    if (std::find(std::begin(k_snapshot_files), std::end(k_snapshot_files), name) == std::end(k_snapshot_files))
      return bad("'" + name + "' is not a file of a motcua snapshot");
    if (std::find(listed.begin(), listed.end(), name) != listed.end()) return bad("'" + name + "' is listed twice");
    listed.push_back(name);
    ++report.checked;
    struct stat st {};
    if (::lstat((root / name).c_str(), &st) != 0) {
      report.missing.push_back(name);
      continue;
    }
    auto actual = file_digest(root / name);
    if (!actual) return actual.error(); // a FIFO, a device, a symlink: refused with the reason
    if (*actual != digest) report.changed.push_back(name);
  }
  for (const char* name : k_snapshot_files)
    if (std::string_view(name) != k_optional_file && std::find(listed.begin(), listed.end(), name) == listed.end())
      return make_error(ErrorKind::input,
                        manifest_path + " does not list " + name +
                            ": every snapshot has it, so the manifest was cut (or this is no motcua snapshot)");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::string name = entry.path().filename().string();
    if (name == k_snapshot_signature) report.signature_present = true;
    else if (name != k_manifest && std::find(listed.begin(), listed.end(), name) == listed.end())
      report.extra.push_back(name);
  }
  if (ec) return make_error(ErrorKind::input, "cannot list " + dir + ": " + ec.message());
  std::sort(report.extra.begin(), report.extra.end());
  return report;
}

Result<std::string> verify_snapshot_signature(const std::string& dir, const MinisignPublicKey& key) {
  fs::path root(dir);
  struct stat st {};
  if (::lstat((root / k_snapshot_signature).c_str(), &st) != 0)
    return make_error(ErrorKind::input, dir + " is not signed: it has no " + k_snapshot_signature);
  auto sig = read_regular(root / k_snapshot_signature);
  if (!sig) return sig.error();
  auto manifest = read_regular(root / k_manifest);
  if (!manifest) return manifest.error();
  return minisign_verify(key, *manifest, *sig, dir + "/" + k_snapshot_signature);
}

} // namespace motcua
