#include <doctest/doctest.h>

#include "support/memory_cache.hpp"

#include <sqlite3.h>

#include "store/sqlite.hpp"
#include <nlohmann/json.hpp>

#include "cache/schema.hpp"
#include "dossiers/migrate.hpp"

using namespace motcua;

namespace {

using motcua::testing::memory_cache;

// A source spooled to a temporary file, as a fetched page is.
MigrationSource page(const std::string& name, const std::string& text) {
  auto spool = SpoolFile::create(name);
  REQUIRE(spool);
  REQUIRE((*spool)->append(text.data(), text.size()));
  MigrationSource s;
  s.name = name;
  s.spool = std::move(*spool);
  return s;
}

std::string record(const std::string& code, const std::string& status = "received") {
  return R"({"code": ")" + code + R"(", "procedure_code": "1.000001", "channel": "direct", "status": ")" + status +
         R"(", "received_at": "2018-01-02T08:00"})"
         "\n";
}

// Rejects kept in memory.
class ListSink final : public RejectsSink {
public:
  Status add(const Reject& r) override {
    rejects.push_back(r);
    return {};
  }
  std::vector<Reject> rejects;
};

// Every stored dossier as canonical JSON text, in order: the cache state as export sees it.
std::string state(store::Database& db) {
  std::string out;
  auto st = for_each_dossier(db, {}, [&](const Dossier& d) {
    out += to_json(d).dump() + "\n";
    return true;
  });
  REQUIRE(st);
  return out;
}

std::int64_t imports(store::Database& db) { return db.query_int64("SELECT count(*) FROM imports"); }

MigrationOptions options(OnConflict on_conflict = OnConflict::update, std::size_t batch_size = 200000) {
  MigrationOptions o;
  o.store.on_conflict = on_conflict;
  o.store.batch_size = batch_size;
  o.source_desc = "test";
  return o;
}

Result<MigrationReport> run(store::Database& db, std::vector<MigrationSource> sources, const MigrationOptions& o,
                            ListSink* sink = nullptr) {
  ListSink local;
  if (auto st = preflight(sources, o.reader); !st) return st.error();
  return migrate(db, sources, o, sink ? *sink : local);
}

void check_reconciles(const ImportCounts& c) { CHECK(c.read == c.inserted + c.updated + c.unchanged + c.rejected); }

} // namespace

TEST_CASE("preflight: a broken source anywhere in the list is refused before anything is read into the cache") {
  // The JSON array breaks after two good records: its streaming reader would hand them out first.
  std::vector<MigrationSource> sources = {
      page("good.ndjson", record("G-1")),
      page("broken.json", "[" + record("B-1") + "," + record("B-2") + ",{\"code\": "),
  };
  auto st = preflight(sources, ReaderOptions{});
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message.find("broken.json") != std::string::npos);

  std::vector<MigrationSource> undecodable = {page("latin1.ndjson", "{\"code\": \"L\xe9-1\"}\n")};
  auto bad_bytes = preflight(undecodable, ReaderOptions{});
  REQUIRE_FALSE(bad_bytes);
  CHECK(bad_bytes.error().message.find("latin1.ndjson") != std::string::npos);

  CHECK(preflight({page("good.ndjson", record("G-1"))}, ReaderOptions{}));
}

TEST_CASE("migrate: counts reconcile, read = inserted + updated + unchanged + rejected, and rejects reach the sink") {
  auto db = memory_cache();
  ListSink sink;
  std::string bad =
      R"({"code": "X-9", "procedure_code": "1.000001", "channel": "direct", "status": "bogus", "received_at": "2018-01-02T08:00"})"
      "\n";
  auto first = run(*db, {page("a.ndjson", record("A-1") + bad + record("A-2"))}, options(), &sink);
  REQUIRE_MESSAGE(first, first.error().message);
  CHECK(first->counts.read == 3);
  CHECK(first->counts.inserted == 2);
  CHECK(first->counts.rejected == 1);
  check_reconciles(first->counts);
  REQUIRE(sink.rejects.size() == 1);
  CHECK(sink.rejects[0].position == 2);
  CHECK(sink.rejects[0].reason.find("status") != std::string::npos);

  // Two sources: one record changed, one as it was, one new, the reject again.
  auto second =
      run(*db, {page("a.ndjson", record("A-1", "processing") + bad), page("b.ndjson", record("A-2") + record("B-1"))},
          options());
  REQUIRE_MESSAGE(second, second.error().message);
  CHECK(second->counts.read == 4);
  CHECK(second->counts.updated == 1);
  CHECK(second->counts.unchanged == 1);
  CHECK(second->counts.inserted == 1);
  CHECK(second->counts.rejected == 1);
  check_reconciles(second->counts);
  CHECK(imports(*db) == 2);
}

