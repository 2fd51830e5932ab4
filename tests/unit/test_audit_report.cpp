#include <doctest/doctest.h>

#include <string>

#include "audit/report.hpp"

#include "support/test_support.hpp"

using namespace motcua;

namespace {

Dossier late_dossier(const std::string& code, const std::string& agency) {
  Dossier d;
  d.code = code;
  d.procedure_code = "P1";
  d.agency_code = agency;
  d.received_at = *parse_datetime("2018-03-05T08:00");
  return d;
}

AuditResult late_by(std::int64_t hours) {
  AuditResult r;
  r.state = DossierState::overdue;
  r.legal_due = *parse_datetime("2018-03-06T08:00");
  r.office_seconds_late = hours * 3600;
  return r;
}

} // namespace

TEST_CASE("LateLists keeps the 50 worst per agency, worst first, and counts them all") {
  LateLists lists;
  for (int i = 0; i < 120; ++i) lists.add(late_dossier("D" + std::to_string(1000 + i), "A"), late_by(i));
  lists.add(late_dossier("B1", "B"), late_by(3));
  AuditResult on_time;
  on_time.state = DossierState::on_time;
  lists.add(late_dossier("OK", "B"), on_time);
  auto worst = lists.worst();
  REQUIRE(worst["A"].size() == k_report_worst_per_agency);
  CHECK(worst["A"].front().code == "D1119");
  CHECK(worst["A"].back().code == "D1070");
  CHECK(lists.count("A") == 120);
  CHECK(worst["B"].size() == 1);
  CHECK(lists.count("B") == 1);
}

TEST_CASE("the audit report names agencies and procedures, words beside codes, in vi and en") {
  AuditSummary s;
  s.as_of = *parse_datetime("2018-12-31T23:59:59");
  AuditResult r = late_by(12);
  r.findings = f_late_without_apology;
  s.total.add(r);
  s.agencies["SXD"].add(r);
  LateLists lists;
  lists.add(late_dossier("HS-1", "SXD"), r);
  AuditReportInput in;
  in.agency_names = {{"SXD", "Sở Xây dựng"}};
  in.procedure_names = {{"P1", "Cấp giấy phép xây dựng"}};
  in.late = &lists;
  in.org = "UBND tỉnh <Thử>";
  in.signatory = "Nguyễn Văn A";
  in.data_manifest_sha256 = std::string(64, 'a');
  nlohmann::ordered_json params = {{"as_of", "2018-12-31T23:59:59+07:00"}, {"from", "2018-01-01"}, {"to", nullptr}};
  std::string vi = audit_report_html(s, params, in);
  CHECK(vi.find("<html lang=vi>") != std::string::npos);
  CHECK(vi.find("Sở Xây dựng <span class=key>SXD</span>") != std::string::npos);
  CHECK(vi.find("Cấp giấy phép xây dựng <span class=key>P1</span>") != std::string::npos);
  CHECK(vi.find("Quá hạn, chưa giải quyết <span class=key>overdue</span>") != std::string::npos);
  CHECK(vi.find("Trễ hạn không có văn bản xin lỗi <span class=key>late_without_apology</span>") != std::string::npos);
  CHECK(vi.find("31/12/2018 23:59") != std::string::npos);
  CHECK(vi.find("01/01/2018") != std::string::npos);
  CHECK(vi.find("12,0") != std::string::npos);
  CHECK(vi.find("UBND tỉnh &lt;Thử&gt;") != std::string::npos);
  CHECK(vi.find("id=signature") != std::string::npos);
  CHECK(vi.find("resolved_not_judged") != std::string::npos);
  CHECK(vi.find(std::string(64, 'a')) != std::string::npos);
  in.lang = Lang::en;
  std::string en = audit_report_html(s, params, in);
  CHECK(en.find("<html lang=en>") != std::string::npos);
  CHECK(en.find("Late without apology <span class=key>late_without_apology</span>") != std::string::npos);
  CHECK(en.find("2018-12-31 23:59") != std::string::npos);
  CHECK(en.find("12.0") != std::string::npos);
  CHECK(en.find("Signed by") != std::string::npos);
  CHECK(en.find("Trễ hạn") == std::string::npos);
}
