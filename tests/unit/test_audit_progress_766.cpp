#include <doctest/doctest.h>

#include "audit/progress_766.hpp"

using namespace motcua;

// Hand-worked cases of the progress indicator of Decision 766 (motcua-metrics(7)).
namespace {

Instant at(const char* text) { return *parse_datetime(text); }

const WorkCalendar& calendar() {
  static WorkCalendar cal = *WorkCalendar::create();
  return cal;
}

Procedure five_days() {
  Procedure p;
  p.code = "P";
  p.processing_time = 5; // received Mon 2018-03-05 08:00 → D Mon 2018-03-12 08:00
  return p;
}

Dossier dossier(std::optional<const char*> resolved) {
  Dossier d;
  d.code = "X";
  d.procedure_code = "P";
  d.received_at = at("2018-03-05T08:00");
  d.status = resolved ? DossierStatus::resolved : DossierStatus::processing;
  if (resolved) d.resolved_at = at(*resolved);
  return d;
}

Progress766 judge(const Dossier& d, const Procedure* p, const char* as_of = "2018-03-31T23:59:59") {
  auto r = audit_dossier(d, p, calendar(), AuditParams{at(as_of), 8 * 3600});
  return progress_766(d, r, at(as_of));
}

} // namespace

TEST_CASE("766 progress: no appointment, judged by the legal due time (processing time less supplement time)") {
  auto p = five_days();
  CHECK(judge(dossier("2018-03-09T10:00"), &p) == Progress766::in_time); // early
  CHECK(judge(dossier("2018-03-12T16:00"), &p) == Progress766::in_time); // on the due date
  CHECK(judge(dossier("2018-03-13T08:00"), &p) == Progress766::late);
  // One supplement request of 2 working days (Tue 06 – Thu 08 08:00) moves D to Wed 14: in time on the 13th.
  auto d = dossier("2018-03-13T08:00");
  d.pauses.push_back(Pause{at("2018-03-06T08:00"), at("2018-03-08T08:00"), "", false, false});
  CHECK(judge(d, &p) == Progress766::in_time);
}

TEST_CASE("766 progress: more than one supplement request counts late, whatever the dates") {
  auto p = five_days();
  auto d = dossier("2018-03-06T10:00"); // early by the dates
  d.pauses.push_back(Pause{at("2018-03-05T09:00"), at("2018-03-05T10:00"), "", false, false});
  CHECK(judge(d, &p) == Progress766::in_time);
  d.pauses.push_back(Pause{at("2018-03-05T11:00"), at("2018-03-05T13:00"), "", false, false});
  CHECK(judge(d, &p) == Progress766::late);
  // Still in progress with a second request open: late as well.
  auto open = dossier(std::nullopt);
  open.status = DossierStatus::supplementing;
  open.pauses.push_back(Pause{at("2018-03-05T09:00"), at("2018-03-05T10:00"), "", false, false});
  open.pauses.push_back(Pause{at("2018-03-06T09:00"), std::nullopt, "", false, false});
  CHECK(judge(open, &p, "2018-03-07T12:00") == Progress766::late);
  // A request made after A has not happened yet at A.
  CHECK(judge(open, &p, "2018-03-05T12:00") == Progress766::in_time);
}

TEST_CASE("766 progress: a recorded appointment is the deadline the dossier is judged against") {
  auto p = five_days();
  auto d = dossier("2018-03-16T09:00"); // late against D (12 Mar)
  CHECK(judge(d, &p) == Progress766::late);
  d.due_at = at("2018-03-20T17:00"); // appointment 20 Mar
  CHECK(judge(d, &p) == Progress766::in_time);
  d.due_at = at("2018-03-09T17:00"); // appointment before D: judged against it
  CHECK(judge(d, &p) == Progress766::late);
  // Open at A: within the appointment, or past it.
  auto open = dossier(std::nullopt);
  open.due_at = at("2018-03-20T17:00");
  CHECK(judge(open, &p, "2018-03-20T23:59:59") == Progress766::in_time);
  CHECK(judge(open, &p, "2018-03-21T08:00") == Progress766::late);
}

TEST_CASE("766 progress: in progress at A within the deadline, overdue, excluded, not judgeable") {
  auto p = five_days();
  auto open = dossier(std::nullopt);
  CHECK(judge(open, &p, "2018-03-09T10:00") == Progress766::in_time); // pending
  CHECK(judge(open, &p, "2018-03-12T07:30") == Progress766::in_time); // due soon
  CHECK(judge(open, &p, "2018-03-13T08:00") == Progress766::late);    // overdue
  open.pauses.push_back(Pause{at("2018-03-06T08:00"), std::nullopt, "", false, false});
  CHECK(judge(open, &p, "2018-03-30T08:00") == Progress766::in_time); // paused on its only request
  auto withdrawn = dossier(std::nullopt);
  withdrawn.status = DossierStatus::withdrawn;
  CHECK(judge(withdrawn, &p) == Progress766::not_counted);
  CHECK(judge(dossier("2018-03-06T10:00"), nullptr) == Progress766::late); // unknown procedure: never in time
  CHECK(judge(dossier("2018-03-01T10:00"), &p) == Progress766::late);      // resolved before received
}
