// `motcua stats export`: the metrics of motcua-metrics(7) for a period, as data or as a report.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "calendar/store.hpp"
#include "commands.hpp"
#include "util/relative_date.hpp"
#include "common.hpp"
#include "stats/export.hpp"
#include "stats/indicators.hpp"
#include "stats/report.hpp"

namespace motcua::cli {

namespace {

struct StatsOptions {
  std::string period, compare, by, targets, output, lang = "vi";
  std::string indicators, scoring; // --indicators 766, --scoring FILE
  std::string agency_structure;    // --agency-structure DATE
  bool force = false;
  int jobs = 0; // --jobs; 0: one per core (dossiers/scan k_auto_jobs)
};

// --output through the one atomic writer: refused when it exists (without --force), is a symlink
// or is not a regular file; written whole or not at all.
AtomicFileOptions output_options(const StatsOptions& o) {
  AtomicFileOptions f;
  f.force = o.force;
  f.option = "--output";
  return f;
}

int run_export(Context& ctx, const StatsOptions& o) {
  auto today = reference_today();
  if (!today) return ctx.fail(today.error());
  auto period = parse_period(o.period, *today);
  if (!period) return ctx.fail(period.error());
  // A relative period is told with its dates (the summary line, and the report's title).
  if (!parse_period(o.period)) resolved_dates().push_back(o.period + " = " + period_name(*period));
  std::optional<Period> compare;
  if (!o.compare.empty()) {
    auto p = parse_period(o.compare, *today);
    if (!p)
      return ctx.fail(
          make_error(ErrorKind::usage, "--compare" + p.error().message.substr(std::string("--period").size())));
    compare = *p;
    if (!parse_period(o.compare)) resolved_dates().push_back(o.compare + " = " + period_name(*p));
  }
  if (!o.output.empty())
    if (auto st = check_target(o.output, output_options(o)); !st) return ctx.fail(st.error()); // before any work
  std::vector<Target> targets;
  if (!o.targets.empty()) {
    auto t = load_targets(o.targets);
    if (!t) return ctx.fail(t.error());
    targets = std::move(*t);
  }
  const OutputFormat format = ctx.format();
  std::optional<Scoring> scoring;
  if (!o.scoring.empty() && o.indicators.empty())
    return ctx.fail(make_error(ErrorKind::usage, "--scoring scores the indicators: give --indicators 766 with it"));
  if (!o.indicators.empty() && format == OutputFormat::html)
    return ctx.fail(
        make_error(ErrorKind::usage, "--indicators 766 is written as table, json, ndjson, csv or md, not html"));
  if (!o.scoring.empty()) {
    auto s = load_scoring(o.scoring);
    if (!s) return ctx.fail(s.error());
    scoring = std::move(*s);
  }
  std::optional<GroupBy> by;
  if (!o.by.empty()) by = parse_group_by(o.by);

  StatsRequest request;
  request.period = *period;
  request.compare = compare;
  request.now = now();
  if (by) request.groupings.push_back(*by);
  if (format == OutputFormat::html) {
    // The charts: receipts per month and on-time rate per agency.
    request.groupings.push_back(GroupBy::month);
    request.groupings.push_back(GroupBy::agency);
  }

  auto cache = ctx.open_cache(CacheMode::read);
  if (!cache) return ctx.fail(cache.error());
  auto& db = (*cache)->db();
  auto calendar = load_calendar(db);
  if (!calendar) return ctx.fail(calendar.error());
  std::optional<AgencyRoll> roll;
  if (!o.agency_structure.empty()) {
    auto r = agency_roll_as_of(db, date_arg(o.agency_structure));
    if (!r) return ctx.fail(r.error());
    roll.emplace(std::move(*r));
    request.agency_roll = &*roll;
  }
  int jobs_run = 1;
  auto computed = compute_stats(db, *calendar, request, o.jobs, &jobs_run);
  if (!computed) return ctx.fail(computed.error());
  ctx.debug("dossiers read in " + std::to_string(jobs_run) + " parallel job(s)");
  warn_before_first_catalog(ctx, computed->first.before_first_catalog, computed->first.first_catalog);

  StatsExport e;
  e.main = std::move(computed->first);
  e.compare = std::move(computed->second);
  e.by = by;
  if (roll) {
    e.agency_structure = roll->date();
    e.merged_agencies = roll->merged();
  }
  e.lang = parse_lang(o.lang).value_or(Lang::vi);
  e.targets = evaluate_targets(targets, e.main.total.values());

  std::ostringstream buffer;
  std::ostream& out = o.output.empty() ? std::cout : static_cast<std::ostream&>(buffer);
  const Scoring* scored = scoring ? &*scoring : nullptr;
  if (!o.indicators.empty()) { // Decision 766 (stats/indicators) instead of the metrics
    switch (format) {
    case OutputFormat::json:
    case OutputFormat::ndjson: write_object(format, out, indicators_json(e, scored)); break;
    case OutputFormat::csv: write_indicators_csv(out, e, scored); break;
    case OutputFormat::md: write_indicators_markdown(out, e, scored); break;
    default: write_indicators_table(out, e, scored);
    }
  } else {
    switch (format) {
    case OutputFormat::json:
    case OutputFormat::ndjson: write_object(format, out, stats_json(e)); break; // ndjson: the same object on one line
    case OutputFormat::csv: write_stats_csv(out, e); break;
    case OutputFormat::md: write_stats_markdown(out, e); break;
    case OutputFormat::html: write_stats_html(out, e); break;
    default: write_stats_table(out, e);
    }
  }
  out.flush();
  if (!o.output.empty()) {
    if (auto st = write_file_atomically(o.output, buffer.str(), output_options(o)); !st) return ctx.fail(st.error());
    ctx.info("statistics for " + period_name(*period) + " written to " + o.output);
  }
  return 0;
}

} // namespace

void add_stats_commands(CLI::App& app, Context& ctx) {
  auto* stats = app.add_subcommand("stats", "Statistics of motcua-metrics(7): catalog, receipts, timeliness, targets");
  stats->require_subcommand(1);
  auto o = std::make_shared<StatsOptions>();
  auto* ex = stats->add_subcommand("export", "Every metric for a period (formats: table, json, csv, md, html)");
  ex->add_option(
        "--period", o->period,
        "2018, 2018-Q3, 2018-07, 2018-07-01..2018-09-30, this-month, last-month, this-quarter, last-quarter, this-year, last-year, yesterday or -7d..yesterday")
      ->required();
  ex->add_option("--compare", o->compare, "A second period: ratios for counts, percentage-point differences for rates");
  ex->add_option("--by", o->by, "One row per agency, field, procedure, channel or month")
      ->check(CLI::IsMember({"agency", "field", "procedure", "channel", "month"}));
  ex->add_option("--targets", o->targets, "Targets file (see motcua-formats(5)): met or not, and actual / min");
  auto* output = ex->add_option("--output", o->output,
                                "Write to this file (0600, replaced whole when complete) instead of stdout; "
                                "an existing file is refused");
  add_force_flag(ex, o->force, output, "the --output file");
  ex->add_option("--lang", o->lang, "Labels and number style of table, md and html: vi (default) or en")
      ->check(CLI::IsMember({"vi", "en"}));
  add_jobs_option(ex, o->jobs);
  ex->add_option("--indicators", o->indicators,
                 "Print the indicators of Decision 766/QĐ-TTg (numerator, denominator, rate) instead of the metrics")
      ->check(CLI::IsMember({"766"}));
  ex->add_option("--agency-structure", o->agency_structure,
                 "Group agencies as they stood on this date: each rolled into its successor (catalog agencies import)")
      ->check(k_date_validator);
  ex->add_option("--scoring", o->scoring, "With --indicators: thresholds file (see motcua-formats(5)) giving points");
  ex->callback([&ctx, o] { ctx.exit_code = run_export(ctx, *o); });
}

} // namespace motcua::cli
