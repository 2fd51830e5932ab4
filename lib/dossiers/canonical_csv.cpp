#include "dossiers/canonical_csv.hpp"

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "dossiers/validate.hpp"
#include "io/csv_writer.hpp"
#include "io/json_stream.hpp"
#include "io/render.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

using json = nlohmann::json;

// CanonicalField indexes k_dossier_fields: both in export order.
static_assert(k_dossier_fields[static_cast<size_t>(CanonicalField::status)] == "status" &&
              k_dossier_fields[static_cast<size_t>(CanonicalField::paid_online)] == "paid_online" &&
              k_dossier_fields[static_cast<size_t>(CanonicalField::applicant_type)] == "applicant_type");

constexpr const char* k_datetime_expected = "expected an ISO 8601 date-time like 2018-03-05T08:15 or a date 2018-03-05";

size_t index_of(CanonicalField f) { return static_cast<size_t>(f); }

// The header as it was, shortened, for messages.
std::string header_text(const CsvRecord& header) {
  std::string s;
  for (size_t i = 0; i < header.size() && s.size() < 200; ++i) {
    if (i) s += ',';
    s += header[i];
  }
  return s.size() > 200 ? s.substr(0, 200) + "..." : s;
}

// The error for a cell, its value shown as a JSON string like the canonical JSON messages.
Error cell_error(CanonicalField f, std::string_view value, std::string_view expected) {
  return field_error(canonical_field_name(f),
                     json(std::string(value)).dump(-1, ' ', false, json::error_handler_t::replace), expected);
}

Error required(CanonicalField f) {
  return make_error(ErrorKind::input, "field '" + std::string(canonical_field_name(f)) + "' is required");
}

// A text cell of the row: formula guard undone, trimmed; empty when the header lacks it.
std::string_view text_cell(const CanonicalColumns& c, const CsvRecord& row, CanonicalField f) {
  size_t i = c.column[index_of(f)];
  return i == SIZE_MAX ? std::string_view() : trim(unguard_formula(row[i]));
}

// A cell of a typed field (date, number, JSON), trimmed.
std::string_view raw_cell(const CanonicalColumns& c, const CsvRecord& row, CanonicalField f) {
  size_t i = c.column[index_of(f)];
  return i == SIZE_MAX ? std::string_view() : trim(row[i]);
}

Status moment_into(const CanonicalColumns& c, const CsvRecord& row, CanonicalField f, bool appointment,
                   std::optional<Instant>& at, bool* date_only) {
  std::string_view v = raw_cell(c, row, f);
  at.reset();
  if (date_only) *date_only = false;
  if (v.empty()) return {};
  auto m = parse_moment(v, dossier_date_as(appointment));
  if (!m) return cell_error(f, v, k_datetime_expected);
  at = m->at;
  if (date_only) *date_only = m->date_only;
  return {};
}

// The pauses / extensions cell: a JSON array (as export writes it), validated as in JSON records.
template <typename T>
Status list_into(const CanonicalColumns& c, const CsvRecord& row, CanonicalField f, std::string_view expected,
                 Status (*from_json)(const json&, std::vector<T>&), std::vector<T>& out) {
  std::string_view v = raw_cell(c, row, f);
  if (v.empty() || v == "[]") {
    out.clear();
    return {};
  }
  if (json_too_deep(v)) return cell_error(f, v, expected);
  json list = json::parse(v, nullptr, false);
  if (list.is_discarded()) return cell_error(f, v, expected);
  return from_json(list, out);
}

} // namespace

std::string_view canonical_field_name(CanonicalField f) { return k_dossier_fields[index_of(f)]; }

std::string_view unguard_formula(std::string_view cell) {
  if (!cell.empty() && cell[0] == '\'' && needs_formula_guard(cell.substr(1))) return cell.substr(1);
  return cell;
}

Result<CanonicalColumns> bind_canonical_columns(const CsvRecord& header, std::string_view source) {
  CanonicalColumns c;
  c.column.fill(SIZE_MAX);
  c.expected_fields = header.size();
  std::string where = std::string(source) + ":" + std::to_string(header.line());
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view name = trim(header[i]);
    if (name.empty()) continue;
    size_t f = 0;
    while (f < k_canonical_field_count && k_dossier_fields[f] != name) ++f;
    size_t seen = SIZE_MAX;
    if (name == "extra") {
      seen = c.extra_json;
      c.extra_json = i;
    } else if (f < k_canonical_field_count) {
      seen = c.column[f];
      c.column[f] = i;
    } else {
      for (const auto& [index, extra] : c.extra)
        if (extra == name) seen = index;
      if (seen == SIZE_MAX) c.extra.emplace_back(i, std::string(name));
    }
    if (seen != SIZE_MAX)
      return make_error(ErrorKind::input, where + ": the header names column '" + std::string(name) +
                                              "' twice (columns " + std::to_string(seen + 1) + " and " +
                                              std::to_string(i + 1) + "); keep one");
  }
  std::string missing;
  size_t known = 0;
  for (size_t f = 0; f < k_canonical_field_count; ++f) known += c.column[f] != SIZE_MAX;
  for (size_t f = 0; f < k_canonical_field_count; ++f)
    if (is_required_dossier_field(k_dossier_fields[f]) && c.column[f] == SIZE_MAX)
      missing += (missing.empty() ? "" : ", ") + std::string(k_dossier_fields[f]);
  if (missing.empty()) return c;
  std::string hint = "; legacy CSV dossiers need --mapping FILE (see man 5 motcua-mapping)";
  if (known == 0)
    return make_error(ErrorKind::input, std::string(source) + ": not a canonical dossier CSV: its header (" +
                                            header_text(header) + ") names none of the fields " +
                                            required_dossier_fields_text() + hint);
  return make_error(ErrorKind::input, where + ": the CSV header lacks the required column(s) " + missing +
                                          " (it has: " + header_text(header) + ")" + hint);
}

