#pragma once
// Incremental sync (`dossiers migrate URL --since last|DATE`): URL templates with {since} and
// {until}, and one watermark per source in the cache (the instant up to which a run committed
// everything), so a nightly job fetches only what changed since its last full run.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

namespace motcua {

// How {since} and {until} are written into the URL: ISO 8601 with the +07:00 offset, or the
// national compact form yyyyMMddHHmmss in local time.
enum class SinceFormat { iso, compact };

std::optional<SinceFormat> parse_since_format(std::string_view text);

// Whether a URL template holds {since} (without it the server cannot be asked for a window).
bool has_since_placeholder(std::string_view url);

// The instant as {since}/{until} stand in a URL: formatted, then percent-encoded.
std::string format_url_instant(Instant t, SinceFormat format);

// The URL with every {since} and {until} replaced by the formatted, percent-encoded instants.
std::string expand_url_template(std::string_view url, Instant since, Instant until, SinceFormat format);

// What a watermark is stored under: the template with its secrets redacted (never a token).
std::string watermark_key(std::string_view url);

// One source's watermark: everything up to `until` was committed by the run finished at `updated_at`.
struct Watermark {
  std::string source;
  Instant until = 0;
  Instant updated_at = 0;
};

// The watermark of a source, or nullopt when none was written yet; a cache error (exit 7) if it cannot read.
Result<std::optional<Instant>> read_watermark(store::Database& db, const std::string& key);

// Sets a source's watermark (inside the caller's transaction: the one that commits the run's last batch).
Status write_watermark(store::Database& db, const Watermark& mark);

// Every watermark, by source.
Result<std::vector<Watermark>> list_watermarks(store::Database& db);

} // namespace motcua
