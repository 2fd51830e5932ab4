#pragma once
// HTTP(S) sources: a URL given as SOURCE is fetched here, with retries and paging,
// so that the importers only ever see page bodies (SOURCE in motcua-catalog(1)).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/version.hpp"

namespace motcua {

// Knobs for fetch_pages; the defaults suit a slow provincial portal, tests shrink them.
struct FetchOptions {
  // Fail fast on an unreachable host instead of hanging on SYN retries.
  std::chrono::milliseconds connect_timeout{10'000};
  // Per request (one page, one attempt): a stalled server must not block an import forever.
  std::chrono::milliseconds total_timeout{120'000};
  // Retries after the first attempt, per page; portals are flaky, not down.
  int max_retries = 4;
  // First backoff wait; doubles on each retry up to backoff_cap.
  std::chrono::milliseconds backoff_base{1'000};
  std::chrono::milliseconds backoff_cap{30'000};
  // A server asking for a longer Retry-After than this is only waited for this long.
  std::chrono::milliseconds max_retry_after{120'000};
  // Redirect chains longer than this are a misconfiguration, not a source.
  long max_redirects = 10;
  // Paging stops with an error past this many pages: a runaway server must not run forever.
  int max_pages = 100'000;
  // One page body larger than this is refused rather than exhausting memory.
  std::size_t max_body_bytes = std::size_t{1} << 30;
  // Sent only as `Authorization: Bearer …`, and only to the origin of the first URL.
  std::optional<std::string> bearer_token;
  // Portal operators can identify (and whitelist) motcua in their logs.
  std::string user_agent = std::string("motcua/") + k_version;
  // Optional progress notes (retries, loop stops) for --verbose; the library never prints.
  std::function<void(const std::string& note)> on_note;
};

// Receives each page body in order; returning an error stops the fetch with that error.
using PageHandler =
    std::function<Status(std::string&& body, int page_number, const std::string& page_url)>;

// GETs `url` and every following page (Link rel="next" header, else a JSON object's string
// `next` member), retrying transient failures; any failure after retries is ErrorKind::remote.
Status fetch_pages(const std::string& url, const FetchOptions& options, const PageHandler& on_page);

// True for http:// and https:// URLs (case-insensitive scheme): how SOURCE tells URLs from paths.
bool is_url(std::string_view text);

// The URL fit for messages: userinfo dropped, secret-bearing query values replaced by REDACTED.
std::string redact_url(std::string_view url);

// Retry-After as a wait: delta-seconds or an HTTP-date relative to `now_unix`; nullopt if unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_unix);

// The `rel="next"` target of one or more Link header values, if any (unresolved).
std::optional<std::string> parse_link_next(std::string_view link_value);

} // namespace motcua
