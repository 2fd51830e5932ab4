#include "dossiers/mapping.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dossiers/validate.hpp"
#include "io/json_stream.hpp"
#include "io/source.hpp"
#include "io/text.hpp"

namespace motcua {

std::string FieldRule::describe() const {
  if (constant) return "constant value";
  if (!column_name.empty()) return "column " + column_name;
  return "column " + std::to_string(column + 1);
}

namespace {

using json = nlohmann::json;

struct FieldInfo {
  std::string_view name; // a canonical field (dossier.hpp's list) or a member of pauses/extensions
  MappedField field;
  bool date;
  bool appointment;
};

constexpr FieldInfo k_scalar_fields[] = {
    {dossier_field_name(CanonicalField::code), MappedField::code, false, false},
    {dossier_field_name(CanonicalField::procedure_code), MappedField::procedure_code, false, false},
    {dossier_field_name(CanonicalField::agency_code), MappedField::agency_code, false, false},
    {dossier_field_name(CanonicalField::channel), MappedField::channel, false, false},
    {dossier_field_name(CanonicalField::status), MappedField::status, false, false},
    {dossier_field_name(CanonicalField::received_at), MappedField::received_at, true, false},
    {dossier_field_name(CanonicalField::due_at), MappedField::due_at, true, true},
    {dossier_field_name(CanonicalField::resolved_at), MappedField::resolved_at, true, false},
    {dossier_field_name(CanonicalField::returned_at), MappedField::returned_at, true, false},
    {dossier_field_name(CanonicalField::applicant_name), MappedField::applicant_name, false, false},
    {dossier_field_name(CanonicalField::applicant_id), MappedField::applicant_id, false, false},
    {dossier_field_name(CanonicalField::fee), MappedField::fee, false, false},
    {dossier_field_name(CanonicalField::paid_online), MappedField::paid_online, false, false},
};
constexpr FieldInfo k_pause_fields[] = {
    {"from", MappedField::pause_from, true, false},
    {"to", MappedField::pause_to, true, false},
    {"reason", MappedField::pause_reason, false, false},
};
constexpr FieldInfo k_extension_fields[] = {
    {"apology_at", MappedField::extension_apology_at, true, false},
    {"new_due_at", MappedField::extension_new_due_at, true, true},
    {"reason", MappedField::extension_reason, false, false},
};

// The canonical name of a mapped field, as rejects name it.
std::string_view field_label(MappedField f) {
  switch (f) {
  case MappedField::pause_from: return "pauses.from";
  case MappedField::pause_to: return "pauses.to";
  case MappedField::pause_reason: return "pauses.reason";
  case MappedField::extension_apology_at: return "extensions.apology_at";
  case MappedField::extension_new_due_at: return "extensions.new_due_at";
  case MappedField::extension_reason: return "extensions.reason";
  default: break;
  }
  for (const auto& info : k_scalar_fields)
    if (info.field == f) return info.name;
  return "?";
}

// A value map's matching key: case, diacritics (đ as d) and every space ignored, so
// "ĐÃ TRẢ KẾT QUẢ", "da tra ket qua" and "Đã trả  kết quả" are one key.
std::string value_key(std::string_view raw) {
  std::string k = fold_for_search(raw);
  k.erase(std::remove_if(k.begin(), k.end(), [](unsigned char c) { return c == ' ' || c == '\t'; }), k.end());
  return k;
}

class MappingParser {
public:
  explicit MappingParser(std::string name) : m_name(std::move(name)) {}

  Error error(const std::string& key, const std::string& what) const {
    return make_error(ErrorKind::input,
                      "mapping " + m_name + ": '" + key + "' " + what + " (see man 5 motcua-mapping)");
  }

