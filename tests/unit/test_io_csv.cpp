#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/csv.hpp"
#include "io/decode.hpp"

using namespace motcua;

namespace {

struct Row {
  std::vector<std::string> fields;
  std::uint64_t line = 0;
  std::string raw;
  bool ok = true;
  std::string error;
};

std::vector<Row> read_csv(const std::string& text, CsvOptions opt = {}, size_t chunk = SIZE_MAX,
                          Status* status = nullptr) {
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
    if (!rec.ok()) r.error = rec.error().message;
    rows.push_back(std::move(r));
  }
  if (status) *status = reader.status();
  else CHECK(reader.status().ok());
  return rows;
}

using F = std::vector<std::string>;

// The same text read whole and a byte at a time must give the same records.
std::vector<Row> read_both(const std::string& text, CsvOptions opt = {}) {
  auto whole = read_csv(text, opt);
  auto bytes = read_csv(text, opt, 1);
  REQUIRE(whole.size() == bytes.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    CHECK(whole[i].fields == bytes[i].fields);
    CHECK(whole[i].line == bytes[i].line);
    CHECK(whole[i].raw == bytes[i].raw);
    CHECK(whole[i].ok == bytes[i].ok);
  }
  return whole;
}

} // namespace

TEST_CASE("plain records with LF, CRLF, and a last line with or without a newline") {
  for (const char* text : {"a,b,c\n1,2,3\n", "a,b,c\r\n1,2,3\r\n", "a,b,c\n1,2,3", "a,b,c\r\n1,2,3\r"}) {
    CAPTURE(text);
    auto rows = read_both(text);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == F{"a", "b", "c"});
    CHECK(rows[1].fields == F{"1", "2", "3"});
    CHECK(rows[0].line == 1);
    CHECK(rows[1].line == 2);
    CHECK(rows[0].raw == "a,b,c");
    CHECK(rows[1].raw == "1,2,3");
  }
}

TEST_CASE("empty fields and empty input") {
  auto rows = read_both(",,\n,x,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == F{"", "", ""});
  CHECK(rows[1].fields == F{"", "x", ""});
  CHECK(read_both("").empty());
  CHECK(read_both("a,").at(0).fields == F{"a", ""});
  CHECK(read_both("\"\"").at(0).fields == F{""});
}

TEST_CASE("quoted fields hold delimiters, doubled quotes and line breaks") {
  std::string text = "code,note\n"
                     "\"A,1\",\"she said \"\"hi\"\"\"\n"
                     "B2,\"two\nlines\r\nand CRLF\"\n"
                     "C3,\"\"\"\"\n"
                     "D4,plain\n";
  auto rows = read_both(text);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].fields == F{"A,1", "she said \"hi\""});
  CHECK(rows[2].fields == F{"B2", "two\nlines\r\nand CRLF"});
  CHECK(rows[2].line == 3);
  CHECK(rows[2].raw == "B2,\"two\nlines\r\nand CRLF\"");
  CHECK(rows[3].fields == F{"C3", "\""});
  CHECK(rows[3].line == 6);
  CHECK(rows[4].line == 7);
  CHECK(rows[4].fields == F{"D4", "plain"});
}

TEST_CASE("quoted field at the end of input, with and without a line break") {
  CHECK(read_both("a,\"b\"").at(0).fields == F{"a", "b"});
  CHECK(read_both("a,\"b\"\r\n").at(0).fields == F{"a", "b"});
  CHECK(read_both("a,\"b\"\r").at(0).fields == F{"a", "b"});
  CHECK(read_both("\"x\"\"\"").at(0).fields == F{"x\""});
}

TEST_CASE("a quote inside an unquoted field is data, a lone CR is data") {
  auto rows = read_both("5\" pipe,a\rb\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == F{"5\" pipe", "a\rb"});
}

