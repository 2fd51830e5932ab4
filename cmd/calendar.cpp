// `motcua calendar show|import|due`: the working calendar.
#include <iostream>
#include <map>

#include "calendar/calendar_file.hpp"
#include "calendar/store.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/source.hpp"

namespace motcua::cli {

namespace {

constexpr const char* k_weekday_vi[] = {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};

// Opens the cache for reading and loads the calendar, or prints why not.
std::optional<WorkCalendar> open_calendar(Context& ctx, int& exit_code) {
  // The built-in calendar needs no cache: without one, only imported overrides are missing.
  auto cache = ctx.open_cache(CacheMode::read_or_empty);
  if (!cache) {
    exit_code = ctx.fail(cache.error());
    return std::nullopt;
  }
  auto cal = load_calendar((*cache)->db());
  if (!cal) {
    exit_code = ctx.fail(cal.error());
    return std::nullopt;
  }
  return std::move(*cal);
}

int run_show(Context& ctx, int year) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  int code = 0;
  auto cal = open_calendar(ctx, code);
  if (!cal) return code;
  Days first = days_from_civil(year, 1, 1), last = days_from_civil(year, 12, 31);
  auto days = cal->special_days(first, last);
  nlohmann::ordered_json months = nlohmann::ordered_json::object();
  for (unsigned m = 1; m <= 12; ++m) {
    char key[8];
    std::snprintf(key, sizeof key, "%04d-%02u", year, m);
    months[key] =
        cal->count_working_days(days_from_civil(year, m, 1), days_from_civil(year, m, days_in_month(year, m)));
  }
  auto day_json = [&](const SpecialDay& d) {
    return nlohmann::ordered_json{{"date", format_date(d.date)},
                                  {"weekday", k_weekday_vi[weekday(d.date)]},
                                  {"type", day_type_name(d.type)},
                                  {"name", d.name}};
  };
  if (ctx.format() == OutputFormat::json) {
    nlohmann::ordered_json j = {{"year", year}, {"days", nlohmann::ordered_json::array()}, {"working_days", months}};
    for (const auto& d : days) j["days"].push_back(day_json(d));
    write_object(OutputFormat::json, std::cout, j);
    return 0;
  }
  auto writer = make_row_writer(ctx.format(), std::cout,
                                {{"date", "DATE"}, {"weekday", "WEEKDAY"}, {"type", "TYPE"}, {"name", "NAME"}});
  for (const auto& d : days) writer->row(day_json(d));
  writer->finish();
  if (ctx.format() == OutputFormat::table) {
    std::cout << '\n';
    auto month_writer =
        make_row_writer(OutputFormat::table, std::cout, {{"month", "MONTH"}, {"working_days", "WORKING DAYS"}});
    int total = 0;
    for (auto it = months.begin(); it != months.end(); ++it) {
      month_writer->row({{"month", it.key()}, {"working_days", it.value()}});
      total += it.value().get<int>();
    }
    month_writer->row({{"month", "total"}, {"working_days", total}});
    month_writer->finish();
  }
  return 0;
}

int run_import(Context& ctx, const std::string& file) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  auto text = read_file(file);
  if (!text) return ctx.fail(make_error(ErrorKind::input, text.error().message + "; nothing was imported"));
  auto parsed = parse_calendar_file(*text, file == "-" ? "stdin" : file);
  if (!parsed) return ctx.fail(make_error(parsed.error().kind, parsed.error().message + "; nothing was imported"));
  auto cache = ctx.open_cache(CacheMode::write);
  if (!cache) return ctx.fail(cache.error());
  auto counts = import_calendar((*cache)->db(), *parsed, file);
  if (!counts) return ctx.fail(counts.error());
  report_counts(ctx, *counts, "", false, false);
  return 0;
}

struct DueOptions {
  std::string from;
  std::optional<double> working_days;
  std::optional<double> working_hours;
  std::optional<double> calendar_days;
  std::optional<double> months;
  std::vector<std::string> pauses;
};

// "FROM..TO" with date-times (or dates, DateAs::start_of_day: a pause from or to a date starts or
// ends at its midnight); an empty TO is a pause still open.
Result<Span> parse_pause(const std::string& text) {
  auto dots = text.find("..");
  if (dots == std::string::npos) return make_error(ErrorKind::usage, "--pause: expected FROM..TO, got '" + text + "'");
  auto instant = [](const std::string& s) -> std::optional<Instant> {
    if (auto m = parse_moment(s, DateAs::start_of_day)) return m->at;
    return std::nullopt;
  };
  auto from = instant(text.substr(0, dots));
  std::string to_text = text.substr(dots + 2);
  auto to = to_text.empty() ? std::optional<Instant>(k_never) : instant(to_text);
  if (!from || !to)
    return make_error(ErrorKind::usage, "--pause: expected ISO 8601 date-times FROM..TO, got '" + text + "'");
  if (*to < *from) return make_error(ErrorKind::usage, "--pause '" + text + "' ends before it starts");
  return Span{*from, *to};
}

