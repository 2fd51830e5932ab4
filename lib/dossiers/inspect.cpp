#include "dossiers/inspect.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "io/csv.hpp"
#include "io/plausible.hpp"
#include "io/render.hpp"
#include "io/xlsx.hpp"
#include "io/text.hpp"
#include "util/date_format.hpp"

namespace motcua {

namespace {

constexpr size_t k_sample_bytes = 32u << 20; // raw bytes inspect reads at most
constexpr size_t k_distinct = 50;
constexpr size_t k_shown_rows = 20;

class CsvRowSource final : public RowSource {
public:
  CsvRowSource(std::string raw, Encoding encoding, char delimiter, std::string name)
      : m_raw(std::move(raw), SIZE_MAX, std::move(name)), m_decoded(m_raw, encoding),
        m_csv(m_decoded, CsvOptions{delimiter}) {}
  bool next(std::vector<std::string>& row) override {
    if (!m_status) return false;
    if (!m_csv.next(m_rec)) {
      if (!m_csv.status()) m_status = m_csv.status();
      return false;
    }
    while (!m_rec.ok()) { // a broken record (a lost quote): skipped, counted
      ++m_broken;
      if (!m_csv.next(m_rec)) {
        if (!m_csv.status()) m_status = m_csv.status();
        return false;
      }
    }
    row.assign(m_rec.size(), std::string());
    for (size_t i = 0; i < m_rec.size(); ++i) row[i] = std::string(m_rec[i]);
    return true;
  }
  const Status& status() const override { return m_status; }
  std::string_view format() const override { return "csv"; }
  std::uint64_t broken() const override { return m_broken; }

private:
  std::uint64_t m_broken = 0;
  MemoryStream m_raw;
  DecodingStream m_decoded;
  CsvReader m_csv;
  CsvRecord m_rec;
  Status m_status;
};

// One sheet of a workbook, row by row; a cell Excel stores as a date arrives as ISO 8601, marked.
class XlsxRowSource final : public RowSource {
public:
  explicit XlsxRowSource(std::unique_ptr<XlsxSheetReader> sheet) : m_sheet(std::move(sheet)) {}
  bool next(std::vector<std::string>& row) override {
    if (!m_sheet->next(m_row)) return false;
    row = m_row.cells;
    return true;
  }
  bool dated(size_t column) const override { return column < m_row.dated.size() && m_row.dated[column]; }
  const Status& status() const override { return m_sheet->status(); }
  std::string_view format() const override { return "xlsx"; }
  std::uint64_t broken() const override { return 0; }

private:
  std::unique_ptr<XlsxSheetReader> m_sheet;
  XlsxRow m_row;
};

// Lower case ASCII letters and digits only: "Ngày nhận" and "NGAY_NHAN" both fold to "ngaynhan".
std::string fold_name(std::string_view s) {
  std::string out;
  for (char c : fold_for_search(s))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

// Header names (folded) of each canonical field, Vietnamese and English.
struct FieldNames {
  std::string_view field;
  std::array<std::string_view, 8> names;
};
constexpr std::array<FieldNames, 15> k_field_names = {{
    {"code", {"code", "mahoso", "sohoso", "mahs", "sohs", "sobiennhan", "dossiercode", "mabiennhan"}},
    {"procedure_code", {"procedurecode", "matthc", "mathutuc", "mathutuchanhchinh", "procedure", "thutuc"}},
    {"agency_code", {"agencycode", "donvi", "madonvi", "macoquan", "coquan", "agency"}},
    {"channel", {"channel", "kenh", "hinhthuc", "kenhnop", "hinhthucnop", "kenhtiepnhan"}},
    {"status", {"status", "trangthai", "tinhtrang", "trangthaihoso"}},
    {"received_at", {"receivedat", "ngaynhan", "ngaytiepnhan", "ngaynop", "thoigiantiepnhan"}},
    {"due_at", {"dueat", "ngayhen", "ngayhentra", "hantra", "hanxuly", "ngayhentraketqua"}},
    {"resolved_at", {"resolvedat", "ngayxong", "ngayxuly", "ngaygiaiquyet", "ngayhoanthanh", "ngaycoketqua"}},
    {"returned_at", {"returnedat", "ngaytra", "ngaytraketqua"}},
    {"applicant_name", {"applicantname", "hoten", "tennguoinop", "nguoinop", "tencongdan", "chuhoso", "hovaten"}},
    {"applicant_id", {"applicantid", "socmnd", "cmnd", "cccd", "socccd", "sogiayto", "sodinhdanh"}},
    {"fee", {"fee", "lephi", "phi", "sotien"}},
    {"paid_online", {"paidonline", "thanhtoantructuyen"}},
    {"pauses.from", {"ngayycbs", "ngayyeucaubosung", "pausefrom", "tamdungtu"}},
    {"pauses.to", {"ngaynhanbs", "ngaynhanbosung", "pauseto", "tamdungden"}},
}};

// Folded spellings of the canonical channel and status values.
struct ValueNames {
  std::string_view value;
  std::array<std::string_view, 7> names;
};
constexpr std::array<ValueNames, 3> k_channels = {{
    {"direct", {"direct", "tt", "tructiep", "taiquay", "motcua"}},
    {"online", {"online", "ttuyen", "tructuyen", "dvc", "dichvucong", "internet"}},
    {"postal", {"postal", "bc", "buuchinh", "buudien", "bccI", "quabuudien"}},
}};
constexpr std::array<ValueNames, 10> k_statuses = {{
    {"submitted", {"submitted", "danop", "moinop", "chotiepnhan"}},
    {"received", {"received", "datiepnhan", "moitiepnhan", "tiepnhan"}},
    {"not_accepted", {"notaccepted", "ktn", "khongtiepnhan", "tuchoi", "tuchoitiepnhan"}},
    {"processing", {"processing", "dangxl", "dangxuly", "danggiaiquyet", "dangxuli"}},
    {"supplementing", {"supplementing", "bosung", "chobosung", "yeucaubosung", "bs"}},
    {"awaiting_payment", {"awaitingpayment", "chothanhtoan", "chonopphi"}},
    {"withdrawn", {"withdrawn", "rut", "ruthoso", "darut", "congdanrut"}},
    {"stopped", {"stopped", "dungxuly", "ngungxuly", "tamdung"}},
    {"resolved", {"resolved", "daxl", "daxuly", "dagiaiquyet", "hoanthanh", "daxulyxong", "coketqua"}},
    {"returned", {"returned", "datra", "datraketqua", "tra", "traketqua", "dahoanthanhtra"}},
}};

template <size_t N> std::string_view lookup_value(const std::array<ValueNames, N>& table, std::string_view folded) {
  for (const auto& v : table)
    for (auto n : v.names)
      if (!n.empty() && n == folded) return v.value;
  return {};
}

// Date formats tried on every column, the ones with a time first (they also take a bare date).
constexpr std::array<std::string_view, 14> k_date_formats = {
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M",    "%d/%m/%Y",       "%Y-%m-%d",          "%d-%m-%Y",          "%d.%m.%Y",
    "%m/%d/%Y %H:%M",    "%m/%d/%Y",       "%Y/%m/%d",          "%d/%m/%y"};

bool is_date_field(std::string_view f) {
  return f == "received_at" || f == "due_at" || f == "resolved_at" || f == "returned_at" || f == "pauses.from" ||
         f == "pauses.to";
}

// Per-column tallies over the sample.
struct Tally {
  std::unordered_map<std::string, std::uint64_t> counts;
  std::vector<std::string> order; // first-seen order, for stable ties
  bool overflow = false;
  std::uint64_t empty = 0;
  std::vector<std::uint64_t> misses; // per k_date_formats entry: values it does not parse
  std::uint64_t values = 0;          // non-empty values typed as text
  std::uint64_t dated = 0;           // cells a workbook stores as dates (no date_format needed)
};

// The delimiter whose rows in the head have the same field count (above 1) most often.
char detect_delimiter(const std::string& decoded_head) {
  char best = ',';
  size_t best_score = 0;
  for (char d : {',', ';', '\t', '|'}) {
    MemoryStream m(decoded_head);
    CsvReader r(m, CsvOptions{d});
    CsvRecord rec;
    std::map<size_t, size_t> widths;
    for (int i = 0; i < 50 && r.next(rec); ++i)
      if (rec.ok()) ++widths[rec.size()];
    size_t score = 0;
    for (auto [w, n] : widths)
      if (w > 1) score = std::max(score, n * 1000 + w);
    if (score > best_score) {
      best_score = score;
      best = d;
    }
  }
  return best;
}

// A first row is a header when its cells are non-empty, distinct, and none is a number or a date.
bool looks_like_header(const std::vector<std::string>& row, const std::vector<DateFormat>& formats) {
  std::vector<std::string> seen;
  for (const auto& c : row) {
    std::string_view t = trim(c);
    if (t.empty() || std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
    if (t.find_first_not_of("0123456789.,-+ ") == std::string_view::npos) return false;
    for (const auto& f : formats)
      if (f.parse(t, DateAs::start_of_day)) return false;
    seen.emplace_back(t);
  }
  return !row.empty();
}

// The sampled rows: the header (when the first row looks like one), the first rows as parsed, and
// per column the values, the date formats that parse them and the field it most likely is.
Status sample_rows(RowSource& rows, InspectReport& rep) {
  std::vector<DateFormat> formats;
  for (auto f : k_date_formats) formats.push_back(*DateFormat::compile(f));
  std::vector<std::string> row;
  std::vector<Tally> tallies;
  bool first = true;
  while (rows.next(row)) {
    if (first) {
      first = false;
      rep.header = looks_like_header(row, formats);
      if (rep.header) {
        rep.header_cells = row;
        continue;
      }
    }
    if (rep.rows_read == k_inspect_rows) {
      rep.truncated = true;
      break;
    }
    ++rep.rows_read;
    if (rep.rows.size() < k_shown_rows) rep.rows.push_back(row);
    if (tallies.size() < row.size()) tallies.resize(row.size(), Tally{});
    for (size_t i = 0; i < row.size(); ++i) {
      Tally& t = tallies[i];
      std::string_view v = trim(row[i]);
      if (v.empty()) {
        ++t.empty;
        continue;
      }
      auto it = t.counts.find(std::string(v));
      if (it != t.counts.end()) {
        ++it->second;
      } else if (t.counts.size() < 1000) {
        t.counts.emplace(std::string(v), 1);
        t.order.emplace_back(v);
      } else {
        t.overflow = true;
      }
      if (rows.dated(i)) { // a workbook's date cell: read whatever the formats are
        ++t.dated;
        continue;
      }
      ++t.values;
      t.misses.resize(formats.size());
      for (size_t f = 0; f < formats.size(); ++f) // a format missing 100 values is out: stop trying it
        if (t.misses[f] < 100 && !formats[f].parse(v, DateAs::start_of_day)) ++t.misses[f];
    }
  }
  if (!rows.status()) return rows.status();
  rep.broken_rows = rows.broken();
  if (rep.header_cells.empty() && tallies.empty())
    return make_error(ErrorKind::input, rep.source + ": no rows to inspect");
  size_t width = std::max(rep.header_cells.size(), tallies.size());
  tallies.resize(width, Tally{});

  // Columns, and the field each most likely is (each field to one column: the first match).
  std::vector<std::string> taken;
  for (size_t i = 0; i < width; ++i) {
    ColumnReport c;
    c.name = rep.header ? (i < rep.header_cells.size() ? rep.header_cells[i] : "") : std::to_string(i + 1);
    Tally& t = tallies[i];
    std::vector<std::pair<std::string, std::uint64_t>> all;
    for (const auto& v : t.order) all.emplace_back(v, t.counts[v]);
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    c.more_distinct = t.overflow || all.size() > k_distinct;
    if (all.size() > k_distinct) all.resize(k_distinct);
    c.distinct = std::move(all);
    c.empty = t.empty;
    c.date_cells = t.dated;
    c.text_values = t.values;
    for (size_t f = 0; f < t.misses.size(); ++f) {
      if (t.misses[f] == 0) c.date_formats.push_back(formats[f].pattern());
      // Nearly every value (1%, or 3 in a small file, may be broken rows): the mapping's choice, with a note.
      bool near = t.misses[f] * 100 <= t.values || (t.misses[f] <= 3 && t.misses[f] * 2 < t.values);
      if (t.misses[f] > 0 && near && (c.near_date_format.empty() || t.misses[f] < c.near_misses)) {
        c.near_date_format = formats[f].pattern();
        c.near_misses = t.misses[f];
      }
    }
    if (rep.header) {
      std::string folded = fold_name(c.name);
      for (const auto& f : k_field_names)
        for (auto n : f.names)
          if (!n.empty() && n == folded && std::find(taken.begin(), taken.end(), f.field) == taken.end()) {
            c.field = std::string(f.field);
            taken.push_back(c.field);
          }
    }
    rep.columns.push_back(std::move(c));
  }
  return {};
}

// The draft mapping: `input` as given, then a rule for every column whose field inspect could tell.
void draft_mapping(InspectReport& rep, nlohmann::ordered_json input) {
  nlohmann::ordered_json m;
  m["input"] = std::move(input);
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  nlohmann::ordered_json pauses = nlohmann::ordered_json::object();
  for (size_t i = 0; i < rep.columns.size(); ++i) {
    const ColumnReport& c = rep.columns[i];
    if (c.field.empty()) continue;
    if (c.distinct.empty()) { // nothing to learn a value map or a date format from
      rep.undecided.push_back("fields." + c.field + ": column " + c.name + " is empty in the sample; not mapped");
      continue;
    }
    nlohmann::ordered_json rule;
    if (rep.header) rule["column"] = c.name;
    else rule["column"] = i + 1;
    // A column of Excel dates only needs no date_format; text among them goes through the formats.
    bool text_dates = c.date_cells == 0 || c.text_values > 0;
    if (is_date_field(c.field) && text_dates) {
      if (c.date_formats.empty() && !c.near_date_format.empty()) {
        rep.undecided.push_back("fields." + c.field + ": date_format " + c.near_date_format + " parses all but " +
                                std::to_string(c.near_misses) + " value(s) of column " + c.name +
                                " (their rows will be rejected)");
        rule["date_format"] = c.near_date_format;
      } else if (c.date_formats.empty()) {
        rep.undecided.push_back("fields." + c.field + ": no date format parses every value of column " + c.name);
        rule["date_format"] = "?";
      } else {
        // The shortest pattern that fits (a bare date over one with a time), the first on ties.
        std::string best = c.date_formats.front();
        for (const auto& f : c.date_formats)
          if (f.size() < best.size()) best = f;
        rule["date_format"] = best;
      }
    }
    if (c.field == "channel" || c.field == "status") {
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (const auto& [v, n] : c.distinct) {
        std::string_view canon =
            c.field == "channel" ? lookup_value(k_channels, fold_name(v)) : lookup_value(k_statuses, fold_name(v));
        if (canon.empty())
          rep.undecided.push_back("fields." + c.field + ".values: '" + v + "' (" + std::to_string(n) +
                                  " rows) is not a value motcua recognises; add it");
        else values[v] = std::string(canon);
      }
      if (c.more_distinct)
        rep.undecided.push_back("fields." + c.field + ": column " + c.name + " has more than 50 values");
      rule["values"] = values;
    }
    if (c.field == "pauses.from" || c.field == "pauses.to") {
      pauses[c.field == "pauses.from" ? "from" : "to"] = rule;
      continue;
    }
    fields[c.field] = rule.size() == 1 && rep.header ? nlohmann::ordered_json(c.name) : rule;
  }
  if (pauses.contains("from")) fields["pauses"] = pauses;
  for (auto f : {"code", "procedure_code", "channel", "status", "received_at"})
    if (!fields.contains(f)) {
      rep.undecided.push_back(std::string("fields.") + f + ": no column looks like it; name one (\"column\") or " +
                              "give a constant (\"value\")");
      fields[f] = "?";
    }
  m["fields"] = fields;
  if (!rep.undecided.empty()) m["_undecided"] = rep.undecided;
  rep.mapping = std::move(m);
}

// One sheet sampled: rows, columns, and how Vietnamese its text reads (a workbook's text is
// Unicode, but one typed in a legacy font such as VNI-Times holds "Nguyeãn" for "Nguyễn").
Result<InspectReport> inspect_sheet(std::unique_ptr<XlsxSheetReader> sheet, const std::string& name) {
  InspectReport rep;
  rep.source = name;
  rep.format = "xlsx";
  rep.encoding = Encoding::utf8;
  rep.sheet = sheet->sheet_name();
  rep.sheets = sheet->sheet_names();
  XlsxRowSource rows(std::move(sheet));
  if (auto st = sample_rows(rows, rep); !st) return st.error();
  PlausibilityCheck check;
  EncodingCandidate text;
  text.encoding = Encoding::utf8;
  text.decodes = true;
  auto add_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (const auto& c : cells) line += (line.empty() ? "" : ",") + c;
    check.add(line + "\n");
    // The sample shows the first letter beyond ASCII with a little context, as for a CSV file.
    size_t first = 0;
    while (first < line.size() && static_cast<unsigned char>(line[first]) < 0x80) ++first;
    if (text.sample.empty() && first < line.size()) {
      size_t from = first < 40 ? 0 : first - 30;
      text.sample = (from > 0 ? "…" : "") + clip(std::string_view(line).substr(from), 80);
    }
  };
  if (rep.header) add_row(rep.header_cells);
  for (const auto& r : rep.rows) add_row(r);
  text.score = check.finish().score();
  rep.encodings.push_back(text);
  if (text.score < Plausibility::k_threshold)
    rep.undecided.push_back("the sheet's text does not read as Vietnamese (" + describe_ranking(rep.encodings) +
                            "): typed in a legacy font such as VNI-Times or .VnTime? A workbook's text is read as "
                            "Unicode; convert it in Excel (Unikey's converter) first");
  nlohmann::ordered_json input = {{"format", "xlsx"}, {"sheet", rep.sheet}, {"header", rep.header}};
  draft_mapping(rep, std::move(input));
  return rep;
}

} // namespace

std::unique_ptr<RowSource> csv_row_source(std::string raw, Encoding encoding, char delimiter, std::string name) {
  return std::make_unique<CsvRowSource>(std::move(raw), encoding, delimiter, std::move(name));
}

Result<InspectReport> inspect_source(ByteStream& in, Encoding encoding) {
  InspectReport rep;
  rep.source = std::string(in.name());
  std::string raw;
  bool whole = true;
  {
    std::string buf(1 << 20, '\0');
    for (;;) {
      size_t got = in.read(buf.data(), std::min(buf.size(), k_sample_bytes - raw.size()));
      if (got == 0) break;
      raw.append(buf.data(), got);
      if (raw.size() >= k_sample_bytes) {
        whole = in.read(buf.data(), 1) == 0;
        break;
      }
    }
    if (!in.status()) return in.status().error();
    if (!whole) raw.resize(raw.rfind('\n') == std::string::npos ? raw.size() : raw.rfind('\n') + 1);
  }
  std::string_view head = std::string_view(raw).substr(0, 256 * 1024);
  if (!whole || raw.size() > head.size()) head = head.substr(0, head.rfind('\n') + 1);
  rep.encodings = rank_encodings(head, 0);
  bool bom16 = raw.size() >= 2 && ((raw[0] == '\xFF' && raw[1] == '\xFE') || (raw[0] == '\xFE' && raw[1] == '\xFF'));
  if (encoding != Encoding::auto_detect) {
    rep.encoding = encoding;
  } else if (bom16) {
    rep.encoding = Encoding::utf16;
  } else {
    rep.encoding = rep.encodings.front().encoding;
    if (!rep.encodings.front().decodes || rep.encodings.front().score < Plausibility::k_threshold)
      rep.undecided.push_back("input.encoding: no encoding reads the file as Vietnamese; check it");
  }
  auto decoded_head =
      decode_text(head, rep.encoding == Encoding::utf16 ? Encoding::auto_detect : rep.encoding, rep.source);
  if (!decoded_head) return decoded_head.error();
  rep.delimiter = detect_delimiter(*decoded_head);

  auto rows = csv_row_source(raw, rep.encoding == Encoding::utf16 ? Encoding::auto_detect : rep.encoding, rep.delimiter,
                             rep.source);
  if (auto st = sample_rows(*rows, rep); !st) return st.error();
  if (!whole && !rep.truncated) rep.truncated = true;
  std::string delim = rep.delimiter == '\t' ? "tab" : std::string(1, rep.delimiter);
  nlohmann::ordered_json input = {{"format", "csv"},
                                  {"encoding", std::string(encoding_name(rep.encoding))},
                                  {"delimiter", delim},
                                  {"header", rep.header}};
  draft_mapping(rep, std::move(input));
  return rep;
}

Result<InspectReport> inspect_workbook(const XlsxSource& source, const std::string& name, std::string_view sheet) {
  auto book = XlsxSheetReader::open(source, name, sheet);
  if (!book) return book.error();
  if (!trim(sheet).empty()) return inspect_sheet(std::move(*book), name);
  // No sheet named: the first with a data row (a workbook often opens on a sheet of notes).
  size_t count = (*book)->sheet_names().size();
  auto first = inspect_sheet(std::move(*book), name);
  if (!first) return first;
  for (size_t i = 2; i <= count && first->rows_read == 0; ++i) {
    auto next_book = XlsxSheetReader::open(source, name, std::to_string(i));
    if (!next_book) return next_book.error();
    auto next = inspect_sheet(std::move(*next_book), name);
    if (next && next->rows_read > 0) return next;
  }
  return first;
}

Result<InspectReport> inspect_file(const std::string& path, Encoding encoding, std::string_view sheet) {
  std::string head;
  {
    auto in = FileStream::open(path);
    if (!in) return in.error();
    char buf[8];
    size_t n = 0;
    for (size_t got; n < sizeof buf && (got = (*in)->read(buf + n, sizeof buf - n)) > 0;) n += got;
    if (!(*in)->status()) return (*in)->status().error();
    head.assign(buf, n);
  }
  if (looks_like_ole2(head)) return legacy_xls_error(path);
  if (looks_like_zip(head)) {
    if (encoding != Encoding::auto_detect)
      return make_error(ErrorKind::usage, path + ": an Excel workbook's text is Unicode; --encoding is for CSV/TSV "
                                                 "files (drop it)");
    XlsxSource source;
    source.path = path;
    return inspect_workbook(source, path, sheet);
  }
  if (!trim(sheet).empty())
    return make_error(ErrorKind::usage, path + ": --sheet picks a sheet of an Excel workbook; this is not one");
  auto in = FileStream::open(path);
  if (!in) return in.error();
  return inspect_source(**in, encoding);
}

nlohmann::ordered_json inspect_json(const InspectReport& r) {
  nlohmann::ordered_json j;
  j["source"] = r.source;
  j["format"] = r.format;
  j["encoding"] = std::string(encoding_name(r.encoding));
  j["encodings"] = nlohmann::ordered_json::array();
  for (const auto& c : r.encodings)
    j["encodings"].push_back({{"name", std::string(encoding_name(c.encoding))},
                              {"score", c.decodes ? nlohmann::ordered_json(c.score) : nlohmann::ordered_json()},
                              {"sample", c.sample}});
  if (r.format == "xlsx") {
    j["delimiter"] = nullptr;
    j["sheet"] = r.sheet;
    j["sheets"] = r.sheets;
  } else {
    j["delimiter"] = std::string(1, r.delimiter);
  }
  j["header"] = r.header ? nlohmann::ordered_json(r.header_cells) : nlohmann::ordered_json();
  j["rows"] = r.rows;
  j["rows_read"] = r.rows_read;
  j["sample_limit"] = k_inspect_rows;
  j["truncated"] = r.truncated;
  j["broken_rows"] = r.broken_rows;
  j["columns"] = nlohmann::ordered_json::array();
  for (const auto& c : r.columns) {
    nlohmann::ordered_json d = nlohmann::ordered_json::array();
    for (const auto& [v, n] : c.distinct) d.push_back({{"value", v}, {"count", n}});
    j["columns"].push_back({{"name", c.name},
                            {"distinct", d},
                            {"more_distinct", c.more_distinct},
                            {"empty", c.empty},
                            {"date_formats", c.date_formats},
                            {"date_cells", c.date_cells},
                            {"field", c.field.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.field)}});
  }
  j["mapping"] = r.mapping;
  return j;
}

} // namespace motcua
