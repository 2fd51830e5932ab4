#include "dossiers/parse.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "dossiers/canonical_csv.hpp"
#include "dossiers/validate.hpp"
#include "io/csv.hpp"
#include "io/json_stream.hpp"
#include "io/plausible.hpp"
#include "io/text.hpp"

namespace motcua {

Encoding effective_encoding(const ReaderOptions& o) {
  if (o.encoding != Encoding::auto_detect) return o.encoding;
  if (o.mapping) return o.mapping->input.encoding;
  return Encoding::auto_detect;
}

namespace {

// Serves a few bytes already read from a stream, then the rest of it.
class ReplayStream final : public ByteStream {
public:
  ReplayStream(const char* head, size_t n, ByteStream& rest) : m_head(head, n), m_rest(rest) {}
  size_t read(char* buf, size_t n) override {
    if (m_pos < m_head.size()) {
      size_t k = std::min(n, m_head.size() - m_pos);
      std::memcpy(buf, m_head.data() + m_pos, k);
      m_pos += k;
      return k;
    }
    return m_rest.read(buf, n);
  }
  const Status& status() const override { return m_rest.status(); }
  Progress progress() const override { return m_rest.progress(); }
  std::string_view name() const override { return m_rest.name(); }

private:
  std::string m_head;
  size_t m_pos = 0;
  ByteStream& m_rest;
};

} // namespace

namespace {

// Passes a stream through, keeping a copy of its first bytes for the ranking in messages.
class HeadStream final : public ByteStream {
public:
  HeadStream(ByteStream& in, size_t keep) : m_in(in), m_keep(keep) {}
  size_t read(char* buf, size_t n) override {
    size_t got = m_in.read(buf, n);
    if (m_head.size() < m_keep) m_head.append(buf, std::min(got, m_keep - m_head.size()));
    return got;
  }
  const Status& status() const override { return m_in.status(); }
  Progress progress() const override { return m_in.progress(); }
  std::string_view name() const override { return m_in.name(); }
  // The bytes kept, cut after their last line break unless they are the whole source.
  std::string_view head() const {
    std::string_view h = m_head;
    Progress p = m_in.progress();
    if (p.total && p.done >= *p.total && h.size() == p.done) return h;
    size_t nl = h.rfind('\n');
    return nl == std::string_view::npos ? h : h.substr(0, nl + 1);
  }

private:
  ByteStream& m_in;
  size_t m_keep;
  std::string m_head;
};

constexpr size_t k_ranking_sample = 256 * 1024; // the bytes each encoding is tried on for a message

// The first line (1-based) of raw with a byte beyond ASCII, 1 if none.
std::uint64_t first_non_ascii_line(std::string_view raw) {
  std::uint64_t line = 1;
  for (unsigned char c : raw) {
    if (c >= 0x80) return line;
    if (c == '\n') ++line;
  }
  return 1;
}

// "; encodings by plausibility: …; retry with --encoding X": what a decoding error offers.
std::string ranking_advice(std::string_view raw, std::uint64_t line, Encoding refused) {
  auto ranking = rank_encodings(raw, line);
  std::string out = "; encodings by plausibility (share of words with diacritics that are Vietnamese syllables, "
                    "line " +
                    std::to_string(line) + " as each reads it): " + describe_ranking(ranking);
  const EncodingCandidate* best = nullptr;
  for (const auto& c : ranking)
    if (c.decodes && c.encoding != refused && c.score >= Plausibility::k_threshold) {
      best = &c;
      break;
    }
  if (best)
    out += "; retry with --encoding " + std::string(encoding_name(best->encoding)) + " (or \"encoding\": \"" +
           std::string(encoding_name(best->encoding)) + "\" in the mapping file)";
  else out += "; none of them reads as Vietnamese: check the file (motcua dossiers inspect FILE)";
  return out;
}

} // namespace

Status check_decodable(ByteStream& source, Encoding encoding, bool force) {
  HeadStream in(source, k_ranking_sample);
  if (encoding == Encoding::utf8 || encoding == Encoding::auto_detect) {
    char head[2];
    size_t n = 0;
    while (n < 2) {
      size_t got = in.read(head + n, 2 - n);
      if (got == 0) break;
      n += got;
    }
    if (!in.status()) return in.status();
    ReplayStream replay(head, n, in);
    auto u = reinterpret_cast<const unsigned char*>(head);
    bool utf16_bom = n == 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    if (!(utf16_bom && encoding == Encoding::auto_detect)) {
      // Plain UTF-8 (a UTF-8 BOM is valid UTF-8) is checked without decoding: the common case, fast.
      auto problem = first_invalid_utf8(replay);
      if (!problem) return problem.error();
      if (!*problem) return {};
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", (*problem)->byte);
      std::string_view raw = in.head();
      std::uint64_t line = (*problem)->offset < raw.size() ? (*problem)->line : first_non_ascii_line(raw);
      return make_error(ErrorKind::input, std::string(in.name()) + ": line " + std::to_string((*problem)->line) +
                                              ": byte " + byte + " (offset " + std::to_string((*problem)->offset) +
                                              ") is not valid UTF-8" +
                                              (encoding == Encoding::auto_detect ? " and auto never guesses" : "") +
                                              ranking_advice(raw, line, Encoding::utf8));
    }
    DecodingStream decoded(replay, encoding);
    auto buf = std::make_unique<char[]>(1 << 20);
    while (decoded.read(buf.get(), 1 << 20) > 0) {
    }
    return decoded.status();
  }
  DecodingStream decoded(in, encoding);
  bool legacy = std::find(legacy_encodings().begin(), legacy_encodings().end(), encoding) != legacy_encodings().end();
  PlausibilityCheck check;
  auto buf = std::make_unique<char[]>(1 << 20);
  for (;;) {
    size_t got = decoded.read(buf.get(), 1 << 20);
    if (got == 0) break;
    if (legacy && !force) check.add(std::string_view(buf.get(), got));
  }
  if (!decoded.status()) {
    if (!legacy) return decoded.status();
    std::string_view raw = in.head();
    return make_error(ErrorKind::input,
                      decoded.status().error().message + ranking_advice(raw, first_non_ascii_line(raw), encoding));
  }
  if (!legacy || force) return {};
  const Plausibility& p = check.finish();
  if (p.plausible()) return {};
  std::string_view raw = in.head();
  std::uint64_t lines_in_raw = static_cast<std::uint64_t>(std::count(raw.begin(), raw.end(), '\n')) + 1;
  std::uint64_t line = p.first_bad_line <= lines_in_raw ? p.first_bad_line : first_non_ascii_line(raw);
  std::string name(encoding_name(encoding));
  return make_error(ErrorKind::input,
                    std::string(in.name()) + ": line " + std::to_string(p.first_bad_line) + " reads as \"" +
                        p.first_bad_text + "\" in " + name + ", which is not Vietnamese (" +
                        std::to_string(p.syllables) + " of " + std::to_string(p.judged) +
                        " words with diacritics are Vietnamese syllables): the file is not in " + name +
                        ranking_advice(raw, line, encoding) + "; --force-encoding loads it in " + name + " anyway");
}

namespace {

using json = nlohmann::json;

constexpr size_t k_original_limit = 4096; // what a rejects file keeps of one record

std::string excerpt(std::string_view s) { return std::string(s.substr(0, k_original_limit)); }

// A stream whose first bytes were already read (to detect the format) and are served again.
class PrefixedStream final : public ByteStream {
public:
  PrefixedStream(std::unique_ptr<ByteStream> raw, Encoding encoding)
      : m_raw(std::move(raw)), m_decoded(std::make_unique<DecodingStream>(*m_raw, encoding)) {}

