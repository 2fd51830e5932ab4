#include "dossiers/migrate.hpp"

#include <algorithm>
#include <sys/stat.h>
#include <unordered_map>
#include <unordered_set>

#include "cache/cache.hpp"
#include "cache/schema.hpp"
#include "dossiers/pipe.hpp"
#include "dossiers/scan.hpp"
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

// Where an Excel workbook's bytes are: the file, or the spooled copy of stdin or a page.
XlsxSource xlsx_source(const MigrationSource& s) {
  XlsxSource x;
  if (s.spool) {
    x.fd = s.spool->descriptor();
    x.offset = s.spool->offset();
    x.size = s.spool->size();
  } else {
    x.path = s.path;
  }
  return x;
}

// Whether a source is an Excel workbook, by its first raw bytes (before any decoding: a zip
// is no text) when the format is auto or xlsx; a legacy .xls is refused with how to convert it.
Result<bool> is_workbook(const MigrationSource& s, const ReaderOptions& options) {
  if (options.format != InputFormat::auto_detect && options.format != InputFormat::xlsx) return false;
  auto stream = open_stream(s);
  if (!stream) return stream.error();
  char head[8];
  size_t n = 0;
  while (n < sizeof head) {
    size_t got = (*stream)->read(head + n, sizeof head - n);
    if (got == 0) break;
    n += got;
  }
  if (!(*stream)->status()) return (*stream)->status().error();
  std::string_view h(head, n);
  if (looks_like_ole2(h)) return legacy_xls_error(s.name);
  if (detect_input_format("", h) == InputFormat::xlsx) return true;
  if (options.format == InputFormat::xlsx)
    return make_error(ErrorKind::input, s.name + ": not an Excel workbook (.xlsx is a zip archive; this is not one)");
  return false;
}

