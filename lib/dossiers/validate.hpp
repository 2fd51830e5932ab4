#pragma once
// Per-field validation of dossier records: canonical JSON objects, national sync
// records (dvcqg) and the text cells of legacy CSV. Every error names the field
// and the offending value, so a rejects file tells the operator what to fix.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

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
// Validates one national sync record (DongBoHoSoMC); numbers may arrive as strings.
Result<Dossier> dossier_from_dvcqg(const nlohmann::json& record);
// True for a national sync record (it has MaHoSo), so auto mode can tell the two apart.
bool looks_dvcqg_dossier(const nlohmann::json& record);

} // namespace motcua
