#include <doctest/doctest.h>

#include "audit/classify.hpp"

using namespace motcua;

namespace {

Instant at(const char* text) { return *parse_datetime(text); }

const WorkCalendar& calendar() {
  static WorkCalendar cal = *WorkCalendar::create();
  return cal;
}

Procedure days(double n, ProcessingUnit unit = ProcessingUnit::working_days) {
  Procedure p;
  p.code = "1.000001";
  p.name = "Thủ tục thử";
  p.processing_time = n;
  p.processing_unit = unit;
  return p;
}

Dossier dossier(const char* received, std::optional<const char*> resolved = std::nullopt,
                DossierStatus status = DossierStatus::resolved) {
  Dossier d;
  d.code = "X-1";
  d.procedure_code = "1.000001";
  d.received_at = at(received);
  if (resolved) d.resolved_at = at(*resolved);
  d.status = resolved ? status : (status == DossierStatus::resolved ? DossierStatus::processing : status);
  return d;
}

AuditResult audit(const Dossier& d, const Procedure* p, const char* as_of = "2030-01-01T00:00") {
  return audit_dossier(d, p, calendar(), AuditParams{at(as_of), 8 * 3600});
}

} // namespace

TEST_CASE("resolved dossiers: early, on time at 16:59, late at 17:01 on the due date") {
  auto p = days(3); // received Mon 2018-03-05 08:00 → D = Thu 2018-03-08 08:00
  auto early = audit(dossier("2018-03-05T08:00", "2018-03-07T10:00"), &p);
  CHECK(early.state == DossierState::early);
  REQUIRE(early.legal_due);
  CHECK(format_instant(*early.legal_due) == "2018-03-08T08:00:00+07:00");
  auto one = days(1); // received Mon 07:00 → D = Mon 17:00
  CHECK(audit(dossier("2018-03-05T07:00", "2018-03-05T16:59"), &one).state == DossierState::on_time);
  CHECK(audit(dossier("2018-03-05T07:00", "2018-03-05T17:01"), &one).state ==
        DossierState::on_time); // same calendar date
  auto late = audit(dossier("2018-03-05T07:00", "2018-03-06T07:40"), &one);
  CHECK(late.state == DossierState::late);
  CHECK(((late.findings) & f_late_without_apology) != 0);
  REQUIRE(late.office_seconds_late);
  CHECK(*late.office_seconds_late == 10 * 60); // 07:30-07:40 of office time
}

TEST_CASE("a received-on-holiday dossier starts counting on the next working day") {
  auto one = days(1);
  // Tết 2018: 14–20 Feb off; received Fri 16 Feb → counting starts Wed 21 Feb 07:30.
  auto r = audit(dossier("2018-02-16T09:00", "2018-02-21T16:00"), &one);
  REQUIRE(r.legal_due);
  CHECK(format_instant(*r.legal_due) == "2018-02-21T17:00:00+07:00");
  CHECK(r.state == DossierState::on_time);
}

TEST_CASE("a pause across Tết moves D by the paused office time only") {
  auto p = days(2);
  Dossier d = dossier("2018-02-12T08:00", "2018-02-26T10:00");
  d.pauses.push_back(Pause{at("2018-02-13T08:00"), at("2018-02-22T08:00"), "bổ sung"});
  auto r = audit(d, &p);
  // Counted: Mon 12 Feb 08:00–17:00 (7.5 h), then from Thu 22 Feb 08:00: 8.5 h more → Fri 23 Feb 08:00.
  REQUIRE(r.legal_due);
  CHECK(format_instant(*r.legal_due) == "2018-02-23T08:00:00+07:00");
  CHECK(r.state == DossierState::late);
}

TEST_CASE("open dossiers: pending, due soon, overdue, paused, and as-of in the past") {
  auto p = days(5); // received Mon 2018-03-05 08:00 → D Mon 2018-03-12 08:00
  Dossier d = dossier("2018-03-05T08:00");
  CHECK(audit(d, &p, "2018-03-06T12:00").state == DossierState::pending);
  CHECK(audit(d, &p, "2018-03-09T10:00").state == DossierState::due_soon); // 6.5 office hours left
  auto overdue = audit(d, &p, "2018-03-13T09:00");
  CHECK(overdue.state == DossierState::overdue);
  CHECK(((overdue.findings) & f_late_without_apology) != 0);
  d.extensions.push_back(Extension{at("2018-03-09T09:00"), at("2018-03-14T17:00"), "phức tạp"});
  CHECK(((audit(d, &p, "2018-03-13T09:00").findings) & f_late_without_apology) == 0);

  Dossier paused = dossier("2018-03-05T08:00");
  paused.pauses.push_back(Pause{at("2018-03-06T08:00"), std::nullopt, "bổ sung"});
  auto pr = audit(paused, &p, "2018-03-20T08:00");
  CHECK(pr.state == DossierState::paused);
  CHECK_FALSE(pr.legal_due);

  // Resolved later than the as-of instant: still open as of then.
  Dossier later = dossier("2018-03-05T08:00", "2018-03-20T08:00");
  CHECK(audit(later, &p, "2018-03-07T08:00").state == DossierState::pending);
  CHECK(audit(later, &p).state == DossierState::late);
}