CanonicalCsvWriter::CanonicalCsvWriter(std::ostream& out) {
  std::vector<Column> columns;
  for (auto name : k_dossier_fields) columns.push_back({std::string(name), std::string(name)});
  columns.push_back({"extra", "extra"});
  m_writer = make_row_writer(OutputFormat::csv, out, std::move(columns));
}

void CanonicalCsvWriter::write(const Dossier& d, bool with_extra) {
  // CSV has fixed columns: the unknown source fields travel as one JSON object.
  auto row = to_json(d, false);
  if (with_extra && !d.extra.empty()) row["extra"] = d.extra;
  m_writer->row(row);
}

void CanonicalCsvWriter::finish() { m_writer->finish(); }

Status dossier_from_csv_row(const CanonicalColumns& c, const CsvRecord& row, Dossier& d) {
  using F = CanonicalField;
  d.code = text_cell(c, row, F::code);
  if (d.code.empty()) return required(F::code);
  d.procedure_code = text_cell(c, row, F::procedure_code);
  if (d.procedure_code.empty()) return required(F::procedure_code);
  d.agency_code = text_cell(c, row, F::agency_code);
  if (auto st = check_dossier_codes(d); !st) return st;

  std::string_view channel = text_cell(c, row, F::channel);
  if (channel.empty()) return required(F::channel);
  auto ch = parse_channel(channel);
  if (!ch) return cell_error(F::channel, channel, "expected online, direct or postal");
  d.channel = *ch;

  std::string_view status = text_cell(c, row, F::status);
  if (status.empty()) return required(F::status);
  auto st = parse_status(status);
  if (!st) {
    std::string names;
    for (const auto& n : status_names()) names += (names.empty() ? "" : ", ") + n;
    return cell_error(F::status, status, "expected one of " + names);
  }
  d.status = *st;

  std::optional<Instant> received;
  if (auto s = moment_into(c, row, F::received_at, false, received, nullptr); !s) return s;
  if (!received) return required(F::received_at);
  d.received_at = *received;
  if (auto s = moment_into(c, row, F::due_at, true, d.due_at, &d.due_date_only); !s) return s;
  if (auto s = moment_into(c, row, F::resolved_at, false, d.resolved_at, nullptr); !s) return s;
  if (auto s = moment_into(c, row, F::returned_at, false, d.returned_at, nullptr); !s) return s;
  if (auto s = list_into(c, row, F::pauses, "expected a JSON array of {from, to, reason}", &pauses_from_json, d.pauses);
      !s)
    return s;
  if (auto s = list_into(c, row, F::extensions, "expected a JSON array of {apology_at, new_due_at, reason}",
                         &extensions_from_json, d.extensions);
      !s)
    return s;
  d.applicant_name = text_cell(c, row, F::applicant_name);
  d.applicant_id = text_cell(c, row, F::applicant_id);

  std::string_view fee = raw_cell(c, row, F::fee);
  d.fee.reset();
  if (!fee.empty()) {
    d.fee = parse_fee_text(fee);
    if (!d.fee) return cell_error(F::fee, fee, "expected a non-negative whole number of VND");
  }
  std::string_view paid = raw_cell(c, row, F::paid_online);
  d.paid_online.reset();
  if (!paid.empty()) {
    d.paid_online = parse_bool_text(paid);
    if (!d.paid_online) return cell_error(F::paid_online, paid, "expected true or false (yes or no)");
  }
  std::string_view type = text_cell(c, row, F::applicant_type);
  d.applicant_type.reset();
  if (!type.empty()) {
    d.applicant_type = parse_applicant_type(type);
    if (!d.applicant_type)
      return cell_error(F::applicant_type, type, "expected citizen, business, state_body or other");
  }

  // Extra fields: the members of an `extra` JSON object (as export writes it), then the
  // non-empty cells of other named columns as text, unguarded; a compact object with sorted
  // keys (as dossier_from_json keeps unknown JSON fields). Never an error: unknown fields are
  // never fatal (motcua-formats(5)).
  d.extra.clear();
  std::string_view extra_cell = c.extra_json == SIZE_MAX ? std::string_view() : row[c.extra_json];
  std::string_view extra_text = trim(extra_cell);
  if (!c.extra.empty() || !extra_text.empty()) {
    json extra = json::object();
    if (!extra_text.empty()) {
      json parsed = json_too_deep(extra_text) ? json(nullptr) : json::parse(extra_text, nullptr, false);
      if (parsed.is_object()) {
        // A canonical name inside it is not an extra field: that field has its own column.
        for (auto it = parsed.begin(); it != parsed.end(); ++it)
          if (std::find(k_dossier_fields.begin(), k_dossier_fields.end(), it.key()) == k_dossier_fields.end())
            extra[it.key()] = std::move(it.value());
      } else {
        extra["extra"] = std::string(unguard_formula(extra_cell)); // free text, an array, a number: kept as a column is
      }
    }
    for (const auto& [index, name] : c.extra)
      if (!row[index].empty()) extra[name] = std::string(unguard_formula(row[index]));
    if (!extra.empty()) d.extra = extra.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return {};
}

} // namespace motcua
