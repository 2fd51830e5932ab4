#include "dossiers/migrate.hpp"

#include <algorithm>
#include <sys/stat.h>
#include <unordered_map>
#include <unordered_set>

#include <SQLiteCpp/Statement.h>

#include "cache/cache.hpp"
#include "io/source.hpp"
#include "io/text.hpp"

namespace motcua {

namespace {

void tell(const std::function<void(const std::string&)>& hook, const std::string& text) {
  if (hook) hook(text);
}

Result<std::unique_ptr<ByteStream>> open_stream(const MigrationSource& s) {
  if (s.spool) return s.spool->open(s.name);
  auto f = FileStream::open(s.path);
  if (!f) return f.error();
  return std::unique_ptr<ByteStream>(std::move(*f));
}

Result<std::unique_ptr<DossierReader>> open_reader(const MigrationSource& s, const ReaderOptions& options) {
  auto stream = open_stream(s);
  if (!stream) return stream.error();
  if (s.agency_code.empty()) return open_dossier_reader(std::move(*stream), s.name, options);
  ReaderOptions own = options; // the sync URL names the unit of every record it returns
  own.dvcqg.agency_code = s.agency_code;
  return open_dossier_reader(std::move(*stream), s.name, own);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status check_source(const MigrationSource& s, const ReaderOptions& options) {
  auto check_stream = open_stream(s);
  if (!check_stream) return check_stream.error();
  if (auto st = check_decodable(**check_stream, effective_encoding(options)); !st) return st;
  auto reader = open_reader(s, options);
  if (!reader) return reader.error();
  InputFormat format = (*reader)->format();
  reader->reset();
  if (format != InputFormat::json && format != InputFormat::dvcqg) return {};
  auto syntax_stream = open_stream(s);
  if (!syntax_stream) return syntax_stream.error();
  return check_json_document(**syntax_stream, s.name, effective_encoding(options));
}

// Every valid record of every source, in input order, with where it was read.
Status for_each_record(const std::vector<MigrationSource>& sources, const ReaderOptions& options,
                       const std::function<Status(const Dossier&, const Reject&)>& on_record) {
  Dossier d;
  Reject place;
  for (const auto& s : sources) {
    auto reader = open_reader(s, options);
    if (!reader) return reader.error();
    for (;;) {
      ReadResult r = (*reader)->next(d, place);
      if (r == ReadResult::end) break;
      if (r == ReadResult::dossier)
        if (auto st = on_record(d, place); !st) return st;
    }
    if (!(*reader)->status()) return (*reader)->status();
  }
  return {};
}

// FNV-1a: the code's fingerprint in the duplicate scan (collisions are re-checked on the codes themselves).
std::uint64_t code_fingerprint(std::string_view code) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : code) h = (h ^ c) * 1099511628211ULL;
  return h;
}

constexpr const char* k_fail_hint =
    " and --on-conflict fail is set; nothing was imported; re-run with --on-conflict update or skip";

Error conflict_with_cache(const Dossier& d, const Reject& place) {
  return make_error(ErrorKind::input, "at " + describe_position(place) + ": dossier '" + d.code +
                                          "' is already in the cache with different data" + k_fail_hint);
}

} // namespace

std::string url_query_parameter(std::string_view url, std::string_view name) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name || eq == std::string_view::npos) continue;
    std::string value;
    std::string_view raw = pair.substr(eq + 1);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 && hex_value(raw[i + 2]) >= 0) {
        value += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
        i += 2;
      } else {
        value += raw[i] == '+' ? ' ' : raw[i];
      }
    }
    return std::string(trim(value));
  }
  return {};
}