  // Reads up to n decoded bytes into the prefix (less at the end of the input).
  std::string_view peek(size_t n) {
    while (m_prefix.size() < n) {
      size_t old = m_prefix.size();
      m_prefix.resize(n);
      size_t got = m_decoded->read(m_prefix.data() + old, n - old);
      m_prefix.resize(old + got);
      if (got == 0) break;
    }
    return m_prefix;
  }
  size_t read(char* buf, size_t n) override {
    if (m_pos < m_prefix.size()) {
      size_t k = std::min(n, m_prefix.size() - m_pos);
      std::memcpy(buf, m_prefix.data() + m_pos, k);
      m_pos += k;
      return k;
    }
    return m_decoded->read(buf, n);
  }
  const Status& status() const override { return m_decoded->status(); }
  Progress progress() const override { return m_raw->progress(); }
  std::string_view name() const override { return m_raw->name(); }

private:
  std::unique_ptr<ByteStream> m_raw;
  std::unique_ptr<DecodingStream> m_decoded;
  std::string m_prefix;
  size_t m_pos = 0;
};

// Picks the format of a source from its name and first decoded bytes (io/input_format.hpp).
Result<InputFormat> detect(std::string_view name, std::string_view head) {
  if (auto f = detect_input_format(name, head)) return *f;
  if (head.find_first_of(",;\t") < head.find('\n'))
    return make_error(ErrorKind::input,
                      std::string(name) +
                          ": looks like CSV; legacy CSV dossiers need --mapping FILE (see man 5 motcua-mapping)");
  return make_error(ErrorKind::input,
                    std::string(name) +
                        ": cannot tell the format (not JSON, not NDJSON); use --input-format json|ndjson|dvcqg, "
                        "or --mapping for legacy CSV");
}

// One record of a JSON source; a national record whose agency is unknown adds to `unresolved`.
Result<Dossier> from_record(const json& rec, InputFormat format, const DvcqgContext& context,
                            std::int64_t& unresolved) {
  if (format == InputFormat::dvcqg || looks_dvcqg_dossier(rec)) {
    DvcqgNotes notes;
    auto d = dossier_from_dvcqg(rec, context, &notes);
    if (d && notes.agency_unresolved) ++unresolved;
    return d;
  }
  return dossier_from_json(rec);
}

ReadResult deliver(Result<Dossier>&& r, Dossier& d, Reject& reject) {
  if (!r) {
    reject.reason = r.error().message;
    return ReadResult::rejected;
  }
  d = std::move(*r);
  return ReadResult::dossier;
}

// NDJSON, one line at a time from a fixed buffer: memory does not grow with the file.
class NdjsonReader final : public DossierReader {
public:
  NdjsonReader(std::unique_ptr<PrefixedStream> in, std::string name, InputFormat forced, DvcqgContext context)
      : m_in(std::move(in)), m_name(std::move(name)), m_forced(forced), m_context(std::move(context)),
        m_buf(k_initial, '\0') {}