TEST_CASE("other delimiters") {
  CsvOptions semi;
  semi.delimiter = ';';
  auto rows = read_both("a;b,c;\"d;e\"\n", semi);
  CHECK(rows.at(0).fields == F{"a", "b,c", "d;e"});
  CsvOptions tab;
  tab.delimiter = '\t';
  CHECK(read_both("a\tb\t\n", tab).at(0).fields == F{"a", "b", ""});
  CsvOptions bad;
  bad.delimiter = '"';
  Status st;
  CHECK(read_csv("a", bad, SIZE_MAX, &st).empty());
  CHECK(st.error().kind == ErrorKind::usage);
}

TEST_CASE("blank lines are skipped but still counted") {
  auto rows = read_both("\na,b\n\r\n\nc,d\n\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].line == 5);
  CsvOptions keep;
  keep.skip_empty_lines = false;
  auto kept = read_both("a\n\nb\n", keep);
  REQUIRE(kept.size() == 3);
  CHECK(kept[1].fields == F{""});
}

TEST_CASE("field counts are exposed for the caller to check") {
  auto rows = read_both("a,b,c\n1,2\n1,2,3,4\n");
  CHECK(rows[0].fields.size() == 3);
  CHECK(rows[1].fields.size() == 2);
  CHECK(rows[2].fields.size() == 4);
}

TEST_CASE("an unterminated quote at the end of input is an error record with its line") {
  auto rows = read_both("a,b\nc,\"open\nmore,lines\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].ok);
  CHECK_FALSE(rows[1].ok);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].fields.empty());
  CHECK(rows[1].error.find("not closed") != std::string::npos);
  CHECK(rows[1].error.find("line 2") != std::string::npos);
  CHECK(rows[1].raw == "c,\"open\nmore,lines\n");
}

TEST_CASE("a NUL byte rejects its record and the reader goes on at the next line") {
  std::string text = std::string("a,b\nc,d\0e\nf,g\n", 14);
  auto rows = read_both(text);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].ok);
  CHECK_FALSE(rows[1].ok);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].error.find("NUL") != std::string::npos);
  CHECK(rows[1].raw == std::string("c,d\0e", 5));
  CHECK(rows[2].ok);
  CHECK(rows[2].line == 3);
  CHECK(rows[2].fields == F{"f", "g"});
}

TEST_CASE("text after a closing quote is an error, then the next line is read") {
  auto rows = read_both("\"ab\"c,d\ne,f\n");
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].ok);
  CHECK(rows[0].error.find("closing quote") != std::string::npos);
  CHECK(rows[1].fields == F{"e", "f"});
  CHECK(rows[1].line == 2);
}

TEST_CASE("an over-long field is an error, memory stays bounded and reading goes on") {
  CsvOptions opt;
  opt.max_field_bytes = 100;
  opt.max_record_bytes = 1000;
  std::string text = "a,b\n1," + std::string(5000, 'x') + ",3\n4,5\n";
  auto rows = read_both(text, opt);
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[1].ok);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].error.find("field 2") != std::string::npos);
  CHECK(rows[1].error.find("longer than 100") != std::string::npos);
  CHECK(rows[1].raw.size() == 1000); // capped at max_record_bytes
  CHECK(rows[2].fields == F{"4", "5"});
  CHECK(rows[2].line == 3);

  // a stray quote swallowing many lines is cut off at the field limit
  std::string stray = "a,\"stray\n";
  for (int i = 0; i < 50; ++i) stray += "r" + std::to_string(i) + ",x\n";
  auto s = read_both(stray, opt);
  REQUIRE(s.size() >= 2);
  CHECK_FALSE(s[0].ok);
  CHECK(s[0].error.find("stray") != std::string::npos);
  CHECK(s[0].error.find("were skipped") != std::string::npos);
  CHECK(s.back().ok);
  CHECK(s.back().fields == F{"r49", "x"});
  CHECK(s.back().line == 51);
}

TEST_CASE("an over-long record of short fields is an error") {
  CsvOptions opt;
  opt.max_record_bytes = 500;
  std::string longline;
  for (int i = 0; i < 400; ++i) longline += "ab,";
  auto rows = read_both("h\n" + longline + "\nz\n", opt);
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[1].ok);
  CHECK(rows[1].error.find("record is longer than 500") != std::string::npos);
  CHECK(rows[2].fields == F{"z"});
  CHECK(rows[2].line == 3);
}