Result<std::vector<MigrationSource>> stage_sources(const std::vector<std::string>& sources, const FetchOptions& fetch,
                                                   const MigrationHooks& hooks) {
  std::vector<MigrationSource> out;
  for (const auto& source : sources) {
    if (is_url(source)) {
      // Every page is fetched before anything is written: a failed page changes nothing.
      auto st = read_source(source, fetch, [&](SourcePage&& page) {
        tell(hooks.note, "fetched " + page.name + " (" + std::to_string(page.spool->size()) + " bytes)");
        MigrationSource p;
        p.name = page.name;
        p.spool = std::move(page.spool);
        p.agency_code = url_query_parameter(source, "MaDinhDanhDV");
        out.push_back(std::move(p));
        return Status();
      });
      if (!st) return st.error();
      continue;
    }
    MigrationSource p;
    p.name = source == "-" ? "stdin" : source;
    struct stat st {};
    bool once_only =
        source == "-" || (::stat(source.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
    if (once_only) {
      // Stdin, a FIFO or <(...) can be read only once, and is read more than once (checked, then loaded).
      auto in = FileStream::open(source);
      if (!in) return in.error();
      auto spool = SpoolFile::copy(**in);
      if (!spool) return spool.error();
      tell(hooks.note, p.name + " copied to a temporary file (" + std::to_string((*spool)->size()) + " bytes)");
      p.spool = std::move(*spool);
    } else {
      p.path = source;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Status preflight(const std::vector<MigrationSource>& sources, const ReaderOptions& options) {
  for (const auto& s : sources)
    if (auto st = check_source(s, options); !st) return st;
  return {};
}

Status find_conflicts(SQLite::Database& db, const std::vector<MigrationSource>& sources, const ReaderOptions& options) {
  // Pass 1: each record against the cache, and (code fingerprint, content hash) of each kept.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  try {
    SQLite::Statement lookup(db, "SELECT hash FROM dossiers WHERE code = ?1");
    auto st = for_each_record(sources, options, [&](const Dossier& d, const Reject& place) -> Status {
      std::uint64_t hash = content_hash(d);
      lookup.reset();
      lookup.bind(1, d.code);
      if (lookup.executeStep() && static_cast<std::uint64_t>(lookup.getColumn(0).getInt64()) != hash)
        return conflict_with_cache(d, place);
      seen.emplace_back(code_fingerprint(d.code), hash);
      return {};
    });
    if (!st) return st;
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "looking for conflicting dossiers");
  }
  // Codes met with two different contents (by fingerprint; a collision is told apart in pass 2).
  std::sort(seen.begin(), seen.end());
  std::unordered_set<std::uint64_t> suspects;
  for (size_t i = 1; i < seen.size(); ++i)
    if (seen[i].first == seen[i - 1].first && seen[i].second != seen[i - 1].second) suspects.insert(seen[i].first);
  std::vector<std::pair<std::uint64_t, std::uint64_t>>().swap(seen); // its memory goes before pass 2
  if (suspects.empty()) return {};
  // Pass 2: only the suspect codes, by their text, to name the two records.
  std::unordered_map<std::string, std::pair<std::uint64_t, std::string>> first; // code -> content hash, where
  return for_each_record(sources, options, [&](const Dossier& d, const Reject& place) -> Status {
    if (!suspects.count(code_fingerprint(d.code))) return {};
    std::uint64_t hash = content_hash(d);
    auto [it, inserted] = first.try_emplace(d.code, hash, describe_position(place));
    if (inserted || it->second.first == hash) return {};
    return make_error(ErrorKind::input, "at " + describe_position(place) + ": dossier '" + d.code +
                                            "' appears twice in the input with different data (first at " +
                                            it->second.second + ")" + k_fail_hint);
  });
}

Result<MigrationReport> migrate(SQLite::Database& db, std::vector<MigrationSource>& sources,
                                const MigrationOptions& options, RejectsSink& rejects, const MigrationHooks& hooks) {
  // National records name their agency, often by name: resolved through the catalog's agencies.
  auto agencies = AgencyNames::load(db);
  if (!agencies) return agencies.error();
  ReaderOptions ro = options.reader;
  if (!ro.dvcqg.agencies) ro.dvcqg.agencies = &*agencies;
  if (options.store.on_conflict == OnConflict::fail)
    if (auto st = find_conflicts(db, sources, ro); !st) return st.error();
  auto store = DossierStore::open(db, options.store);
  if (!store) return store.error();
  // The cache is written from here on: a bulk load wants a bigger page cache than the default 2 MB.
  try {
    db.exec("PRAGMA cache_size = -16384");
  } catch (const SQLite::Exception& e) {
    return cache_error(e, db.getFilename(), "sizing the page cache for the load");
  }
  auto stop = [&](const Error& e) {
    if (options.store.dry_run) return e;
    return make_error(e.kind, e.message + "; " + std::to_string((*store)->committed()) +
                                  " records in committed batches stay (re-running is safe)");
  };
  Dossier d;
  Reject reject;
  std::int64_t unresolved = 0;
  for (auto& s : sources) {
    tell(hooks.source, s.name);
    auto opened = open_reader(s, ro);
    if (!opened) return stop(opened.error());
    std::unique_ptr<DossierReader> reader = std::move(*opened);
    tell(hooks.note, "reading " + s.name + " as " + std::string(input_format_name(reader->format())));
    for (;;) {
      ReadResult r = reader->next(d, reject);
      if (r == ReadResult::end) break;
      if (r == ReadResult::rejected) {
        (*store)->count_rejected();
        if (auto st = rejects.add(reject); !st) return stop(st.error());
        reject.reason.clear(); // readers fill both for every reject; never carry one over
        reject.original.clear();
      } else if (auto st = (*store)->put(d, RecordPlace{reject.source, reject.position, reject.is_line}); !st) {
        return stop(st.error());
      }
      if (hooks.progress) hooks.progress((*store)->counts().read, reader->progress());
    }
    if (!reader->status()) return stop(reader->status().error());
    unresolved += reader->unresolved_agencies();
    s.spool.reset(); // the temporary copy of stdin goes as soon as it is loaded
  }
  if (auto st = (*store)->finish(options.source_desc); !st) return stop(st.error());
  return MigrationReport{(*store)->counts(), (*store)->skipped(), unresolved};
}

} // namespace motcua
