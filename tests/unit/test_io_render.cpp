#include <doctest/doctest.h>

#include <sstream>

#include "io/render.hpp"

using namespace motcua;
using nlohmann::json;

TEST_CASE("csv cells are quoted and guarded against formulas") {
  CHECK(csv_cell(json("plain")) == "plain");
  CHECK(csv_cell(json("=1+2")) == "'=1+2");
  CHECK(csv_cell(json("@SUM(A1)")) == "'@SUM(A1)");
  CHECK(csv_cell(json("-x")) == "'-x");
  CHECK(csv_cell(json("+84 905")) == "'+84 905");
  CHECK(csv_cell(json(-5)) == "-5"); // numbers are data, not formulas
  CHECK(csv_cell(json("'=1")) == "''=1"); // so that taking one ' off always gives the value back
  CHECK(csv_cell(json("'plain")) == "'plain");
  CHECK_FALSE(needs_formula_guard("''"));
  CHECK(csv_cell(json("a,\"b\"")) == "\"a,\"\"b\"\"\"");
  CHECK(csv_cell(json(nullptr)) == "");
}

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
