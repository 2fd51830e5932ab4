#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include <algorithm>
#include <tuple>

#include "io/decode.hpp"
#include "io/plausible.hpp"
#include "io/stream.hpp"
#include "sample/sample.hpp"

#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;

TEST_CASE("sample data is deterministic by seed and well-formed") {
  auto base = std::filesystem::temp_directory_path() / ("motcua-sample-" + std::to_string(::getpid()));
  SampleOptions a{(base / "a").string(), 30, 300, 7};
  SampleOptions b{(base / "b").string(), 30, 300, 7};
  SampleOptions c{(base / "c").string(), 30, 300, 8};
  REQUIRE(write_sample(a).ok());
  REQUIRE(write_sample(b).ok());
  REQUIRE(write_sample(c).ok());
  for (const char* f : {"catalog.json", "catalog.csv", "dossiers.ndjson", "dossiers-dvcqg.json", "targets.json",
                        "legacy-cp1258.csv", "legacy-tcvn.csv", "mapping-cp1258.json", "mapping-tcvn.json",
                        "legacy-vni.csv", "mapping-vni.json", "legacy.xlsx", "mapping-xlsx.json"}) {
    CHECK(slurp(base / "a" / f) == slurp(base / "b" / f));
  }
  CHECK(slurp(base / "a" / "dossiers.ndjson") != slurp(base / "c" / "dossiers.ndjson"));
  auto catalog = nlohmann::json::parse(slurp(base / "a" / "catalog.json"));
  CHECK(catalog["procedures"].size() == 30);
  auto dvcqg = nlohmann::json::parse(slurp(base / "a" / "dossiers-dvcqg.json"));
  CHECK(dvcqg["service"] == "DongBoHoSoMC");
  CHECK(dvcqg["data"].size() == 30); // every tenth dossier
  std::istringstream lines(slurp(base / "a" / "dossiers.ndjson"));
  int valid = 0, broken = 0;
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("procedure_code") || j["channel"] == "fax" ||
        j["code"].get<std::string>().rfind("BROKEN", 0) == 0)
      ++broken;
    else ++valid;
  }
  CHECK(valid == 210);
  CHECK(broken == 4);
  // Legacy files: header + 30 rows each + the broken ones, decodable by motcua's own decoders.
  for (auto [file, enc, rows] :
       {std::tuple{"legacy-cp1258.csv", Encoding::cp1258, 33}, std::tuple{"legacy-tcvn.csv", Encoding::tcvn, 32},
        std::tuple{"legacy-vni.csv", Encoding::vni, 31}}) {
    MemoryStream raw(slurp(base / "a" / file));
    DecodingStream text(raw, enc);
    std::string decoded;
    char buf[4096];
    for (size_t n; (n = text.read(buf, sizeof buf)) > 0;) decoded.append(buf, n);
    REQUIRE(text.status().ok());
    CHECK(std::count(decoded.begin(), decoded.end(), '\n') == rows);
    CHECK(decoded.find("SO_HO_SO") == 0);
    if (enc != Encoding::vni)
      CHECK((decoded.find("Trần Văn Đức") != std::string::npos || decoded.find("Lê Thị Hồng") != std::string::npos));
    CHECK(score_text(decoded).score() == 1.0); // every name reads as Vietnamese (io/plausible)
  }
  std::filesystem::remove_all(base);
}

TEST_CASE("sample --layout province: a year of national sync JSON, overlapping legacy exports, a late NDJSON") {
  TempDir dir;
  SampleOptions o{(dir.path / "p").string(), 30, 2000, 3};
  o.layout = SampleLayout::province;
  REQUIRE(write_sample(o).ok());
  auto dvcqg = nlohmann::json::parse(slurp(dir.path / "p" / "dossiers-dvcqg.json"));
  REQUIRE(dvcqg["data"].size() > 500);
  for (const auto& r : dvcqg["data"]) CHECK(r["NgayTiepNhan"].get<std::string>().substr(0, 4) == "2017");
  // The late NDJSON re-exports dossiers already in the other files: every valid line is a returned
  // (finished) update of an open dossier or an identical repeat.
  std::istringstream lines(slurp(dir.path / "p" / "dossiers.ndjson"));
  int updates = 0;
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || j["code"].get<std::string>().rfind("BROKEN", 0) == 0) continue;
    if (j["status"] == "returned" && j.contains("resolved_at")) ++updates;
  }
  CHECK(updates > 50);
  CHECK(slurp(dir.path / "p" / "legacy-cp1258.csv").size() > 1000);
  CHECK(slurp(dir.path / "p" / "legacy-tcvn.csv").size() > 1000);
  CHECK(!parse_sample_layout("nope"));
  CHECK(parse_sample_layout("province") == SampleLayout::province);
}