  Status parse_input(const json& input, MappingInput& out) const {
    if (!input.is_object())
      return error("input", "must be an object like {\"format\": \"csv\", \"encoding\": \"tcvn\"}");
    for (auto it = input.begin(); it != input.end(); ++it) {
      const std::string& k = it.key();
      const json& v = it.value();
      std::string key = "input." + k;
      if (k == "format") {
        if (!v.is_string() || (v.get<std::string>() != "csv" && v.get<std::string>() != "xlsx"))
          return error(key, "must be \"csv\" or \"xlsx\" (an Excel workbook, also recognised by its content), got " +
                                v.dump());
      } else if (k == "sheet") {
        if (v.is_number_integer() && v.get<long>() >= 1) out.sheet = std::to_string(v.get<long>());
        else if (v.is_string() && !trim(v.get<std::string>()).empty()) out.sheet = nfc(v.get<std::string>());
        else return error(key, "must name a sheet of the workbook, or give its number from 1, got " + v.dump());
      } else if (k == "encoding") {
        auto e = v.is_string() ? parse_encoding(v.get<std::string>()) : std::nullopt;
        if (!e) {
          std::string names;
          for (const auto& n : encoding_names()) names += (names.empty() ? "" : ", ") + n;
          return error(key, "must be one of " + names + "; got " + v.dump());
        }
        out.encoding = *e;
      } else if (k == "delimiter") {
        auto d = parse_delimiter(v.is_string() ? v.get<std::string>() : "");
        if (!d)
          return error(key, "must be one character other than a quote or a line break (e.g. \";\"), got " + v.dump());
        out.delimiter = *d;
        out.delimiter_set = true;
      } else if (k == "header") {
        if (!v.is_boolean()) return error(key, "must be true or false, got " + v.dump());
        out.header = v.get<bool>();
      } else if (!k.empty() && k[0] != '_' && k != "comment" && k != "description") {
        return error(key, "is not a known key (known: format, encoding, delimiter, header, sheet)");
      }
    }
    return {};
  }

  // A column reference: a name, or a 1-based index (a number, or digits without a header).
  Status parse_column(const json& v, const std::string& key, bool header, FieldRule& rule) const {
    if (v.is_number_integer()) {
      long i = v.get<long>();
      if (i < 1) return error(key, "column numbers start at 1, got " + v.dump());
      rule.column = static_cast<size_t>(i - 1);
      return {};
    }
    if (!v.is_string() || trim(v.get<std::string>()).empty())
      return error(key, "must name a column (a header name, or a 1-based number), got " + v.dump());
    std::string s(trim(v.get<std::string>()));
    if (!header) {
      if (s.find_first_not_of("0123456789") != std::string::npos || s.size() > 6)
        return error(key, "must be a 1-based column number because input.header is false, got " + v.dump());
      long i = std::stol(s);
      if (i < 1) return error(key, "column numbers start at 1, got " + v.dump());
      rule.column = static_cast<size_t>(i - 1);
      return {};
    }
    rule.column_name = nfc(s);
    return {};
  }

  static std::optional<std::string> scalar_text(const json& v) {
    if (v.is_string()) return nfc(v.get<std::string>());
    if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
    if (v.is_number()) return v.dump();
    return std::nullopt;
  }

