// Test and bench workbooks through lib/io/xlsx_writer:
//   motcua_xlsx_gen SPEC.json OUT.xlsx
//     SPEC: {"date1904": false, "sheets": [{"name": "...", "merge": ["A2:A3"], "rows": [ROW, ...]}]}
//     ROW: [CELL, ...] or {"skip": N, "cells": [CELL, ...]} (N blank rows before it)
//     CELL: null (empty), "text" (shared string), 12.5 (number), {"inline": "text"}, {"date": SERIAL},
//           {"datetime": SERIAL}, {"formula": "A1&B1", "cached": "text"}, {"formula": "1+1", "number": "2"},
//           {"bool": true}
//   motcua_xlsx_gen --csv IN.csv OUT.xlsx [DELIMITER]: every cell of an RFC 4180 file as a shared string.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/csv.hpp"
#include "io/xlsx_writer.hpp"

using namespace motcua;
using json = nlohmann::json;

namespace {

XlsxCell cell_of(const json& c) {
  using K = XlsxCell::Kind;
  if (c.is_null()) return {};
  if (c.is_string()) return XlsxCell::of(c.get<std::string>());
  if (c.is_number()) return {K::number, c.dump(), {}};
  if (c.contains("inline")) return {K::inline_text, c["inline"].get<std::string>(), {}};
  if (c.contains("date")) return {K::date, c["date"].dump(), {}};
  if (c.contains("datetime")) return {K::date_time, c["datetime"].dump(), {}};
  if (c.contains("bool")) return {K::boolean, c["bool"].get<bool>() ? "1" : "0", {}};
  if (c.contains("number")) return {K::formula_number, c["formula"].get<std::string>(), c["number"].get<std::string>()};
  return {K::formula_text, c["formula"].get<std::string>(), c.value("cached", std::string())};
}

int write(const Result<std::string>& bytes, const char* path) {
  if (!bytes) {
    std::cerr << bytes.error().message << "\n";
    return 1;
  }
  std::ofstream out(path, std::ios::binary);
  out << *bytes;
  return out ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--csv") {
    auto in = FileStream::open(argv[2]);
    if (!in) {
      std::cerr << in.error().message << "\n";
      return 1;
    }
    CsvOptions o;
    if (argc >= 5) o.delimiter = argv[4][0];
    CsvReader reader(**in, o);
    CsvRecord rec;
    XlsxWriter w;
    std::vector<XlsxCell> cells;
    while (reader.next(rec)) {
      cells.clear();
      for (size_t i = 0; i < rec.size(); ++i)
        cells.push_back(rec[i].empty() ? XlsxCell{} : XlsxCell::of(std::string(rec[i])));
      if (auto st = w.add_row(cells); !st) return 1;
    }
    // Streamed to the file: a million-row workbook is never in memory (bench/xlsx.sh).
    if (auto st = w.write_to(argv[3]); !st) {
      std::cerr << st.error().message << "\n";
      return 1;
    }
    return 0;
  }
  if (argc != 3) {
    std::cerr << "usage: motcua_xlsx_gen SPEC.json OUT.xlsx | --csv IN.csv OUT.xlsx [DELIMITER]\n";
    return 2;
  }
  std::ifstream f(argv[1]);
  std::stringstream ss;
  ss << f.rdbuf();
  json spec = json::parse(ss.str());
  XlsxWriter w(spec.value("date1904", false));
  for (const auto& sheet : spec["sheets"]) {
    if (auto st = w.add_sheet(sheet["name"].get<std::string>()); !st) return 1;
    for (const auto& row : sheet["rows"]) {
      std::vector<XlsxCell> cells;
      const json& list = row.is_object() ? row["cells"] : row;
      for (const auto& c : list) cells.push_back(cell_of(c));
      if (auto st = w.add_row(cells, row.is_object() ? row.value("skip", 0u) : 0u); !st) return 1;
    }
    if (sheet.contains("merge"))
      for (const auto& m : sheet["merge"]) w.merge(m.get<std::string>());
  }
  return write(w.finish(), argv[2]);
}