TEST_CASE("migrate: --on-conflict update replaces, skip keeps the cached record and counts it") {
  auto db = memory_cache();
  REQUIRE(run(*db, {page("a.ndjson", record("A-1") + record("A-2"))}, options()));
  auto skipped = run(*db, {page("a.ndjson", record("A-1", "processing") + record("A-2"))}, options(OnConflict::skip));
  REQUIRE(skipped);
  CHECK(skipped->skipped == 1);
  CHECK(skipped->counts.unchanged == 2);
  check_reconciles(skipped->counts);
  CHECK(state(*db).find("processing") == std::string::npos);
  auto updated = run(*db, {page("a.ndjson", record("A-1", "processing") + record("A-2"))}, options(OnConflict::update));
  REQUIRE(updated);
  CHECK(updated->counts.updated == 1);
  CHECK(state(*db).find("processing") != std::string::npos);
}

TEST_CASE(
    "migrate: --on-conflict fail finds a cached code with other data before the first write, even batches later") {
  auto db = memory_cache();
  REQUIRE(run(*db, {page("old.ndjson", record("Z-9"))}, options()));
  std::string before = state(*db);
  auto imports_before = imports(*db);
  // With batches of 2, the conflict (record 5) comes after two batches would have been committed.
  std::string input = record("N-1") + record("N-2") + record("N-3") + record("N-4") + record("Z-9", "processing");
  auto r = run(*db, {page("new.ndjson", input)}, options(OnConflict::fail, 2));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::input);
  CHECK(r.error().message.find("at new.ndjson:5: dossier 'Z-9' is already in the cache with different data") !=
        std::string::npos);
  CHECK(r.error().message.find("nothing was imported") != std::string::npos);
  CHECK(r.error().message.find("committed") == std::string::npos);
  CHECK(state(*db) == before);
  CHECK(imports(*db) == imports_before);

  // The same data again is no conflict: a re-run of an input passes.
  auto again = run(*db, {page("old.ndjson", record("Z-9"))}, options(OnConflict::fail, 2));
  REQUIRE_MESSAGE(again, again.error().message);
  CHECK(again->counts.unchanged == 1);
}

TEST_CASE("migrate: --on-conflict fail refuses a code twice in the input with different data, before any write") {
  auto db = memory_cache();
  std::string input = record("D-1") + record("D-2") + record("D-3") + record("D-1", "processing");
  auto r = run(*db, {page("a.ndjson", record("A-1")), page("b.ndjson", input)}, options(OnConflict::fail, 2));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::input);
  CHECK(r.error().message.find(
            "at b.ndjson:4: dossier 'D-1' appears twice in the input with different data (first at b.ndjson:1)") !=
        std::string::npos);
  CHECK(state(*db).empty());
  CHECK(imports(*db) == 0);

  // The same record twice is not a conflict: the second is unchanged.
  auto same = run(*db, {page("a.ndjson", record("D-1") + record("D-1"))}, options(OnConflict::fail, 2));
  REQUIRE_MESSAGE(same, same.error().message);
  CHECK(same->counts.inserted == 1);
  CHECK(same->counts.unchanged == 1);
}

TEST_CASE("migrate: a dry run counts like a real run and writes nothing") {
  auto db = memory_cache();
  auto o = options();
  o.store.dry_run = true;
  auto r = run(*db, {page("a.ndjson", record("A-1") + record("A-2"))}, o);
  REQUIRE(r);
  CHECK(r->counts.inserted == 2);
  CHECK(state(*db).empty());
  CHECK(imports(*db) == 0);
}

