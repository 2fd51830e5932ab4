#include "catalog/parse.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "catalog/dvcqg.hpp"
#include "io/csv.hpp"
#include "io/decode.hpp"
#include "io/json_stream.hpp"
#include "io/stream.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

std::string_view strip_bom(std::string_view t) { return t.substr(0, 3) == "\xEF\xBB\xBF" ? t.substr(3) : t; }

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
    if (auto it = record.find(key); it != record.end() && it->is_string())
      return nfc(trim(it->get_ref<const std::string&>()));
  return {};
}

// No real procedure record comes near this; a larger one is a broken export, and
// parsing and normalising it would take minutes and gigabytes for nothing. Enforced while
// reading: a longer record is never held whole.
constexpr size_t k_max_record_bytes = size_t{1} << 20;

} // namespace

Result<InputFormat> detect_format(std::string_view source_name, std::string_view text) {
  text = strip_bom(text);
  bool named = ends_with(source_name, ".ndjson") || ends_with(source_name, ".jsonl") || ends_with(source_name, ".csv");
  if (!named && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error(ErrorKind::input, std::string(source_name) + ": the source is empty");
  auto layout = detect_input_format(source_name, text);
  if (!layout)
    return make_error(ErrorKind::input,
                      std::string(source_name) +
                          ": cannot tell the format of this source; use --input-format json|ndjson|csv|dvcqg");
  if (*layout != InputFormat::json) return *layout;
  if (json_too_deep(text)) return InputFormat::json; // the JSON reader refuses it, naming the depth
  // A JSON document: canonical or national records, told by the first one.
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return InputFormat::json; // the JSON reader reports where it breaks
  const nlohmann::json* records = records_of(doc);
  const nlohmann::json* sample = records && !records->empty() ? &(*records)[0] : (doc.is_object() ? &doc : nullptr);
  if (sample && looks_dvcqg(*sample)) return InputFormat::dvcqg;
  if (sample && sample->is_object() && sample->contains("code")) return InputFormat::json;
  if (records && records->empty()) return InputFormat::json;
  return make_error(
      ErrorKind::input,
      std::string(source_name) +
          ": cannot tell the format (neither canonical 'code' nor national 'MATTHC' records); use --input-format");
}

void CatalogCollector::add_record(Result<Procedure> record, const std::string& source, std::int64_t pos, bool is_line,
                                  std::string_view original, std::string code_hint) {
  ++m_read;
  Reject reject{source, pos, is_line, {}, excerpt(original), {}};
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
  const std::string copy(text);
  return add_stream(
      [&]() -> Result<std::unique_ptr<ByteStream>> {
        return std::unique_ptr<ByteStream>(std::make_unique<MemoryStream>(copy, SIZE_MAX, source));
      },
      format, source);
}

namespace {

constexpr size_t k_head_bytes = 64 * 1024; // what format detection looks at

// Up to `limit` bytes from the start of a stream (fewer only at its end).
std::string read_head(ByteStream& in, size_t limit) {
  std::string head(limit, '\0');
  size_t have = 0;
  while (have < limit) {
    size_t got = in.read(head.data() + have, limit - have);
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  return head;
}

// The code named near the start of a record too long to parse (its first bytes only).
std::string code_in_head(std::string_view head) {
  for (std::string_view key : {"\"code\"", "\"MATTHC\""}) {
    size_t at = head.find(key);
    if (at == std::string_view::npos) continue;
    size_t i = head.find_first_not_of(" \t\r\n", at + key.size());
    if (i == std::string_view::npos || head[i] != ':') continue;
    i = head.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string_view::npos || head[i] != '"') continue;
    size_t close = head.find_first_of("\"\\", i + 1);
    if (close == std::string_view::npos || head[close] != '"') continue;
    return nfc(trim(head.substr(i + 1, close - i - 1)));
  }
  return {};
}

Error oversized_record() {
  return make_error(ErrorKind::input, "record is more than " + std::to_string(k_max_record_bytes) + " bytes, the " +
                                          std::to_string(k_max_record_bytes >> 20) +
                                          " MiB a procedure record may have; check the export");
}

} // namespace

Status CatalogCollector::add_stream(const StreamOpener& open, InputFormat format, const std::string& source) {
  // 1. UTF-8 from the first byte to the last, before anything is collected.
  {
    auto in = open();
    if (!in) return in.error();
    auto bad = first_invalid_utf8(**in);
    if (!bad) return bad.error();
    if (*bad) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>((*bad)->byte));
      return make_error(ErrorKind::input, source + ":" + std::to_string((*bad)->line) + ": not valid UTF-8 (byte " +
                                              hex +
                                              "); catalog sources must be UTF-8: convert the file, e.g. with iconv");
    }
  }
  // 2. The format, from the name and the first bytes.
  std::string head;
  bool whole = false;
  {
    auto in = open();
    if (!in) return in.error();
    DecodingStream decoded(**in, Encoding::utf8);
    head = read_head(decoded, k_head_bytes);
    if (!decoded.status()) return decoded.status().error();
    char probe;
    whole = head.size() < k_head_bytes || decoded.read(&probe, 1) == 0;
  }
  bool decide_by_record = false;
  if (format == InputFormat::auto_detect) {
    if (whole || head.find_first_not_of(" \t\r\n") == std::string::npos) {
      auto detected = detect_format(source, head);
      if (!detected) return detected.error();
      format = *detected;
    } else {
      // Too long to parse whole here: one object per line is NDJSON, any other JSON is a
      // document whose first record tells canonical from national; the rest is CSV's header.
      size_t first = head.find_first_not_of(" \t\r\n");
      char c = head[first];
      if ((c == '[' || c == '{') && !ends_with(source, ".csv") && !ends_with(source, ".ndjson") &&
          !ends_with(source, ".jsonl")) {
        format = InputFormat::json;
        decide_by_record = true;
        size_t eol = head.find('\n', first);
        if (c == '{' && eol != std::string::npos && !json_too_deep(head.substr(first, eol - first))) {
          auto line = nlohmann::json::parse(head.substr(first, eol - first), nullptr, false);
          if (!line.is_discarded() && line.is_object()) {
            format = InputFormat::ndjson;
            decide_by_record = false;
          }
        }
      } else {
        auto detected = detect_format(source, head);
        if (!detected) return detected.error();
        format = *detected;
      }
    }
  }
  if (head.find_first_not_of(" \t\r\n") == std::string::npos)
    return make_error(ErrorKind::input, source + ": the source is empty");
  // 3. The records, one at a time.
  if (format == InputFormat::json || format == InputFormat::dvcqg) {
    auto in = open();
    if (!in) return in.error();
    DecodingStream decoded(**in, Encoding::utf8);
    auto problem = first_json_problem(decoded);
    if (!problem) return problem.error();
    if (*problem)
      return make_error(ErrorKind::input, source + ":" + std::to_string((*problem)->line) + ": not valid JSON (" +
                                              (*problem)->message + ")");
  }
  auto in = open();
  if (!in) return in.error();
  DecodingStream decoded(**in, Encoding::utf8);
  switch (format) {
  case InputFormat::ndjson: return add_ndjson(decoded, source);
  case InputFormat::csv: return add_csv(decoded, head, source);
  default: return add_json_records(decoded, format, decide_by_record, source);
  }
}

