#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "store/sqlite.hpp"

#include "cache/schema.hpp"
#include "catalog/store.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

// The library's reads, which must succeed on these caches.
std::optional<Procedure> stored_procedure(store::Database& db, const std::string& code, Days as_of) {
  auto p = procedure_as_of(db, code, as_of);
  REQUIRE_MESSAGE(p, p.error().message);
  return *p;
}

std::vector<Procedure> stored_catalog(store::Database& db, Days as_of) {
  auto c = catalog_as_of(db, as_of);
  REQUIRE_MESSAGE(c, c.error().message);
  return *c;
}

Procedure proc(const std::string& code, const std::string& name = "Thủ tục", double time = 5) {
  Procedure p;
  p.code = code;
  p.name = name;
  p.processing_time = time;
  return p;
}

Days day(const char* text) { return *parse_date(text); }

// Applies a snapshot that must succeed; these cases are not about the withdraw guard, so any withdrawal is allowed.
ImportCounts apply(store::Database& db, const std::vector<Procedure>& ps, const char* date,
                   SnapshotMode mode = SnapshotMode::full, std::int64_t rejected = 0, bool dry_run = false,
                   const std::unordered_set<std::string>& rejected_codes = {}) {
  auto c = apply_catalog_snapshot(db, ps, day(date), mode, WithdrawLimit::any(), rejected, "test.json", dry_run,
                                  rejected_codes);
  REQUIRE_MESSAGE(c, c.error().message);
  return *c;
}

// "code:name" for each procedure on the date, in code order.
std::vector<std::string> catalog_on(store::Database& db, const char* date) {
  std::vector<std::string> out;
  for (const auto& p : stored_catalog(db, day(date))) out.push_back(p.code + ":" + p.name);
  return out;
}

std::int64_t count(store::Database& db, const char* table) {
  return db.query_int64(std::string("SELECT count(*) FROM ") + table);
}

void check_counts(const ImportCounts& c, std::int64_t inserted, std::int64_t updated, std::int64_t unchanged,
                  std::int64_t withdrawn) {
  CHECK(c.inserted == inserted);
  CHECK(c.updated == updated);
  CHECK(c.unchanged == unchanged);
  CHECK(c.withdrawn == withdrawn);
  CHECK(c.read == c.inserted + c.updated + c.unchanged + c.rejected);
}

} // namespace

TEST_CASE("apply_catalog_snapshot: the first snapshot inserts everything and logs the import") {
  auto db = memory_cache();
  auto c = apply(*db, {proc("B"), proc("A"), proc("C")}, "2020-01-01", SnapshotMode::full, 2);
  check_counts(c, 3, 0, 0, 0);
  CHECK(c.rejected == 2);
  CHECK(c.read == 5);
  CHECK(catalog_on(*db, "2020-01-01") == std::vector<std::string>{"A:Thủ tục", "B:Thủ tục", "C:Thủ tục"});
  CHECK(catalog_on(*db, "2019-12-31").empty());
  CHECK(count(*db, "imports") == 1);
  CHECK(
      query_text(
          *db,
          "SELECT kind || '|' || source || '|' || as_of || '|' || read || '|' || inserted || '|' || rejected FROM imports") ==
      "catalog|test.json|" + std::to_string(day("2020-01-01")) + "|5|3|2");
}

TEST_CASE("apply_catalog_snapshot: re-applying the same snapshot changes nothing") {
  auto db = memory_cache();
  std::vector<Procedure> ps = {proc("A"), proc("B", "Hai", 0.5)};
  ps[1].fee = 1000;
  ps[1].extra = R"({"note":"x"})";
  apply(*db, ps, "2020-01-01");
  auto events = count(*db, "procedure_events");
  auto again = apply(*db, ps, "2020-01-01");
  check_counts(again, 0, 0, 2, 0);
  CHECK(count(*db, "procedure_events") == events);
  // The same snapshot on a later date is unchanged too, and writes no event.
  auto later = apply(*db, ps, "2021-01-01");
  check_counts(later, 0, 0, 2, 0);
  CHECK(count(*db, "procedure_events") == events);
}

