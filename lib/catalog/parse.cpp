#include "catalog/parse.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/dvcqg.hpp"
#include "io/csv.hpp"
#include "io/stream.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

std::string_view strip_bom(std::string_view t) { return t.substr(0, 3) == "\xEF\xBB\xBF" ? t.substr(3) : t; }

std::int64_t line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The records of a JSON document: an array, or an object holding one under a known key, or one record.
const nlohmann::json* records_of(const nlohmann::json& doc) {
  if (doc.is_array()) return &doc;
  if (doc.is_object())
    for (const char* key : {"procedures", "result", "data"})
      if (auto it = doc.find(key); it != doc.end() && it->is_array()) return &*it;
  return nullptr;
}

bool looks_dvcqg(const nlohmann::json& record) { return record.is_object() && record.contains("MATTHC"); }

std::string excerpt(std::string_view s) { return std::string(s.substr(0, 4096)); }

// The code a record names (canonical `code` or national `MATTHC`), even when the record is invalid.
std::string code_of(const nlohmann::json& record) {
  if (!record.is_object()) return {};
  for (const char* key : {"code", "MATTHC"})
    if (auto it = record.find(key); it != record.end() && it->is_string()) return nfc(trim(it->get_ref<const std::string&>()));
  return {};
}

// No real procedure record comes near this; a larger one is a broken export, and
// parsing and normalising it would take minutes and gigabytes for nothing.
constexpr size_t k_max_record_bytes = size_t{1} << 20;

Error oversized(size_t bytes) {
  return make_error(ErrorKind::input, "record is " + std::to_string(bytes) + " bytes, more than the " +
                                          std::to_string(k_max_record_bytes >> 20) +
                                          " MiB a procedure record may have; check the export");
}

} // namespace

Result<InputFormat> detect_format(std::string_view source_name, std::string_view text) {
  text = strip_bom(text);
  bool named = ends_with(source_name, ".ndjson") || ends_with(source_name, ".jsonl") || ends_with(source_name, ".csv");
  if (!named && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error(ErrorKind::input, std::string(source_name) + ": the source is empty");
  auto layout = detect_input_format(source_name, text);
  if (!layout)
    return make_error(ErrorKind::input, std::string(source_name) + ": cannot tell the format of this source; use --input-format json|ndjson|csv|dvcqg");
  if (*layout != InputFormat::json) return *layout;
  // A JSON document: canonical or national records, told by the first one.
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return InputFormat::json; // the JSON reader reports where it breaks
  const nlohmann::json* records = records_of(doc);
  const nlohmann::json* sample = records && !records->empty() ? &(*records)[0] : (doc.is_object() ? &doc : nullptr);
  if (sample && looks_dvcqg(*sample)) return InputFormat::dvcqg;
  if (sample && sample->is_object() && sample->contains("code")) return InputFormat::json;
  if (records && records->empty()) return InputFormat::json;
  return make_error(ErrorKind::input, std::string(source_name) +
                                          ": cannot tell the format (neither canonical 'code' nor national 'MATTHC' records); use --input-format");
}

void CatalogCollector::add_record(Result<Procedure> record, const std::string& source, std::int64_t pos, bool is_line,
                                  std::string_view original, std::string code_hint) {
  ++m_read;
  Reject reject{source, pos, is_line, {}, excerpt(original)};
  if (!record) {
    if (!code_hint.empty()) m_rejected_codes.insert(std::move(code_hint));
    reject.reason = record.error().message;
    m_rejects.push_back(std::move(reject));
    return;
  }
  std::string where = describe_position(reject);
  auto [it, fresh] = m_first_seen.emplace(record->code, where);
  if (!fresh) {
    reject.reason = "duplicate code '" + record->code + "' (first read at " + it->second + ")";
    m_rejects.push_back(std::move(reject));
    return;
  }
  m_procedures.push_back(std::move(*record));
}

Status CatalogCollector::add_text(std::string_view text, InputFormat format, const std::string& source) {
  text = strip_bom(text);
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    return make_error(ErrorKind::input, source + ":" + std::to_string(line_of_offset(text, bad)) +
                                            ": not valid UTF-8 (byte " + hex + "); catalog sources must be UTF-8: convert the file, e.g. with iconv");
  }
  if (format == InputFormat::auto_detect) {
    auto detected = detect_format(source, text);
    if (!detected) return detected.error();
    format = *detected;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error(ErrorKind::input, source + ": the source is empty");
  switch (format) {
  case InputFormat::ndjson: return add_ndjson(text, InputFormat::json, source);
  case InputFormat::csv: return add_csv(text, source);
  default: return add_json_records(text, format, source);
  }
}

Status CatalogCollector::add_json_records(std::string_view text, InputFormat format, const std::string& source) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(ErrorKind::input, source + ":" + std::to_string(line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0)) +
                                            ": not valid JSON (" + e.what() + ")");
  }
  const nlohmann::json* records = records_of(doc);
  nlohmann::json single;
  if (!records) {
    if (!doc.is_object())
      return make_error(ErrorKind::input, source + ": expected a JSON array of procedures or an object with 'procedures' or 'result' (see man 5 motcua-formats)");
    single = nlohmann::json::array({doc});
    records = &single;
  }
  std::int64_t n = 0;
  for (const auto& rec : *records) {
    ++n;
    std::string original = rec.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (original.size() > k_max_record_bytes) {
      add_record(oversized(original.size()), source, n, false, original, code_of(rec));
      continue;
    }
    auto p = format == InputFormat::dvcqg ? procedure_from_dvcqg(rec) : procedure_from_json(rec, false);
    add_record(std::move(p), source, n, false, original, code_of(rec));
  }
  return {};
}

