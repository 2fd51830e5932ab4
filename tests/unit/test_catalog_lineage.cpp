#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/schema.hpp"
#include "catalog/lineage.hpp"

using namespace motcua;

namespace {

Days day(const char* text) { return *parse_date(text); }

AgencyLineage lineage(const char* csv) {
  auto l = parse_lineage_csv(csv, "l.csv");
  REQUIRE_MESSAGE(l.ok(), (l.ok() ? "" : l.error().message));
  return *l;
}

std::string refused(const char* csv) {
  auto l = parse_lineage_csv(csv, "l.csv");
  REQUIRE_FALSE(l.ok());
  CHECK(l.error().kind == ErrorKind::input);
  CHECK(l.error().message.find("l.csv") != std::string::npos);
  return l.error().message;
}

Procedure proc(const char* code, const char* agency) {
  Procedure p;
  p.code = code;
  p.agency_code = agency;
  p.agency_name = std::string("Cơ quan ") + agency;
  return p;
}

} // namespace

TEST_CASE("lineage CSV: rows in file order, with or without the note column") {
  auto l = lineage("old_code,new_code,from_date,note\nA,B,2025-07-01,sáp nhập\nC,B,2025-07-01,\n");
  REQUIRE(l.rows().size() == 2);
  CHECK(l.rows()[0] == LineageRow{"A", "B", day("2025-07-01"), "sáp nhập"});
  CHECK(l.rows()[1].note.empty());
  CHECK(lineage("old_code,new_code,from_date\r\nA,B,2025-07-01\r\n").rows().size() == 1);
  CHECK(l.successors("A", day("2025-06-30")).empty());
  CHECK(l.successors("A", day("2025-07-01")).size() == 1);
  CHECK(l.successors("B", day("2030-01-01")).empty());
}

TEST_CASE("lineage CSV: cycles, self-succession, duplicates, two dates, bad fields are refused") {
  CHECK(refused("old_code,new_code,from_date\nA,B,2025-01-01\nB,A,2026-01-01\n").find("cycle A → B → A") !=
        std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,B,2025-01-01\nB,C,2025-01-01\nC,B,2025-01-01\n")
            .find("cycle B → C → B") != std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,A,2025-01-01\n").find("cycle A → A") != std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,B,2025-01-01\nA,B,2025-01-01\n").find("twice") != std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,B,2025-01-01\nA,C,2025-02-01\n").find("closed once") !=
        std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,B,01/07/2025\n").find("line 2: from_date '01/07/2025'") !=
        std::string::npos);
  CHECK(refused("old_code,new_code,from_date\n,B,2025-01-01\n").find("line 2: old_code") != std::string::npos);
  CHECK(refused("old_code,new_code,from_date\nA,B\n").find("line 2: 2 fields") != std::string::npos);
  CHECK(refused("old,new,date\n").find("header") != std::string::npos);
  CHECK(refused("").find("empty file") != std::string::npos);
}

TEST_CASE("roll: merges, chains followed as of the date, the merged agencies recorded") {
  auto l = lineage("old_code,new_code,from_date\nA,B,2025-07-01\nB,C,2026-01-01\nX,C,2025-07-01\n");
  AgencyRoll before(l, day("2025-06-30"), {});
  CHECK(before.roll("A", "P") == "A");
  CHECK(before.merged().empty());
  AgencyRoll mid(l, day("2025-09-01"), {});
  CHECK(mid.roll("A", "P") == "B");
  CHECK(mid.roll("B", "P") == "B");
  AgencyRoll after(l, day("2026-06-01"), {proc("P", "C")});
  CHECK(after.roll("A", "P") == "C");
  CHECK(after.roll("X", "Q") == "C");
  CHECK(after.roll("C", "P") == "C");
  CHECK(after.roll("", "P").empty()); // no agency stays none
  CHECK(after.merged() == std::map<std::string, std::set<std::string>>{{"C", {"A", "X"}}});
  CHECK(after.name_of("C") == "Cơ quan C");
  CHECK(after.name_of("A").empty());
}

TEST_CASE("roll: a split goes by the procedure's agency on the date, else to the first successor listed") {
  auto l = lineage("old_code,new_code,from_date\nS,S2,2025-07-01\nS,S1,2025-07-01\nS1,T,2026-01-01\n");
  AgencyRoll roll(l, day("2026-06-01"), {proc("P1", "T"), proc("P2", "S2"), proc("P3", "Z")});
  CHECK(roll.roll("S", "P2") == "S2");
  CHECK(roll.roll("S", "P1") == "T");  // through S1's own successor
  CHECK(roll.roll("S", "P3") == "S2"); // the procedure is elsewhere: the first successor listed
  CHECK(roll.roll("S", "P9") == "S2"); // not in the catalog
}

TEST_CASE("lineage in the cache: stored whole, replaced by the next import, loaded in file order") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  CHECK(load_lineage(db)->empty());
  auto l = lineage("old_code,new_code,from_date,note\nS,S2,2025-07-01,b\nS,S1,2025-07-01,\n");
  REQUIRE(store_lineage(db, l, "l.csv").ok());
  CHECK(load_lineage(db)->rows() == l.rows());
  REQUIRE(store_lineage(db, lineage("old_code,new_code,from_date\nA,B,2025-07-01\n"), "m.csv").ok());
  CHECK(load_lineage(db)->rows().size() == 1);
  CHECK(db.query_int64("SELECT count(*) FROM imports WHERE kind = 'agencies'") == 2);
  CHECK(agency_roll_as_of(db, day("2026-01-01")).ok());
  db.exec("DELETE FROM agency_lineage");
  auto none = agency_roll_as_of(db, day("2026-01-01"));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().kind == ErrorKind::input);
}

TEST_CASE("the report's note names what was merged") {
  std::map<std::string, std::set<std::string>> merged{{"T1", {"D1", "T2"}}, {"S1", {"S0"}}};
  CHECK(agency_structure_note(day("2026-06-01"), merged) ==
        "Agencies as of 2026-06-01 (--agency-structure); merged: S1 ← S0; T1 ← D1, T2.");
  CHECK(agency_structure_json(day("2026-06-01"), merged).dump() ==
        R"({"date":"2026-06-01","merged":[{"agency":"S1","from":["S0"]},{"agency":"T1","from":["D1","T2"]}]})");
}
