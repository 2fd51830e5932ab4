// `motcua audit deadlines|verify`: deadline states, findings and compliance snapshots.
#include <cmath>
#include <iostream>

#include "audit/params.hpp"
#include "audit/run.hpp"
#include "audit/snapshot.hpp"
#include "calendar/store.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/text.hpp"

namespace motcua::cli {

namespace {

struct AuditOptions {
  AuditRequest request;
  std::string snapshot;
  bool details = false, findings_only = false, fail_on_findings = false, force = false;
};

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
  bool details = o.details || o.findings_only;
  filter->ordered = details || snapshot; // lists people read come in receipt order
  std::unique_ptr<RowWriter> writer;
  if (details) writer = make_row_writer(ctx.format(), std::cout, k_detail_columns);
  auto summary = run_audit(db, *calendar, *catalog, *filter, *params, [&](const Dossier& d, const AuditResult& r) {
    if (snapshot) snapshot->add(d, r);
    if (writer && (!o.findings_only || r.findings)) writer->row(detail_json(d, r));
  });
  if (!summary) return ctx.fail(summary.error());
  if (writer) writer->finish();
  warn_before_first_catalog(ctx, summary->before_first_catalog, catalog->first_snapshot());
  if (snapshot) {
    auto p = snapshot_params(db, *catalog, o.request, *params);
    if (!p) return ctx.fail(p.error());
    if (auto st = snapshot->finish(*summary, *p); !st) return ctx.fail(st.error());
    ctx.info("snapshot written to " + o.snapshot + " (check it with `motcua audit verify " + o.snapshot + "`)");
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
    }
  }
  if (o.fail_on_findings && summary->total.with_findings > 0) {
    ctx.info(std::to_string(summary->total.with_findings) + " dossiers carry findings");
    return static_cast<int>(ErrorKind::findings);
  }
  return 0;
}

int run_verify(Context& ctx, const std::string& dir) {
  auto report = verify_snapshot(dir);
  if (!report) return ctx.fail(report.error());
  if (ctx.format() == OutputFormat::json || ctx.format() == OutputFormat::ndjson) {
    write_object(ctx.format(), std::cout,
                 {{"dir", dir},
                  {"intact", report->intact()},
                  {"checked", report->checked},
                  {"changed", report->changed},
                  {"missing", report->missing},
                  {"extra", report->extra}});
  } else {
    // File names come from the manifest and the directory: shown escaped.
    for (const auto& f : report->changed) std::cout << "changed: " << printable_for_terminal(f) << '\n';
    for (const auto& f : report->missing) std::cout << "missing: " << printable_for_terminal(f) << '\n';
    for (const auto& f : report->extra) std::cout << "extra: " << printable_for_terminal(f) << '\n';
  }
  if (!report->intact())
    return ctx.fail(make_error(ErrorKind::input, "snapshot " + dir + " does not match its manifest (" +
                                                     std::to_string(report->changed.size()) + " changed, " +
                                                     std::to_string(report->missing.size()) + " missing, " +
                                                     std::to_string(report->extra.size()) + " extra)"));
  ctx.info("snapshot " + dir + ": " + std::to_string(report->checked) + " files intact");
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
  dl->add_flag("--fail-on-findings", o->fail_on_findings, "Exit 10 when any dossier carries a finding");
  dl->callback([&ctx, o] { ctx.exit_code = run_deadlines(ctx, *o); });

  auto dir = std::make_shared<std::string>();
  auto* verify =
      audit->add_subcommand("verify", "Check a snapshot against its MANIFEST.sha256 (exit 4 when anything changed)");
  verify->add_option("DIR", *dir, "Snapshot directory")->required();
  verify->callback([&ctx, dir] { ctx.exit_code = run_verify(ctx, *dir); });
}

} // namespace motcua::cli