  ReadResult next(Dossier& d, Reject& reject) override {
    std::string_view line;
    while (next_line(line)) {
      if (trim(line).empty()) continue;
      reject.source = m_name;
      reject.reasons.clear();
      reject.position = m_line;
      reject.is_line = true;
      if (m_too_long) {
        reject.original = excerpt(line);
        reject.reason = "line longer than " + std::to_string(k_max_line >> 20) + " MiB: not a dossier record";
        return ReadResult::rejected;
      }
      if (json_too_deep(line)) {
        reject.original = excerpt(line);
        reject.reason = "not a dossier record: " + json_too_deep_reason();
        return ReadResult::rejected;
      }
      json rec = json::parse(line, nullptr, false);
      if (rec.is_discarded() || !rec.is_object()) {
        reject.original = excerpt(line);
        reject.reason = rec.is_discarded() ? "not valid JSON" : "expected a JSON object on each line";
        return ReadResult::rejected;
      }
      auto r = from_record(rec, m_forced, m_context, m_unresolved);
      if (!r) reject.original = excerpt(line);
      return deliver(std::move(r), d, reject);
    }
    return ReadResult::end;
  }
  const Status& status() const override { return m_in->status(); }
  Progress progress() const override { return m_in->progress(); }
  InputFormat format() const override { return InputFormat::ndjson; }
  std::int64_t unresolved_agencies() const override { return m_unresolved; }

private:
  static constexpr size_t k_initial = 1 << 20;
  // Far beyond any real record, yet small enough that one held line plus its parse stay well
  // under 100 MiB.
  static constexpr size_t k_max_line = 16u << 20;

