#include "io/xlsx.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <expat.h>
#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include "io/text.hpp"
#include "util/time.hpp"

namespace motcua {

bool looks_like_zip(std::string_view head) { return head.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

bool looks_like_ole2(std::string_view head) {
  return head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

Error legacy_xls_error(std::string_view name) {
  return make_error(ErrorKind::input,
                    std::string(name) +
                        ": a legacy Excel 97-2003 workbook (.xls) is not read; save it as .xlsx (Excel: File > Save "
                        "As > Excel Workbook; LibreOffice: soffice --headless --convert-to xlsx FILE.xls) and "
                        "migrate the .xlsx");
}

std::string excel_serial_text(double serial, bool date1904, bool with_time) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return {};
  auto seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
  std::int64_t whole = seconds / 86400;
  std::int64_t sod = seconds % 86400;
  Days base;
  if (date1904) {
    base = days_from_civil(1904, 1, 1);
  } else {
    if (whole == 60) return {}; // 1900-02-29, which never was (Lotus 1-2-3's bug kept by Excel)
    if (whole == 0) return {};  // 1900-01-00
    base = whole < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
  }
  std::string out = format_date(static_cast<Days>(base + whole));
  if (!with_time && sod == 0) return out;
  char t[16];
  std::snprintf(t, sizeof t, "T%02d:%02d:%02d", static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60));
  return out + t;
}

NumberFormatKind number_format_kind(std::string_view code) {
  bool date = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') { // a literal
      size_t end = code.find('"', i + 1);
      i = end == std::string_view::npos ? code.size() : end;
    } else if (c == '[') { // a colour, a locale, a condition, or an elapsed [h]: a duration
      size_t end = code.find(']', i + 1);
      std::string_view inner = code.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
      if (!inner.empty() && (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 'm' || inner[0] == 's'))
        return NumberFormatKind::none;
      i = end == std::string_view::npos ? code.size() : end;
    } else if (c == '\\' || c == '_' || c == '*') { // an escaped character, a space width, a fill
      ++i;
    } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e') {
      date = true;
    } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
      time = true;
    }
  }
  if (date) return time ? NumberFormatKind::date_time : NumberFormatKind::date;
  return time ? NumberFormatKind::time : NumberFormatKind::none;
}

NumberFormatKind builtin_number_format_kind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
    return NumberFormatKind::date;
  if (id == 22) return NumberFormatKind::date_time;
  if ((id >= 18 && id <= 21) || id == 32 || id == 33) return NumberFormatKind::time;
  return NumberFormatKind::none;
}