  Status parse_rule(const json& v, const std::string& key, const FieldInfo& info, bool header, FieldRule& rule) const {
    rule.key = key;
    if (!v.is_object()) return parse_column(v, key, header, rule);
    bool has_column = false;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      const json& x = it.value();
      std::string sub = key + "." + k;
      if (k == "column") {
        if (auto st = parse_column(x, sub, header, rule); !st) return st;
        has_column = true;
      } else if (k == "value") {
        auto t = scalar_text(x);
        if (!t) return error(sub, "must be a string, number or boolean, got " + x.dump());
        rule.constant = *t;
      } else if (k == "default") {
        auto t = scalar_text(x);
        if (!t) return error(sub, "must be a string, number or boolean, got " + x.dump());
        rule.default_value = *t;
      } else if (k == "trim") {
        if (!x.is_boolean()) return error(sub, "must be true or false, got " + x.dump());
        rule.trim = x.get<bool>();
      } else if (k == "date_format") {
        if (!info.date) return error(sub, "only applies to date fields");
        std::vector<json> patterns = x.is_array() ? x.get<std::vector<json>>() : std::vector<json>{x};
        if (patterns.empty())
          return error(sub, "must be a string like \"%d/%m/%Y %H:%M\" or a list of them, got " + x.dump());
        for (const auto& pat : patterns) {
          if (!pat.is_string())
            return error(sub, "must be a string like \"%d/%m/%Y %H:%M\" or a list of them, got " + x.dump());
          auto f = DateFormat::compile(pat.get<std::string>());
          if (!f) return error(sub, f.error().message);
          rule.date_formats.push_back(std::move(*f));
        }
      } else if (k == "exact") {
        if (!x.is_boolean()) return error(sub, "must be true or false, got " + x.dump());
        rule.exact = x.get<bool>();
      } else if (k == "other") {
        if (x.is_null()) {
          rule.other = std::string();
          continue;
        }
        auto t = scalar_text(x);
        if (!t) return error(sub, "must be a string, number, boolean or null, got " + x.dump());
        rule.other = *t;
      } else if (k == "values") {
        if (!x.is_object() || x.empty()) return error(sub, "must be a non-empty object of raw value → canonical value");
        rule.has_values = true;
        for (auto vi = x.begin(); vi != x.end(); ++vi) {
          if (vi.value().is_null()) {
            rule.values.emplace(nfc(vi.key()), std::nullopt);
            continue;
          }
          auto t = scalar_text(vi.value());
          if (!t)
            return error(sub + "." + vi.key(),
                         "must map to a string, number, boolean or null, got " + vi.value().dump());
          rule.values.emplace(nfc(vi.key()), *t);
        }
      } else if (!k.empty() && k[0] != '_' && k != "comment") {
        return error(sub,
                     "is not a known key (known: column, values, exact, other, date_format, trim, default, value)");
      }
    }
    if (rule.other && !rule.has_values) return error(key + ".other", "only applies with 'values'");
    if (rule.has_values && !rule.exact) {
      // Keys that fold to the same text must agree, or "matching ignores case and accents" would pick one at random.
      for (const auto& [raw, value] : rule.values) {
        auto [it, added] = rule.folded_values.emplace(value_key(raw), value);
        if (!added && it->second != value)
          return error(key + ".values",
                       "has keys that differ only in case, accents or spaces but map to different values ('" + raw +
                           "'); set \"exact\": true to match byte for byte");
      }
    }
    if (rule.constant && has_column) return error(key, "has both 'column' and 'value': keep one");
    if (!rule.constant && !has_column) {
      if (!rule.default_value) return error(key, "needs 'column' or 'value'");
      rule.constant = rule.default_value; // only a default: a constant
    }
    return {};
  }

  Status parse_group(const json& v, const std::string& key, const FieldInfo* infos, size_t n, bool header,
                     Mapping& m) const {
    if (!v.is_object())
      return error(key, "must be an object with " + std::string(infos[0].name) + " (and " + std::string(infos[1].name) +
                            ", reason)");
    for (auto it = v.begin(); it != v.end(); ++it) {
      const FieldInfo* info = nullptr;
      for (size_t i = 0; i < n; ++i)
        if (it.key() == infos[i].name) info = &infos[i];
      if (!info) {
        if (!it.key().empty() && it.key()[0] == '_') continue;
        std::string known;
        for (size_t i = 0; i < n; ++i) known += (known.empty() ? "" : ", ") + std::string(infos[i].name);
        return error(key + "." + it.key(), "is not a known key (known: " + known + ")");
      }
      FieldRule rule;
      if (auto st = parse_rule(it.value(), key + "." + it.key(), *info, header, rule); !st) return st;
      m.fields[static_cast<size_t>(info->field)] = std::move(rule);
    }
    if (!m.rule(infos[0].field))
      return error(key + "." + std::string(infos[0].name), "is required when '" + key + "' is mapped");
    return {};
  }

