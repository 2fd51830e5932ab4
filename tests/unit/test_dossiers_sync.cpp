#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/schema.hpp"
#include "dossiers/sync.hpp"

using namespace motcua;

namespace {
// 2018-03-01T08:05:09+07:00
const Instant k_t = local_instant(days_from_civil(2018, 3, 1), 8 * 3600 + 5 * 60 + 9);
} // namespace

TEST_CASE("sync: {since} and {until} expand, formatted and percent-encoded") {
  CHECK(format_url_instant(k_t, SinceFormat::iso) == "2018-03-01T08%3A05%3A09%2B07%3A00");
  CHECK(format_url_instant(k_t, SinceFormat::compact) == "20180301080509");
  CHECK(expand_url_template("https://h/api?from={since}&to={until}&x={since}", k_t, k_t + 60, SinceFormat::compact) ==
        "https://h/api?from=20180301080509&to=20180301080609&x=20180301080509");
  CHECK(expand_url_template("https://h/{sinc}{until", k_t, k_t, SinceFormat::iso) == "https://h/{sinc}{until");
  CHECK(has_since_placeholder("https://h/a?s={since}"));
  CHECK_FALSE(has_since_placeholder("https://h/a?u={until}"));
  CHECK(parse_since_format("iso") == SinceFormat::iso);
  CHECK(parse_since_format("compact") == SinceFormat::compact);
  CHECK_FALSE(parse_since_format("ISO"));
}

TEST_CASE("sync: a watermark is keyed by the template without its secrets") {
  CHECK(watermark_key("https://u:pw@h/a?token=abc&from={since}") == "https://h/a?token=REDACTED&from={since}");
}

TEST_CASE("sync: watermarks are read, replaced and listed") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  for (auto step : migrations()) db.exec(std::string(step));
  auto none = read_watermark(db, "https://h/a?s={since}");
  REQUIRE(none);
  CHECK_FALSE(*none);
  REQUIRE(write_watermark(db, Watermark{"https://h/a?s={since}", 100, 200}));
  REQUIRE(write_watermark(db, Watermark{"https://h/b?s={since}", 5, 6}));
  REQUIRE(write_watermark(db, Watermark{"https://h/a?s={since}", 300, 400}));
  auto a = read_watermark(db, "https://h/a?s={since}");
  REQUIRE(a);
  CHECK(*a == std::optional<Instant>(300));
  auto all = list_watermarks(db);
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].source == "https://h/a?s={since}");
  CHECK((*all)[0].until == 300);
  CHECK((*all)[0].updated_at == 400);
  CHECK((*all)[1].until == 5);
}

TEST_CASE("sync: a cache without the watermark table is a cache error, not an empty answer") {
  store::SqliteDatabase db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto r = read_watermark(db, "x");
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::cache);
}
