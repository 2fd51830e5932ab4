#include "audit/params.hpp"

#include <cmath>

#include "cache/schema.hpp"
#include "calendar/store.hpp"
#include "util/sha256.hpp"
#include "util/version.hpp"

namespace motcua {

namespace {

// An optional text option: null in params.json when not given.
nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

Result<std::optional<Days>> date_option(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<Days>();
  auto d = parse_date(text);
  if (!d) return make_error(ErrorKind::usage, std::string(option) + ": expected a date YYYY-MM-DD, got '" + text + "'");
  return std::optional<Days>(*d);
}

} // namespace

std::optional<Instant> parse_as_of(std::string_view text) {
  if (text.empty()) return now();
  // A date means the end of that day (DateAs::end_of_day): everything that happened during it counts.
  if (auto m = parse_moment(text, DateAs::end_of_day)) return m->at;
  return std::nullopt;
}

Result<AuditParams> make_audit_params(const AuditRequest& request) {
  auto as_of = parse_as_of(request.as_of);
  if (!as_of)
    return make_error(ErrorKind::usage,
                      "--as-of: expected an ISO 8601 date-time like 2018-03-05T08:15, got '" + request.as_of + "'");
  if (!(request.due_soon_hours >= 0) || !std::isfinite(request.due_soon_hours))
    return make_error(ErrorKind::usage, "--due-soon: expected a number of hours >= 0");
  return AuditParams{*as_of, static_cast<std::int64_t>(std::llround(request.due_soon_hours * 3600))};
}

Result<DossierFilter> make_audit_filter(const AuditRequest& request) {
  DossierFilter filter;
  auto from = date_option(request.from, "--from");
  if (!from) return from.error();
  auto to = date_option(request.to, "--to");
  if (!to) return to.error();
  filter.from = *from;
  filter.to = *to;
  filter.agency_code = request.agency;
  filter.procedure_code = request.procedure;
  return filter;
}

Result<nlohmann::ordered_json> snapshot_params(store::Database& db, const CatalogHistory& catalog,
                                               const AuditRequest& request, const AuditParams& params) {
  auto calendar = calendar_fingerprint(db);
  if (!calendar) return calendar.error();
  nlohmann::ordered_json p;
  p["as_of"] = format_instant(params.as_of);
  p["from"] = text_or_null(request.from);
  p["to"] = text_or_null(request.to);
  p["agency"] = text_or_null(request.agency);
  p["procedure"] = text_or_null(request.procedure);
  p["due_soon_hours"] = request.due_soon_hours;
  p["motcua_version"] = k_version;
  p["cache_schema_version"] = k_schema_version;
  p["calendar_sha256"] = sha256_hex(*calendar);
  p["catalog_sha256"] = sha256_hex(catalog.fingerprint());
  return p;
}

} // namespace motcua