TEST_CASE("apply_catalog_snapshot: a later snapshot updates, inserts and withdraws, history keeps every date") {
  auto db = memory_cache();
  apply(*db, {proc("A", "Cũ"), proc("B"), proc("C")}, "2020-01-01");
  auto c = apply(*db, {proc("A", "Mới"), proc("B"), proc("D")}, "2021-06-01");
  check_counts(c, 1, 1, 1, 1);

  CHECK(catalog_on(*db, "2020-01-01") == std::vector<std::string>{"A:Cũ", "B:Thủ tục", "C:Thủ tục"});
  CHECK(catalog_on(*db, "2021-05-31") == std::vector<std::string>{"A:Cũ", "B:Thủ tục", "C:Thủ tục"});
  CHECK(catalog_on(*db, "2021-06-01") == std::vector<std::string>{"A:Mới", "B:Thủ tục", "D:Thủ tục"});
  CHECK(catalog_on(*db, "2030-01-01") == std::vector<std::string>{"A:Mới", "B:Thủ tục", "D:Thủ tục"});

  CHECK(stored_procedure(*db, "A", day("2020-06-01"))->name == "Cũ");
  CHECK(stored_procedure(*db, "A", day("2021-06-01"))->name == "Mới");
  CHECK_FALSE(stored_procedure(*db, "A", day("2019-12-31")));
  CHECK(stored_procedure(*db, "C", day("2021-05-31")));
  CHECK_FALSE(stored_procedure(*db, "C", day("2021-06-01")));
  CHECK_FALSE(stored_procedure(*db, "C", day("2030-01-01")));
  CHECK_FALSE(stored_procedure(*db, "D", day("2021-05-31")));
  CHECK_FALSE(stored_procedure(*db, "Z", day("2030-01-01")));

  // The count is the same rule: it never disagrees with the list.
  for (const char* d : {"2019-12-31", "2020-01-01", "2021-05-31", "2021-06-01", "2030-01-01"})
    CHECK(*catalog_size_as_of(*db, day(d)) == static_cast<std::int64_t>(catalog_as_of(*db, day(d))->size()));
  CHECK(*catalog_size_as_of(*db, day("2019-12-31")) == 0);
  CHECK(*catalog_size_as_of(*db, day("2021-06-01")) == 3);

  // A withdrawn procedure is not withdrawn again; one that comes back is inserted.
  auto same = apply(*db, {proc("A", "Mới"), proc("B"), proc("D")}, "2022-01-01");
  check_counts(same, 0, 0, 3, 0);
  auto back = apply(*db, {proc("A", "Mới"), proc("B"), proc("C"), proc("D")}, "2023-01-01");
  check_counts(back, 1, 0, 3, 0);
  CHECK(stored_procedure(*db, "C", day("2023-01-01")));
  CHECK_FALSE(stored_procedure(*db, "C", day("2022-12-31")));
}

TEST_CASE("apply_catalog_snapshot: an earlier snapshot fills in history without touching later dates") {
  auto db = memory_cache();
  apply(*db, {proc("A", "2020"), proc("B")}, "2020-01-01");
  auto c = apply(*db, {proc("A", "2018"), proc("X")}, "2018-01-01");
  check_counts(c, 2, 0, 0, 0); // nothing stood on 2018-01-01 before
  CHECK(catalog_on(*db, "2018-06-01") == std::vector<std::string>{"A:2018", "X:Thủ tục"});
  CHECK(catalog_on(*db, "2020-01-01") == std::vector<std::string>{"A:2020", "B:Thủ tục", "X:Thủ tục"});
}

TEST_CASE("apply_catalog_snapshot: the same date again replaces that date's state") {
  auto db = memory_cache();
  apply(*db, {proc("A", "sai"), proc("B")}, "2020-01-01");
  auto c = apply(*db, {proc("A", "đúng")}, "2020-01-01");
  check_counts(c, 0, 1, 0, 1);
  CHECK(catalog_on(*db, "2020-01-01") == std::vector<std::string>{"A:đúng"});
  CHECK(count(*db, "procedure_events") == 2); // one row per (code, date)
}