TEST_CASE("migrate: the hooks hear each source and the records read, and a loaded page is dropped") {
  auto db = memory_cache();
  std::vector<MigrationSource> sources = {page("a.ndjson", record("A-1")),
                                          page("b.ndjson", record("B-1") + record("B-2"))};
  std::vector<std::string> names;
  std::int64_t last = 0;
  MigrationHooks hooks;
  hooks.source = [&](const std::string& name) { names.push_back(name); };
  hooks.progress = [&](std::int64_t read, const Progress&) { last = read; };
  ListSink sink;
  auto r = migrate(*db, sources, options(), sink, hooks);
  REQUIRE(r);
  CHECK(names == std::vector<std::string>{"a.ndjson", "b.ndjson"});
  CHECK(last == 3);
  CHECK_FALSE(sources[0].spool); // each spool goes as soon as it is loaded
}

TEST_CASE("migrate: --max-rejects limits parse as N or P%, and only more than the limit is past it") {
  auto n = parse_reject_limit("3");
  REQUIRE(n);
  CHECK_FALSE(n->percent);
  CHECK_FALSE(past_reject_limit(*n, 100, 3));
  CHECK(past_reject_limit(*n, 100, 4));
  auto p = parse_reject_limit("2.5%");
  REQUIRE(p);
  CHECK(p->percent);
  CHECK_FALSE(past_reject_limit(*p, 200, 5));
  CHECK(past_reject_limit(*p, 200, 6));
  CHECK_FALSE(past_reject_limit(*p, 0, 0));
  for (const char* bad : {"", "%", "-1", "1.5", "101%", "5%%", ".5%", "5.%", "abc", "1e3"})
    CHECK_MESSAGE(!parse_reject_limit(bad), bad);
}

TEST_CASE("url_query_parameter: the sync URL's MaDinhDanhDV, percent-decoded") {
  CHECK(url_query_parameter("https://x/api/sync?MaDinhDanhDV=000.00.24.H99&page=2", "MaDinhDanhDV") == "000.00.24.H99");
  CHECK(url_query_parameter("https://x/api/sync?page=2&MaDinhDanhDV=000%2E00.24.H99#top", "MaDinhDanhDV") ==
        "000.00.24.H99");
  CHECK(url_query_parameter("https://x/api/sync?XMaDinhDanhDV=1", "MaDinhDanhDV").empty());
  CHECK(url_query_parameter("https://x/api/sync", "MaDinhDanhDV").empty());
}

TEST_CASE("migrate --jobs: 1 reads on the writing thread, 2 on its own; the same counts, rejects and cache") {
  std::string text;
  for (int i = 0; i < 3000; ++i) // several blocks of the pipe and several batches
    text += i % 11 == 5 ? "not json\n" : record("J-" + std::to_string(i), i % 3 ? "received" : "processing");
  std::vector<std::string> states, notes_seen;
  std::vector<std::int64_t> rejected;
  for (int jobs : {1, 2}) {
    CAPTURE(jobs);
    auto db = memory_cache();
    ListSink sink;
    MigrationOptions o = options(OnConflict::update, 700);
    o.jobs = jobs;
    std::vector<MigrationSource> sources = {page("j.ndjson", text)};
    REQUIRE(preflight(sources, o.reader));
    MigrationHooks hooks;
    std::string notes;
    hooks.note = [&](const std::string& n) { notes += n + "\n"; };
    auto r = migrate(*db, sources, o, sink, hooks);
    REQUIRE_MESSAGE(r, r.error().message);
    check_reconciles(r->counts);
    CHECK(r->counts.read == 3000);
    std::string rejects;
    for (const auto& x : sink.rejects) rejects += std::to_string(x.position) + x.reason + "\n";
    states.push_back(state(*db) + rejects);
    rejected.push_back(r->counts.rejected);
    notes_seen.push_back(notes);
  }
  CHECK(states[0] == states[1]);
  CHECK(rejected[0] == rejected[1]);
  CHECK(rejected[0] == 273);
  CHECK(notes_seen[0].find("reading and writing on one thread") != std::string::npos);
  CHECK(notes_seen[1].find("reading on a thread of its own") != std::string::npos);
}
