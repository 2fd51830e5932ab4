#include <doctest/doctest.h>

#include <sstream>

#include "io/render.hpp"

using namespace motcua;
using nlohmann::json;

TEST_CASE("row writers: json array, ndjson, csv, aligned table") {
  std::vector<Column> cols = {{"code", "CODE"}, {"name", "NAME"}, {"n", "N"}};
  json a = {{"code", "1"}, {"name", "Đăng ký"}, {"n", 5}};
  json b = {{"code", "22"}, {"name", "x"}, {"n", 123}};
  auto render = [&](OutputFormat f) {
    std::ostringstream out;
    auto w = make_row_writer(f, out, cols);
    w->row(a);
    w->row(b);
    w->finish();
    return out.str();
  };
  CHECK(json::parse(render(OutputFormat::json)).size() == 2);
  CHECK(render(OutputFormat::ndjson) == a.dump() + "\n" + b.dump() + "\n");
  CHECK(render(OutputFormat::csv) == "code,name,n\r\n1,Đăng ký,5\r\n22,x,123\r\n");
  CHECK(render(OutputFormat::table) == "CODE  NAME       N\n"
                                       "1     Đăng ký    5\n"
                                       "22    x        123\n");
  std::ostringstream empty;
  auto w = make_row_writer(OutputFormat::json, empty, cols);
  w->finish();
  CHECK(empty.str() == "[]\n");
}

TEST_CASE("objects as key: value lines") {
  std::ostringstream out;
  write_object(OutputFormat::table, out, json{{"path", "/x"}, {"schema_version", 1}});
  CHECK(out.str() == "path:           /x\nschema_version: 1\n");
}

TEST_CASE("clip cuts by display columns with an ellipsis") {
  CHECK(clip("short", 10) == "short");
  CHECK(clip("Đăng ký kinh doanh", 7) == "Đăng k…");
  CHECK(display_width(clip("Đăng ký kinh doanh", 7)) == 7);
  CHECK(clip("abc", 3) == "abc");
  CHECK(clip("abcd", 0).empty());
}

TEST_CASE("one table layout: right-aligned columns as asked, no trailing blanks") {
  std::ostringstream out;
  write_table(out, {{"A", "BB", "C"}, {"xxx", "1", "long"}}, {false, true, false});
  CHECK(out.str() == "A    BB  C\n"
                     "xxx   1  long\n");
}

TEST_CASE("tables and key: value lines show control characters escaped; json and csv keep them") {
  std::vector<Column> cols = {{"code", "CODE"}, {"name", "NAME"}};
  json row = {{"code", "A\x1b[2J"}, {"name", "x\ny"}};
  auto render = [&](OutputFormat f) {
    std::ostringstream out;
    auto w = make_row_writer(f, out, cols);
    w->row(row);
    w->finish();
    return out.str();
  };
  CHECK(render(OutputFormat::table) == "CODE    NAME\n"
                                       "A\\e[2J  x\\ny\n");
  CHECK(render(OutputFormat::md) == render(OutputFormat::table));
  CHECK(json::parse(render(OutputFormat::json))[0] == row);
  CHECK(render(OutputFormat::csv).find("A\x1b[2J") != std::string::npos);

  std::ostringstream out;
  write_object(OutputFormat::table, out, json{{"name", "\x1b]0;t\x07"}, {"k\x1b", 1}});
  CHECK(out.str() == "k\\e:  1\nname: \\e]0;t\\x07\n"); // keys sorted (json), aligned by their escaped width
  std::ostringstream direct;
  write_table(direct, {{"\x1b[H", "b"}, {"\xC2\x9B", "c"}}, {false, false});
  CHECK(direct.str() == "\\e[H    b\n\\u009b  c\n");
}

TEST_CASE("html_escape escapes markup and both quotes") {
  CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(html_escape("Đăng ký") == "Đăng ký");
}

TEST_CASE("html_escape makes control characters visible: HTML forbids them in text") {
  CHECK(html_escape(std::string("a\0b", 3)) == "a\u2400b");
  CHECK(html_escape("bell\a esc\x1b[31m del\x7f") == "bell\u2407 esc\u241b[31m del\u2421");
  CHECK(html_escape("tab\tline\r\nend") == "tab\tline\r\nend");
  CHECK(html_escape("c1 \xC2\x85 nbsp \xC2\xA0") == "c1 \uFFFD nbsp \xC2\xA0");
}
