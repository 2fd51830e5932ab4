#pragma once
// Per-field validation of dossier records: canonical JSON objects, national sync
// records (dvcqg) and the text cells of legacy CSV. Every error names the field
// and the offending value, so a rejects file tells the operator what to fix.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "dossiers/agencies.hpp"
#include "dossiers/dossier.hpp"
#include "util/error.hpp"

namespace motcua {

// A channel from its canonical name or national code ("2" → online).
std::optional<Channel> parse_channel_text(std::string_view text);
// A status from its canonical name or national code ("10" → returned).
std::optional<DossierStatus> parse_status_text(std::string_view text);
// A non-negative whole number of VND ("20000", "20.000" and "20,000" are read as 20000).
std::optional<std::int64_t> parse_fee_text(std::string_view text);
// true/false, 1/0, yes/no, y/n, có/không (any case).
std::optional<bool> parse_bool_text(std::string_view text);

// Error naming a field, the value met and what was expected.
Error field_error(std::string_view field, std::string_view value, std::string_view expected);

// The one rule for a dossier's codes, whatever the input format: code and procedure_code (and
// agency_code when given) are printable text of at most k_max_code_chars (util/limits.hpp).
// The field names are those of the format, for the message.
Status check_dossier_codes(const Dossier& d, const char* code = "code", const char* procedure = "procedure_code",
                           const char* agency = "agency_code");

// Validates one canonical record (motcua-formats(5), DOSSIERS); unknown keys go to `extra`.
// Data contradicting themselves (resolved before received) are loaded: the audit reports them.
Result<Dossier> dossier_from_json(const nlohmann::json& record);
// The canonical pauses / extensions arrays (null: none); also how the cache stores them.
Status pauses_from_json(const nlohmann::json& value, std::vector<Pause>& out);
Status extensions_from_json(const nlohmann::json& value, std::vector<Extension>& out);
// What national records are read against: the catalog's agencies (DonViXuLy names) and the
// MaDinhDanhDV query parameter of the sync URL they came from.
struct DvcqgContext {
  const AgencyNames* agencies = nullptr; // null: DonViXuLy is resolved only when it reads as a code
  std::string agency_code;               // "" when the source gave none
};
// What a reader counts about one national record besides the record itself.
struct DvcqgNotes {
  bool agency_unresolved = false; // DonViXuLy named an agency the catalog does not know
};
// Validates one national sync record (DongBoHoSoMC, motcua-formats(5)); numbers may arrive as
// strings, dates as yyyyMMddHHmmss or ISO 8601.
Result<Dossier> dossier_from_dvcqg(const nlohmann::json& record, const DvcqgContext& context = {},
                                   DvcqgNotes* notes = nullptr);
// True for a national sync record (it has MaHoSo), so auto mode can tell the two apart.
bool looks_dvcqg_dossier(const nlohmann::json& record);

} // namespace motcua