int run_due(Context& ctx, const DueOptions& o) {
  if (auto e = ctx.require_plain_format()) return ctx.fail(*e);
  // --from: a date-time, or a date received at its midnight (DateAs::start_of_day); the validator accepted it.
  std::optional<Instant> from = parse_moment(o.from, DateAs::start_of_day).value_or(Moment{}).at;
  std::vector<Span> pauses;
  for (const auto& p : o.pauses) {
    auto span = parse_pause(p);
    if (!span) return ctx.fail(span.error());
    pauses.push_back(*span);
  }
  int code = 0;
  auto cal = open_calendar(ctx, code);
  if (!cal) return code;
  auto due_or = o.months          ? cal->due_in_months(*from, *o.months, pauses)
                : o.calendar_days ? cal->due_in_calendar_days(*from, *o.calendar_days, pauses)
                : o.working_hours ? cal->due_in_working_hours(*from, *o.working_hours, pauses)
                                  : cal->due_in_working_days(*from, *o.working_days, pauses);
  if (!due_or) return ctx.fail(due_or.error());
  Instant due = *due_or;
  nlohmann::ordered_json j = {
      {"from", format_instant(*from)},
      {"due", due == k_never ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(format_instant(due))}};
  if (ctx.format() == OutputFormat::table) {
    std::cout << (due == k_never ? std::string("never (a pause is still open)") : format_instant(due)) << '\n';
  } else {
    write_object(ctx.format(), std::cout, j);
  }
  return 0;
}

} // namespace

void add_calendar_commands(CLI::App& app, Context& ctx) {
  auto* cal = app.add_subcommand("calendar", "The Vietnamese working calendar and legal due times");
  cal->require_subcommand(1);

  auto year = std::make_shared<int>(0);
  auto* show = cal->add_subcommand(
      "show", "Every holiday, compensatory day off and make-up working day of a year, with working days per month");
  show->add_option("YEAR", *year, "Year, e.g. 2018")->required()->check(CLI::Range(1900, 2200));
  show->callback([&ctx, year] { ctx.exit_code = run_show(ctx, *year); });

  auto file = std::make_shared<std::string>();
  auto* imp = cal->add_subcommand("import", "Import a calendar file: its days override the built-in ones date by date");
  imp->add_option("FILE", *file, "Calendar file (JSON, see motcua-formats(5)), or - for stdin")->required();
  imp->callback([&ctx, file] { ctx.exit_code = run_import(ctx, *file); });

  auto o = std::make_shared<DueOptions>();
  auto* due = cal->add_subcommand("due", "Compute a legal due time");
  due->add_option("--from", o->from, "Receipt instant, ISO 8601 (local time UTC+7 without an offset)")
      ->required()
      ->transform(k_datetime_validator);
  auto* wd = due->add_option("--working-days", o->working_days,
                             "Processing time in working days (fractions allowed, at most 100000)")
                 ->check(duration_validator());
  auto* wh = due->add_option("--working-hours", o->working_hours, "Processing time in working hours (at most 100000)")
                 ->check(duration_validator());
  auto* cd = due->add_option("--calendar-days", o->calendar_days, "Processing time in calendar days (at most 100000)")
                 ->check(duration_validator());
  auto* mo =
      due->add_option("--months", o->months, "Processing time in calendar months (tháng; rounded up, at most 100000)")
          ->check(duration_validator());
  wd->excludes(wh)->excludes(cd)->excludes(mo);
  wh->excludes(cd)->excludes(mo);
  cd->excludes(mo);
  due->add_option("--pause", o->pauses, "A pause FROM..TO (date-times; empty TO = still paused); repeatable");
  due->callback([&ctx, o, wd, wh, cd, mo] {
    if (wd->count() + wh->count() + cd->count() + mo->count() != 1) {
      ctx.exit_code = ctx.fail(make_error(
          ErrorKind::usage, "calendar due needs one of --working-days, --working-hours, --calendar-days or --months"));
      return;
    }
    ctx.exit_code = run_due(ctx, *o);
  });
}

} // namespace motcua::cli