namespace {

constexpr size_t k_chunk = 64 * 1024;
constexpr size_t k_max_cell = 1u << 20;         // longer cell text is cut (Excel's own limit is 32,767 characters)
constexpr size_t k_max_columns = 16384;         // XFD, Excel's last column
constexpr std::uint64_t k_max_part = 64u << 20; // workbook.xml, styles.xml, rels: small parts read whole

// The local name of an expat name given as "namespace|local" (or plain).
std::string_view local(const XML_Char* name) {
  std::string_view s(name);
  size_t bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

// The value of the attribute with local name `want` (any namespace unless `ns_part` is given).
const char* attr(const XML_Char** atts, std::string_view want, std::string_view ns_part = {}) {
  for (size_t i = 0; atts[i]; i += 2) {
    std::string_view n(atts[i]);
    if (local(atts[i]) != want) continue;
    if (!ns_part.empty() && n.find(ns_part) == std::string_view::npos) continue;
    return atts[i + 1];
  }
  return nullptr;
}

// A column reference's letters ("BC12" → 54), 0-based; SIZE_MAX when there are none or too many.
size_t column_of(const char* ref) {
  size_t col = 0, letters = 0;
  for (; *ref; ++ref) {
    char c = *ref;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
    if (++letters > 3) return SIZE_MAX;
  }
  if (letters == 0 || col > k_max_columns) return SIZE_MAX;
  return col - 1;
}

// The shared-strings table: one text blob and offsets, so a million strings cost their bytes
// plus 8 each rather than a std::string each. Past k_memory_blob bytes the blob moves to an
// unlinked temporary file read back with pread: a sheet of a million unique codes and names
// keeps its table on disk, and memory stays flat.
class StringTable {
public:
  StringTable() = default;
  ~StringTable() {
    if (m_file) std::fclose(m_file);
  }
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;

  Status add(std::string_view s) {
    m_offsets.push_back(m_size);
    m_size += s.size();
    if (!m_file && m_blob.size() + s.size() > k_memory_blob) {
      m_file = std::tmpfile();
      if (!m_file || std::fwrite(m_blob.data(), 1, m_blob.size(), m_file) != m_blob.size())
        return make_error(ErrorKind::input, "cannot spool the shared strings to a temporary file (is $TMPDIR full?)");
      std::string().swap(m_blob);
    }
    if (!m_file) {
      m_blob.append(s);
      return {};
    }
    if (std::fwrite(s.data(), 1, s.size(), m_file) != s.size())
      return make_error(ErrorKind::input, "cannot spool the shared strings to a temporary file (is $TMPDIR full?)");
    return {};
  }
  Status done() {
    m_offsets.shrink_to_fit();
    m_blob.shrink_to_fit();
    if (m_file && std::fflush(m_file) != 0)
      return make_error(ErrorKind::input, "cannot spool the shared strings to a temporary file (is $TMPDIR full?)");
    return {};
  }
  size_t size() const { return m_offsets.size(); }
  // String i into out (false when the temporary file cannot be read).
  bool get(size_t i, std::string& out) const {
    std::uint64_t begin = m_offsets[i];
    std::uint64_t end = i + 1 < m_offsets.size() ? m_offsets[i + 1] : m_size;
    if (!m_file) {
      out.assign(m_blob, begin, end - begin);
      return true;
    }
    out.resize(end - begin);
    return ::pread(fileno(m_file), out.data(), out.size(), static_cast<off_t>(begin)) ==
           static_cast<ssize_t>(out.size());
  }

private:
  static constexpr size_t k_memory_blob = 16u << 20;
  std::string m_blob;
  std::FILE* m_file = nullptr;
  std::uint64_t m_size = 0;
  std::vector<std::uint64_t> m_offsets;
};

// An expat parser whose events go to a handler's virtual functions.
class XmlParser {
public:
  XmlParser() : m_parser(XML_ParserCreateNS(nullptr, '|')) {
    XML_SetUserData(m_parser, this);
    XML_SetElementHandler(
        m_parser, [](void* u, const XML_Char* n, const XML_Char** a) { static_cast<XmlParser*>(u)->start(n, a); },
        [](void* u, const XML_Char* n) { static_cast<XmlParser*>(u)->end(n); });
    XML_SetCharacterDataHandler(m_parser, [](void* u, const XML_Char* s, int len) {
      static_cast<XmlParser*>(u)->text(std::string_view(s, static_cast<size_t>(len)));
    });
  }
  virtual ~XmlParser() { XML_ParserFree(m_parser); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Feeds bytes; the error names `what` and the XML line.
  Status feed(const char* data, size_t n, bool last, std::string_view what) {
    if (!m_error.empty()) return make_error(ErrorKind::input, std::string(what) + ": " + m_error);
    if (XML_Parse(m_parser, data, static_cast<int>(n), last ? 1 : 0) == XML_STATUS_ERROR) {
      std::string why = m_error.empty() ? XML_ErrorString(XML_GetErrorCode(m_parser)) : m_error;
      return make_error(ErrorKind::input, std::string(what) + ": line " +
                                              std::to_string(XML_GetCurrentLineNumber(m_parser)) + ": " + why);
    }
    return {};
  }

protected:
  virtual void start(const XML_Char* name, const XML_Char** atts) = 0;
  virtual void end(const XML_Char* name) = 0;
  virtual void text(std::string_view) {}
  // Stops the parse with a message (a broken reference, not an XML error).
  void fail(std::string why) {
    if (m_error.empty()) m_error = std::move(why);
    XML_StopParser(m_parser, XML_FALSE);
  }
  unsigned long line() const { return XML_GetCurrentLineNumber(m_parser); }

private:
  XML_Parser m_parser;
  std::string m_error;
};

// xl/sharedStrings.xml: each <si>'s text (plain <t> or rich-text runs), phonetic runs left out.
class SharedStringsParser final : public XmlParser {
public:
  explicit SharedStringsParser(StringTable& out) : m_out(out) {}

private:
  void start(const XML_Char* n, const XML_Char**) override {
    auto l = local(n);
    if (l == "si") {
      m_text.clear();
      m_in_si = true;
    } else if (l == "rPh") {
      m_in_rph = true;
    } else if (l == "t" && m_in_si && !m_in_rph) {
      m_collect = true;
    }
  }
  void end(const XML_Char* n) override {
    auto l = local(n);
    if (l == "t") m_collect = false;
    else if (l == "rPh") m_in_rph = false;
    else if (l == "si") {
      if (auto st = m_out.add(m_text); !st) fail(st.error().message);
      m_in_si = false;
    }
  }
  void text(std::string_view s) override {
    if (m_collect && m_text.size() < k_max_cell) m_text.append(s.substr(0, k_max_cell - m_text.size()));
  }
  StringTable& m_out;
  std::string m_text;
  bool m_in_si = false, m_in_rph = false, m_collect = false;
};

// xl/styles.xml: the kind of number format of each cell style (cellXfs).
class StylesParser final : public XmlParser {
public:
  std::vector<NumberFormatKind> kinds;

private:
  void start(const XML_Char* n, const XML_Char** a) override {
    auto l = local(n);
    if (l == "numFmt") {
      const char* id = attr(a, "numFmtId");
      const char* code = attr(a, "formatCode");
      if (id && code) m_custom.emplace_back(std::atoi(id), number_format_kind(code));
    } else if (l == "cellXfs") {
      m_in_xfs = true;
    } else if (l == "xf" && m_in_xfs) {
      const char* id = attr(a, "numFmtId");
      int fid = id ? std::atoi(id) : 0;
      NumberFormatKind k = builtin_number_format_kind(fid);
      for (const auto& [cid, ck] : m_custom)
        if (cid == fid) k = ck;
      kinds.push_back(k);
    }
  }
  void end(const XML_Char* n) override {
    if (local(n) == "cellXfs") m_in_xfs = false;
  }
  std::vector<std::pair<int, NumberFormatKind>> m_custom;
  bool m_in_xfs = false;
};

// xl/workbook.xml: the sheets in order and the date system.
class WorkbookParser final : public XmlParser {
public:
  struct Sheet {
    std::string name, rel;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

private:
  void start(const XML_Char* n, const XML_Char** a) override {
    auto l = local(n);
    if (l == "workbookPr") {
      const char* d = attr(a, "date1904");
      date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    } else if (l == "sheet") {
      const char* name = attr(a, "name");
      const char* rel = attr(a, "id", "relationships");
      if (name && rel) sheets.push_back({nfc(name), rel});
    }
  }
  void end(const XML_Char*) override {}
};

// xl/_rels/workbook.xml.rels: relationship id → target part, and the parts by type.
class RelsParser final : public XmlParser {
public:
  std::vector<std::pair<std::string, std::string>> targets; // id, part path in the archive
  std::string shared_strings, styles;

private:
  static std::string part(std::string_view target) {
    if (!target.empty() && target[0] == '/') return std::string(target.substr(1));
    return "xl/" + std::string(target);
  }
  void start(const XML_Char* n, const XML_Char** a) override {
    if (local(n) != "Relationship") return;
    const char* id = attr(a, "Id");
    const char* target = attr(a, "Target");
    const char* type = attr(a, "Type");
    if (!id || !target) return;
    targets.emplace_back(id, part(target));
    std::string_view t = type ? type : "";
    if (t.size() >= 13 && t.substr(t.size() - 13) == "sharedStrings") shared_strings = part(target);
    if (t.size() >= 6 && t.substr(t.size() - 6) == "styles") styles = part(target);
  }
  void end(const XML_Char*) override {}
};

// The sheet's XML, row by row into a queue: fed in chunks, so only the rows of one chunk wait.
class SheetParser final : public XmlParser {
public:
  SheetParser(const StringTable* table, const std::vector<std::string>* strings,
              const std::vector<NumberFormatKind>& styles, bool date1904)
      : m_table(table), m_strings(strings), m_styles(styles), m_date1904(date1904) {}
  std::deque<XlsxRow> ready;
  std::vector<XlsxRow> spare; // emptied rows, whose vectors are reused

private:
  void start(const XML_Char* n, const XML_Char** a) override {
    auto l = local(n);
    if (l == "row") {
      const char* r = attr(a, "r");
      m_row_number = r ? std::strtoull(r, nullptr, 10) : m_row_number + 1;
      if (spare.empty()) m_row = XlsxRow{};
      else {
        m_row = std::move(spare.back());
        spare.pop_back();
      }
      m_row.number = m_row_number;
      m_row.cells.clear();
      m_row.dated.clear();
      m_col = 0;
      m_in_row = true;
    } else if (l == "c" && m_in_row) {
      const char* r = attr(a, "r");
      if (r) {
        size_t c = column_of(r);
        if (c == SIZE_MAX) return fail("cell reference '" + std::string(r) + "' is not a column of Excel");
        m_col = c;
      }
      const char* t = attr(a, "t");
      m_type = t ? t : "n";
      const char* s = attr(a, "s");
      m_style = s ? static_cast<size_t>(std::strtoul(s, nullptr, 10)) : 0;
      m_value.clear();
      m_inline.clear();
    } else if (l == "v") {
      m_collect = &m_value;
    } else if (l == "is") {
      m_in_is = true;
    } else if (l == "rPh") {
      m_in_rph = true;
    } else if (l == "t" && m_in_is && !m_in_rph) {
      m_collect = &m_inline;
    }
  }

  void end(const XML_Char* n) override {
    auto l = local(n);
    if (l == "v" || l == "t") m_collect = nullptr;
    else if (l == "rPh") m_in_rph = false;
    else if (l == "is") m_in_is = false;
    else if (l == "c" && m_in_row) end_cell();
    else if (l == "row" && m_in_row) {
      m_in_row = false;
      while (!m_row.cells.empty() && m_row.cells.back().empty()) { // trailing empty cells carry nothing
        m_row.cells.pop_back();
        m_row.dated.pop_back();
      }
      if (!m_row.cells.empty()) ready.push_back(std::move(m_row));
    }
  }

  void text(std::string_view s) override {
    if (m_collect && m_collect->size() < k_max_cell) m_collect->append(s.substr(0, k_max_cell - m_collect->size()));
  }

  void end_cell() {
    if (m_col >= k_max_columns) return fail("more than " + std::to_string(k_max_columns) + " columns in a row");
    if (m_row.cells.size() <= m_col) {
      m_row.cells.resize(m_col + 1);
      m_row.dated.resize(m_col + 1, 0);
    }
    std::string& out = m_row.cells[m_col];
    char& dated = m_row.dated[m_col];
    ++m_col;
    out.clear();
    dated = 0;
    if (m_type == "s") {
      char* end = nullptr;
      unsigned long long i = std::strtoull(m_value.c_str(), &end, 10);
      size_t count = m_table ? m_table->size() : m_strings->size();
      if (m_value.empty() || *end != '\0' || i >= count)
        return fail("shared string index '" + m_value.substr(0, 20) + "' is not in the table (" +
                    std::to_string(count) + " strings)");
      if (!m_table) out.assign((*m_strings)[i]);
      else if (!m_table->get(i, out)) return fail("cannot read the shared strings back from their temporary file");
    } else if (m_type == "inlineStr") {
      out.swap(m_inline);
    } else if (m_type == "b") {
      out = m_value == "1" ? "TRUE" : m_value.empty() ? "" : "FALSE";
    } else if (m_type == "n" && !m_value.empty() && m_style < m_styles.size() &&
               m_styles[m_style] != NumberFormatKind::none) {
      char* end = nullptr;
      double v = std::strtod(m_value.c_str(), &end);
      NumberFormatKind k = m_styles[m_style];
      if (*end == '\0' && k == NumberFormatKind::time && v >= 0 && v < 1) {
        out = excel_serial_text(v + (m_date1904 ? 0 : 1), m_date1904, true).substr(11);
      } else if (*end == '\0' && k != NumberFormatKind::time) {
        out = excel_serial_text(v, m_date1904, k == NumberFormatKind::date_time);
        dated = out.empty() ? 0 : 1;
      }
      if (out.empty()) out.swap(m_value);
    } else { // n, str (a formula's text), e (#N/A...), d (ISO 8601 text)
      out.swap(m_value);
    }
  }

  const StringTable* m_table;
  const std::vector<std::string>* m_strings;
  const std::vector<NumberFormatKind>& m_styles;
  bool m_date1904;
  XlsxRow m_row;
  std::uint64_t m_row_number = 0;
  size_t m_col = 0;
  std::string m_type;
  size_t m_style = 0;
  std::string m_value, m_inline;
  std::string* m_collect = nullptr;
  bool m_in_row = false, m_in_is = false, m_in_rph = false;
};

std::string zip_message(zip_error_t* e) { return zip_error_strerror(e); }

} // namespace

struct XlsxSheetReader::Impl {
  std::string name; // the source, for messages
  std::string sheet;
  std::vector<std::string> sheets; // every sheet's name, in order
  zip_t* archive = nullptr;
  zip_file_t* file = nullptr;
  StringTable strings;
  std::vector<NumberFormatKind> styles;
  std::unique_ptr<SheetParser> parser;
  std::uint64_t size = 0, done = 0;
  bool finished = false;
  Status status;
  std::unique_ptr<char[]> buf = std::make_unique<char[]>(k_chunk);

  ~Impl() {
    if (file) zip_fclose(file);
    if (archive) zip_discard(archive);
  }

  Error broken(const std::string& why) const {
    return make_error(ErrorKind::input, name + ": not a readable Excel workbook (.xlsx): " + why);
  }

  // Streams one archive part through a parser; a missing part is an error unless optional.
  Status parse_part(const std::string& part, XmlParser& p, bool optional) {
    zip_int64_t index = zip_name_locate(archive, part.c_str(), 0);
    if (index < 0) {
      if (optional) return {};
      return broken("it has no " + part);
    }
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0);
    if (!f) return broken(part + ": " + zip_strerror(archive));
    Status st;
    std::string what = name + ": " + part;
    for (;;) {
      zip_int64_t n = zip_fread(f, buf.get(), k_chunk);
      if (n < 0) {
        st = broken(part + ": " + zip_file_strerror(f));
        break;
      }
      st = p.feed(buf.get(), static_cast<size_t>(n), n == 0, what);
      if (!st || n == 0) break;
    }
    zip_fclose(f);
    return st;
  }
};

XlsxSheetReader::XlsxSheetReader(std::unique_ptr<Impl> impl) : m(std::move(impl)) {}
XlsxSheetReader::~XlsxSheetReader() = default;
const Status& XlsxSheetReader::status() const { return m->status; }
Progress XlsxSheetReader::progress() const { return Progress{m->done, m->size}; }
const std::string& XlsxSheetReader::sheet_name() const { return m->sheet; }
const std::vector<std::string>& XlsxSheetReader::sheet_names() const { return m->sheets; }

Result<std::unique_ptr<XlsxSheetReader>> XlsxSheetReader::open(const XlsxSource& source, std::string name,
                                                               std::string_view sheet) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  zip_error_t error;
  zip_error_init(&error);
  FILE* fp = nullptr;
  std::int64_t length = -1;
  std::uint64_t start = 0;
  if (!source.path.empty()) {
    fp = std::fopen(source.path.c_str(), "rb");
  } else {
    int fd = ::fcntl(source.fd, F_DUPFD_CLOEXEC, 0);
    if (fd >= 0) fp = ::fdopen(fd, "rb");
    if (!fp && fd >= 0) ::close(fd);
    start = source.offset;
    length = static_cast<std::int64_t>(source.size);
  }
  if (!fp) {
    int err = errno;
    return make_error(ErrorKind::input, impl->name + ": cannot open: " + std::strerror(err));
  }
  zip_source_t* src = zip_source_filep_create(fp, start, length, &error);
  if (!src) {
    std::fclose(fp);
    auto e = impl->broken(zip_message(&error));
    zip_error_fini(&error);
    return e;
  }
  impl->archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!impl->archive) {
    zip_source_free(src);
    auto e = impl->broken(zip_message(&error));
    zip_error_fini(&error);
    return e;
  }
  zip_error_fini(&error);