TEST_CASE("apply_catalog_snapshot: partial mode never withdraws") {
  auto db = memory_cache();
  apply(*db, {proc("A"), proc("B")}, "2020-01-01");
  auto c = apply(*db, {proc("B", "đổi"), proc("C")}, "2020-02-01", SnapshotMode::partial);
  check_counts(c, 1, 1, 0, 0);
  CHECK(catalog_on(*db, "2020-02-01") == std::vector<std::string>{"A:Thủ tục", "B:đổi", "C:Thủ tục"});
}

TEST_CASE("apply_catalog_snapshot: a dry run counts the same and writes nothing") {
  auto db = memory_cache();
  apply(*db, {proc("A"), proc("B")}, "2020-01-01");
  std::vector<Procedure> next = {proc("A", "đổi"), proc("C")};
  auto dry = apply(*db, next, "2020-02-01", SnapshotMode::full, 1, true);
  check_counts(dry, 1, 1, 0, 1);
  CHECK(dry.rejected == 1);
  CHECK(count(*db, "procedure_events") == 2);
  CHECK(count(*db, "imports") == 1);
  CHECK(catalog_on(*db, "2020-02-01") == std::vector<std::string>{"A:Thủ tục", "B:Thủ tục"});
  // The real run agrees with the dry one.
  auto real = apply(*db, next, "2020-02-01", SnapshotMode::full, 1, false);
  check_counts(real, 1, 1, 0, 1);
  CHECK(count(*db, "imports") == 2);
  CHECK(catalog_on(*db, "2020-02-01") == std::vector<std::string>{"A:đổi", "C:Thủ tục"});
}

TEST_CASE("apply_catalog_snapshot: codes rejected in the source keep their last good state") {
  auto db = memory_cache();
  apply(*db, {proc("A"), proc("B", "tốt"), proc("C")}, "2020-01-01");
  auto c = apply(*db, {proc("A")}, "2020-02-01", SnapshotMode::full, 1, false, {"B", "ZZ"});
  check_counts(c, 0, 0, 1, 1); // only C is gone
  CHECK(c.rejected == 1);
  CHECK(stored_procedure(*db, "B", day("2020-02-01"))->name == "tốt");
  CHECK_FALSE(stored_procedure(*db, "C", day("2020-02-01")));
  CHECK_FALSE(stored_procedure(*db, "ZZ", day("2020-02-01"))); // a rejected code inserts nothing
}

TEST_CASE("apply_catalog_snapshot: every field survives the cache, and the search key is folded") {
  auto db = memory_cache();
  Procedure p;
  p.code = "1.001612";
  p.name = "Đăng ký khai sinh";
  p.agency_code = "H26";
  p.agency_name = "UBND xã";
  p.field_code = "HT";
  p.field_name = "Hộ tịch";
  p.level = 3;
  p.online = Online::full;
  p.processing_time = 0.25;
  p.processing_unit = ProcessingUnit::calendar_days;
  p.fee = 8'000'000'000LL;
  p.extra = R"({"note":"giữ"})";
  Procedure bare = proc("2.0");
  apply(*db, {p, bare}, "2020-01-01");
  auto back = stored_procedure(*db, p.code, day("2020-01-01"));
  REQUIRE(back);
  CHECK(*back == p);
  auto back_bare = stored_procedure(*db, "2.0", day("2020-01-01"));
  REQUIRE(back_bare);
  CHECK(*back_bare == bare);
  auto all = stored_catalog(*db, day("2020-01-01"));
  REQUIRE(all.size() == 2);
  CHECK(all[0] == p);
  CHECK(all[1] == bare);
  CHECK(query_text(*db, "SELECT search_key FROM procedure_events WHERE code = '1.001612'") ==
        "1.001612 dang ky khai sinh");
  // Absent text is stored as NULL, not as an empty string.
  CHECK(db->query_int64(
            "SELECT count(*) FROM procedure_events WHERE code = '2.0' AND agency_code IS NULL AND extra IS NULL AND "
            "level IS NULL AND fee IS NULL") == 1);
  // Any field changing is an update.
  Procedure changed = p;
  changed.extra = R"({"note":"khác"})";
  check_counts(apply(*db, {changed, bare}, "2020-03-01"), 0, 1, 1, 0);
  changed.fee.reset();
  check_counts(apply(*db, {changed, bare}, "2020-04-01"), 0, 1, 1, 0);
  changed.processing_unit = ProcessingUnit::working_days;
  check_counts(apply(*db, {changed, bare}, "2020-05-01"), 0, 1, 1, 0);
}