Status CatalogCollector::add_ndjson(std::string_view text, InputFormat, const std::string& source) {
  std::int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line_no;
    if (trim(line).empty()) continue;
    if (line.size() > k_max_record_bytes) {
      add_record(oversized(line.size()), source, line_no, true, line);
      continue;
    }
    nlohmann::json rec = nlohmann::json::parse(line, nullptr, false);
    if (rec.is_discarded()) {
      add_record(make_error(ErrorKind::input, "not a valid JSON object"), source, line_no, true, line);
      continue;
    }
    auto p = looks_dvcqg(rec) ? procedure_from_dvcqg(rec) : procedure_from_json(rec, false);
    add_record(std::move(p), source, line_no, true, line, code_of(rec));
  }
  return {};
}

} // namespace motcua

namespace motcua {

Status CatalogCollector::add_csv(std::string_view text, const std::string& source) {
  MemoryStream in{std::string(text), SIZE_MAX, source};
  CsvOptions options;
  // A header decides the delimiter: the canonical one is ',', but ';' exports are common.
  size_t eol = text.find('\n');
  std::string_view header_line = text.substr(0, eol);
  if (header_line.find(',') == std::string_view::npos && header_line.find(';') != std::string_view::npos) options.delimiter = ';';
  CsvReader reader(in, options);
  CsvRecord rec;
  std::vector<std::string> header;
  size_t code_column = 0;
  while (reader.next(rec)) {
    if (header.empty()) {
      if (!rec.ok()) return make_error(ErrorKind::input, source + ":" + std::to_string(rec.line()) + ": bad CSV header: " + rec.error().message);
      for (size_t i = 0; i < rec.size(); ++i) header.emplace_back(trim(rec[i]));
      code_column = static_cast<size_t>(std::find(header.begin(), header.end(), "code") - header.begin());
      if (code_column == header.size())
        return make_error(ErrorKind::input, source + ":" + std::to_string(rec.line()) + ": CSV header has no 'code' column (expected the field names of the catalog, see man 5 motcua-formats)");
      continue;
    }
    auto line = static_cast<std::int64_t>(rec.line());
    if (!rec.ok()) {
      add_record(rec.error(), source, line, true, rec.raw());
      continue;
    }
    if (rec.size() != header.size()) {
      // The code cell, when the row reaches it, still names a procedure that is in the source.
      std::string code = code_column < rec.size() ? nfc(trim(rec[code_column])) : std::string();
      add_record(make_error(ErrorKind::input, "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(rec.size())),
                 source, line, true, rec.raw(), std::move(code));
      continue;
    }
    nlohmann::json obj = nlohmann::json::object();
    for (size_t i = 0; i < header.size(); ++i)
      if (!header[i].empty()) obj[header[i]] = std::string(rec[i]);
    add_record(procedure_from_json(obj, true), source, line, true, rec.raw(), code_of(obj));
  }
  if (!reader.status()) return reader.status().error();
  if (header.empty()) return make_error(ErrorKind::input, source + ": the CSV has no header line");
  return {};
}

} // namespace motcua