  RelsParser rels;
  if (auto st = impl->parse_part("xl/_rels/workbook.xml.rels", rels, false); !st) return st.error();
  WorkbookParser book;
  if (auto st = impl->parse_part("xl/workbook.xml", book, false); !st) return st.error();
  if (book.sheets.empty()) return impl->broken("xl/workbook.xml lists no sheet");
  (void)k_max_part;

  // The sheet: by number, by name (exactly, then case- and diacritic-blind), or the first.
  const WorkbookParser::Sheet* chosen = nullptr;
  std::string wanted = nfc(trim(sheet));
  if (wanted.empty()) chosen = &book.sheets[0];
  else if (wanted.find_first_not_of("0123456789") == std::string::npos && wanted.size() < 6) {
    size_t i = std::stoul(wanted);
    if (i >= 1 && i <= book.sheets.size()) chosen = &book.sheets[i - 1];
  } else {
    for (const auto& s : book.sheets)
      if (s.name == wanted) chosen = &s;
    if (!chosen)
      for (const auto& s : book.sheets)
        if (fold_for_search(s.name) == fold_for_search(wanted)) chosen = &s;
  }
  if (!chosen) {
    std::string list;
    for (size_t i = 0; i < book.sheets.size(); ++i)
      list += (i ? ", " : "") + std::to_string(i + 1) + " '" + book.sheets[i].name + "'";
    return make_error(ErrorKind::input, impl->name + ": no sheet '" + wanted + "'; the workbook has " +
                                            std::to_string(book.sheets.size()) + " sheet(s): " + list +
                                            " (pick one with --sheet NAME|N, or \"sheet\" in the mapping's input)");
  }
  impl->sheet = chosen->name;
  for (const auto& s : book.sheets) impl->sheets.push_back(s.name);
  std::string part;
  for (const auto& [id, target] : rels.targets)
    if (id == chosen->rel) part = target;
  if (part.empty()) return impl->broken("sheet '" + chosen->name + "' has no part in xl/_rels/workbook.xml.rels");

