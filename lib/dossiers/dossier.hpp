#pragma once
// A dossier (hồ sơ) as the cache holds it: plain structs; JSON, SQL and the
// national sync format are conversions at the edges.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/time.hpp"

namespace motcua {

// How the dossier was filed (kênh thực hiện); national codes 1 direct, 2 online, 3 postal.
enum class Channel { direct = 1, online = 2, postal = 3 };

// Who applies (national LoaiDoiTuong 1-4): the value is the national code.
enum class ApplicantType { citizen = 1, business = 2, state_body = 3, other = 4 };

// The ten statuses of motcua-formats(5); the value is the national TrangThaiHoSo code.
// (Not named Status: motcua::Status is the error-or-success type.)
enum class DossierStatus {
  submitted = 1,
  received = 2,
  not_accepted = 3,
  processing = 4,
  supplementing = 5,
  awaiting_payment = 6,
  withdrawn = 7,
  stopped = 8,
  resolved = 9,
  returned = 10,
};

// The canonical dossier fields of motcua-formats(5), in export order: what canonical JSON and CSV
// read as fields, every other key or column being an extra field.
// applicant_type came later and goes last, so older exports keep their column order.
inline constexpr std::array<std::string_view, 16> k_dossier_fields = {
    "code",        "procedure_code", "agency_code", "channel",    "status",         "received_at",  "due_at",
    "resolved_at", "returned_at",    "pauses",      "extensions", "applicant_name", "applicant_id", "fee",
    "paid_online", "applicant_type"};

// The fields of k_dossier_fields by name, in its order (the one list: canonical CSV columns and
// mapping rules name fields through it).
enum class CanonicalField {
  code,
  procedure_code,
  agency_code,
  channel,
  status,
  received_at,
  due_at,
  resolved_at,
  returned_at,
  pauses,
  extensions,
  applicant_name,
  applicant_id,
  fee,
  paid_online,
  applicant_type,
};
// The canonical name of a field: its entry in k_dossier_fields.
constexpr std::string_view dossier_field_name(CanonicalField f) { return k_dossier_fields[static_cast<size_t>(f)]; }
static_assert(static_cast<size_t>(CanonicalField::applicant_type) + 1 == k_dossier_fields.size() &&
                  dossier_field_name(CanonicalField::applicant_type) == "applicant_type",
              "CanonicalField follows k_dossier_fields");

// The fields every dossier must have (motcua-formats(5)), in export order: the one table behind the
// required checks of canonical JSON and CSV records, canonical CSV headers and mapping files.
inline constexpr std::array<std::string_view, 5> k_required_dossier_fields = {"code", "procedure_code", "channel",
                                                                              "status", "received_at"};
// Whether a canonical field name is one of k_required_dossier_fields.
constexpr bool is_required_dossier_field(std::string_view name) {
  for (auto f : k_required_dossier_fields)
    if (f == name) return true;
  return false;
}
// "code, procedure_code, channel, status, received_at", for messages.
std::string required_dossier_fields_text();

// The clock stopped for a supplement request; `to` empty while still paused.
// The *_date_only flags keep a date-only source value (local midnight) so it is written back as a date.
struct Pause {
  Instant from = 0;
  std::optional<Instant> to;
  std::string reason;
  bool from_date_only = false;
  bool to_date_only = false;
  bool operator==(const Pause&) const = default;
};

// An apology slip (phiếu xin lỗi) with a new appointment. A date-only apology_at is local
// midnight; a date-only new_due_at, like due_at, the end of office hours.
struct Extension {
  Instant apology_at = 0;
  Instant new_due_at = 0;
  std::string reason;
  bool apology_date_only = false;
  bool new_due_date_only = false;
  bool operator==(const Extension&) const = default;
};

struct Dossier {
  std::string code;
  std::string procedure_code;
  std::string agency_code; // empty when absent
  Channel channel = Channel::direct;
  DossierStatus status = DossierStatus::received;
  Instant received_at = 0;
  std::optional<Instant> due_at;
  bool due_date_only = false; // due_at came as a date: written back as one
  std::optional<Instant> resolved_at;
  std::optional<Instant> returned_at;
  std::vector<Pause> pauses;
  std::vector<Extension> extensions;
  std::string applicant_name; // personal data: masked by export --mask-pii
  std::string applicant_id;
  std::optional<std::int64_t> fee;
  std::optional<bool> paid_online;
  std::optional<ApplicantType> applicant_type;
  std::string extra; // unknown source fields as a compact JSON object ("" when none)

  bool operator==(const Dossier&) const = default;
};

std::string_view channel_name(Channel c);
std::optional<Channel> parse_channel(std::string_view s);
std::string_view status_name(DossierStatus s);
std::optional<DossierStatus> parse_status(std::string_view s);
std::string_view applicant_type_name(ApplicantType t);
// citizen, business, state_body, other; nullopt otherwise.
std::optional<ApplicantType> parse_applicant_type(std::string_view s);
// The national LoaiDoiTuong code 1-4; nullopt out of range.
std::optional<ApplicantType> applicant_type_from_code(long code);
// National codes (KenhThucHien 1–3, TrangThaiHoSo 1–10); nullopt out of range.
std::optional<Channel> channel_from_code(long code);
std::optional<DossierStatus> status_from_code(long code);
// The canonical status names in national-code order, for validators and messages.
const std::vector<std::string>& status_names();

// How a date-only value of a dossier field becomes an instant: an appointment (due_at, new_due_at)
// means the end of office hours that day (17:00 on the default hours), every other field local midnight.
inline DateAs dossier_date_as(bool appointment) {
  return appointment ? DateAs::end_of_office_day : DateAs::start_of_day;
}
// The instant of a date-only value of a dossier field (dossier_date_as).
inline Instant date_only_instant(Days d, bool appointment) { return date_instant(d, dossier_date_as(appointment)); }
// `2018-02-21` when date_only, else `2018-02-21T15:00:00+07:00`.
std::string format_moment(Instant t, bool date_only);

// The canonical object of motcua-formats(5): every field present (absent ones null, pauses and
// extensions arrays), then the unknown source fields of `extra`, so export → migrate is lossless.
nlohmann::ordered_json to_json(const Dossier& d, bool with_extra = true);
// pauses / extensions as canonical JSON arrays (also their form in the cache).
nlohmann::ordered_json pauses_json(const std::vector<Pause>& pauses);
nlohmann::ordered_json extensions_json(const std::vector<Extension>& extensions);

// "Nguyễn Văn An" → "N*** V** A*": each word keeps its first letter, then at most 3 stars.
std::string mask_name(std::string_view name);
// "042913168485" → "*********485": only the last 3 characters stay.
std::string mask_id(std::string_view id);
// Masks applicant name and id and drops `extra` (it may hold more personal data).
void mask_pii(Dossier& d);

// A 64-bit fingerprint of every field: equal records have equal hashes, so a re-import
// tells "unchanged" from one integer comparison instead of reading the stored row back.
std::uint64_t content_hash(const Dossier& d);

} // namespace motcua