TEST_CASE("the record limit holds even when the whole record is already buffered") {
  CsvOptions opt;
  opt.max_record_bytes = 5;
  auto rows = read_both("abcdefgh\r\nxy\n\"q\nrst\"\nz", opt);
  REQUIRE(rows.size() == 4);
  CHECK_FALSE(rows[0].ok);
  CHECK(rows[0].raw == "abcde");
  CHECK(rows[1].fields == F{"xy"});
  CHECK(rows[1].line == 2);
  CHECK_FALSE(rows[2].ok); // 7 raw bytes with its quotes
  CHECK(rows[2].line == 3);
  CHECK(rows[2].raw == "\"q\nrs");
  CHECK(rows[3].fields == F{"z"});
  CHECK(rows[3].line == 5);
}

TEST_CASE("too many fields is an error") {
  CsvOptions opt;
  opt.max_fields = 10;
  auto rows = read_both(std::string(30, ',') + "\nok\n", opt);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].ok);
  CHECK(rows[1].fields == F{"ok"});
}

TEST_CASE("a line past the default record limit is skipped with bounded memory") {
  // Default limits; the reader never holds more than max_record_bytes (16 MiB) of it. 24 MiB crosses the limit
  // by many buffer refills, which is all a 100 MB line adds, at a quarter of the bytes scanned.
  std::string text = "a,b\n" + std::string(24u << 20, 'y') + "\nc,d\n";
  MemoryStream src(std::move(text));
  CsvReader reader(src);
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.ok());
  REQUIRE(reader.next(rec));
  CHECK_FALSE(rec.ok());
  CHECK(rec.raw_truncated());
  CHECK(rec.raw().size() == 16u << 20);
  REQUIRE(reader.next(rec));
  CHECK(rec.ok());
  CHECK(rec.line() == 3);
  CHECK(rec[0] == "c");
  CHECK_FALSE(reader.next(rec));
}

TEST_CASE("records spanning many buffer refills, and records reused without losing fields") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += std::to_string(i) + ",\"name " + std::to_string(i) + " with \"\"q\"\"\",\"multi\nline\"\r\n";
  MemoryStream src(text, 777);
  CsvReader reader(src);
  CsvRecord rec;
  int n = 0;
  while (reader.next(rec)) {
    REQUIRE(rec.ok());
    REQUIRE(rec.size() == 3);
    CHECK(rec[0] == std::to_string(n));
    CHECK(rec[1] == "name " + std::to_string(n) + " with \"q\"");
    CHECK(rec[2] == "multi\nline");
    CHECK(rec.line() == static_cast<std::uint64_t>(2 * n + 1));
    ++n;
  }
  CHECK(n == 20000);
  CHECK(reader.status().ok());
  CHECK(reader.progress().done == text.size());
}

TEST_CASE("a decoding error stops the reader after the good records, through status()") {
  MemoryStream src("a,b\nc,d\ne,\xFF\n");
  DecodingStream dec(src, Encoding::auto_detect);
  CsvReader reader(dec);
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  REQUIRE(reader.next(rec));
  CHECK(rec[1] == "d");
  CHECK_FALSE(reader.next(rec));
  REQUIRE_FALSE(reader.status().ok());
  CHECK(reader.status().error().message.find("line 3") != std::string::npos);
}

TEST_CASE("legacy CSV through the decoder") {
  MemoryStream src("SO;HO_TEN\r\n1;Ph\xB9m Th\xDE Thu \xA7\xB9t\r\n2;\"\xA7\xC6ng;\xA7\xF8"
                   "c\"\r\n");
  DecodingStream dec(src, Encoding::tcvn);
  CsvOptions opt;
  opt.delimiter = ';';
  CsvReader reader(dec, opt);
  CsvRecord rec;
  REQUIRE(reader.next(rec));
  REQUIRE(reader.next(rec));
  CHECK(rec[1] == "Phạm Thị Thu Đạt");
  REQUIRE(reader.next(rec));
  CHECK(rec[1] == "Đặng;Đức");
  CHECK_FALSE(reader.next(rec));
  CHECK(reader.status().ok());
}