  // The next physical line without its line ending; false at the end.
  bool next_line(std::string_view& line) {
    m_too_long = false;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(m_buf.data() + m_begin, '\n', m_end - m_begin));
      if (nl || (m_eof && m_end > m_begin)) {
        size_t stop = nl ? static_cast<size_t>(nl - m_buf.data()) : m_end;
        line = std::string_view(m_buf.data() + m_begin, stop - m_begin);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        m_begin = nl ? stop + 1 : m_end;
        ++m_line;
        if (m_skipping) { // the tail of an over-long line
          m_skipping = false;
          m_too_long = true;
        }
        return true;
      }
      if (m_eof) return false;
      // Need more bytes: move the partial line to the front, grow if it fills the buffer.
      if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
      }
      if (m_end == m_buf.size()) {
        if (m_buf.size() >= k_max_line) { // drop what we have of this line, remember to reject it
          m_skipping = true;
          m_end = 0;
        } else {
          m_buf.resize(m_buf.size() * 2);
        }
      }
      size_t got = m_in->read(m_buf.data() + m_end, m_buf.size() - m_end);
      if (got == 0) m_eof = true;
      m_end += got;
    }
  }

  std::unique_ptr<PrefixedStream> m_in;
  std::string m_name;
  InputFormat m_forced;
  DvcqgContext m_context;
  std::int64_t m_unresolved = 0;
  std::string m_buf;
  size_t m_begin = 0;
  size_t m_end = 0;
  bool m_eof = false;
  bool m_skipping = false;
  bool m_too_long = false;
  std::int64_t m_line = 0;
};

// The message of a broken JSON document, with the hint for files that are really NDJSON.
Error with_hint(Error e) {
  if (e.kind == ErrorKind::input && e.message.find(": not valid JSON (") != std::string::npos)
    e.message += "; for one object per line use --input-format ndjson";
  return e;
}

// A JSON document streamed record by record: an array of records, or an object holding one
// ("data", "dossiers", "result"), or one dossier object. Memory is one record, not the document.
class JsonDocumentReader final : public DossierReader {
public:
  JsonDocumentReader(std::unique_ptr<PrefixedStream> in, std::string name, InputFormat forced, DvcqgContext context)
      : m_in(std::move(in)), m_name(std::move(name)), m_forced(forced), m_context(std::move(context)),
        m_scan(*m_in, m_name, JsonScanOptions{{"data", "dossiers", "result"}, k_max_record}) {}

  // Finds the records; a document that holds none we know of fails here, before any record.
  static Result<std::unique_ptr<DossierReader>> open(std::unique_ptr<PrefixedStream> in, std::string name,
                                                     InputFormat forced, DvcqgContext context) {
    std::unique_ptr<JsonDocumentReader> r(
        new JsonDocumentReader(std::move(in), std::move(name), forced, std::move(context)));
    if (auto st = r->m_scan.start(); !st) return with_hint(st.error());
    switch (r->m_scan.layout()) {
    case JsonLayout::array:
    case JsonLayout::member: break;
    case JsonLayout::scalar:
      return make_error(ErrorKind::input, r->m_name + ": expected a JSON array or object of dossiers");
    case JsonLayout::object: {
      // One object: a dossier when it has a code, else a wrapper we do not know.
      std::string_view text;
      JsonNext n = r->m_scan.next(text);
      if (n == JsonNext::record) {
        r->m_pending_record = r->parse_record(text);
        if (!r->m_status) return r->m_status.error();
        if (!r->m_pending_record.contains("code") && !r->m_pending_record.contains("MaHoSo"))
          return make_error(ErrorKind::input,
                            r->m_name +
                                ": expected a JSON array of dossiers, an object with a 'data' array "
                                "(DongBoHoSoMC) or 'dossiers', or one dossier object (see man 5 motcua-formats)");
      }
      r->m_pending = n;
      r->m_pending_text = text;
      break;
    }
    }
    return std::unique_ptr<DossierReader>(std::move(r));
  }

  ReadResult next(Dossier& d, Reject& reject) override {
    std::string_view text;
    JsonNext n;
    json rec;
    if (m_pending) {
      n = *m_pending;
      text = m_pending_text;
      rec = std::move(m_pending_record);
      m_pending.reset();
    } else {
      n = m_scan.next(text);
      if (n == JsonNext::record) rec = parse_record(text);
    }
    if (n == JsonNext::end || !m_status) {
      if (m_status && !m_scan.status()) m_status = with_hint(m_scan.status().error());
      return ReadResult::end;
    }
    reject.source = m_name;
    reject.reasons.clear();
    reject.position = static_cast<std::int64_t>(m_scan.record_number());
    reject.is_line = false;
    if (n == JsonNext::too_long) {
      reject.original = excerpt(text);
      reject.reason = "record longer than " + std::to_string(k_max_record >> 20) + " MiB: not a dossier record";
      return ReadResult::rejected;
    }
    auto r = from_record(rec, m_forced, m_context, m_unresolved);
    if (!r) reject.original = excerpt(rec.dump(-1, ' ', false, json::error_handler_t::replace));
    return deliver(std::move(r), d, reject);
  }
  const Status& status() const override { return m_status; }
  Progress progress() const override { return m_in->progress(); }
  InputFormat format() const override {
    return m_forced == InputFormat::dvcqg ? InputFormat::dvcqg : InputFormat::json;
  }
  std::int64_t unresolved_agencies() const override { return m_unresolved; }

private:
  static constexpr size_t k_max_record = 16u << 20; // as NdjsonReader's k_max_line

