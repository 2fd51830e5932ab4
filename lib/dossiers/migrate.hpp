#pragma once
// One dossier migration, all or nothing up to the first write: the sources are staged and
// checked end to end (preflight) before the cache is touched, conflicts under
// --on-conflict fail are found before the first write, then records are streamed into the
// store in batches. Nothing here prints: progress, notes and rejects go to the caller.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossiers/parse.hpp"
#include "dossiers/store.hpp"
#include "store/db.hpp"
#include "dossiers/sync.hpp"
#include "io/http.hpp"
#include "io/rejects.hpp"
#include "io/stream.hpp"
#include "util/error.hpp"

namespace motcua {

// One input ready to read, as often as needed: files are re-opened, stdin, other once-only
// sources and fetched pages are spooled to a temporary file first.
// Nothing of a reader is kept, so memory does not grow with the input.
struct MigrationSource {
  std::string name;                       // in messages and rejects: path, "stdin" or the redacted page URL
  std::string path;                       // a file to re-open; empty otherwise
  std::shared_ptr<const SpoolFile> spool; // stdin, a FIFO or <(...), copied once; a fetched page
  std::string agency_code;                // the MaDinhDanhDV query parameter of a sync URL: its records' agency
};

// Where rejected records go as they come (a file, a list in tests): the library never writes one itself.
class RejectsSink {
public:
  virtual ~RejectsSink() = default;
  // Takes one reject; an error stops the migration.
  virtual Status add(const Reject& reject) = 0;
};

// What the caller hears while a migration runs (each may be empty): lib prints nothing.
struct MigrationHooks {
  std::function<void(const std::string&)> note;                // diagnostics (shown with --verbose)
  std::function<void(const std::string&)> source;              // the next source is being loaded
  std::function<void(std::int64_t, const Progress&)> progress; // records read so far, bytes of this source
};

// Reads the command-line sources into MigrationSources: URLs are fetched page by page (every
// page before anything is written: a failed page changes nothing), "-" and other once-only
// files (FIFOs, <(...)) are spooled to a temporary file, regular files stay paths.
Result<std::vector<MigrationSource>> stage_sources(const std::vector<std::string>& sources, const FetchOptions& fetch,
                                                   const MigrationHooks& hooks = {});

// Checks every source end to end before anything is written: readable, decodable, of a
// known format, header matching the mapping, and a JSON document well-formed to its last
// byte (its reader streams records, so it would only meet a break after handing some out).
// The first failure (ErrorKind::input) names the source.
Status preflight(const std::vector<MigrationSource>& sources, const ReaderOptions& options);

// With OnConflict::fail, a run that would change a stored dossier is refused before the
// first write: a code whose record differs from the one in the cache, or from an earlier
// record of the same input, fails (ErrorKind::input, naming the code and where it was read).
// Identical records are not conflicts (a re-run of the same input passes). Reads the sources
// once more; memory is 16 bytes per record.
Status find_conflicts(store::Database& db, const std::vector<MigrationSource>& sources, const ReaderOptions& options);

// --max-rejects: how many rejected records one source may have before the run is refused.
struct RejectLimit {
  double value = 0;
  bool percent = false; // value is a percentage of the source's records read
  std::string text;     // as given, for messages
};

// "N" (a whole number of records) or "P%" (0–100, decimals allowed); nullopt if neither.
std::optional<RejectLimit> parse_reject_limit(std::string_view text);

// Whether `rejected` of `read` records is past the limit (strictly more than it allows).
bool past_reject_limit(const RejectLimit& limit, std::int64_t read, std::int64_t rejected);

// With a limit, every source is read once more before the first write, counting its rejects:
// a source past it refuses the whole run (ErrorKind::input, naming the source and its counts).
Status check_reject_limit(const std::vector<MigrationSource>& sources, const ReaderOptions& options,
                          const RejectLimit& limit);

struct MigrationOptions {
  ReaderOptions reader;
  StoreOptions store;
  std::string source_desc; // the sources as the import log names them (URLs redacted)
  // Set in the transaction of the last batch: a run that does not commit in full leaves them as they were.
  std::vector<Watermark> watermarks;
  std::optional<RejectLimit> max_rejects; // checked before the first write
  // --jobs: 1 reads on the writing thread; 2 or more read on a thread of their own while the
  // cache is written (dossiers/pipe); 0 (k_auto_jobs) is one per core. The same bytes either way.
  int jobs = 0;
};

// What one finished migration did. Counts reconcile: read = inserted + updated + unchanged + rejected.
struct MigrationReport {
  ImportCounts counts;
  std::int64_t skipped = 0; // differing records kept as they were (--on-conflict skip)
  // National records whose DonViXuLy named no agency of the catalog (loaded without agency_code).
  std::int64_t unresolved_agencies = 0;
};

// The value of query parameter `name` in a URL ("" when absent), percent-decoded:
// a national sync call names its unit in MaDinhDanhDV.
std::string url_query_parameter(std::string_view url, std::string_view name);

// Loads preflighted sources into the cache: conflicts first (OnConflict::fail), then every
// record streamed into a DossierStore, rejects handed to `rejects`, the import logged.
// National records are read against the agencies of the cache's catalog (DonViXuLy names).
// Each source's temporary copy is dropped once it is loaded. An error after the first
// write says how many records in committed batches stay (re-running is safe).
Result<MigrationReport> migrate(store::Database& db, std::vector<MigrationSource>& sources,
                                const MigrationOptions& options, RejectsSink& rejects,
                                const MigrationHooks& hooks = {});

} // namespace motcua
