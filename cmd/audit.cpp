// `motcua audit deadlines|verify`: deadline states, findings and compliance snapshots.
#include <cmath>
#include <iostream>

#include "audit/params.hpp"
#include "audit/run.hpp"
#include "audit/snapshot.hpp"
#include "calendar/store.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/atomic_file.hpp"
#include "io/text.hpp"
#include "password.hpp"
#include "util/minisign.hpp"

#include <fstream>
#include <sys/stat.h>

namespace motcua::cli {

namespace {

struct AuditOptions {
  AuditRequest request;
  std::string snapshot;
  std::string sign_key, password_file, org, title, signatory, lang = "vi";
  bool details = false, findings_only = false, fail_on_findings = false, force = false;
  int jobs = 0;                 // --jobs; 0: one per core (dossiers/scan k_auto_jobs)
  std::string agency_structure; // --agency-structure DATE (catalog/lineage)
};

struct KeygenOptions {
  std::string out, password_file;
  bool force = false;
};

// A key, signature or public key file: small, read whole; anything larger is no such file.
Result<std::string> read_key_file(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return make_error(ErrorKind::input, "cannot read " + what + " " + path + ": not a readable regular file");
  if (st.st_size > 65536) return make_error(ErrorKind::input, path + " is too large to be " + what);
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return make_error(ErrorKind::input, "cannot read " + what + " " + path);
  return text;
}

// The secret key of --sign, decrypted (asking for its password when it is encrypted).
Result<MinisignSecretKey> load_signing_key(const AuditOptions& o) {
  auto text = read_key_file(o.sign_key, "the secret key");
  if (!text) return text.error();
  auto encrypted = minisign_secret_is_encrypted(*text, o.sign_key);
  if (!encrypted) return encrypted.error();
  std::string password;
  if (*encrypted) {
    auto p = obtain_password(o.password_file, o.sign_key, false);
    if (!p) return p.error();
    password = std::move(*p);
  }
  return minisign_load_secret(*text, password, o.sign_key);
}

const std::vector<Column> k_detail_columns = {{"code", "CODE"},
                                              {"procedure_code", "PROCEDURE"},
                                              {"agency_code", "AGENCY"},
                                              {"received_at", "RECEIVED"},
                                              {"legal_due_at", "LEGAL DUE"},
                                              {"due_at", "RECORDED DUE"},
                                              {"resolved_at", "RESOLVED"},
                                              {"state", "STATE"},
                                              {"working_hours_late", "HOURS LATE"},
                                              {"findings", "FINDINGS"}};

std::vector<Column> summary_columns() {
  std::vector<Column> cols = {{"agency_code", "AGENCY"}, {"dossiers", "DOSSIERS"}};
  for (size_t i = 0; i < k_state_count; ++i) {
    std::string key(state_name(static_cast<DossierState>(i))), title = key;
    for (auto& c : title) c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    cols.push_back({key, title});
  }
  cols.push_back({"dossiers_with_findings", "FINDINGS"});
  cols.push_back({"resolved_not_judged", "NOT JUDGED"});
  cols.push_back({"on_time_rate", "ON-TIME RATE"});
  return cols;
}

// A summary row for table/csv: the counts, the rate as a percentage for people.
nlohmann::ordered_json summary_row(const std::string& label, const StateCounts& c, bool for_people) {
  nlohmann::ordered_json j = c.to_json();
  j["agency_code"] = label;
  if (for_people) {
    auto r = c.on_time_rate();
    char buf[16] = "";
    if (r) std::snprintf(buf, sizeof buf, "%.1f%%", *r * 100.0);
    j["on_time_rate"] = std::string(buf);
  }
  return j;
}

int run_deadlines(Context& ctx, const AuditOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto params = make_audit_params(o.request);
  if (!params) return ctx.fail(params.error());
  auto filter = make_audit_filter(o.request);
  if (!filter) return ctx.fail(filter.error());

  // The key is loaded first: a wrong password stops the run before anything is written.
  std::unique_ptr<SnapshotSigning> signing;
  if (!o.sign_key.empty()) {
    auto key = load_signing_key(o);
    if (!key) return ctx.fail(key.error());
    signing = std::make_unique<SnapshotSigning>(SnapshotSigning{*key, o.org});
    if (auto probe = minisign_sign(signing->key, "", snapshot_trusted_comment(params->as_of, o.org)); !probe)
      return ctx.fail(make_error(ErrorKind::usage, "--org must be one line of printable text"));
  }
  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  auto& db = (*cache)->db();
  std::unique_ptr<SnapshotWriter> snapshot;
  if (!o.snapshot.empty()) {
    auto w = SnapshotWriter::create(o.snapshot, o.force);
    if (!w) return ctx.fail(w.error());
    snapshot = std::move(*w);
  }
  auto calendar = load_calendar(db);
  if (!calendar) return ctx.fail(calendar.error());
  auto catalog = CatalogHistory::load(db);
  if (!catalog) return ctx.fail(catalog.error());
  std::optional<AgencyRoll> roll;
  if (!o.agency_structure.empty()) {
    auto r = agency_roll_as_of(db, date_arg(o.agency_structure));
    if (!r) return ctx.fail(r.error());
    roll.emplace(std::move(*r));
  }
  bool details = o.details || o.findings_only;
  filter->ordered = details || snapshot; // lists people read come in receipt order
  std::unique_ptr<RowWriter> writer;
  if (details) writer = make_row_writer(ctx.format(), std::cout, k_detail_columns);
  AuditVisitor visit; // only lists need each dossier: a summary alone runs in parallel jobs
  if (details || snapshot)
    visit = [&](const Dossier& d, const AuditResult& r) {
      if (snapshot) snapshot->add(d, r);
      if (writer && (!o.findings_only || r.findings)) writer->row(detail_json(d, r));
    };
  auto summary = run_audit(db, *calendar, *catalog, *filter, *params, visit, o.jobs, roll ? &*roll : nullptr);
  if (!summary) return ctx.fail(summary.error());
  ctx.debug("dossiers read in " + std::to_string(summary->jobs) + " parallel job(s)");
  if (writer) writer->finish();
  warn_before_first_catalog(ctx, summary->before_first_catalog, catalog->first_snapshot());
  if (snapshot) {
    auto p = snapshot_params(db, *catalog, o.request, *params);
    if (!p) return ctx.fail(p.error());
    SnapshotOptions so;
    so.catalog = &*catalog;
    so.lang = o.lang == "en" ? Lang::en : Lang::vi;
    so.org = o.org;
    so.title = o.title;
    so.signatory = o.signatory;
    so.signing = signing.get();
    if (auto st = snapshot->finish(*summary, *p, so); !st) return ctx.fail(st.error());
    if (signing)
      ctx.info("snapshot written and signed (key " + signing->key.public_key().id() + ") to " + o.snapshot +
               " (check it with `motcua audit verify " + o.snapshot + " --pubkey KEY.pub`)");
    else ctx.info("snapshot written to " + o.snapshot + " (check it with `motcua audit verify " + o.snapshot + "`)");
  }
  if (!details) {
    if (ctx.format() == OutputFormat::json) {
      write_object(OutputFormat::json, std::cout, summary_json(*summary));
    } else {
      bool people = ctx.format() == OutputFormat::table;
      auto w = make_row_writer(ctx.format(), std::cout, summary_columns());
      for (const auto& [code, c] : summary->agencies) w->row(summary_row(code.empty() ? "(none)" : code, c, people));
      w->row(summary_row("total", summary->total, people));
      w->finish();
      if (summary->agency_structure) { // the note: in the table for people, on stderr beside csv
        std::string note = agency_structure_note(*summary->agency_structure, summary->merged_agencies);
        if (people) std::cout << '\n' << printable_for_terminal(note) << '\n';
        else ctx.info(note);
      }
    }
  }
  if (o.fail_on_findings && summary->total.with_findings > 0) {
    ctx.info(std::to_string(summary->total.with_findings) + " dossiers carry findings");
    return static_cast<int>(ErrorKind::findings);
  }
  return 0;
}

// --pubkey FILE|KEY: a public key file when such a file exists, else the base64 key itself.
Result<MinisignPublicKey> load_public_key(const std::string& arg) {
  struct stat st {};
  if (::stat(arg.c_str(), &st) == 0) {
    auto text = read_key_file(arg, "the public key");
    if (!text) return text.error();
    return minisign_load_public(*text, arg);
  }
  return minisign_load_public(arg, "--pubkey " + arg);
}

int run_verify(Context& ctx, const std::string& dir, const std::string& pubkey_arg) {
  std::optional<MinisignPublicKey> pubkey;
  if (!pubkey_arg.empty()) {
    auto k = load_public_key(pubkey_arg);
    if (!k) return ctx.fail(k.error());
    pubkey = *k;
  }
  auto report = verify_snapshot(dir);
  if (!report) return ctx.fail(report.error());
  std::optional<Result<std::string>> signature;
  if (pubkey) signature = verify_snapshot_signature(dir, *pubkey);
  if (ctx.format() == OutputFormat::json || ctx.format() == OutputFormat::ndjson) {
    write_object(ctx.format(), std::cout,
                 {{"dir", dir},
                  {"intact", report->intact()},
                  {"checked", report->checked},
                  {"changed", report->changed},
                  {"missing", report->missing},
                  {"extra", report->extra},
                  {"signed", report->signature_present},
                  {"signature", !signature   ? nlohmann::ordered_json("not checked")
                                : *signature ? nlohmann::ordered_json("good")
                                             : nlohmann::ordered_json("bad")},
                  {"trusted_comment",
                   signature && *signature ? nlohmann::ordered_json(**signature) : nlohmann::ordered_json(nullptr)}});
  } else {
    // File names come from the manifest and the directory: shown escaped.
    for (const auto& f : report->changed) std::cout << "changed: " << printable_for_terminal(f) << '\n';
    for (const auto& f : report->missing) std::cout << "missing: " << printable_for_terminal(f) << '\n';
    for (const auto& f : report->extra) std::cout << "extra: " << printable_for_terminal(f) << '\n';
    if (signature && *signature)
      std::cout << "signature: good (key " << pubkey->id()
                << "), trusted comment: " << printable_for_terminal(**signature) << '\n';
    else if (signature) std::cout << "signature: bad\n";
  }
  std::string signature_problem = signature && !*signature ? "; " + (*signature).error().message : "";
  if (!report->intact())
    return ctx.fail(make_error(ErrorKind::input, "snapshot " + dir + " does not match its manifest (" +
                                                     std::to_string(report->changed.size()) + " changed, " +
                                                     std::to_string(report->missing.size()) + " missing, " +
                                                     std::to_string(report->extra.size()) + " extra)" +
                                                     signature_problem));
  if (signature && !*signature) return ctx.fail(signature->error());
  if (!pubkey && report->signature_present)
    ctx.info("snapshot " + dir + " is signed; give --pubkey to check who signed it");
  ctx.info("snapshot " + dir + ": " + std::to_string(report->checked) + " files intact" +
           (signature ? ", signature good" : ""));
  return 0;
}

int run_keygen(Context& ctx, const KeygenOptions& o) {
  std::string pub = o.out + ".pub";
  AtomicFileOptions secret_opts{o.force, 0600, "--out", {}};
  AtomicFileOptions public_opts{o.force, 0644, "--out", {}};
  // Both targets are checked before the slow key derivation, so a refusal comes at once.
  if (auto st = check_target(o.out, secret_opts); !st) return ctx.fail(st.error());
  if (auto st = check_target(pub, public_opts); !st) return ctx.fail(st.error());
  auto password = obtain_password(o.password_file, "the new key " + o.out, true);
  if (!password) return ctx.fail(password.error());
  if (password->empty())
    return ctx.fail(make_error(ErrorKind::usage, "the password is empty: a secret key needs a password"));
  ctx.info("deriving the encryption key from the password (scrypt, 1 GiB of memory; a few seconds)");
  auto files = minisign_generate(*password);
  if (!files) return ctx.fail(files.error());
  if (auto st = write_file_atomically(o.out, files->secret_text, secret_opts); !st) return ctx.fail(st.error());
  if (auto st = write_file_atomically(pub, files->public_text, public_opts); !st) return ctx.fail(st.error());
  std::cout << "key " << files->public_key.id() << '\n';
  ctx.info("secret key written to " + o.out + " (keep it and its password apart and secret); public key to " + pub +
           " (give it to whoever checks your snapshots)");
  return 0;
}

} // namespace

void add_audit_commands(CLI::App& app, Context& ctx) {
  auto* audit = app.add_subcommand("audit", "Deadline audits and verifiable compliance snapshots");
  audit->require_subcommand(1);
  auto o = std::make_shared<AuditOptions>();
  auto* dl = audit->add_subcommand("deadlines", "States (early, on time, late, overdue, ...) and findings per agency");
  dl->add_option("--as-of", o->request.as_of, "Audit instant (default now; a date means the end of that day)")
      ->transform(k_datetime_validator);
  dl->add_option("--from", o->request.from, "Only dossiers received on or after this date")
      ->transform(k_date_validator);
  dl->add_option("--to", o->request.to, "Only dossiers received on or before this date")->transform(k_date_validator);
  dl->add_option("--agency", o->request.agency, "Only this agency code");
  dl->add_option("--agency-structure", o->agency_structure,
                 "Count each agency under its successor as of this date (catalog agencies import)")
      ->check(k_date_validator);
  dl->add_option("--procedure", o->request.procedure, "Only this procedure code");
  dl->add_option("--due-soon", o->request.due_soon_hours,
                 "Office hours left under which an open dossier is due soon (default " +
                     std::to_string(k_default_due_soon_hours) + ")")
      ->check(duration_validator(true));
  dl->add_flag("--details", o->details, "List every dossier with its legal due time, state and findings");
  dl->add_flag("--findings-only", o->findings_only, "List only dossiers with findings (implies --details)");
  auto* snapshot = dl->add_option("--snapshot", o->snapshot,
                                  "Write a compliance snapshot into this new (or empty) directory "
                                  "(built aside, renamed into place when complete)");
  add_force_flag(dl, o->force, snapshot, "an earlier snapshot in the --snapshot directory");
  dl->add_option("--sign", o->sign_key,
                 "Sign the snapshot's manifest with this minisign secret key (writes MANIFEST.sha256.minisig)")
      ->needs(snapshot);
  dl->add_option("--password-file", o->password_file,
                 "Read the secret key's password from the first line of this file (default: ask on the terminal)")
      ->needs("--sign");
  dl->add_option("--org", o->org,
                 "The organisation doing the audit: the report's heading and the signature's trusted comment");
  dl->add_option("--title", o->title, "The report's title (default: the deadline audit report)")->needs(snapshot);
  dl->add_option("--signatory", o->signatory, "Who signs the report: printed in its signature block")->needs(snapshot);
  dl->add_option("--lang", o->lang, "Language of the snapshot's report.html: vi (default) or en")
      ->check(CLI::IsMember({"vi", "en"}))
      ->needs(snapshot);
  dl->add_flag("--fail-on-findings", o->fail_on_findings, "Exit 10 when any dossier carries a finding");
  add_jobs_option(dl, o->jobs);
  dl->callback([&ctx, o] { ctx.exit_code = run_deadlines(ctx, *o); });

  auto dir = std::make_shared<std::string>();
  auto pubkey = std::make_shared<std::string>();
  auto* verify =
      audit->add_subcommand("verify", "Check a snapshot against its MANIFEST.sha256 (exit 4 when anything changed)");
  verify->add_option("DIR", *dir, "Snapshot directory")->required();
  verify->add_option("--pubkey", *pubkey,
                     "Also check MANIFEST.sha256.minisig with this minisign public key (a KEY.pub file or the "
                     "base64 key)");
  verify->callback([&ctx, dir, pubkey] { ctx.exit_code = run_verify(ctx, *dir, *pubkey); });

  auto k = std::make_shared<KeygenOptions>();
  auto* keygen = audit->add_subcommand(
      "keygen", "Make a key pair for signing snapshots: KEY (secret, password-encrypted) and KEY.pub, minisign format");
  auto* out =
      keygen->add_option("--out", k->out, "Where to write the secret key (the public key goes to OUT.pub)")->required();
  keygen->add_option("--password-file", k->password_file,
                     "Read the new key's password from the first line of this file (default: ask on the terminal)");
  add_force_flag(keygen, k->force, out, "an existing key file");
  keygen->callback([&ctx, k] { ctx.exit_code = run_keygen(ctx, *k); });
}

} // namespace motcua::cli