  // A record's text as JSON; a syntax error in it breaks the document (m_status), as it
  // would have broken json::parse of the whole.
  json parse_record(std::string_view text) {
    try {
      return json::parse(text);
    } catch (const json::parse_error& e) {
      size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
      auto line =
          m_scan.record_line() +
          static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
      m_status = with_hint(
          make_error(ErrorKind::input, m_name + ":" + std::to_string(line) + ": not valid JSON (" + e.what() + ")"));
      return json();
    }
  }

  std::unique_ptr<PrefixedStream> m_in;
  std::string m_name;
  InputFormat m_forced;
  DvcqgContext m_context;
  std::int64_t m_unresolved = 0;
  JsonRecordScanner m_scan;
  std::optional<JsonNext> m_pending; // the one-record object, read by open()
  std::string_view m_pending_text;
  json m_pending_record;
  Status m_status; // the document's first error: the scanner's, or a record that is not JSON
};

// CSV, legacy through a mapping or canonical (the header names the fields): a broken row or
// one with the wrong field count is rejected with its line; the rest goes on.
class CsvDossierReader final : public DossierReader {
public:
  // `mapping` for legacy CSV; without one the header is bound as canonical field names.
  CsvDossierReader(std::unique_ptr<PrefixedStream> in, std::string name, std::optional<Mapping> mapping, char delimiter)
      : m_in(std::move(in)), m_name(std::move(name)), m_mapping(std::move(mapping)),
        m_csv(*m_in, CsvOptions{delimiter}) {}

  // Reads the header (or a headerless legacy file's first row) and binds the columns: a
  // missing column fails here, before any record is handed out.
  Status start() {
    if (!m_csv.next(m_row)) {
      if (!m_csv.status()) return m_csv.status();
      m_done = true; // an empty file: no records
      return {};
    }
    if (!m_row.ok())
      return make_error(ErrorKind::input,
                        m_name + ":" + std::to_string(m_row.line()) +
                            (m_mapping ? ": cannot read the first row: " : ": cannot read the header: ") +
                            m_row.error().message);
    if (m_mapping) {
      if (auto st = bind_columns(*m_mapping, m_row, m_name); !st) return st;
      m_expected_fields = m_mapping->expected_fields;
      m_pending = !m_mapping->input.header; // without a header the first row is data
      return {};
    }
    auto columns = bind_canonical_columns(m_row, m_name);
    if (!columns) return columns.error();
    m_columns = std::move(*columns);
    m_expected_fields = m_columns.expected_fields;
    return {};
  }

  ReadResult next(Dossier& d, Reject& reject) override {
    if (m_done) return ReadResult::end;
    if (!m_pending && !m_csv.next(m_row)) {
      m_done = true;
      return ReadResult::end;
    }
    m_pending = false;
    reject.source = m_name;
    reject.reasons.clear();
    reject.position = static_cast<std::int64_t>(m_row.line());
    reject.is_line = true;
    Status st;
    if (!m_row.ok()) st = m_row.error();
    else if (m_row.size() != m_expected_fields)
      st = make_error(ErrorKind::input,
                      "row has " + std::to_string(m_row.size()) + " fields, expected " +
                          std::to_string(m_expected_fields) +
                          (!m_mapping || m_mapping->input.header ? " (as the header)" : " (as the first row)") +
                          "; check quoting and the delimiter");
    else st = m_mapping ? map_record(*m_mapping, m_row, d, &reject.reasons) : dossier_from_csv_row(m_columns, m_row, d);
    if (st) return ReadResult::dossier;
    reject.reason = st.error().message;
    reject.original = excerpt(m_row.raw());
    return ReadResult::rejected;
  }
  const Status& status() const override { return m_csv.status(); }
  Progress progress() const override { return m_in->progress(); }
  InputFormat format() const override { return InputFormat::csv; }

private:
  std::unique_ptr<PrefixedStream> m_in;
  std::string m_name;
  std::optional<Mapping> m_mapping;
  CsvReader m_csv;
  CsvRecord m_row;
  CanonicalColumns m_columns; // canonical CSV only
  size_t m_expected_fields = 0;
  bool m_pending = false; // m_row holds a data row read by start()
  bool m_done = false;
};