  StylesParser styles;
  if (auto st = impl->parse_part(rels.styles.empty() ? "xl/styles.xml" : rels.styles, styles, true); !st)
    return st.error();
  impl->styles = std::move(styles.kinds);
  SharedStringsParser shared(impl->strings);
  if (auto st =
          impl->parse_part(rels.shared_strings.empty() ? "xl/sharedStrings.xml" : rels.shared_strings, shared, true);
      !st)
    return st.error();
  if (auto st = impl->strings.done(); !st) return st.error();

  zip_int64_t index = zip_name_locate(impl->archive, part.c_str(), 0);
  if (index < 0) return impl->broken("it has no " + part + " (sheet '" + chosen->name + "')");
  zip_stat_t zs;
  zip_stat_init(&zs);
  if (zip_stat_index(impl->archive, static_cast<zip_uint64_t>(index), 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE))
    impl->size = zs.size;
  impl->file = zip_fopen_index(impl->archive, static_cast<zip_uint64_t>(index), 0);
  if (!impl->file) return impl->broken(part + ": " + zip_strerror(impl->archive));
  impl->parser = std::make_unique<SheetParser>(&impl->strings, nullptr, impl->styles, book.date1904);
  return std::unique_ptr<XlsxSheetReader>(new XlsxSheetReader(std::move(impl)));
}