  Result<Mapping> parse(std::string_view text) const {
    if (json_too_deep(text)) return make_error(ErrorKind::input, "mapping " + m_name + ": " + json_too_deep_reason());
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded())
      return make_error(ErrorKind::input, "mapping " + m_name + ": not valid JSON; check it with `jq . " + m_name +
                                              "` (see man 5 motcua-mapping)");
    if (!doc.is_object())
      return make_error(ErrorKind::input,
                        "mapping " + m_name +
                            ": must be a JSON object with 'input' and 'fields' (see man 5 motcua-mapping)");
    Mapping m;
    m.name = m_name;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const std::string& k = it.key();
      if (k != "input" && k != "fields" &&
          !(k.empty() || k[0] == '_' || k == "comment" || k == "description" || k == "name"))
        return error(k, "is not a known key (known: input, fields)");
    }
    if (auto it = doc.find("input"); it != doc.end())
      if (auto st = parse_input(*it, m.input); !st) return st.error();
    auto fields = doc.find("fields");
    if (fields == doc.end() || !fields->is_object() || fields->empty())
      return error("fields", "must be an object mapping canonical fields to columns");
    for (auto it = fields->begin(); it != fields->end(); ++it) {
      const std::string& k = it.key();
      std::string key = "fields." + k;
      if (k == "pauses") {
        if (auto st = parse_group(it.value(), key, k_pause_fields, std::size(k_pause_fields), m.input.header, m); !st)
          return st.error();
        continue;
      }
      if (k == "extensions") {
        if (auto st =
                parse_group(it.value(), key, k_extension_fields, std::size(k_extension_fields), m.input.header, m);
            !st)
          return st.error();
        if (!m.rule(MappedField::extension_new_due_at))
          return error(key + ".new_due_at", "is required when 'fields.extensions' is mapped");
        continue;
      }
      const FieldInfo* info = nullptr;
      for (const auto& f : k_scalar_fields)
        if (k == f.name) info = &f;
      if (!info) {
        if (!k.empty() && k[0] == '_') continue;
        std::string known;
        for (const auto& f : k_scalar_fields) known += std::string(known.empty() ? "" : ", ") + std::string(f.name);
        return error(key, "is not a dossier field (known: " + known + ", pauses, extensions)");
      }
      FieldRule rule;
      if (auto st = parse_rule(it.value(), key, *info, m.input.header, rule); !st) return st.error();
      m.fields[static_cast<size_t>(info->field)] = std::move(rule);
    }
    for (std::string_view required : k_required_dossier_fields) {
      bool found = false;
      for (const auto& f : k_scalar_fields)
        if (f.name == required && m.rule(f.field)) found = true;
      if (!found)
        return error("fields." + std::string(required),
                     "is missing: every dossier needs it (see man 5 motcua-mapping)");
    }
    return m;
  }

private:
  std::string m_name;
};

} // namespace

Result<Mapping> parse_mapping(std::string_view json_text, const std::string& name) {
  return MappingParser(name).parse(json_text);
}

Result<Mapping> load_mapping(const std::string& path) {
  auto text = read_file(path);
  if (!text) return make_error(ErrorKind::input, "mapping: " + text.error().message);
  std::string_view t = *text;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  return parse_mapping(t, path);
}

Status bind_columns(Mapping& m, const CsvRecord& first, std::string_view source) {
  m.expected_fields = first.size();
  std::vector<std::string> missing;
  for (auto& rule : m.fields) {
    if (!rule || rule->constant) continue;
    if (m.input.header && !rule->column_name.empty()) {
      rule->column = SIZE_MAX;
      for (size_t i = 0; i < first.size(); ++i)
        if (trim(first[i]) == rule->column_name) {
          rule->column = i;
          break;
        }
      if (rule->column == SIZE_MAX) missing.push_back(rule->key + " → '" + rule->column_name + "'");
    } else if (rule->column >= first.size()) {
      missing.push_back(rule->key + " → column " + std::to_string(rule->column + 1));
    }
  }
  if (missing.empty()) return {};
  std::string list;
  for (const auto& s : missing) list += (list.empty() ? "" : ", ") + s;
  std::string header;
  for (size_t i = 0; i < first.size() && header.size() < 400; ++i) header += (i ? ", " : "") + std::string(first[i]);
  std::string what = m.input.header ? "the header of " + std::string(source) + " has no such column"
                                    : "the first row of " + std::string(source) + " has only " +
                                          std::to_string(first.size()) + " fields";
  return make_error(ErrorKind::input, "mapping " + m.name + ": " + list + ": " + what + " (it has: " + header +
                                          "); check input.delimiter and the column names (see man 5 motcua-mapping)");
}