TEST_CASE("apply_catalog_snapshot: an empty full snapshot withdraws everything present") {
  auto db = memory_cache();
  apply(*db, {proc("A"), proc("B")}, "2020-01-01");
  auto c = apply(*db, {}, "2020-02-01");
  check_counts(c, 0, 0, 0, 2);
  CHECK(catalog_on(*db, "2020-02-01").empty());
  CHECK(catalog_on(*db, "2020-01-31").size() == 2);
}

TEST_CASE("check_snapshot: a full snapshot without a valid procedure is refused, a partial one may be empty") {
  auto refused = check_snapshot(0, 3, SnapshotMode::full);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::input);
  CHECK(refused.error().message ==
        "no valid procedure in the sources (3 rejected): refusing to withdraw the whole catalog; nothing was imported");
  CHECK(check_snapshot(0, 0, SnapshotMode::partial));
  CHECK(check_snapshot(1, 0, SnapshotMode::full));
}

namespace {

// Procedures P<from+1>..P<n>, as a feed would list them.
std::vector<Procedure> procs(int n, int from = 0) {
  std::vector<Procedure> out;
  for (int i = from; i < n; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "P%03d", i + 1);
    out.push_back(proc(code));
  }
  return out;
}

// Everything that a refused import must leave as it was.
std::string cache_state(store::Database& db) {
  return query_text(
             db,
             "SELECT count(*) || '|' || coalesce(sum(present), 0) || '|' || coalesce(max(as_of), 0) FROM procedure_events") +
         "|" + std::to_string(count(db, "imports"));
}

} // namespace

TEST_CASE(
    "apply_catalog_snapshot: a full snapshot withdrawing more than --max-withdraw is refused and changes nothing") {
  auto db = memory_cache();
  check_counts(apply(*db, procs(200), "2020-01-01"), 200, 0, 0, 0);
  auto before = cache_state(*db);
  std::vector<Procedure> truncated = procs(3);
  truncated[0].name = "đổi"; // an update that must not be written either

  for (bool dry_run : {false, true}) {
    CAPTURE(dry_run);
    auto refused =
        apply_catalog_snapshot(*db, truncated, day("2020-02-01"), SnapshotMode::full, WithdrawLimit(), 0, "t", dry_run);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::input);
    CHECK(refused.error().message.find("withdraw 197 of the 200 procedures in the catalog as of 2020-02-01") !=
          std::string::npos);
    CHECK(refused.error().message.find("--max-withdraw 10%") != std::string::npos);
    CHECK(refused.error().message.find("--partial") != std::string::npos);
    CHECK(cache_state(*db) == before);
    CHECK(catalog_on(*db, "2020-02-01").size() == 200);
  }

  // A count at least the withdrawals, or 100%, lets it through; the dry run agrees with the real one.
  auto dry = apply_catalog_snapshot(*db, truncated, day("2020-02-01"), SnapshotMode::full, WithdrawLimit::count(197), 0,
                                    "t", true);
  REQUIRE(dry);
  check_counts(*dry, 0, 1, 2, 197);
  CHECK_FALSE(apply_catalog_snapshot(*db, truncated, day("2020-02-01"), SnapshotMode::full, WithdrawLimit::count(196),
                                     0, "t", false));
  auto real = apply_catalog_snapshot(*db, truncated, day("2020-02-01"), SnapshotMode::full, WithdrawLimit::count(200),
                                     0, "t", false);
  REQUIRE(real);
  check_counts(*real, 0, 1, 2, 197);
  CHECK(catalog_on(*db, "2020-02-01").size() == 3);
  CHECK(catalog_on(*db, "2020-01-31").size() == 200);
}