Status CatalogCollector::add_json_records(ByteStream& in, InputFormat format, bool decide_by_record,
                                          const std::string& source) {
  JsonRecordScanner scan(in, source, JsonScanOptions{{"procedures", "result", "data"}, k_max_record_bytes});
  if (auto st = scan.start(); !st) return st;
  if (scan.layout() == JsonLayout::scalar)
    return make_error(
        ErrorKind::input,
        source +
            ": expected a JSON array of procedures or an object with 'procedures' or 'result' (see man 5 motcua-formats)");
  std::string_view text;
  for (JsonNext n; (n = scan.next(text)) != JsonNext::end;) {
    const auto number = static_cast<std::int64_t>(scan.record_number());
    if (n == JsonNext::too_long) {
      add_record(oversized_record(), source, number, false, text, code_in_head(text));
      continue;
    }
    nlohmann::json rec = nlohmann::json::parse(text, nullptr, false);
    if (rec.is_discarded()) // first_json_problem passed the document: only a stream error gets here
      return make_error(ErrorKind::input, source + ":" + std::to_string(scan.record_line()) + ": not valid JSON");
    if (decide_by_record) {
      decide_by_record = false;
      if (looks_dvcqg(rec)) format = InputFormat::dvcqg;
      else if (!rec.is_object() || !rec.contains("code"))
        return make_error(
            ErrorKind::input,
            source +
                ": cannot tell the format (neither canonical 'code' nor national 'MATTHC' records); use --input-format");
    }
    if (format == InputFormat::dvcqg && dvcqg_not_public(rec)) continue; // absent from the snapshot: withdrawn
    auto p = format == InputFormat::dvcqg ? procedure_from_dvcqg(rec) : procedure_from_json(rec, false);
    add_record(std::move(p), source, number, false, text, code_of(rec));
  }
  return scan.status();
}