Result<std::unique_ptr<DossierReader>> open_reader(const MigrationSource& s, const ReaderOptions& options) {
  auto workbook = is_workbook(s, options);
  if (!workbook) return workbook.error();
  if (*workbook) return open_xlsx_dossier_reader(xlsx_source(s), s.name, options);
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
  auto workbook = is_workbook(s, options);
  if (!workbook) return workbook.error();
  if (*workbook) {
    // The header and columns (open), then the whole sheet's XML, keeping nothing.
    if (auto reader = open_reader(s, options); !reader) return reader.error();
    std::string sheet = !options.sheet.empty() ? options.sheet : options.mapping ? options.mapping->input.sheet : "";
    auto book = XlsxSheetReader::open(xlsx_source(s), s.name, sheet);
    if (!book) return book.error();
    XlsxRow row;
    while ((*book)->next(row)) {
    }
    return (*book)->status();
  }
  auto check_stream = open_stream(s);
  if (!check_stream) return check_stream.error();
  if (auto st = check_decodable(**check_stream, effective_encoding(options), options.force_encoding); !st) return st;
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

Status find_conflicts(store::Database& db, const std::vector<MigrationSource>& sources, const ReaderOptions& options) {
  // Pass 1: each record against the cache, and (code fingerprint, content hash) of each kept.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  try {
    auto lookup = db.prepare("SELECT hash FROM dossiers WHERE code = ?1");
    auto st = for_each_record(sources, options, [&](const Dossier& d, const Reject& place) -> Status {
      std::uint64_t hash = content_hash(d);
      lookup->reset();
      lookup->bind(1, d.code);
      if (lookup->step() && static_cast<std::uint64_t>(lookup->get_int64(0)) != hash)
        return conflict_with_cache(d, place);
      seen.emplace_back(code_fingerprint(d.code), hash);
      return {};
    });
    if (!st) return st;
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "looking for conflicting dossiers");
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

std::optional<RejectLimit> parse_reject_limit(std::string_view text) {
  RejectLimit limit;
  limit.text = std::string(text);
  limit.percent = !text.empty() && text.back() == '%';
  if (limit.percent) text.remove_suffix(1);
  if (text.empty() || text.size() > 12) return std::nullopt;
  bool dot = false;
  for (char c : text) {
    if (c == '.' && limit.percent && !dot) dot = true;
    else if (c < '0' || c > '9') return std::nullopt;
  }
  if (text.front() == '.' || text.back() == '.') return std::nullopt;
  limit.value = std::stod(std::string(text));
  if (limit.percent && limit.value > 100) return std::nullopt;
  return limit;
}

bool past_reject_limit(const RejectLimit& limit, std::int64_t read, std::int64_t rejected) {
  if (!limit.percent) return static_cast<double>(rejected) > limit.value;
  return static_cast<double>(rejected) * 100.0 > limit.value * static_cast<double>(read);
}

Status check_reject_limit(const std::vector<MigrationSource>& sources, const ReaderOptions& options,
                          const RejectLimit& limit) {
  Dossier d;
  Reject place;
  for (const auto& s : sources) {
    auto reader = open_reader(s, options);
    if (!reader) return reader.error();
    std::int64_t read = 0;
    std::int64_t rejected = 0;
    std::string first; // where and why the first reject was refused
    for (;;) {
      ReadResult r = (*reader)->next(d, place);
      if (r == ReadResult::end) break;
      ++read;
      if (r == ReadResult::rejected && ++rejected == 1) first = describe_position(place) + ": " + place.reason;
    }
    if (!(*reader)->status()) return (*reader)->status();
    if (past_reject_limit(limit, read, rejected))
      return make_error(ErrorKind::input, s.name + ": " + std::to_string(rejected) + " of " + std::to_string(read) +
                                              " records are rejected, past --max-rejects " + limit.text +
                                              "; nothing was imported (the first: " + first +
                                              "; --dry-run shows more)");
  }
  return {};
}

Result<MigrationReport> migrate(store::Database& db, std::vector<MigrationSource>& sources,
                                const MigrationOptions& options, RejectsSink& rejects, const MigrationHooks& hooks) {
  // National records name their agency, often by name: resolved through the catalog's agencies.
  auto agencies = AgencyNames::load(db);
  if (!agencies) return agencies.error();
  ReaderOptions ro = options.reader;
  if (!ro.dvcqg.agencies) ro.dvcqg.agencies = &*agencies;
  if (options.max_rejects)
    if (auto st = check_reject_limit(sources, ro, *options.max_rejects); !st) return st.error();
  if (options.store.on_conflict == OnConflict::fail)
    if (auto st = find_conflicts(db, sources, ro); !st) return st.error();
  auto store = DossierStore::open(db, options.store);
  if (!store) return store.error();
  // The cache is written from here on: a bulk load wants a bigger page cache than the default 2 MB.
  if (auto st = size_cache_for_load(db); !st) return st.error();
  auto stop = [&](const Error& e) {
    if (options.store.dry_run) return e;
    return make_error(e.kind, e.message + "; " + std::to_string((*store)->committed()) +
                                  " records in committed batches stay (re-running is safe)");
  };
  std::int64_t unresolved = 0;
  const bool threaded = max_scan_jobs(options.jobs) > 1; // one core: no thread to hand blocks to
  tell(hooks.note, threaded ? "reading on a thread of its own while writing" : "reading and writing on one thread");
  for (auto& s : sources) {
    tell(hooks.source, s.name);
    auto opened = open_reader(s, ro);
    if (!opened) return stop(opened.error());
    tell(hooks.note, "reading " + s.name + " as " + std::string(input_format_name((*opened)->format())));
    RecordPipe pipe(std::move(*opened), threaded); // reading on its own thread (or this one), writing on this one
    for (bool last = false; !last;) {
      RecordPipe::Block* block = pipe.next();
      last = block->last;
      for (size_t i = 0; i < block->count; ++i) {
        RecordPipe::Item& it = block->items[i];
        if (it.kind == ReadResult::rejected) {
          (*store)->count_rejected();
          if (auto st = rejects.add(it.place); !st) return stop(st.error());
        } else if (auto st = (*store)->put(it.dossier,
                                           RecordPlace{it.place.source, it.place.position, it.place.is_line}, it.hash);
                   !st) {
          return stop(st.error());
        }
        if (hooks.progress) hooks.progress((*store)->counts().read, it.progress);
      }
      pipe.done(block);
    }
    if (auto st = pipe.finish(); !st) return stop(st.error());
    unresolved += pipe.unresolved_agencies();
    s.spool.reset(); // the temporary copy of stdin goes as soon as it is loaded
  }
  auto set_watermarks = [&]() -> Status {
    for (const auto& mark : options.watermarks)
      if (auto st = write_watermark(db, mark); !st) return st;
    return {};
  };
  if (auto st = (*store)->finish(options.source_desc, set_watermarks); !st) return stop(st.error());
  return MigrationReport{(*store)->counts(), (*store)->skipped(), unresolved};
}

} // namespace motcua
