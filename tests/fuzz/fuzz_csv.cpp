// libFuzzer target for lib/io/csv. Input: [options selector][chunking selector] then the CSV.
// Checks: block boundaries never change the records; lines strictly increase; limits
// hold; raw text of good records is a piece of the input; a good record written back
// with full quoting reads back to the same fields.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/csv.hpp"

using namespace motcua;

namespace {

struct Row {
  std::vector<std::string> fields;
  std::uint64_t line = 0;
  std::string raw;
  bool ok = true;
  bool truncated = false;
  std::string error;
  bool operator==(const Row&) const = default;
};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_csv: %s\n", what);
  std::abort();
}

std::vector<Row> read_all_rows(const std::string& text, const CsvOptions& opt, size_t chunk) {
  MemoryStream src(text, chunk);
  CsvReader reader(src, opt);
  CsvRecord rec;
  std::vector<Row> rows;
  while (reader.next(rec)) {
    Row r;
    for (size_t i = 0; i < rec.size(); ++i) r.fields.emplace_back(rec[i]);
    r.line = rec.line();
    r.raw = std::string(rec.raw());
    r.ok = rec.ok();
    r.truncated = rec.raw_truncated();
    if (!rec.ok()) r.error = rec.error().message;
    rows.push_back(std::move(r));
    if (rows.size() > text.size() + 1) fail("more records than bytes");
  }
  if (!reader.status()) fail("a memory stream cannot fail");
  return rows;
}

std::string quote_all(const std::vector<std::string>& fields, char delim) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += delim;
    out += '"';
    for (char c : fields[i]) {
      out += c;
      if (c == '"') out += '"';
    }
    out += '"';
  }
  return out + "\r\n";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const char delimiters[4] = {',', ';', '\t', '|'};
  CsvOptions opt;
  opt.delimiter = delimiters[data[0] & 3];
  opt.skip_empty_lines = (data[0] & 4) != 0;
  if (data[0] & 8) { // small limits so that the error paths run
    opt.max_field_bytes = size_t{1} + (data[1] & 31);
    opt.max_record_bytes = size_t{1} + (data[0] >> 4) * 8;
    opt.max_fields = size_t{1} + (data[1] >> 5);
  }
  const size_t chunk = size_t{1} + (data[1] * 7) % 23;
  const std::string text(reinterpret_cast<const char*>(data) + 2, size - 2);

  std::vector<Row> whole = read_all_rows(text, opt, SIZE_MAX);
  std::vector<Row> pieces = read_all_rows(text, opt, chunk);
  if (whole != pieces) fail("block boundaries changed the records");

  std::uint64_t last_line = 0;
  for (const Row& r : whole) {
    if (r.line <= last_line) fail("record lines do not increase");
    last_line = r.line;
    if (r.raw.size() > opt.max_record_bytes) fail("raw text longer than max_record_bytes");
    if (!r.ok) {
      if (!r.fields.empty()) fail("an error record has fields");
      if (r.error.empty()) fail("an error record without a message");
      continue;
    }
    if (r.fields.empty()) fail("a good record without fields");
    if (r.fields.size() > opt.max_fields) fail("more fields than max_fields");
    for (const std::string& f : r.fields)
      if (f.size() > opt.max_field_bytes) fail("field longer than max_field_bytes");
    if (text.find(r.raw) == std::string::npos) fail("raw text is not a piece of the input");
    // Round trip with generous limits.
    CsvOptions big = opt;
    big.max_field_bytes = big.max_record_bytes = 1u << 20;
    big.max_fields = 65536;
    std::vector<Row> again = read_all_rows(quote_all(r.fields, opt.delimiter), big, SIZE_MAX);
    if (again.size() != 1 || !again[0].ok || again[0].fields != r.fields) fail("quoted round trip changed the fields");
  }
  return 0;
}
