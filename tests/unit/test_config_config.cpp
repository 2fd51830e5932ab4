#include <doctest/doctest.h>

#include "config/config.hpp"

using namespace motcua;

namespace {
std::vector<Setting> parse(const char* text) {
  auto r = parse_config_text(text, "m.toml");
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return *r;
}
std::string error_of(const char* text) {
  auto r = parse_config_text(text, "m.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::usage);
  return r.error().message;
}
} // namespace

TEST_CASE("settings keep their section, text, file and line, in file order") {
  auto s = parse("db = \"/srv/m.db\"\nlock_timeout = 5\n\n[audit]\norg = \"UBND\"\n[dossiers.migrate]\n"
                 "dry_run = true\nbatch_size = 500\n");
  REQUIRE(s.size() == 5);
  CHECK(s[0].section == "");
  CHECK(s[0].key == "db");
  CHECK(s[0].value == "/srv/m.db");
  CHECK(s[1].value == "5");
  CHECK(s[1].origin() == "m.toml:2");
  CHECK(s[2].section == "audit");
  CHECK(s[2].line == 5);
  CHECK(s[3].section == "dossiers.migrate");
  CHECK(s[3].is_bool);
  CHECK(s[3].value == "true");
}

TEST_CASE("a quoted section with a space names a command beside a key of the same name") {
  auto s = parse("db = \"/srv/m.db\"\n[\"db info\"]\nformat = \"json\"\n");
  REQUIRE(s.size() == 2);
  CHECK(s[1].section == "db.info");
  CHECK(s[1].key == "format");
}

TEST_CASE("bad files are refused naming the file and line") {
  CHECK(error_of("db = \n").rfind("m.toml:1:", 0) == 0);
  CHECK(error_of("\n[audit]\ntoken = \"s3cret\"\n").find("m.toml:3: a token is never written") == 0);
  CHECK(error_of("formats = [\"a\", \"b\"]\n").find("m.toml:1: formats: expected a string") == 0);
  CHECK(error_of("[a.b.c]\nx = 1\n").find("sections are one or two names deep") != std::string::npos);
  CHECK(error_of("[sources.cat]\nurl = \"https://x\"\nfoo = 1\n").find("m.toml:3: unknown key 'foo'") == 0);
  CHECK(error_of("[sources.cat]\n").find("has no url") != std::string::npos);
}

TEST_CASE("a later file replaces an earlier one key by key; sources resolve by name") {
  auto s = parse("[sources.catalog]\nurl = \"https://example.invalid/api\"\n");
  CHECK(resolve_source("@catalog", s).value() == "https://example.invalid/api");
  CHECK(resolve_source("plain.csv", s).value() == "plain.csv");
  auto missing = resolve_source("@catalgo", s);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("did you mean @catalog?") != std::string::npos);
  CHECK(source_names(s) == std::vector<std::string>{"catalog"});
  auto none = load_config({"/nonexistent/motcua.toml"});
  CHECK_FALSE(none.ok());
}

TEST_CASE("the explicit file replaces the others and must exist") {
  ConfigLocations where{"/nonexistent/sys.toml", "/nonexistent/user.toml", std::nullopt};
  CHECK(config_files(where).value().empty());
  where.explicit_file = "/nonexistent/explicit.toml";
  CHECK_FALSE(config_files(where).ok());
  where.explicit_file = "/dev/null";
  CHECK(config_files(where).value() == std::vector<std::string>{"/dev/null"});
}

TEST_CASE("did you mean: the nearest candidate within two edits") {
  CHECK(edit_distance("dosiers", "dossiers") == 1);
  CHECK(nearest("dosiers", {"catalog", "dossiers", "db"}) == "dossiers");
  CHECK(nearest("lock_timout", {"lock_timeout", "db"}) == "lock_timeout");
  CHECK(nearest("xyz", {"catalog", "dossiers"}) == "");
}

TEST_CASE("[nightly] holds the job's known keys; dossiers may be a list, joined by spaces") {
  auto s = parse("[nightly]\ndossiers = [\"@a\", \"https://h/x?s={since}\"]\ncatalog = \"@cat\"\n"
                 "report_period = \"last-month\"\n");
  REQUIRE(s.size() == 3);
  CHECK(s[0].section == "nightly");
  CHECK(s[0].value == "@a https://h/x?s={since}");
  CHECK(s[0].line == 2);
  CHECK(s[2].key == "report_period");
  CHECK(error_of("[nightly]\ndossier = \"@a\"\n")
            .find("m.toml:2: unknown key 'dossier' in [nightly] (did you mean "
                  "dossiers?)") == 0);
  CHECK(error_of("[nightly]\nreport_format = 3\n").find("m.toml:2: nightly.report_format: expected a string") == 0);
  CHECK(error_of("[nightly]\ndossiers = [\"@a b\"]\n").find("without spaces") != std::string::npos);
  CHECK(error_of("[nightly]\ndossiers = []\n").find("the list is empty") != std::string::npos);
  CHECK(error_of("[nightly]\ncatalog = [\"@a\"]\n").find("nightly.catalog: expected a string") != std::string::npos);
  CHECK(error_of("[nightly.x]\ny = 1\n").find("not tables") != std::string::npos);
}
