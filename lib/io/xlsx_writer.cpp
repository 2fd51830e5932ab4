#include "io/xlsx_writer.hpp"

#include <zip.h>

namespace motcua {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

namespace {

// "A", "B", ... "Z", "AA": the letters of a 0-based column.
std::string column_letters(size_t col) {
  std::string s;
  for (++col; col > 0; col = (col - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

// Every entry's time: a fixed one, so the same workbook is the same bytes (motcua sample's promise).
constexpr time_t k_fixed_mtime = 1514764800; // 2018-01-01T00:00:00Z

Error write_error(const std::string& what) { return make_error(ErrorKind::internal, "xlsx writer: " + what); }

} // namespace

XlsxWriter::~XlsxWriter() {
  for (auto& s : m_sheets)
    if (s.xml) std::fclose(s.xml);
  if (m_sst) std::fclose(m_sst);
}

Result<std::uint32_t> XlsxWriter::shared(const std::string& s) {
  if (auto it = m_index.find(s); it != m_index.end()) return it->second;
  if (!m_sst) {
    m_sst = std::tmpfile();
    if (!m_sst) return write_error("cannot create a temporary file");
  }
  std::string si = "<si><t xml:space=\"preserve\">" + xml_escape(s) + "</t></si>";
  if (std::fwrite(si.data(), 1, si.size(), m_sst) != si.size()) return write_error("cannot write a temporary file");
  std::uint32_t index = m_string_count++;
  if (m_index.size() < k_indexed) m_index.emplace(s, index);
  return index;
}

Status XlsxWriter::add_sheet(std::string name) {
  Sheet s;
  s.name = std::move(name);
  s.xml = std::tmpfile();
  if (!s.xml) return write_error("cannot create a temporary file");
  static const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet "
                                  "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  if (std::fwrite(head.data(), 1, head.size(), s.xml) != head.size()) {
    std::fclose(s.xml);
    return write_error("cannot write a temporary file");
  }
  m_sheets.push_back(std::move(s));
  return {};
}

void XlsxWriter::merge(std::string range) {
  if (!m_sheets.empty()) m_sheets.back().merges.push_back(std::move(range));
}

Status XlsxWriter::add_row(const std::vector<XlsxCell>& cells, std::uint64_t skip) {
  if (m_sheets.empty())
    if (auto st = add_sheet("Sheet1"); !st) return st;
  Sheet& sh = m_sheets.back();
  sh.rows += skip + 1;
  std::string r = std::to_string(sh.rows);
  std::string x = "<row r=\"" + r + "\">";
  for (size_t i = 0; i < cells.size(); ++i) {
    const XlsxCell& c = cells[i];
    std::string ref = column_letters(i) + r;
    using K = XlsxCell::Kind;
    switch (c.kind) {
    case K::empty: break;
    case K::text: {
      auto index = shared(c.text);
      if (!index) return index.error();
      x += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(*index) + "</v></c>";
      break;
    }
    case K::inline_text:
      x += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + xml_escape(c.text) + "</t></is></c>";
      break;
    case K::number: x += "<c r=\"" + ref + "\"><v>" + c.text + "</v></c>"; break;
    case K::date: x += "<c r=\"" + ref + "\" s=\"1\"><v>" + c.text + "</v></c>"; break;
    case K::date_time: x += "<c r=\"" + ref + "\" s=\"2\"><v>" + c.text + "</v></c>"; break;
    case K::formula_text:
      x += "<c r=\"" + ref + "\" t=\"str\"><f>" + xml_escape(c.text) + "</f><v>" + xml_escape(c.cached) + "</v></c>";
      break;
    case K::formula_number:
      x += "<c r=\"" + ref + "\"><f>" + xml_escape(c.text) + "</f><v>" + c.cached + "</v></c>";
      break;
    case K::boolean: x += "<c r=\"" + ref + "\" t=\"b\"><v>" + c.text + "</v></c>"; break;
    }
  }
  x += "</row>";
  if (std::fwrite(x.data(), 1, x.size(), sh.xml) != x.size()) return write_error("cannot write a temporary file");
  return {};
}

namespace {

// Adds `file` (rewound; the archive owns it from here) as entry `name`.
bool add_file(zip_t* z, const std::string& name, std::FILE*& file) {
  if (std::fflush(file) != 0) return false;
  std::rewind(file);
  zip_source_t* src = zip_source_filep(z, file, 0, -1);
  if (!src) return false;
  file = nullptr;
  zip_int64_t index = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(src);
    return false;
  }
  return zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), k_fixed_mtime, 0) == 0;
}

} // namespace

