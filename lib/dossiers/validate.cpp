#include "dossiers/validate.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/text.hpp"
#include "util/limits.hpp"

namespace motcua {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

} // namespace

std::optional<Channel> parse_channel_text(std::string_view text) {
  text = trim(text);
  if (auto c = parse_channel(text)) return c;
  if (text.size() == 1 && all_digits(text)) return channel_from_code(text[0] - '0');
  return std::nullopt;
}

std::optional<DossierStatus> parse_status_text(std::string_view text) {
  text = trim(text);
  if (auto s = parse_status(text)) return s;
  if (text.size() <= 2 && all_digits(text)) return status_from_code(digits_value(text));
  return std::nullopt;
}

std::optional<std::int64_t> parse_fee_text(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::string digits;
  if (all_digits(text)) {
    digits = text;
  } else {
    // Thousands grouped with '.' or ',' (1.000.000): groups after the first are exactly 3 digits.
    char sep = text.find('.') != std::string_view::npos ? '.' : ',';
    size_t first = text.find(sep);
    if (first == 0 || first > 3 || !all_digits(text.substr(0, first))) return std::nullopt;
    digits = text.substr(0, first);
    for (size_t pos = first; pos < text.size(); pos += 4) {
      if (text[pos] != sep || pos + 4 > text.size() || !all_digits(text.substr(pos + 1, 3))) return std::nullopt;
      digits += text.substr(pos + 1, 3);
    }
  }
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool_text(std::string_view text) {
  std::string s(trim(text));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s == "true" || s == "1" || s == "yes" || s == "y" || s == "c\xC3\xB3" || s == "C\xC3\xB3") return true;
  if (s == "false" || s == "0" || s == "no" || s == "n" || s == "kh\xC3\xB4ng" || s == "Kh\xC3\xB4ng") return false;
  return std::nullopt;
}

Error field_error(std::string_view field, std::string_view value, std::string_view expected) {
  std::string shown(value.substr(0, 80));
  if (value.size() > 80) shown += "...";
  return make_error(ErrorKind::input,
                    "field '" + std::string(field) + "': " + std::string(expected) + ", got " + shown);
}

Status check_dossier_codes(const Dossier& d, const char* code, const char* procedure, const char* agency) {
  const std::pair<const char*, const std::string*> codes[] = {
      {code, &d.code}, {procedure, &d.procedure_code}, {agency, &d.agency_code}};
  for (const auto& [field, value] : codes) {
    if (value->empty() && value == &d.agency_code) continue; // the one optional code
    if (auto problem = code_problem(*value))
      return make_error(ErrorKind::input, "field '" + std::string(field) + "': a code is printable text of at most " +
                                              std::to_string(k_max_code_chars) + " characters; this one " + *problem);
  }
  return {};
}

namespace {

using json = nlohmann::json;

std::string shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

Error json_error(std::string_view field, const json& v, std::string_view expected) {
  return field_error(field, shown(v), expected);
}

bool is_blank(const json& v) { return v.is_null() || (v.is_string() && trim(v.get_ref<const std::string&>()).empty()); }

const json* member(const json& r, const char* key) {
  auto it = r.find(key);
  return it == r.end() || is_blank(*it) ? nullptr : &*it;
}

// A text field (NFC); codes are trimmed. With `numbers`, a JSON number is taken as its text.
Status text_into(const json& r, const char* key, std::string_view field, bool required, bool numbers,
                 std::string& out) {
  const json* v = member(r, key);
  if (!v) {
    out.clear();
    if (required) return make_error(ErrorKind::input, "field '" + std::string(field) + "' is required");
    return {};
  }
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > k_max_field_bytes)
      return make_error(ErrorKind::input, "field '" + std::string(field) + "' is " + std::to_string(s.size()) +
                                              " bytes long, at most " + std::to_string(k_max_field_bytes >> 20) +
                                              " MiB allowed");
    out = nfc(trim(s));
    return {};
  }
  if (numbers && v->is_number_integer()) {
    out = v->dump();
    return {};
  }
  return json_error(field, *v, "expected a string");
}

constexpr const char* k_datetime_expected = "expected an ISO 8601 date-time like 2018-03-05T08:15 or a date 2018-03-05";