namespace {

// The value of a rule for this row after trim, default and the values map; empty when absent.
Status rule_value(const FieldRule& r, const CsvRecord& row, MappedField f, std::string_view& out) {
  std::string_view raw = r.constant ? std::string_view(*r.constant) : row[r.column];
  if (r.trim) raw = trim(raw);
  if (raw.empty() && r.default_value) raw = *r.default_value;
  if (r.has_values) {
    auto it = r.values.find(raw);
    if (it == r.values.end() && !r.exact && !raw.empty()) {
      auto folded = r.folded_values.find(value_key(raw));
      if (folded != r.folded_values.end()) {
        out = folded->second ? std::string_view(*folded->second) : std::string_view();
        return {};
      }
    }
    if (it == r.values.end()) {
      if (raw.empty()) {
        out = {};
        return {};
      }
      if (r.other) {
        out = *r.other;
        return {};
      }
      std::string known;
      size_t shown = 0;
      for (const auto& [k, v] : r.values) {
        if (shown++ == 12) {
          known += ", ...";
          break;
        }
        known += (known.empty() ? "'" : ", '") + k + "'";
      }
      return make_error(ErrorKind::input, "field '" + std::string(field_label(f)) + "': value '" +
                                              std::string(raw.substr(0, 80)) + "' in " + r.describe() +
                                              " is not in the mapping's values (" + known + ")");
    }
    out = it->second ? std::string_view(*it->second) : std::string_view();
    return {};
  }
  out = raw;
  return {};
}

Error bad_value(MappedField f, const FieldRule& r, std::string_view value, std::string_view expected) {
  return make_error(ErrorKind::input, "field '" + std::string(field_label(f)) + "': " + std::string(expected) +
                                          ", got '" + std::string(value.substr(0, 80)) + "' in " + r.describe());
}

// Whether a mapped field is one every dossier needs (dossier.hpp k_required_dossier_fields).
bool required(MappedField f) { return is_required_dossier_field(field_label(f)); }

// The value of field f, or empty when unmapped or empty; `required` turns empty into an error.
Status get(const Mapping& m, const CsvRecord& row, MappedField f, bool required, std::string_view& out) {
  out = {};
  const auto& r = m.rule(f);
  if (r)
    if (auto st = rule_value(*r, row, f, out); !st) return st;
  if (required && out.empty()) {
    std::string where = r ? " (" + r->describe() + " is empty)" : "";
    return make_error(ErrorKind::input, "field '" + std::string(field_label(f)) + "' is required" + where);
  }
  return {};
}

Status get_moment(const Mapping& m, const CsvRecord& row, MappedField f, bool required, bool appointment,
                  std::optional<Moment>& out) {
  std::string_view v;
  out.reset();
  if (auto st = get(m, row, f, required, v); !st) return st;
  if (v.empty()) return {};
  const auto& r = *m.rule(f);
  if (!r.date_formats.empty()) {
    // A date-typed spreadsheet cell arrives as ISO 8601, whatever the text formats are.
    if (!r.constant && row.typed_date(r.column))
      if (auto typed = parse_moment(v, dossier_date_as(appointment))) {
        out = typed;
        return {};
      }
    std::optional<Error> first_failure;
    std::string patterns;
    for (const auto& format : r.date_formats) {
      auto parsed = format.parse(trim(v), dossier_date_as(appointment));
      if (parsed) {
        out = *parsed;
        return {};
      }
      if (!first_failure) first_failure = parsed.error();
      patterns += (patterns.empty() ? "'" : ", '") + format.pattern() + "'";
    }
    // Every directive must match and nothing may be left over: say which part did not.
    Error e = bad_value(f, r, v,
                        r.date_formats.size() == 1 ? "expected a date in the format " + patterns
                                                   : "expected a date in one of the formats " + patterns);
    e.message += " (" + first_failure->message + (r.date_formats.size() > 1 ? " with the first" : "") + ")";
    return e;
  } else {
    out = parse_moment(v, dossier_date_as(appointment));
    if (!out) out = parse_compact_moment(v, dossier_date_as(appointment));
    if (!out) return bad_value(f, r, v, "expected an ISO 8601 date-time (or set a date_format in the mapping)");
  }
  return {};
}

Status get_text(const Mapping& m, const CsvRecord& row, MappedField f, bool required, bool code, std::string& out) {
  std::string_view v;
  if (auto st = get(m, row, f, required, v); !st) return st;
  if (code) v = trim(v);
  out.assign(v.data(), v.size());
  return {};
}

Status get_instant(const Mapping& m, const CsvRecord& row, MappedField f, std::optional<Instant>& out) {
  std::optional<Moment> mo;
  if (auto st = get_moment(m, row, f, false, false, mo); !st) return st;
  out = mo ? std::optional<Instant>(mo->at) : std::nullopt;
  return {};
}

} // namespace

Status map_record(const Mapping& m, const CsvRecord& row, Dossier& d) { return map_record(m, row, d, nullptr); }