TEST_CASE(
    "apply_catalog_snapshot: the percentage is of the catalog present on the snapshot's date, the limit included") {
  auto db = memory_cache();
  apply(*db, procs(200), "2020-01-01");
  auto at_half = [&](int kept, const char* date) {
    return apply_catalog_snapshot(*db, procs(kept), day(date), SnapshotMode::full,
                                  WithdrawLimit::percent_hundredths(5000), 0, "t", false);
  };
  CHECK_FALSE(at_half(99, "2020-02-01"));  // 101 of 200 > 50%
  auto exact = at_half(100, "2020-02-01"); // 100 of 200 = 50%: allowed
  REQUIRE(exact);
  CHECK(exact->withdrawn == 100);
  // On 2020-03-01 the catalog has 100 procedures: 50 more is half of it again, 51 is too many.
  CHECK_FALSE(at_half(49, "2020-03-01"));
  REQUIRE(at_half(50, "2020-03-01"));
  // A snapshot dated before the first import sees an empty catalog: it withdraws nothing.
  auto early = apply_catalog_snapshot(*db, procs(1), day("2019-01-01"), SnapshotMode::full, WithdrawLimit::count(0), 0,
                                      "t", false);
  REQUIRE(early);
  CHECK(early->withdrawn == 0);
}

TEST_CASE("apply_catalog_snapshot: the guard spares first imports, partial imports and codes rejected in the source") {
  auto db = memory_cache();
  // First import into an empty catalog: nothing to withdraw, even with a limit of 0.
  REQUIRE(apply_catalog_snapshot(*db, procs(10), day("2020-01-01"), SnapshotMode::full, WithdrawLimit::count(0), 0, "t",
                                 false));
  // --partial never withdraws, so it is never refused.
  auto partial = apply_catalog_snapshot(*db, procs(1), day("2020-02-01"), SnapshotMode::partial,
                                        WithdrawLimit::count(0), 0, "t", false);
  REQUIRE(partial);
  CHECK(partial->withdrawn == 0);
  // Codes rejected in the source keep their state, so they do not count as withdrawals: 1 of 10 is within 10%.
  std::unordered_set<std::string> rejected_codes;
  for (const auto& p : procs(10, 1)) rejected_codes.insert(p.code);
  auto c = apply_catalog_snapshot(*db, {}, day("2020-03-01"), SnapshotMode::full, WithdrawLimit(), 9, "t", false,
                                  rejected_codes);
  REQUIRE(c);
  CHECK(c->withdrawn == 1);
  // Withdrawing nothing is always within the limit.
  REQUIRE(apply_catalog_snapshot(*db, procs(10, 1), day("2020-03-01"), SnapshotMode::full, WithdrawLimit::count(0), 0,
                                 "t", false));
}

TEST_CASE("procedure_as_of: a stored online level or unit this motcua cannot read is a cache error, not a default") {
  auto db = memory_cache();
  apply(*db, {proc("1.001")}, "2020-01-01", SnapshotMode::full);
  REQUIRE(procedure_as_of(*db, "1.001", day("2020-01-01"))); // readable as written
  for (const char* column : {"online", "processing_unit"}) {
    CAPTURE(column);
    auto fresh = memory_cache();
    apply(*fresh, {proc("1.001")}, "2020-01-01", SnapshotMode::full);
    fresh->exec(std::string("UPDATE procedure_events SET ") + column + " = 'fortnights'");
    auto p = procedure_as_of(*fresh, "1.001", day("2020-01-01"));
    REQUIRE_FALSE(p);
    CHECK(p.error().kind == ErrorKind::cache);
    CHECK(p.error().message.find(std::string("column ") + column + " holds 'fortnights'") != std::string::npos);
    CHECK(p.error().message.find("1.001") != std::string::npos);
  }
}