// An ISO moment; nullopt when absent.
// `label` is the field's full name in messages (pauses[0].from).
Result<std::optional<Moment>> moment_field(const json& r, const char* key, bool appointment, bool required,
                                           const std::string& label = "") {
  std::string name = label.empty() ? std::string(key) : label;
  const json* v = member(r, key);
  if (!v) {
    if (required) return make_error(ErrorKind::input, "field '" + name + "' is required");
    return std::optional<Moment>();
  }
  if (!v->is_string()) return json_error(name, *v, k_datetime_expected);
  auto m = parse_moment(v->get_ref<const std::string&>(), dossier_date_as(appointment));
  if (!m) return json_error(name, *v, k_datetime_expected);
  return std::optional<Moment>(*m);
}

Status optional_instant(const json& r, const char* key, std::optional<Instant>& out) {
  auto m = moment_field(r, key, false, false);
  if (!m) return m.error();
  out = *m ? std::optional<Instant>((*m)->at) : std::nullopt;
  return {};
}

Status reason_into(const json& item, const std::string& where, std::string& out) {
  const json* v = member(item, "reason");
  if (!v) return {};
  if (!v->is_string()) return json_error(where + ".reason", *v, "expected a string");
  out = nfc(trim(v->get_ref<const std::string&>()));
  return {};
}

} // namespace

Status pauses_from_json(const json& value, std::vector<Pause>& out) {
  out.clear();
  const json* v = is_blank(value) ? nullptr : &value;
  if (!v) return {};
  if (!v->is_array()) return json_error("pauses", *v, "expected an array of {from, to, reason}");
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    std::string where = "pauses[" + std::to_string(i) + "]";
    if (!item.is_object()) return json_error(where, item, "expected an object {from, to, reason}");
    Pause p;
    auto from = moment_field(item, "from", false, true, where + ".from");
    if (!from) return from.error();
    p.from = (*from)->at;
    p.from_date_only = (*from)->date_only;
    auto to = moment_field(item, "to", false, false, where + ".to");
    if (!to) return to.error();
    if (*to) {
      p.to = (*to)->at;
      p.to_date_only = (*to)->date_only;
    }
    if (auto st = reason_into(item, where, p.reason); !st) return st;
    out.push_back(std::move(p));
  }
  return {};
}

Status extensions_from_json(const json& value, std::vector<Extension>& out) {
  out.clear();
  const json* v = is_blank(value) ? nullptr : &value;
  if (!v) return {};
  if (!v->is_array()) return json_error("extensions", *v, "expected an array of {apology_at, new_due_at, reason}");
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    std::string where = "extensions[" + std::to_string(i) + "]";
    if (!item.is_object()) return json_error(where, item, "expected an object {apology_at, new_due_at, reason}");
    Extension e;
    auto apology = moment_field(item, "apology_at", false, true, where + ".apology_at");
    if (!apology) return apology.error();
    e.apology_at = (*apology)->at;
    e.apology_date_only = (*apology)->date_only;
    auto due = moment_field(item, "new_due_at", true, true, where + ".new_due_at");
    if (!due) return due.error();
    e.new_due_at = (*due)->at;
    e.new_due_date_only = (*due)->date_only;
    if (auto st = reason_into(item, where, e.reason); !st) return st;
    out.push_back(std::move(e));
  }
  return {};
}