Status CatalogCollector::add_ndjson(ByteStream& in, const std::string& source) {
  std::string buf(2 * k_max_record_bytes, '\0'); // a line of the limit plus room to read more
  size_t begin = 0, end = 0;
  bool eof = false;
  bool skipping = false; // inside a line longer than the limit: its bytes are dropped as they come
  std::string kept;      // the first bytes of that line, for the rejects file
  std::int64_t line_no = 0;
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf.data() + begin, '\n', end - begin));
    if (nl || (eof && (end > begin || skipping))) {
      size_t stop = nl ? static_cast<size_t>(nl - buf.data()) : end;
      std::string_view line(buf.data() + begin, stop - begin);
      begin = nl ? stop + 1 : end;
      ++line_no;
      if (skipping) {
        skipping = false;
        add_record(oversized_record(), source, line_no, true, kept, code_in_head(kept));
      } else if (line.size() > k_max_record_bytes) {
        add_record(oversized_record(), source, line_no, true, line.substr(0, 4096), code_in_head(line.substr(0, 4096)));
      } else if (!trim(line).empty()) {
        add_ndjson_line(line, line_no, source);
      }
      continue;
    }
    if (eof) break;
    if (skipping) {
      begin = end = 0;
    } else if (end - begin > k_max_record_bytes) {
      skipping = true;
      kept.assign(buf.data() + begin, 4096);
      begin = end = 0;
    } else if (begin > 0) {
      std::memmove(buf.data(), buf.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    size_t got = in.read(buf.data() + end, buf.size() - end);
    if (got == 0) eof = true;
    end += got;
  }
  return in.status();
}

void CatalogCollector::add_ndjson_line(std::string_view line, std::int64_t line_no, const std::string& source) {
  if (json_too_deep(line)) {
    add_record(make_error(ErrorKind::input, "not a procedure record: " + json_too_deep_reason()), source, line_no, true,
               line);
    return;
  }
  nlohmann::json rec = nlohmann::json::parse(line, nullptr, false);
  if (rec.is_discarded()) {
    add_record(make_error(ErrorKind::input, "not a valid JSON object"), source, line_no, true, line);
    return;
  }
  if (looks_dvcqg(rec) && dvcqg_not_public(rec)) return; // absent from the snapshot: withdrawn
  auto p = looks_dvcqg(rec) ? procedure_from_dvcqg(rec) : procedure_from_json(rec, false);
  add_record(std::move(p), source, line_no, true, line, code_of(rec));
}

} // namespace motcua