// One sheet of an Excel workbook, legacy through a mapping or canonical (the header names the
// fields): each row becomes a CSV record (io/csv CsvRecord::assign) and goes the CSV way.
class XlsxDossierReader final : public DossierReader {
public:
  XlsxDossierReader(std::unique_ptr<XlsxSheetReader> sheet, std::string name, std::optional<Mapping> mapping)
      : m_sheet(std::move(sheet)), m_name(std::move(name)), m_mapping(std::move(mapping)) {}

  // Reads the header row (or a headerless sheet's first row) and binds the columns.
  Status start() {
    if (!m_sheet->next(m_cells)) {
      if (!m_sheet->status()) return m_sheet->status();
      m_done = true; // an empty sheet: no records
      return {};
    }
    m_row.assign(m_cells.cells, m_cells.dated, 0, m_cells.number);
    std::string where = m_name + " (sheet '" + m_sheet->sheet_name() + "')";
    if (m_mapping) {
      if (!m_mapping->input.header) {
        // No header: rows are as wide as the farthest column the mapping reads.
        size_t width = m_cells.cells.size();
        for (const auto& r : m_mapping->fields)
          if (r && !r->constant && r->column != SIZE_MAX) width = std::max(width, r->column + 1);
        m_row.assign(m_cells.cells, m_cells.dated, width, m_cells.number);
      }
      if (auto st = bind_columns(*m_mapping, m_row, where); !st) return st;
      m_width = m_row.size();
      m_pending = !m_mapping->input.header;
      return {};
    }
    auto columns = bind_canonical_columns(m_row, where);
    if (!columns) return columns.error();
    m_columns = std::move(*columns);
    m_width = m_columns.expected_fields;
    return {};
  }

  ReadResult next(Dossier& d, Reject& reject) override {
    if (m_done) return ReadResult::end;
    if (!m_pending) {
      if (!m_sheet->next(m_cells)) {
        m_done = true;
        return ReadResult::end;
      }
      m_row.assign(m_cells.cells, m_cells.dated, m_width, m_cells.number);
    }
    m_pending = false;
    reject.source = m_name;
    reject.reasons.clear();
    reject.position = static_cast<std::int64_t>(m_cells.number);
    reject.is_line = true;
    Status st;
    if (m_row.size() > m_width)
      st = make_error(ErrorKind::input, "row has a value in column " + std::to_string(m_row.size()) + ", beyond the " +
                                            std::to_string(m_width) + " columns of the " +
                                            (!m_mapping || m_mapping->input.header ? "header" : "first row"));
    else st = m_mapping ? map_record(*m_mapping, m_row, d, &reject.reasons) : dossier_from_csv_row(m_columns, m_row, d);
    if (st) return ReadResult::dossier;
    reject.reason = st.error().message;
    reject.original = excerpt(m_row.raw());
    return ReadResult::rejected;
  }
  const Status& status() const override { return m_sheet->status(); }
  Progress progress() const override { return m_sheet->progress(); }
  InputFormat format() const override { return InputFormat::xlsx; }

private:
  std::unique_ptr<XlsxSheetReader> m_sheet;
  std::string m_name;
  std::optional<Mapping> m_mapping;
  XlsxRow m_cells;
  CsvRecord m_row;
  CanonicalColumns m_columns; // canonical only
  size_t m_width = 0;
  bool m_pending = false; // m_row holds a data row read by start()
  bool m_done = false;
};

