#include <doctest/doctest.h>

#include <sstream>

#include "io/csv_writer.hpp"

using namespace motcua;
using nlohmann::json;

TEST_CASE("csv cells are quoted and guarded against formulas") {
  CHECK(csv_cell(json("plain")) == "plain");
  CHECK(csv_cell(json("=1+2")) == "'=1+2");
  CHECK(csv_cell(json("@SUM(A1)")) == "'@SUM(A1)");
  CHECK(csv_cell(json("-x")) == "'-x");
  CHECK(csv_cell(json("+84 905")) == "'+84 905");
  CHECK(csv_cell(json(-5)) == "-5");      // numbers are data, not formulas
  CHECK(csv_cell(json("'=1")) == "''=1"); // so that taking one ' off always gives the value back
  CHECK(csv_cell(json("'plain")) == "'plain");
  CHECK_FALSE(needs_formula_guard("''"));
  CHECK(csv_cell(json("a,\"b\"")) == "\"a,\"\"b\"\"\"");
  CHECK(csv_cell(json(nullptr)) == "");
}

TEST_CASE("full-width = + - @ are guarded too (spreadsheets read them as formulas)") {
  for (const char* s : {"＝HYPERLINK(\"http://x\")", "＋84", "－1", "＠SUM(A1)", "'＝x"}) {
    CAPTURE(s);
    CHECK(needs_formula_guard(s));
    CHECK(csv_cell(json(s)) == csv_field(s));
    CHECK(csv_field(s).find('\'') != std::string::npos);
  }
  CHECK(csv_field("＝1") == "'＝1");
  CHECK_FALSE(needs_formula_guard("x＝1"));
  CHECK_FALSE(needs_formula_guard("Ｅ"));       // other full-width letters are text (EF BC A5)
  CHECK_FALSE(needs_formula_guard("\xEF\xBC")); // a cut sequence is not a guard character
}

TEST_CASE("CsvWriter writes CRLF rows, minimal or all quoting, names unguarded by quoting") {
  std::ostringstream out;
  CsvWriter csv(out);
  csv.name("a").name("b,c").end_row();
  csv.text("x").value(json(3)).end_row();
  csv.value(json("=x")).value(json::array({"p", "q"})).end_row();
  CHECK(out.str() == "a,\"b,c\"\r\nx,3\r\n'=x,\"p,q\"\r\n");

  std::ostringstream all;
  CsvWriter q(all, CsvQuoting::all);
  q.name("h").name("i").end_row();
  q.text("x").value(json(3)).end_row();
  CHECK(all.str() == "h,i\r\n\"x\",\"3\"\r\n");
}