TEST_CASE("excluded, unknown and invalid dossiers and their findings") {
  auto p = days(1);
  CHECK(audit(dossier("2018-03-05T08:00", std::nullopt, DossierStatus::withdrawn), &p).state == DossierState::excluded);
  auto unknown = audit(dossier("2018-03-05T08:00", "2018-03-05T10:00"), nullptr);
  CHECK(unknown.state == DossierState::unknown);
  CHECK(unknown.findings == f_unknown_procedure);
  auto invalid = audit(dossier("2018-03-05T08:00", "2018-03-04T10:00"), &p);
  CHECK(invalid.state == DossierState::invalid);
  CHECK(((invalid.findings) & f_resolved_before_received) != 0);

  Dossier returned = dossier("2018-03-05T08:00", "2018-03-05T10:00", DossierStatus::returned);
  returned.returned_at = at("2018-03-05T09:00");
  CHECK(((audit(returned, &p).findings) & f_returned_before_resolved) != 0);

  Dossier mismatch = dossier("2018-03-05T08:00", std::nullopt, DossierStatus::returned);
  CHECK(((audit(mismatch, &p).findings) & f_status_mismatch) != 0);
  Dossier mismatch2 = dossier("2018-03-05T08:00", "2018-03-05T10:00", DossierStatus::processing);
  CHECK(((audit(mismatch2, &p).findings) & f_status_mismatch) != 0);

  Dossier bad_pause = dossier("2018-03-05T08:00", "2018-03-05T10:00");
  bad_pause.pauses.push_back(Pause{at("2018-03-05T09:00"), at("2018-03-05T08:30"), ""});
  auto bp = audit(bad_pause, &p);
  CHECK(((bp.findings) & f_invalid_pause) != 0);
  CHECK(bp.state == DossierState::early); // D = Tue 08:00: the bad pause is ignored

  Dossier recorded = dossier("2018-03-05T08:00", "2018-03-05T10:00");
  recorded.due_at = at("2018-03-07T17:00");
  CHECK(((audit(recorded, &p).findings) & f_recorded_due_after_legal_due) != 0);
}

TEST_CASE("calendar-day and working-hour procedures") {
  auto cal30 = days(30, ProcessingUnit::calendar_days);
  auto r = audit(dossier("2018-03-05T08:00", "2018-04-04T10:00"), &cal30);
  REQUIRE(r.legal_due);
  CHECK(format_instant(*r.legal_due) == "2018-04-04T17:00:00+07:00");
  CHECK(r.state == DossierState::on_time);
  auto hours = days(4, ProcessingUnit::working_hours);
  auto h = audit(dossier("2018-03-05T08:00", "2018-03-05T13:00"), &hours);
  REQUIRE(h.legal_due);
  CHECK(format_instant(*h.legal_due) == "2018-03-05T13:30:00+07:00");
}

TEST_CASE("excluded_status: withdrawn, not accepted and stopped, nothing else") {
  CHECK(excluded_status(DossierStatus::withdrawn));
  CHECK(excluded_status(DossierStatus::not_accepted));
  CHECK(excluded_status(DossierStatus::stopped));
  CHECK_FALSE(excluded_status(DossierStatus::processing));
  CHECK_FALSE(excluded_status(DossierStatus::resolved));
  CHECK_FALSE(excluded_status(DossierStatus::returned));
}

TEST_CASE("the due time comes from the processing time of the dossier's channel; months count calendar months") {
  Procedure p = days(3);
  p.processing_times = {ProcessingTime{5, ProcessingUnit::working_days, Channel::direct, ""},
                        ProcessingTime{3, ProcessingUnit::working_days, Channel::online, ""}};
  Dossier d = dossier("2018-03-05T07:30");
  d.channel = Channel::online;
  CHECK(audit(d, &p).legal_due == at("2018-03-07T17:00"));
  d.channel = Channel::direct;
  CHECK(audit(d, &p).legal_due == at("2018-03-09T17:00"));
  d.channel = Channel::postal; // no postal entry: the longest
  CHECK(audit(d, &p).legal_due == at("2018-03-09T17:00"));
  Procedure m = days(1, ProcessingUnit::months);
  CHECK(audit(dossier("2018-01-31T09:00"), &m).legal_due == at("2018-02-28T17:00"));
  CHECK(audit(dossier("2018-03-07T09:00"), &m).legal_due == at("2018-04-09T17:00")); // 7 Apr is a Saturday
}