Status XlsxWriter::add_parts(zip_t* z) {
  if (m_sheets.empty())
    if (auto st = add_sheet("Sheet1"); !st) return st;
  if (!m_sst) {
    m_sst = std::tmpfile();
    if (!m_sst) return write_error("cannot create a temporary file");
  }
  std::vector<std::unique_ptr<std::string>> texts; // alive until zip_close reads them
  auto add_text = [&](const std::string& name, std::string text) -> bool {
    texts.push_back(std::make_unique<std::string>(std::move(text)));
    zip_source_t* s = zip_source_buffer(z, texts.back()->data(), texts.back()->size(), 0);
    if (!s) return false;
    zip_int64_t index = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(s);
      return false;
    }
    return zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), k_fixed_mtime, 0) == 0;
  };
  const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  const std::string main_ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::string types =
      decl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  std::string book = decl + "<workbook " + main_ns + " xmlns:r=\"" + rel_ns + "\"><workbookPr" +
                     (m_date1904 ? " date1904=\"1\"" : "") + "/><sheets>";
  std::string rels = decl + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  bool ok = true;
  for (size_t i = 0; i < m_sheets.size() && ok; ++i) {
    Sheet& sh = m_sheets[i];
    std::string n = std::to_string(i + 1);
    types += "<Override PartName=\"/xl/worksheets/sheet" + n +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    book += "<sheet name=\"" + xml_escape(sh.name) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet" + n +
            ".xml\"/>";
    // The sheet: its head was written first by add_sheet, the rows followed; the tail holds the merged ranges.
    std::string tail = "</sheetData>";
    if (!sh.merges.empty()) {
      tail += "<mergeCells count=\"" + std::to_string(sh.merges.size()) + "\">";
      for (const auto& m : sh.merges) tail += "<mergeCell ref=\"" + m + "\"/>";
      tail += "</mergeCells>";
    }
    tail += "</worksheet>";
    ok = std::fwrite(tail.data(), 1, tail.size(), sh.xml) == tail.size() &&
         add_file(z, "xl/worksheets/sheet" + n + ".xml", sh.xml);
  }
  types += "<Override PartName=\"/xl/styles.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
           "<Override PartName=\"/xl/sharedStrings.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>";
  book += "</sheets></workbook>";
  size_t k = m_sheets.size();
  rels += "<Relationship Id=\"rId" + std::to_string(k + 1) + "\" Type=\"" + rel_ns +
          "/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId" + std::to_string(k + 2) + "\" Type=\"" + rel_ns +
          "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
  // Styles: 0 general, 1 a date (built-in 14), 2 a date and time (a custom format).
  std::string styles = decl + "<styleSheet " + main_ns +
                       "><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/></numFmts>"
                       "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
                       "<xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
  // The shared strings: the head (which needs the count) before the <si> elements already in m_sst.
  std::string sst_head = decl + "<sst " + main_ns + " count=\"" + std::to_string(m_string_count) + "\" uniqueCount=\"" +
                         std::to_string(m_string_count) + "\">";
  std::FILE* sst = ok ? std::tmpfile() : nullptr;
  if (sst) {
    ok = std::fwrite(sst_head.data(), 1, sst_head.size(), sst) == sst_head.size() && std::fflush(m_sst) == 0;
    std::rewind(m_sst);
    char buf[64 * 1024];
    for (size_t got; ok && (got = std::fread(buf, 1, sizeof buf, m_sst)) > 0;)
      ok = std::fwrite(buf, 1, got, sst) == got;
    ok = ok && !std::ferror(m_sst) && std::fwrite("</sst>", 1, 6, sst) == 6 && add_file(z, "xl/sharedStrings.xml", sst);
    if (sst) std::fclose(sst);
  } else {
    ok = false;
  }
  std::string root_rels =
      decl +
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
      "Type=\"" +
      rel_ns + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  ok = ok && add_text("[Content_Types].xml", types) && add_text("_rels/.rels", root_rels) &&
       add_text("xl/workbook.xml", book) && add_text("xl/_rels/workbook.xml.rels", rels) &&
       add_text("xl/styles.xml", styles);
  if (!ok) return write_error(zip_strerror(z));
  // zip_close reads the buffers: it runs here, while `texts` lives.
  if (zip_close(z) < 0) return write_error(zip_strerror(z));
  return {};
}

Result<std::string> XlsxWriter::finish() {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return write_error(zip_error_strerror(&error));
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!z) {
    zip_source_free(buffer);
    return write_error(zip_error_strerror(&error));
  }
  if (auto st = add_parts(z); !st) {
    zip_discard(z);
    zip_source_free(buffer);
    return st.error();
  }
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer, &st) < 0 || zip_source_open(buffer) < 0) {
    zip_source_free(buffer);
    return write_error("cannot read the archive back");
  }
  out.resize(st.size);
  zip_int64_t got = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) return write_error("cannot read the archive back");
  return out;
}

Status XlsxWriter::write_to(const std::string& path) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!z) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string why = path + ": " + zip_error_strerror(&error);
    zip_error_fini(&error);
    return write_error(why);
  }
  if (auto st = add_parts(z); !st) {
    zip_discard(z);
    return st;
  }
  return {};
}

} // namespace motcua
