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

#include "io/stream.hpp"
#include "util/error.hpp"
#include "util/version.hpp"

namespace motcua {

// Knobs for fetch_pages; the defaults suit a slow provincial portal, tests shrink them.
struct FetchOptions {
  // Fail fast on an unreachable host instead of hanging on SYN retries.
  std::chrono::milliseconds connect_timeout{10'000};
  // Per request (one page, one attempt): a stalled server must not block an import forever.
  std::chrono::milliseconds total_timeout{120'000};
  // A transfer slower than low_speed_bytes per second for low_speed_time is a stall: the
  // attempt ends there instead of at total_timeout (curl's low-speed limit).
  long low_speed_bytes = 100;
  std::chrono::seconds low_speed_time{60};
  // Every page, retry and wait of one source must end within this: an unattended nightly run
  // fails with a clear message instead of hanging on a slow or throttling server.
  std::chrono::milliseconds deadline{15 * 60 * 1000};
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
  // One page body larger than this (decoded bytes, counted as they arrive) is refused; bodies
  // go to a temporary file, never to memory, so this bounds disk use, not RSS.
  std::size_t max_body_bytes = std::size_t{1} << 30;
  // All the pages of one source together may not exceed this (decoded bytes): a server that
  // pages for ever, or a window far wider than meant, stops with an error instead of filling the disk.
  std::uint64_t max_source_bytes = std::uint64_t{8} << 30;
  // Sent only as `Authorization: Bearer …`, and only to the origin of the first URL.
  std::optional<std::string> bearer_token;
  // The token crosses plain http:// to a host other than this machine only when set (anyone on
  // the path could read it); otherwise such a fetch is refused with ErrorKind::usage.
  bool allow_insecure_token = false;
  // Portal operators can identify (and whitelist) motcua in their logs.
  std::string user_agent = std::string("motcua/") + k_version;
  // Optional progress notes (loop stops) for --verbose; the library never prints.
  std::function<void(const std::string& note)> on_note;
  // Told before every wait (backoff, Retry-After) how long and why, so that a person watching a
  // paused run knows; unset, waits are only in on_note.
  std::function<void(const std::string& note)> on_wait;
};

// Receives each page body in order, in a temporary file (pages share one); returning an
// error stops the fetch with that error.
using PageHandler =
    std::function<Status(std::unique_ptr<SpoolFile> body, int page_number, const std::string& page_url)>;

// GETs `url` and every following page (Link rel="next" header, else a JSON object's string
// `next` member), retrying transient failures; any failure after retries is ErrorKind::remote.
Status fetch_pages(const std::string& url, const FetchOptions& options, const PageHandler& on_page);

// Why `url` may not carry a bearer token (plain http:// to a host that is not loopback), if so.
std::optional<std::string> insecure_token_problem(const std::string& url);

// The protocols a redirect from `url` may go to: never from https down to plain http.
const char* redirect_protocols(const std::string& url);

// True for http:// and https:// URLs (case-insensitive scheme): how SOURCE tells URLs from paths.
bool is_url(std::string_view text);

// The URL fit for messages: userinfo dropped, secret-bearing query values replaced by REDACTED.
std::string redact_url(std::string_view url);

// Retry-After as a wait: delta-seconds or an HTTP-date relative to `now_unix`; nullopt if unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_unix);

// The `rel="next"` target of one or more Link header values, if any (unresolved).
std::optional<std::string> parse_link_next(std::string_view link_value);

} // namespace motcua