namespace motcua {

Status CatalogCollector::add_csv(ByteStream& in, std::string_view head, const std::string& source) {
  CsvOptions options;
  // A header decides the delimiter: the canonical one is ',', but ';' exports are common.
  std::string_view header_line = head.substr(0, head.find('\n'));
  if (header_line.find(',') == std::string_view::npos && header_line.find(';') != std::string_view::npos)
    options.delimiter = ';';
  if (m_delimiter) options.delimiter = *m_delimiter;
  CsvReader reader(in, options);
  CsvRecord rec;
  std::vector<std::string> header;
  size_t code_column = 0;
  while (reader.next(rec)) {
    if (header.empty()) {
      if (!rec.ok())
        return make_error(ErrorKind::input,
                          source + ":" + std::to_string(rec.line()) + ": bad CSV header: " + rec.error().message);
      for (size_t i = 0; i < rec.size(); ++i) header.emplace_back(trim(rec[i]));
      code_column = static_cast<size_t>(std::find(header.begin(), header.end(), "code") - header.begin());
      if (code_column == header.size())
        return make_error(
            ErrorKind::input,
            source + ":" + std::to_string(rec.line()) +
                ": CSV header has no 'code' column (expected the field names of the catalog, see man 5 motcua-formats)");
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
      add_record(make_error(ErrorKind::input, "expected " + std::to_string(header.size()) + " fields, found " +
                                                  std::to_string(rec.size())),
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

Status CatalogCollector::add_page(const SourcePage& page, InputFormat format, std::string_view sheet) {
  if (format == InputFormat::auto_detect || format == InputFormat::xlsx) {
    auto in = page.open();
    if (!in) return in.error();
    char head[8];
    size_t n = 0;
    while (n < sizeof head) {
      size_t got = (*in)->read(head + n, sizeof head - n);
      if (got == 0) break;
      n += got;
    }
    if (!(*in)->status()) return (*in)->status().error();
    std::string_view h(head, n);
    if (looks_like_ole2(h)) return legacy_xls_error(page.name);
    if (looks_like_zip(h)) {
      XlsxSource x;
      if (page.spool) {
        x.fd = page.spool->descriptor();
        x.offset = page.spool->offset();
        x.size = page.spool->size();
      } else {
        x.path = page.path;
      }
      return add_xlsx(x, sheet, page.name);
    }
    if (format == InputFormat::xlsx)
      return make_error(ErrorKind::input,
                        page.name + ": not an Excel workbook (.xlsx is a zip archive; this is not one)");
  }
  return add_stream([&] { return page.open(); }, format, page.name);
}

Status CatalogCollector::add_xlsx(const XlsxSource& source, std::string_view sheet, const std::string& name) {
  // The whole sheet is parsed before any record is kept: a broken one adds nothing.
  {
    auto book = XlsxSheetReader::open(source, name, sheet);
    if (!book) return book.error();
    XlsxRow row;
    while ((*book)->next(row)) {
    }
    if (!(*book)->status()) return (*book)->status().error();
  }
  auto book = XlsxSheetReader::open(source, name, sheet);
  if (!book) return book.error();
  XlsxRow row;
  CsvRecord rec;
  std::vector<std::string> header;
  size_t code_column = 0;
  while ((*book)->next(row)) {
    rec.assign(row.cells, row.dated, header.size(), row.number);
    if (header.empty()) {
      for (size_t i = 0; i < rec.size(); ++i) header.emplace_back(trim(rec[i]));
      code_column = static_cast<size_t>(std::find(header.begin(), header.end(), "code") - header.begin());
      if (code_column == header.size())
        return make_error(ErrorKind::input, name + " (sheet '" + (*book)->sheet_name() + "'): row " +
                                                std::to_string(row.number) +
                                                ": the header has no 'code' column (expected the field names of "
                                                "the catalog, see man 5 motcua-formats)");
      continue;
    }
    auto line = static_cast<std::int64_t>(row.number);
    std::string code = code_column < rec.size() ? nfc(trim(rec[code_column])) : std::string();
    if (rec.size() > header.size()) {
      add_record(make_error(ErrorKind::input, "row has a value in column " + std::to_string(rec.size()) +
                                                  ", beyond the " + std::to_string(header.size()) +
                                                  " columns of the header"),
                 name, line, true, rec.raw(), std::move(code));
      continue;
    }
    nlohmann::json obj = nlohmann::json::object();
    for (size_t i = 0; i < header.size(); ++i)
      if (!header[i].empty()) obj[header[i]] = std::string(rec[i]);
    add_record(procedure_from_json(obj, true), name, line, true, rec.raw(), code_of(obj));
  }
  if (!(*book)->status()) return (*book)->status().error();
  if (header.empty()) return make_error(ErrorKind::input, name + " (sheet '" + (*book)->sheet_name() + "') is empty");
  return {};
}

} // namespace motcua