// The delimiter of a canonical CSV: --delimiter, else the one of `,` `;` tab `|` that makes the
// header name a `code` column (a file re-saved by Excel in a Vietnamese locale uses `;`), else `,`.
char canonical_delimiter(std::string_view head, const ReaderOptions& o) {
  if (o.delimiter) return *o.delimiter;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::string_view line = head.substr(0, head.find('\n'));
  for (char c : {',', ';', '\t', '|'}) {
    if (line.find(c) == std::string_view::npos) continue;
    for (size_t from = 0; from <= line.size();) {
      size_t end = std::min(line.find(c, from), line.size());
      std::string_view cell = trim(line.substr(from, end - from));
      if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
      if (cell == "code") return c;
      from = end + 1;
    }
  }
  return ',';
}

} // namespace

Status check_json_document(ByteStream& in, std::string_view name, Encoding encoding) {
  DecodingStream decoded(in, encoding);
  auto problem = first_json_problem(decoded);
  if (!problem) return problem.error();
  if (!*problem) return {};
  return with_hint(make_error(ErrorKind::input, std::string(name) + ":" + std::to_string((*problem)->line) +
                                                    ": not valid JSON (" + (*problem)->message + ")"));
}

Result<std::unique_ptr<DossierReader>> open_dossier_reader(std::unique_ptr<ByteStream> in, std::string name,
                                                           const ReaderOptions& o) {
  auto stream = std::make_unique<PrefixedStream>(std::move(in), effective_encoding(o));
  InputFormat format = o.format;
  if (o.mapping) {
    if (format != InputFormat::auto_detect && format != InputFormat::csv)
      return make_error(ErrorKind::usage, "--mapping reads legacy CSV; it cannot be combined with --input-format " +
                                              std::string(input_format_name(format)));
    char delimiter = o.delimiter ? *o.delimiter : o.mapping->input.delimiter;
    auto reader = std::make_unique<CsvDossierReader>(std::move(stream), name, *o.mapping, delimiter);
    if (auto st = reader->start(); !st) return st.error();
    return std::unique_ptr<DossierReader>(std::move(reader));
  }
  std::string_view head = stream->peek(64 * 1024);
  if (!stream->status()) return stream->status().error();
  if (format == InputFormat::auto_detect) {
    auto detected = detect(name, head);
    if (!detected) return detected.error();
    format = *detected;
  }
  if (format == InputFormat::csv) {
    char delimiter = canonical_delimiter(head, o);
    auto reader = std::make_unique<CsvDossierReader>(std::move(stream), name, std::nullopt, delimiter);
    if (auto st = reader->start(); !st) return st.error();
    return std::unique_ptr<DossierReader>(std::move(reader));
  }
  if (format == InputFormat::xlsx)
    return make_error(ErrorKind::input, name + ": an Excel workbook is read from a file (or stdin), not here");
  if (format == InputFormat::ndjson)
    return std::unique_ptr<DossierReader>(new NdjsonReader(std::move(stream), name, o.format, o.dvcqg));
  // json and dvcqg documents (a dvcqg file may also be NDJSON-like: one record per line)
  if (format == InputFormat::dvcqg) {
    size_t first = head.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && head[first] == '{') {
      size_t eol = head.find('\n', first);
      if (eol != std::string_view::npos && !json_too_deep(head.substr(first, eol - first))) {
        json line = json::parse(head.substr(first, eol - first), nullptr, false);
        if (!line.is_discarded() && line.is_object() && looks_dvcqg_dossier(line))
          return std::unique_ptr<DossierReader>(new NdjsonReader(std::move(stream), name, InputFormat::dvcqg, o.dvcqg));
      }
    }
  }
  return JsonDocumentReader::open(std::move(stream), std::move(name), format, o.dvcqg);
}

Result<std::unique_ptr<DossierReader>> open_xlsx_dossier_reader(const XlsxSource& source, std::string name,
                                                                const ReaderOptions& o) {
  std::string sheet = !o.sheet.empty() ? o.sheet : o.mapping ? o.mapping->input.sheet : std::string();
  auto book = XlsxSheetReader::open(source, name, sheet);
  if (!book) return book.error();
  auto reader = std::make_unique<XlsxDossierReader>(std::move(*book), std::move(name),
                                                    o.mapping ? std::optional<Mapping>(*o.mapping) : std::nullopt);
  if (auto st = reader->start(); !st) return st.error();
  return std::unique_ptr<DossierReader>(std::move(reader));
}

} // namespace motcua