namespace {

// Unknown keys as an object (json keeps keys sorted, so equal records give equal text).
json extra_json(const json& r, const std::string_view* known, size_t n_known) {
  json extra = json::object();
  for (auto it = r.begin(); it != r.end(); ++it)
    if (std::find(known, known + n_known, it.key()) == known + n_known) extra[it.key()] = it.value();
  return extra;
}

// Unknown keys as a compact object ("" when none).
std::string extra_of(const json& r, const std::string_view* known, size_t n_known) {
  json extra = extra_json(r, known, n_known);
  return extra.empty() ? std::string() : extra.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string status_list() {
  std::string s;
  for (const auto& n : status_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// Whether a canonical field is one every dossier needs (dossier.hpp k_required_dossier_fields).
constexpr bool required(std::string_view field) { return is_required_dossier_field(field); }

} // namespace

Result<Dossier> dossier_from_json(const json& r) {
  if (!r.is_object()) return json_error("record", r, "expected a JSON object");
  Dossier d;
  if (auto st = text_into(r, "code", "code", required("code"), false, d.code); !st) return st.error();
  if (auto st = text_into(r, "procedure_code", "procedure_code", required("procedure_code"), false, d.procedure_code);
      !st)
    return st.error();
  if (auto st = text_into(r, "agency_code", "agency_code", required("agency_code"), false, d.agency_code); !st)
    return st.error();
  if (auto st = check_dossier_codes(d, "code", "procedure_code", "agency_code"); !st) return st.error();

  const json* channel = member(r, "channel");
  if (!channel) return make_error(ErrorKind::input, "field 'channel' is required");
  auto c = channel->is_string() ? parse_channel(trim(channel->get_ref<const std::string&>())) : std::nullopt;
  if (!c) return json_error("channel", *channel, "expected online, direct or postal");
  d.channel = *c;

  const json* status = member(r, "status");
  if (!status) return make_error(ErrorKind::input, "field 'status' is required");
  auto s = status->is_string() ? parse_status(trim(status->get_ref<const std::string&>())) : std::nullopt;
  if (!s) return json_error("status", *status, "expected one of " + status_list());
  d.status = *s;

  auto received = moment_field(r, "received_at", false, required("received_at"));
  if (!received) return received.error();
  d.received_at = (*received)->at;
  auto due = moment_field(r, "due_at", true, required("due_at"));
  if (!due) return due.error();
  if (*due) {
    d.due_at = (*due)->at;
    d.due_date_only = (*due)->date_only;
  }
  if (auto st = optional_instant(r, "resolved_at", d.resolved_at); !st) return st.error();
  if (auto st = optional_instant(r, "returned_at", d.returned_at); !st) return st.error();
  if (auto it = r.find("pauses"); it != r.end())
    if (auto st = pauses_from_json(*it, d.pauses); !st) return st.error();
  if (auto it = r.find("extensions"); it != r.end())
    if (auto st = extensions_from_json(*it, d.extensions); !st) return st.error();
  if (auto st = text_into(r, "applicant_name", "applicant_name", required("applicant_name"), false, d.applicant_name);
      !st)
    return st.error();
  if (auto st = text_into(r, "applicant_id", "applicant_id", required("applicant_id"), false, d.applicant_id); !st)
    return st.error();

  if (const json* fee = member(r, "fee")) {
    if (fee->is_number_unsigned() || (fee->is_number_integer() && fee->get<std::int64_t>() >= 0))
      d.fee = fee->get<std::int64_t>();
    else if (fee->is_number_float() && fee->get<double>() >= 0 &&
             std::floor(fee->get<double>()) == fee->get<double>() && fee->get<double>() < 9e15)
      d.fee = static_cast<std::int64_t>(fee->get<double>());
    else return json_error("fee", *fee, "expected a non-negative whole number of VND");
  }
  if (const json* paid = member(r, "paid_online")) {
    if (!paid->is_boolean()) return json_error("paid_online", *paid, "expected true or false");
    d.paid_online = paid->get<bool>();
  }
  if (const json* type = member(r, "applicant_type")) {
    auto t = type->is_string() ? parse_applicant_type(trim(type->get_ref<const std::string&>())) : std::nullopt;
    if (!t) return json_error("applicant_type", *type, "expected citizen, business, state_body or other");
    d.applicant_type = *t;
  }
  d.extra = extra_of(r, k_dossier_fields.data(), k_dossier_fields.size());
  return d;
}

bool looks_dvcqg_dossier(const json& r) { return r.is_object() && r.contains("MaHoSo"); }

namespace {

// The national keys read into fields; any other key (HinhThuc, NgayNopHoSo, ...) stays in `extra`.
// DonViXuLy and the applicant id keys are added to `extra` again when they were not used.
constexpr std::string_view k_dvcqg_keys[] = {"MaHoSo",          "MaTTHC",
                                             "DonViXuLy",       "MaDinhDanhDV",
                                             "KenhThucHien",    "TrangThaiHoSo",
                                             "NgayTiepNhan",    "NgayHenTra",
                                             "NgayKetThucXuLy", "NgayTra",
                                             "ChuHoSo",         "DanhSachHoSoBoSung",
                                             "LoaiDoiTuong",    "DuocThanhToanTrucTuyen"};
// Where the applicant's id may be, in order of preference: the first present is applicant_id.
constexpr const char* k_applicant_id_keys[] = {"SoGiayToChuHoSo", "DinhDanhCHS", "MaDoiTuong"};

constexpr const char* k_compact_expected = "expected a date yyyyMMddHHmmss (local time) or ISO 8601";

// A national code given as a number or as text.
std::optional<long> code_number(const json& v) {
  if (v.is_number_integer()) return v.get<long>();
  if (v.is_string()) {
    auto t = trim(v.get_ref<const std::string&>());
    if (all_digits(t) && t.size() <= 3) return digits_value(t);
  }
  return std::nullopt;
}

// A national date: yyyyMMddHHmmss (or shorter compact forms) or, as some systems send, ISO 8601.
Result<std::optional<Moment>> compact_field(const json& r, const char* key, bool appointment, bool required,
                                            const std::string& label = "") {
  std::string name = label.empty() ? std::string(key) : label;
  const json* v = member(r, key);
  if (!v) {
    if (required) return make_error(ErrorKind::input, "field '" + name + "' is required");
    return std::optional<Moment>();
  }
  std::string text =
      v->is_string() ? v->get<std::string>() : (v->is_number_unsigned() || v->is_number_integer() ? v->dump() : "");
  auto m = parse_compact_moment(trim(text), dossier_date_as(appointment));
  if (!m && v->is_string()) m = parse_moment(trim(text), dossier_date_as(appointment));
  if (!m) return json_error(name, *v, k_compact_expected);
  return std::optional<Moment>(*m);
}

Status compact_instant(const json& r, const char* key, std::optional<Instant>& out) {
  auto m = compact_field(r, key, false, false);
  if (!m) return m.error();
  out = *m ? std::optional<Instant>((*m)->at) : std::nullopt;
  return {};
}

// The handling agency's code: MaDinhDanhDV of the record, else of the sync call, else DonViXuLy
// resolved through the catalog (a code, or a name). A name that resolves to nothing leaves the
// code empty and is flagged in `extra` (agency_unresolved); DonViXuLy not used as the code is kept there.
Status agency_into(const json& r, const DvcqgContext& ctx, Dossier& d, json& extra, bool& unresolved) {
  std::string donvi, own;
  if (auto st = text_into(r, "DonViXuLy", "DonViXuLy", false, true, donvi); !st) return st;
  if (auto st = text_into(r, "MaDinhDanhDV", "MaDinhDanhDV", false, true, own); !st) return st;
  d.agency_code.clear();
  if (!own.empty()) d.agency_code = own;
  else if (!ctx.agency_code.empty()) d.agency_code = ctx.agency_code;
  else if (!donvi.empty()) {
    if (ctx.agencies)
      if (auto code = ctx.agencies->resolve(donvi)) d.agency_code = *code;
    if (d.agency_code.empty() && looks_like_agency_code(donvi)) d.agency_code = donvi;
    if (d.agency_code.empty()) {
      unresolved = true;
      extra["agency_unresolved"] = true;
    }
  }
  if (!donvi.empty() && donvi != d.agency_code) extra["DonViXuLy"] = donvi;
  return {};
}

} // namespace

Result<Dossier> dossier_from_dvcqg(const json& r, const DvcqgContext& ctx, DvcqgNotes* notes) {
  if (!r.is_object()) return json_error("record", r, "expected a JSON object");
  Dossier d;
  json added = json::object(); // facts for `extra` besides the unknown keys
  bool unresolved = false;
  if (auto st = text_into(r, "MaHoSo", "MaHoSo", true, true, d.code); !st) return st.error();
  if (auto st = text_into(r, "MaTTHC", "MaTTHC", true, true, d.procedure_code); !st) return st.error();
  if (auto st = agency_into(r, ctx, d, added, unresolved); !st) return st.error();
  const char* agency_field = member(r, "MaDinhDanhDV") ? "MaDinhDanhDV" : "DonViXuLy";
  if (auto st = check_dossier_codes(d, "MaHoSo", "MaTTHC", agency_field); !st) return st.error();

  // Older payloads have no channel (they carry HinhThuc, how the result is delivered): the
  // national indicator rules count such a dossier as direct, and `extra` says it had none.
  if (const json* channel = member(r, "KenhThucHien")) {
    auto cn = code_number(*channel);
    auto c = cn ? channel_from_code(*cn) : std::nullopt;
    if (!c) return json_error("KenhThucHien", *channel, "expected 1 (direct), 2 (online) or 3 (postal)");
    d.channel = *c;
  } else {
    d.channel = Channel::direct;
    added["channel_missing"] = true;
  }

  const json* status = member(r, "TrangThaiHoSo");
  if (!status) return make_error(ErrorKind::input, "field 'TrangThaiHoSo' is required");
  auto sn = code_number(*status);
  auto s = sn ? status_from_code(*sn) : std::nullopt;
  if (!s) return json_error("TrangThaiHoSo", *status, "expected a national status code 1-10");
  d.status = *s;

  // A dossier just submitted online may have no NgayTiepNhan yet: its submission time stands in.
  const char* received_key = member(r, "NgayTiepNhan") || !member(r, "NgayNopHoSo") ? "NgayTiepNhan" : "NgayNopHoSo";
  auto received = compact_field(r, received_key, false, false);
  if (!received) return received.error();
  if (!*received) return make_error(ErrorKind::input, "field 'NgayTiepNhan' (or 'NgayNopHoSo') is required");
  d.received_at = (*received)->at;
  auto due = compact_field(r, "NgayHenTra", true, false);
  if (!due) return due.error();
  if (*due) {
    d.due_at = (*due)->at;
    d.due_date_only = (*due)->date_only;
  }
  if (auto st = compact_instant(r, "NgayKetThucXuLy", d.resolved_at); !st) return st.error();
  if (auto st = compact_instant(r, "NgayTra", d.returned_at); !st) return st.error();
  if (auto st = text_into(r, "ChuHoSo", "ChuHoSo", false, false, d.applicant_name); !st) return st.error();
  const char* id_key = nullptr;
  for (const char* key : k_applicant_id_keys)
    if (member(r, key)) {
      id_key = key;
      break;
    }
  if (id_key)
    if (auto st = text_into(r, id_key, id_key, false, true, d.applicant_id); !st) return st.error();

  if (const json* type = member(r, "LoaiDoiTuong")) {
    auto n = code_number(*type);
    auto t = n ? applicant_type_from_code(*n) : std::nullopt;
    if (!t) return json_error("LoaiDoiTuong", *type, "expected 1 (citizen), 2 (business), 3 (state body) or 4 (other)");
    d.applicant_type = *t;
  }
  if (const json* paid = member(r, "DuocThanhToanTrucTuyen")) {
    auto n = code_number(*paid);
    if (!n || (*n != 1 && *n != 2))
      return json_error("DuocThanhToanTrucTuyen", *paid, "expected 1 (paid online) or 2 (not paid online)");
    d.paid_online = *n == 1;
  }

  if (const json* list = member(r, "DanhSachHoSoBoSung")) {
    if (!list->is_array()) return json_error("DanhSachHoSoBoSung", *list, "expected an array");
    json appointments = json::array();
    for (size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string where = "DanhSachHoSoBoSung[" + std::to_string(i) + "]";
      if (!item.is_object()) return json_error(where, item, "expected an object");
      auto from = compact_field(item, "NgayBoSung", false, true, where + ".NgayBoSung");
      if (!from) return from.error();
      auto to = compact_field(item, "NgayTiepNhanBoSung", false, false, where + ".NgayTiepNhanBoSung");
      if (!to) return to.error();
      Pause p;
      p.from = (*from)->at;
      p.from_date_only = (*from)->date_only;
      if (*to) {
        p.to = (*to)->at;
        p.to_date_only = (*to)->date_only;
      }
      for (const char* key : {"NoiDungBoSung", "LyDoBoSung", "NoiDung"})
        if (const json* reason = member(item, key); reason && reason->is_string()) {
          p.reason = nfc(trim(reason->get_ref<const std::string&>()));
          break;
        }
      // The appointment before and after the request: not an apology slip (extensions), so kept
      // in `extra` as supplement_appointments, in canonical date-times.
      auto before = compact_field(item, "NgayHenTraTruoc", true, false, where + ".NgayHenTraTruoc");
      if (!before) return before.error();
      auto after = compact_field(item, "NgayHenTraMoi", true, false, where + ".NgayHenTraMoi");
      if (!after) return after.error();
      if (*before || *after) {
        auto moment = [](const std::optional<Moment>& m) {
          return m ? json(format_moment(m->at, m->date_only)) : json(nullptr);
        };
        appointments.push_back({{"pause", i}, {"before", moment(*before)}, {"after", moment(*after)}});
      }
      d.pauses.push_back(std::move(p));
    }
    if (!appointments.empty()) added["supplement_appointments"] = std::move(appointments);
  }

  std::vector<std::string_view> known(std::begin(k_dvcqg_keys), std::end(k_dvcqg_keys));
  if (id_key) known.emplace_back(id_key);
  json extra = extra_json(r, known.data(), known.size());
  for (auto it = added.begin(); it != added.end(); ++it) extra[it.key()] = it.value();
  d.extra = extra.empty() ? std::string() : extra.dump(-1, ' ', false, json::error_handler_t::replace);
  if (notes) notes->agency_unresolved = unresolved;
  return d;
}

} // namespace motcua
