#include <doctest/doctest.h>

#include <string>
#include <unistd.h>

#include "store/pg_url.hpp"

using namespace motcua;
using namespace motcua::store;

TEST_CASE("parse_pg_target: a conninfo string with a keyword libpq does not know is refused, naming the ./ file form") {
  auto r = parse_pg_target("notes=2024.db", "motcua");
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(r.error().message.find("invalid connection option \"notes\"") != std::string::npos);
  CHECK(r.error().message.find("./notes=2024.db") != std::string::npos);
}

TEST_CASE("parse_pg_target: passes URLs, conninfo and TLS settings through") {
  auto url =
      parse_pg_target("postgresql://auditor@db.example:5433/province?sslmode=verify-full&sslrootcert=/etc/ca.pem");
  REQUIRE(url);
  CHECK(url->conninfo == "postgresql://auditor@db.example:5433/province?sslmode=verify-full&sslrootcert=/etc/ca.pem");
  CHECK(url->display == url->conninfo);
  CHECK(url->schema == "motcua");
  auto kv = parse_pg_target("host=db.example dbname=province sslmode=require", "ministry_2026");
  REQUIRE(kv);
  CHECK(kv->conninfo == "host=db.example dbname=province sslmode=require");
  CHECK(kv->schema == "ministry_2026");
}

TEST_CASE("parse_pg_target: a password inside is refused with exit 2, never echoed") {
  for (std::string db : {"postgresql://auditor:s3cret@db.example/province",
                         "postgres://auditor:s3cret@db.example/province?sslmode=require",
                         "postgresql://auditor@db.example/province?password=s3cret",
                         "postgresql://db.example/province?sslpassword=s3cret", "host=db.example password=s3cret",
                         "host=db.example password = 's3 cret' dbname=x", "host=db.example sslpassword=s3cret"}) {
    CAPTURE(db);
    auto t = parse_pg_target(db);
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::usage);
    CHECK(t.error().message.find("s3") == std::string::npos);
    CHECK(t.error().message.find("***") != std::string::npos);
    CHECK(t.error().message.find(".pgpass") != std::string::npos);
    CHECK(t.error().message.find("PGPASSWORD") != std::string::npos);
  }
}

TEST_CASE("parse_pg_target: malformed targets and schema names are usage errors") {
  auto bad = parse_pg_target("host=db.example nonsense=1");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::usage);
  CHECK(bad.error().message.find("nonsense") != std::string::npos);
  for (std::string schema : std::initializer_list<std::string>{"", "Motcua", "1motcua", "pg_catalog", "mot-cua",
                                                               "a;drop", std::string(64, 'a')}) {
    CAPTURE(schema);
    auto t = parse_pg_target("host=db.example", schema);
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::usage);
  }
  CHECK(parse_pg_target("host=db.example", std::string(63, 'a')));
}

TEST_CASE("redact_pg_target: blanks passwords, keeps the rest") {
  CHECK(redact_pg_target("postgresql://u:pw@h:5432/d?sslmode=require&password=x#f") ==
        "postgresql://u:***@h:5432/d?sslmode=require&password=***#f");
  CHECK(redact_pg_target("postgresql://u@h/d") == "postgresql://u@h/d");
  CHECK(redact_pg_target("host=h password='a b\\' c' user=u") == "host=h password=*** user=u");
  CHECK(redact_pg_target("host=h sslpassword=k") == "host=h sslpassword=***");
}

TEST_CASE("pg_application_name: motcua, the host and the pid, within 63 bytes") {
  std::string name = pg_application_name();
  CHECK(name.rfind("motcua ", 0) == 0);
  CHECK(name.size() <= 63);
  CHECK(name.substr(name.rfind(' ') + 1) == std::to_string(::getpid()));
}