bool XlsxSheetReader::next(XlsxRow& row) {
  auto& p = *m->parser;
  while (p.ready.empty() && !m->finished && m->status) {
    zip_int64_t n = zip_fread(m->file, m->buf.get(), k_chunk);
    if (n < 0) {
      m->status = m->broken("sheet '" + m->sheet + "': " + zip_file_strerror(m->file));
      break;
    }
    m->done += static_cast<std::uint64_t>(n);
    m->status = p.feed(m->buf.get(), static_cast<size_t>(n), n == 0, m->name + ": sheet '" + m->sheet + "'");
    if (n == 0) m->finished = true;
  }
  if (p.ready.empty()) return false;
  p.spare.push_back(std::move(row));
  row = std::move(p.ready.front());
  p.ready.pop_front();
  return true;
}

Status parse_sheet_xml(std::string_view xml, const std::vector<std::string>& shared_strings,
                       const std::vector<NumberFormatKind>& date_styles, bool date1904,
                       const std::function<void(const XlsxRow&)>& on_row) {
  SheetParser p(nullptr, &shared_strings, date_styles, date1904);
  size_t at = 0;
  do {
    size_t n = std::min(k_chunk, xml.size() - at);
    bool last = at + n == xml.size();
    auto st = p.feed(xml.data() + at, n, last, "sheet");
    while (!p.ready.empty()) {
      on_row(p.ready.front());
      p.ready.pop_front();
    }
    if (!st) return st;
    at += n;
    if (last) break;
  } while (true);
  return {};
}

} // namespace motcua