Status map_record(const Mapping& m, const CsvRecord& row, Dossier& d, std::vector<std::string>* reasons) {
  using F = MappedField;
  // Every field is read even after one fails, so a rejected row lists all its problems at once.
  std::optional<Error> first;
  auto check = [&](Status st) {
    if (st) return true;
    if (!first) first = st.error();
    if (reasons) reasons->push_back(st.error().message);
    return false;
  };
  bool codes_ok = check(get_text(m, row, F::code, required(F::code), true, d.code));
  codes_ok =
      check(get_text(m, row, F::procedure_code, required(F::procedure_code), true, d.procedure_code)) && codes_ok;
  codes_ok = check(get_text(m, row, F::agency_code, required(F::agency_code), true, d.agency_code)) && codes_ok;
  if (codes_ok) check(check_dossier_codes(d));

  std::string_view v;
  if (check(get(m, row, F::channel, required(F::channel), v))) {
    auto channel = parse_channel_text(v);
    if (channel) d.channel = *channel;
    else
      check(bad_value(F::channel, *m.rule(F::channel), v,
                      "expected online, direct or postal (or 1-3; map others with 'values')"));
  }
  if (check(get(m, row, F::status, required(F::status), v))) {
    auto status = parse_status_text(v);
    if (status) d.status = *status;
    else
      check(bad_value(
          F::status, *m.rule(F::status), v,
          "expected a status name or a national code 1-10 (map others with 'values'; see man 5 motcua-mapping)"));
  }

  std::optional<Moment> mo;
  if (check(get_moment(m, row, F::received_at, required(F::received_at), false, mo)) && mo) d.received_at = mo->at;
  if (check(get_moment(m, row, F::due_at, required(F::due_at), true, mo))) {
    d.due_at = mo ? std::optional<Instant>(mo->at) : std::nullopt;
    d.due_date_only = mo && mo->date_only;
  }
  check(get_instant(m, row, F::resolved_at, d.resolved_at));
  check(get_instant(m, row, F::returned_at, d.returned_at));
  check(get_text(m, row, F::applicant_name, required(F::applicant_name), false, d.applicant_name));
  check(get_text(m, row, F::applicant_id, required(F::applicant_id), true, d.applicant_id));

  d.fee.reset();
  if (check(get(m, row, F::fee, required(F::fee), v)) && !v.empty()) {
    d.fee = parse_fee_text(v);
    if (!d.fee) check(bad_value(F::fee, *m.rule(F::fee), v, "expected a non-negative whole number of VND"));
  }
  d.paid_online.reset();
  if (check(get(m, row, F::paid_online, required(F::paid_online), v)) && !v.empty()) {
    d.paid_online = parse_bool_text(v);
    if (!d.paid_online)
      check(bad_value(F::paid_online, *m.rule(F::paid_online), v, "expected true/false, 1/0 or yes/no"));
  }

  d.pauses.clear();
  if (m.rule(F::pause_from)) {
    std::optional<Moment> from, to;
    bool ok = check(get_moment(m, row, F::pause_from, required(F::pause_from), false, from));
    ok = check(get_moment(m, row, F::pause_to, required(F::pause_to), false, to)) && ok;
    if (ok && from) {
      Pause p;
      p.from = from->at;
      p.from_date_only = from->date_only;
      if (to) {
        p.to = to->at;
        p.to_date_only = to->date_only;
      }
      if (check(get_text(m, row, F::pause_reason, required(F::pause_reason), false, p.reason)))
        d.pauses.push_back(std::move(p));
    } else if (ok && to) {
      check(make_error(ErrorKind::input, "field 'pauses.to' has a value but 'pauses.from' (" +
                                             m.rule(F::pause_from)->describe() + ") is empty"));
    }
  }
  d.extensions.clear();
  if (m.rule(F::extension_apology_at)) {
    std::optional<Moment> apology, due;
    bool ok = check(get_moment(m, row, F::extension_apology_at, required(F::extension_apology_at), false, apology));
    ok = check(get_moment(m, row, F::extension_new_due_at, required(F::extension_new_due_at), true, due)) && ok;
    if (ok && (apology || due)) {
      if (!apology || !due) {
        check(make_error(ErrorKind::input, std::string("field '") +
                                               (apology ? "extensions.new_due_at" : "extensions.apology_at") +
                                               "' is empty but the other extension date is set"));
      } else {
        Extension e;
        e.apology_at = apology->at;
        e.apology_date_only = apology->date_only;
        e.new_due_at = due->at;
        e.new_due_date_only = due->date_only;
        if (check(get_text(m, row, F::extension_reason, required(F::extension_reason), false, e.reason)))
          d.extensions.push_back(std::move(e));
      }
    }
  }
  d.extra.clear();
  if (first) return *first;
  return {};
}

} // namespace motcua
