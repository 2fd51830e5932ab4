#include "audit/report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "io/render.hpp"
#include "util/version.hpp"

namespace motcua {

namespace {

struct Words {
  std::string_view vi, en;
  std::string_view in(Lang lang) const { return lang == Lang::vi ? vi : en; }
};

constexpr std::array<Words, k_state_count> k_states = {{
    {"Trước hạn", "Early"},
    {"Đúng hạn", "On time"},
    {"Trễ hạn", "Late"},
    {"Đang giải quyết, còn hạn", "Pending, within time"},
    {"Sắp đến hạn", "Due soon"},
    {"Tạm dừng", "Paused"},
    {"Quá hạn, chưa giải quyết", "Overdue"},
    {"Không tính hạn", "Excluded"},
    {"Không xác định được hạn", "Unknown"},
    {"Dữ liệu không hợp lệ", "Invalid data"},
}};

constexpr std::array<Words, k_finding_count> k_findings = {{
    {"Thủ tục không có trong danh mục", "Unknown procedure"},
    {"Hẹn trả muộn hơn hạn luật định", "Recorded due after legal due"},
    {"Trễ hạn không có văn bản xin lỗi", "Late without apology"},
    {"Giải quyết trước khi tiếp nhận", "Resolved before received"},
    {"Trả kết quả trước khi giải quyết", "Returned before resolved"},
    {"Tạm dừng không hợp lệ", "Invalid pause"},
    {"Trạng thái mâu thuẫn", "Status mismatch"},
}};

constexpr std::array<Words, k_finding_count> k_definitions = {{
    {"Không có thủ tục trong danh mục tại ngày tiếp nhận hồ sơ.",
     "No catalog entry for its procedure on its receipt date."},
    {"Ngày hẹn trả ghi trên hồ sơ muộn hơn ngày của hạn luật định.",
     "The date of the recorded due time is after the date of the legal due time."},
    {"Trễ hạn hoặc quá hạn mà không có gia hạn kèm văn bản xin lỗi trước ngày của hạn luật định.",
     "Late or overdue, with no extension whose apology is dated on or before the legal due date."},
    {"Thời điểm giải quyết trước thời điểm tiếp nhận.", "Resolved before it was received."},
    {"Thời điểm trả kết quả trước thời điểm giải quyết.", "Returned before it was resolved."},
    {"Lần tạm dừng kết thúc trước khi bắt đầu, bắt đầu trước khi tiếp nhận hoặc kết thúc sau khi giải quyết (bị bỏ "
     "qua).",
     "A pause ends before it starts, starts before receipt, or ends after resolution (it is ignored)."},
    {"Trạng thái đã giải quyết/đã trả mà không có thời điểm giải quyết, hoặc ngược lại.",
     "Status resolved/returned without a resolution time, or a resolution time with an earlier status."},
}};

// The states on the first page's table and chart, in the order people read them.
constexpr std::array<DossierState, 6> k_shown_states = {DossierState::early,   DossierState::on_time,
                                                        DossierState::late,    DossierState::pending,
                                                        DossierState::overdue, DossierState::unknown};
constexpr std::array<const char*, 6> k_state_colours = {"#2e7d32", "#66bb6a", "#e65100",
                                                        "#90caf9", "#c62828", "#9e9e9e"};

std::string h(std::string_view s) { return html_escape(s); }

// A word with its machine code beside it in small type.
std::string word(std::string_view words, std::string_view code) {
  return h(words) + " <span class=key>" + h(code) + "</span>";
}

std::string hours(std::int64_t office_seconds, Lang lang) {
  return format_decimal(static_cast<double>(office_seconds) / 3600.0, 1, lang);
}

bool worse(const LateDossier& a, const LateDossier& b) {
  if (a.office_seconds_late != b.office_seconds_late) return a.office_seconds_late > b.office_seconds_late;
  return a.code < b.code;
}

struct Text {
  Words title{"Báo cáo kiểm tra thời hạn giải quyết hồ sơ", "Dossier deadline audit report"};
  Words audited{"Phạm vi kiểm tra", "What was audited"};
  Words as_of{"Thời điểm kiểm tra", "Audit instant"};
  Words period{"Hồ sơ tiếp nhận", "Dossiers received"};
  Words from{"từ", "from"};
  Words to{"đến", "to"};
  Words any{"mọi thời điểm", "any time"};
  Words agency_filter{"Cơ quan", "Agency"};
  Words procedure_filter{"Thủ tục", "Procedure"};
  Words all{"tất cả", "all"};
  Words due_soon{"Ngưỡng sắp đến hạn", "Due-soon threshold"};
  Words office_hours{"giờ hành chính", "office hours"};
  Words catalog{"Danh mục thủ tục", "Procedure catalog"};
  Words calendar{"Lịch làm việc", "Working calendar"};
  Words catalog_note{"danh mục tại ngày tiếp nhận từng hồ sơ", "the catalog as of each dossier's receipt date"};
  Words total{"Tổng số hồ sơ", "Dossiers audited"};
  Words with_findings{"Hồ sơ có vi phạm", "Dossiers with findings"};
  Words not_judged{"Đã giải quyết, không đánh giá được", "Resolved, not judged"};
  Words rate{"Tỷ lệ đúng hạn", "On-time rate"};
  Words by_agency{"Kết quả theo cơ quan", "Result per agency"};
  Words agency{"Cơ quan", "Agency"};
  Words dossiers{"Hồ sơ", "Dossiers"};
  Words total_row{"Tổng cộng", "Total"};
  Words none_agency{"(không ghi cơ quan)", "(no agency)"};
  Words findings{"Vi phạm theo loại", "Findings per kind"};
  Words finding{"Loại vi phạm", "Finding"};
  Words definition{"Định nghĩa", "Definition"};
  Words count{"Số hồ sơ", "Dossiers"};
  Words late_lists{"Hồ sơ trễ hạn và quá hạn", "Late and overdue dossiers"};
  Words late_intro{"Mỗi cơ quan: tối đa 50 hồ sơ trễ nhiều giờ nhất. Danh sách đầy đủ: tệp dossiers.csv.",
                   "Per agency, at most the 50 dossiers most hours late. The full list: dossiers.csv."};
  Words shown_of{"hiển thị", "shown"};
  Words of{"trên", "of"};
  Words code{"Mã hồ sơ", "Dossier"};
  Words procedure{"Thủ tục", "Procedure"};
  Words received{"Tiếp nhận", "Received"};
  Words legal_due{"Hạn luật định", "Legal due"};
  Words resolved{"Giải quyết", "Resolved"};
  Words state{"Trạng thái", "State"};
  Words hours_late{"Số giờ trễ", "Hours late"};
  Words no_late{"Không có hồ sơ trễ hạn hoặc quá hạn.", "No late or overdue dossiers."};
  Words chart{"Biểu đồ: hồ sơ theo trạng thái, từng cơ quan", "Chart: dossiers by state, per agency"};
  Words signature{"Người ký", "Signed by"};
  Words sign_here{"(ký, ghi rõ họ tên)", "(signature)"};
  Words made_by{"Lập bằng", "Made with"};
  Words data_sha{"SHA-256 của phần dữ liệu trong MANIFEST.sha256 (mọi dòng trừ report.html)",
                 "SHA-256 of the data part of MANIFEST.sha256 (every line but report.html's)"};
};

constexpr const char* k_css = R"CSS(
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4;
       color: #1d2733; max-width: 186mm; margin: 0 auto; padding: 8px; }
header.org { text-transform: uppercase; font-weight: bold; color: #4a5866; }
h1 { font-size: 16pt; margin: 4px 0; color: #0d3b66; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; color: #0d3b66; border-bottom: 2px solid #0d3b66; padding-bottom: 2px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
section.page { break-before: page; page-break-before: always; }
dl { display: grid; grid-template-columns: 48mm 1fr; gap: 2px 8px; margin: 4px 0 10px; }
dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4px 0 10px; table-layout: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #eef2f7; text-align: left; }
th, td { border-bottom: 1px solid #d5dbe3; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
th.n, td.n { text-align: right; }
td.n { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total { font-weight: bold; background: #f5f7fa; }
.key { color: #6b7785; font-size: 7pt; white-space: nowrap; }
figure { margin: 8px 0 14px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; }
.signature { margin-top: 28px; margin-left: auto; width: 70mm; text-align: center; break-inside: avoid; page-break-inside: avoid; }
.signature .space { height: 22mm; color: #6b7785; font-size: 8pt; }
footer { margin-top: 16px; color: #6b7785; font-size: 7.5pt; overflow-wrap: anywhere; }
@media print { body { padding: 0; } }
)CSS";

std::string text_or(const nlohmann::ordered_json& v, std::string_view fallback) {
  return v.is_string() ? v.get<std::string>() : std::string(fallback);
}

// params.json's dates are YYYY-MM-DD; shown in the language's format.
std::string day_text(const nlohmann::ordered_json& v, Lang lang) {
  if (!v.is_string()) return "";
  auto d = parse_date(v.get<std::string>());
  return d ? format_day(*d, lang) : v.get<std::string>();
}

std::string agency_cell(const std::string& code, const AuditReportInput& in, const Text& t) {
  if (code.empty()) return h(t.none_agency.in(in.lang));
  auto it = in.agency_names.find(code);
  if (it == in.agency_names.end()) return h(code);
  return h(it->second) + " <span class=key>" + h(code) + "</span>";
}

std::string chart(const AuditSummary& s, const AuditReportInput& in, const Text& t) {
  Lang lang = in.lang;
  const double label_w = 230, bar_w = 420, row_h = 22;
  std::size_t rows = s.agencies.size() + 1;
  double height = static_cast<double>(rows) * row_h + 40;
  std::ostringstream o;
  o << "<figure><figcaption>" << h(t.chart.in(lang)) << "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
    << "viewBox=\"0 0 " << label_w + bar_w + 10 << ' ' << height << "\" role=img font-size=\"11\">\n";
  double y = 4;
  auto bar = [&](const std::string& label, const StateCounts& c) {
    o << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 14 << "\" text-anchor=end>" << h(clip(label, 34))
      << "</text>\n";
    std::int64_t shown = 0;
    for (auto st : k_shown_states) shown += c.states[static_cast<std::size_t>(st)];
    double x = label_w;
    for (std::size_t i = 0; i < k_shown_states.size() && shown > 0; ++i) {
      double w = bar_w * static_cast<double>(c.states[static_cast<std::size_t>(k_shown_states[i])]) /
                 static_cast<double>(shown);
      if (w <= 0) continue;
      o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"" << row_h - 6 << "\" fill=\""
        << k_state_colours[i] << "\"><title>" << h(state_label(k_shown_states[i], lang)) << "</title></rect>\n";
      x += w;
    }
    y += row_h;
  };
  for (const auto& [code, c] : s.agencies) {
    auto it = in.agency_names.find(code);
    bar(code.empty() ? std::string(t.none_agency.in(lang)) : it == in.agency_names.end() ? code : it->second, c);
  }
  bar(std::string(t.total_row.in(lang)), s.total);
  double x = 4;
  for (std::size_t i = 0; i < k_shown_states.size(); ++i) {
    std::string label(state_label(k_shown_states[i], lang));
    o << "<rect x=\"" << x << "\" y=\"" << y + 8 << "\" width=\"10\" height=\"10\" fill=\"" << k_state_colours[i]
      << "\"/><text x=\"" << x + 14 << "\" y=\"" << y + 17 << "\">" << h(label) << "</text>\n";
    x += 14 + 6.5 * static_cast<double>(display_width(label)) + 12;
  }
  o << "</svg></figure>\n";
  return o.str();
}

} // namespace

std::string_view state_label(DossierState s, Lang lang) { return k_states[static_cast<std::size_t>(s)].in(lang); }
std::string_view finding_label(std::size_t i, Lang lang) { return k_findings[i].in(lang); }
std::string_view finding_definition(std::size_t i, Lang lang) { return k_definitions[i].in(lang); }

std::string format_local_minute(Instant t, Lang lang) {
  int s = local_seconds_of_day(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", s / 3600, s / 60 % 60);
  return format_day(local_date(t), lang) + buf;
}

void LateLists::add(const Dossier& d, const AuditResult& r) {
  if (r.state != DossierState::late && r.state != DossierState::overdue) return;
  ++m_count[d.agency_code];
  LateDossier l{d.code,
                d.procedure_code,
                d.received_at,
                r.legal_due,
                r.resolved ? d.resolved_at : std::nullopt,
                r.state,
                r.office_seconds_late.value_or(0)};
  auto& heap = m_kept[d.agency_code];
  heap.push_back(std::move(l));
  std::push_heap(heap.begin(), heap.end(), worse); // the least late on top
  if (heap.size() > k_report_worst_per_agency) {
    std::pop_heap(heap.begin(), heap.end(), worse);
    heap.pop_back();
  }
}

std::map<std::string, std::vector<LateDossier>> LateLists::worst() const {
  auto out = m_kept;
  for (auto& [agency, list] : out) std::sort(list.begin(), list.end(), worse);
  return out;
}

std::int64_t LateLists::count(const std::string& agency) const {
  auto it = m_count.find(agency);
  return it == m_count.end() ? 0 : it->second;
}

std::string audit_report_html(const AuditSummary& s, const nlohmann::ordered_json& params, const AuditReportInput& in) {
  const Text t;
  Lang lang = in.lang;
  auto L = [&](const Words& w) { return h(w.in(lang)); };
  std::string title = in.title.empty() ? std::string(t.title.in(lang)) : in.title;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=" << (lang == Lang::vi ? "vi" : "en")
    << "><head><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\">"
    << "<title>" << h(title) << " – " << h(format_local_minute(s.as_of, lang)) << "</title>\n<style>" << k_css
    << "</style></head><body>\n";
  // 1. What was audited, the result per agency, the findings.
  o << "<section id=summary>\n";
  if (!in.org.empty()) o << "<header class=org>" << h(in.org) << "</header>\n";
  o << "<h1>" << h(title) << "</h1>\n<h2>" << L(t.audited) << "</h2>\n<dl>\n";
  o << "<dt>" << L(t.as_of) << "</dt><dd>" << h(format_local_minute(s.as_of, lang)) << " <span class=key>"
    << h(text_or(params.value("as_of", nlohmann::ordered_json()), "")) << "</span></dd>\n";
  auto from = params.value("from", nlohmann::ordered_json()), to = params.value("to", nlohmann::ordered_json());
  o << "<dt>" << L(t.period) << "</dt><dd>";
  if (from.is_null() && to.is_null()) o << L(t.any);
  if (!from.is_null()) o << L(t.from) << ' ' << h(day_text(from, lang)) << ' ';
  if (!to.is_null()) o << L(t.to) << ' ' << h(day_text(to, lang));
  o << "</dd>\n";
  auto agency = params.value("agency", nlohmann::ordered_json());
  o << "<dt>" << L(t.agency_filter) << "</dt><dd>"
    << (agency.is_string() ? agency_cell(agency.get<std::string>(), in, t) : L(t.all)) << "</dd>\n";
  auto procedure = params.value("procedure", nlohmann::ordered_json());
  o << "<dt>" << L(t.procedure_filter) << "</dt><dd>";
  if (procedure.is_string()) {
    auto it = in.procedure_names.find(procedure.get<std::string>());
    if (it != in.procedure_names.end()) o << h(it->second) << ' ';
    o << "<span class=key>" << h(procedure.get<std::string>()) << "</span>";
  } else {
    o << L(t.all);
  }
  o << "</dd>\n";
  if (params.contains("due_soon_hours") && params["due_soon_hours"].is_number())
    o << "<dt>" << L(t.due_soon) << "</dt><dd>" << h(format_decimal(params["due_soon_hours"].get<double>(), 0, lang))
      << ' ' << L(t.office_hours) << "</dd>\n";
  o << "<dt>" << L(t.catalog) << "</dt><dd>" << L(t.catalog_note) << " <span class=key>SHA-256 "
    << h(text_or(params.value("catalog_sha256", nlohmann::ordered_json()), "")) << "</span></dd>\n";
  o << "<dt>" << L(t.calendar) << "</dt><dd><span class=key>SHA-256 "
    << h(text_or(params.value("calendar_sha256", nlohmann::ordered_json()), "")) << "</span></dd>\n";
  o << "<dt>" << L(t.total) << "</dt><dd>" << h(format_count(s.total.total, lang)) << "</dd>\n";
  o << "<dt>" << L(t.with_findings) << "</dt><dd>" << h(format_count(s.total.with_findings, lang)) << "</dd>\n";
  o << "<dt>" << L(t.not_judged) << "</dt><dd>" << h(format_count(s.total.resolved_not_judged, lang))
    << " <span class=key>resolved_not_judged</span></dd>\n";
  auto rate = s.total.on_time_rate();
  o << "<dt>" << L(t.rate) << "</dt><dd>" << (rate ? h(format_percent(*rate, lang)) : "—") << "</dd>\n</dl>\n";

  o << "<h2>" << L(t.by_agency) << "</h2>\n<table id=agencies><thead><tr><th>" << L(t.agency) << "</th><th class=n>"
    << L(t.dossiers) << "</th>";
  for (auto st : k_shown_states) o << "<th class=n>" << word(state_label(st, lang), state_name(st)) << "</th>";
  o << "<th class=n>" << word(t.not_judged.in(lang), "resolved_not_judged") << "</th><th class=n>"
    << word(t.with_findings.in(lang), "findings") << "</th><th class=n>" << word(t.rate.in(lang), "on_time_rate")
    << "</th></tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& label_html, const StateCounts& c, bool total) {
    o << (total ? "<tr class=total>" : "<tr>") << "<td>" << label_html << "</td><td class=n>"
      << h(format_count(c.total, lang)) << "</td>";
    for (auto st : k_shown_states)
      o << "<td class=n>" << h(format_count(c.states[static_cast<std::size_t>(st)], lang)) << "</td>";
    auto r = c.on_time_rate();
    o << "<td class=n>" << h(format_count(c.resolved_not_judged, lang)) << "</td><td class=n>"
      << h(format_count(c.with_findings, lang)) << "</td><td class=n>" << (r ? h(format_percent(*r, lang)) : "—")
      << "</td></tr>\n";
  };
  for (const auto& [code, c] : s.agencies) row(agency_cell(code, in, t), c, false);
  row(L(t.total_row), s.total, true);
  o << "</tbody></table>\n" << chart(s, in, t);

  o << "<h2>" << L(t.findings) << "</h2>\n<table id=findings><thead><tr><th>" << L(t.finding) << "</th><th>"
    << L(t.definition) << "</th><th class=n>" << L(t.count) << "</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < k_finding_count; ++i)
    o << "<tr><td>" << word(finding_label(i, lang), finding_name(i)) << "</td><td>" << h(finding_definition(i, lang))
      << "</td><td class=n>" << h(format_count(s.total.findings[i], lang)) << "</td></tr>\n";
  o << "</tbody></table>\n</section>\n";

  // 2. The late and overdue dossiers, per agency.
  o << "<section class=page id=late>\n<h2>" << L(t.late_lists) << "</h2>\n<p>" << L(t.late_intro) << "</p>\n";
  bool any = false;
  if (in.late) {
    for (const auto& [code, list] : in.late->worst()) {
      any = true;
      o << "<h3>" << agency_cell(code, in, t) << " — " << h(format_count(static_cast<std::int64_t>(list.size()), lang))
        << ' ' << L(t.shown_of) << ' ' << L(t.of) << ' ' << h(format_count(in.late->count(code), lang)) << "</h3>\n";
      o << "<table class=late data-agency=\"" << h(code) << "\"><thead><tr><th>" << L(t.code) << "</th><th>"
        << L(t.procedure) << "</th><th>" << L(t.received) << "</th><th>" << L(t.legal_due) << "</th><th>"
        << L(t.resolved) << "</th><th>" << L(t.state) << "</th><th class=n>" << L(t.hours_late)
        << "</th></tr></thead>\n<tbody>\n";
      for (const auto& d : list) {
        auto pn = in.procedure_names.find(d.procedure_code);
        o << "<tr><td>" << h(d.code) << "</td><td>"
          << (pn == in.procedure_names.end() ? std::string() : h(pn->second) + ' ') << "<span class=key>"
          << h(d.procedure_code) << "</span></td><td>" << h(format_local_minute(d.received_at, lang)) << "</td><td>"
          << (d.legal_due ? h(format_local_minute(*d.legal_due, lang)) : "—") << "</td><td>"
          << (d.resolved_at ? h(format_local_minute(*d.resolved_at, lang)) : "—") << "</td><td>"
          << word(state_label(d.state, lang), state_name(d.state)) << "</td><td class=n>"
          << h(hours(d.office_seconds_late, lang)) << "</td></tr>\n";
      }
      o << "</tbody></table>\n";
    }
  }
  if (!any) o << "<p>" << L(t.no_late) << "</p>\n";
  if (!in.signatory.empty())
    o << "<div class=signature id=signature><div>" << L(t.signature) << "</div><div class=space>" << L(t.sign_here)
      << "</div><div><strong>" << h(in.signatory) << "</strong></div></div>\n";
  o << "</section>\n<footer>" << L(t.made_by) << " motcua " << h(k_version);
  if (!in.data_manifest_sha256.empty())
    o << " · " << L(t.data_sha) << ": <code>" << h(in.data_manifest_sha256) << "</code>";
  o << "</footer>\n</body></html>\n";
  return o.str();
}

} // namespace motcua
