#include <doctest/doctest.h>

#include <cmath>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "audit/params.hpp"
#include "cache/schema.hpp"

using namespace motcua;

TEST_CASE("parse_as_of: now when empty, a date-time as given, a date the last second of that local day") {
  Instant before = now();
  auto empty = parse_as_of("");
  REQUIRE(empty);
  CHECK(*empty >= before);
  CHECK(*empty <= now());
  CHECK(parse_as_of("2018-03-05T08:15") == parse_datetime("2018-03-05T08:15"));
  CHECK(format_instant(*parse_as_of("2018-12-31")) == "2018-12-31T23:59:59+07:00");
  CHECK_FALSE(parse_as_of("31/12/2018"));
}

TEST_CASE("make_audit_params: due-soon hours become seconds, and unreadable values are usage errors") {
  AuditRequest r;
  r.as_of = "2018-12-31T23:00";
  r.due_soon_hours = 1.5;
  auto p = make_audit_params(r);
  REQUIRE(p);
  CHECK(p->as_of == *parse_datetime("2018-12-31T23:00"));
  CHECK(p->due_soon_seconds == 5400);
  r.due_soon_hours = std::nan("");
  CHECK(make_audit_params(r).error().kind == ErrorKind::usage);
  r.due_soon_hours = -1;
  CHECK_FALSE(make_audit_params(r));
  r.due_soon_hours = 8;
  r.as_of = "yesterday";
  CHECK(make_audit_params(r).error().kind == ErrorKind::usage);
}

TEST_CASE("make_audit_filter: dates, agency and procedure, an empty option does not filter") {
  AuditRequest r;
  auto none = make_audit_filter(r);
  REQUIRE(none);
  CHECK_FALSE(none->from);
  CHECK_FALSE(none->to);
  r.from = "2018-01-01";
  r.to = "2018-12-31";
  r.agency = "A1";
  r.procedure = "P1";
  auto f = make_audit_filter(r);
  REQUIRE(f);
  CHECK(f->from == parse_date("2018-01-01"));
  CHECK(f->to == parse_date("2018-12-31"));
  CHECK(f->agency_code == "A1");
  CHECK(f->procedure_code == "P1");
  r.to = "2018-13-01";
  CHECK(make_audit_filter(r).error().kind == ErrorKind::usage);
}

TEST_CASE("snapshot_params: the request as given (null when absent), versions and digests of calendar and catalog") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  auto history = CatalogHistory::load(db);
  REQUIRE(history);
  AuditRequest r;
  r.as_of = "2018-12-31";
  r.from = "2018-01-01";
  r.agency = "A1";
  auto params = make_audit_params(r);
  REQUIRE(params);
  auto p = snapshot_params(db, *history, r, *params);
  REQUIRE(p);
  CHECK((*p)["as_of"] == "2018-12-31T23:59:59+07:00");
  CHECK((*p)["from"] == "2018-01-01");
  CHECK((*p)["to"].is_null());
  CHECK((*p)["agency"] == "A1");
  CHECK((*p)["procedure"].is_null());
  CHECK((*p)["due_soon_hours"] == 8.0);
  CHECK((*p)["cache_schema_version"] == k_schema_version);
  CHECK((*p)["calendar_sha256"].get<std::string>().size() == 64);
  CHECK((*p)["catalog_sha256"].get<std::string>().size() == 64);
  std::vector<std::string> keys;
  for (auto it = p->begin(); it != p->end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"as_of", "from", "to", "agency", "procedure", "due_soon_hours",
                                         "motcua_version", "cache_schema_version", "calendar_sha256",
                                         "catalog_sha256"});
  // The calendar is read from the cache: a database without its tables is a cache error.
  store::SqliteDatabase empty(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  CHECK(snapshot_params(empty, *history, r, *params).error().kind == ErrorKind::cache);
}
