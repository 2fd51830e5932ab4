#include "io/http.hpp"

#include "io/json_stream.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace motcua {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// libcurl wants one global init before any handle; a function-local static makes it thread-safe.
void ensure_curl_global() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Query parameters whose values are credentials and must never reach a message.
bool is_secret_param(std::string_view name) {
  static constexpr std::string_view k_names[] = {"token", "access_token", "key", "apikey", "api_key", "password"};
  for (auto n : k_names)
    if (iequals(name, n)) return true;
  return false;
}

// A curl URL handle owned for the scope of one parse.
struct UrlHandle {
  CURLU* h = curl_url();
  UrlHandle() = default;
  UrlHandle(const UrlHandle&) = delete;
  UrlHandle& operator=(const UrlHandle&) = delete;
  ~UrlHandle() { curl_url_cleanup(h); }
  std::optional<std::string> get(CURLUPart part, unsigned flags = 0) const {
    char* out = nullptr;
    if (curl_url_get(h, part, &out, flags) != CURLUE_OK || out == nullptr) return std::nullopt;
    std::string s(out);
    curl_free(out);
    return s;
  }
};

// `ref` resolved against `base` (RFC 3986), normalised by libcurl; nullopt when not a URL.
std::optional<std::string> resolve_url(const std::string& base, const std::string& ref) {
  UrlHandle u;
  if (!u.h) return std::nullopt;
  if (!base.empty() && curl_url_set(u.h, CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return std::nullopt;
  if (curl_url_set(u.h, CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) return std::nullopt;
  auto out = u.get(CURLUPART_URL);
  if (!out || !is_url(*out)) return std::nullopt;
  return out;
}

// scheme://host:port, the unit the bearer token is confined to.
std::string origin_of(const std::string& url) {
  UrlHandle u;
  if (!u.h || curl_url_set(u.h, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  auto scheme = u.get(CURLUPART_SCHEME);
  auto host = u.get(CURLUPART_HOST);
  auto port = u.get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host) return {};
  std::string o = *scheme + "://" + *host + ":" + port.value_or("");
  std::transform(o.begin(), o.end(), o.begin(), lower);
  return o;
}

// What one attempt at one page produced.
struct Response {
  CURLcode code = CURLE_OK;
  std::string curl_error;
  long status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers; // of the final response only
  SpoolFile* spool = nullptr;                               // the body goes here, after the bytes of earlier pages
  std::uint64_t body_bytes = 0;                             // decoded bytes of this attempt
  std::optional<Error> write_error;
  std::string effective_url;
  bool too_large = false;
  std::size_t max_body = 0;

  std::optional<std::string> header(std::string_view name) const {
    std::optional<std::string> joined;
    for (const auto& [k, v] : headers) {
      if (!iequals(k, name)) continue;
      joined = joined ? *joined + ", " + v : v;
    }
    return joined;
  }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  const size_t n = size * count;
  // curl hands over decoded bytes: a small gzip bomb meets the limit as it inflates.
  if (r->body_bytes + n > r->max_body) {
    r->too_large = true;
    return 0; // aborts the transfer with CURLE_WRITE_ERROR
  }
  if (auto st = r->spool->append(data, n); !st) {
    r->write_error = st.error();
    return 0;
  }
  r->body_bytes += n;
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  const size_t n = size * count;
  std::string_view line = trim(std::string_view(data, n));
  if (istarts_with(line, "HTTP/")) {
    // A new response (after a redirect or 100-continue): earlier headers no longer apply.
    r->headers.clear();
    r->reason.clear();
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 != std::string_view::npos) r->reason = std::string(trim(line.substr(sp2 + 1)));
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    r->headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

// One easy handle per fetch so that pages reuse the connection.
class Session {
public:
  explicit Session(const FetchOptions& options) : m_options(options), m_curl(curl_easy_init()) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() {
    if (m_headers) curl_slist_free_all(m_headers);
    if (m_curl) curl_easy_cleanup(m_curl);
  }
  bool ok() const { return m_curl != nullptr; }

  // One attempt at `url`, its body appended to `spool`, within `timeout`.
  // `max_body` bounds this body (the page limit, or what is left of the source's budget).
  Response get(const std::string& url, bool send_token, SpoolFile& spool, milliseconds timeout, std::size_t max_body) {
    Response r;
    r.max_body = max_body;
    r.spool = &spool;
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = m_curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, m_options.max_redirects);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, redirect_protocols(url));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<milliseconds>(timeout, milliseconds{1}).count()));
    if (m_options.low_speed_time.count() > 0) {
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, m_options.low_speed_bytes);
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_options.low_speed_time.count()));
    }
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    if (m_headers) {
      curl_slist_free_all(m_headers);
      m_headers = nullptr;
    }
    if (send_token && m_options.bearer_token) {
      std::string h = "Authorization: Bearer " + *m_options.bearer_token;
      m_headers = curl_slist_append(nullptr, h.c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, m_headers);
    }
    r.code = curl_easy_perform(c);
    r.curl_error = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(r.code));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    char* eff = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) r.effective_url = eff;
    else r.effective_url = url;
    if (r.code == CURLE_OK && r.status >= 200 && r.status < 300) {
      curl_off_t announced = -1;
      curl_off_t received = 0;
      curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
      curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &received);
      if (announced >= 0 && received != announced) {
        r.code = CURLE_PARTIAL_FILE;
        r.curl_error = "got " + std::to_string(received) + " of " + std::to_string(announced) + " announced bytes";
      }
    }
    return r;
  }

private:
  const FetchOptions& m_options;
  CURL* m_curl;
  curl_slist* m_headers = nullptr;
};

// Network failures worth another attempt; TLS verification and URL errors are not.
bool is_transient(CURLcode code) {
  switch (code) {
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_PARTIAL_FILE:
  case CURLE_GOT_NOTHING:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_BAD_CONTENT_ENCODING:
  case CURLE_WEIRD_SERVER_REPLY: return true;
  default: return false;
  }
}

bool is_retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

std::string advice_for_status(long status) {
  if (status == 401 || status == 403) return "check MOTCUA_TOKEN or --token-file";
  if (status == 404 || status == 410) return "check the URL";
  if (is_retryable_status(status)) return "the server is failing or overloaded; try again later";
  if (status >= 300 && status < 400) return "check the URL (the redirect could not be followed)";
  return "check the URL and its query parameters";
}

std::string advice_for_curl(CURLcode code) {
  switch (code) {
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM:
    return "the server's TLS certificate could not be verified (verification cannot be disabled); "
           "fix the certificate or add its CA to the system trust store";
  case CURLE_TOO_MANY_REDIRECTS:
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL: return "check the URL";
  case CURLE_PARTIAL_FILE: return "the connection was cut mid-body; try again later";
  default: return "check the network connection, the proxy settings (http_proxy/https_proxy) and the URL";
  }
}

std::string describe_status(const Response& r) {
  std::string s = "HTTP " + std::to_string(r.status);
  if (!r.reason.empty()) s += " " + r.reason;
  return s;
}

// Never let the token reach a message, whatever a server or libcurl echoed.
std::string scrub(std::string text, const FetchOptions& options) {
  if (!options.bearer_token || options.bearer_token->empty()) return text;
  const std::string& t = *options.bearer_token;
  for (auto pos = text.find(t); pos != std::string::npos; pos = text.find(t, pos + 8))
    text.replace(pos, t.size(), "REDACTED");
  return text;
}

std::string format_wait(milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + " s";
  return std::to_string(ms.count()) + " ms";
}

milliseconds backoff_for(const FetchOptions& o, int retry) {
  milliseconds wait = o.backoff_base;
  for (int i = 1; i < retry && wait < o.backoff_cap; ++i) wait *= 2;
  return std::min(wait, o.backoff_cap);
}

// Finds the top-level string `next` of a JSON object without building the whole document.
class NextFinder : public nlohmann::json_sax<nlohmann::json> {
public:
  std::optional<std::string> next;
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& s) override {
    if (m_depth == 1 && m_want) next = s;
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    value();
    ++m_depth;
    return true;
  }
  bool end_object() override {
    --m_depth;
    return true;
  }
  bool start_array(std::size_t) override {
    if (m_depth == 0) return false; // a top-level array has no `next`: stop early
    value();
    ++m_depth;
    return true;
  }
  bool end_array() override {
    --m_depth;
    return true;
  }
  bool key(string_t& k) override {
    m_want = m_depth == 1 && k == "next";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
  bool value() {
    m_want = false;
    return true;
  }
  int m_depth = 0;
  bool m_want = false;
};

// The `next` member of a page that is a JSON object, read from its temporary file.
std::optional<std::string> json_next(const SpoolFile& body) {
  auto in = body.open("page");
  if (!in) return std::nullopt;
  char head[3] = {0, 0, 0};
  size_t got = (*in)->read(head, 3);
  std::string start(head, got);
  if (start == "\xEF\xBB\xBF") start.clear();
  // Skip whitespace to see whether the page is an object at all.
  for (;;) {
    size_t i = start.find_first_not_of(" \t\r\n");
    if (i != std::string::npos) {
      if (start[i] != '{') return std::nullopt;
      start.erase(0, i);
      break;
    }
    char c;
    if ((*in)->read(&c, 1) == 0) return std::nullopt;
    start.assign(1, c);
  }
  // The bytes already read, then the rest of the page.
  MemoryStream prefix(start);
  struct Joined final : ByteStream {
    ByteStream& a;
    ByteStream& b;
    Joined(ByteStream& x, ByteStream& y) : a(x), b(y) {}
    size_t read(char* buf, size_t n) override {
      size_t got = a.read(buf, n);
      return got > 0 ? got : b.read(buf, n);
    }
    const Status& status() const override { return b.status(); }
    Progress progress() const override { return b.progress(); }
    std::string_view name() const override { return b.name(); }
  } joined(prefix, **in);
  NextFinder finder;
  sax_parse_bounded(joined, finder);
  if (finder.next && finder.next->empty()) return std::nullopt;
  return finder.next;
}

bool is_loopback_host(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(), lower);
  if (host == "localhost" || host.ends_with(".localhost") || host == "[::1]" || host == "::1") return true;
  // 127.0.0.0/8, written as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

} // namespace

std::optional<std::string> insecure_token_problem(const std::string& url) {
  UrlHandle u;
  if (!u.h || curl_url_set(u.h, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
  auto scheme = u.get(CURLUPART_SCHEME);
  auto host = u.get(CURLUPART_HOST);
  if (!scheme || !host || !iequals(*scheme, "http") || is_loopback_host(*host)) return std::nullopt;
  return "refusing to send the bearer token over plain http:// to " + *host +
         ", where anyone on the path can read it; use an https:// URL, or set MOTCUA_ALLOW_INSECURE_TOKEN=1 "
         "if the network to that host is trusted";
}

const char* redirect_protocols(const std::string& url) {
  return istarts_with(url, "https://") ? "https" : "http,https";
}

bool is_url(std::string_view text) { return istarts_with(text, "http://") || istarts_with(text, "https://"); }

std::string redact_url(std::string_view url) {
  std::string out;
  std::size_t authority = 0;
  if (auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) authority = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view host_part = url.substr(authority, authority_end - authority);
  if (auto at = host_part.rfind('@'); at != std::string_view::npos) host_part.remove_prefix(at + 1);
  out.append(url.substr(0, authority)).append(host_part);

  std::string_view rest = url.substr(authority_end);
  std::size_t q = rest.find('?');
  std::size_t hash = rest.find('#');
  if (q == std::string_view::npos || (hash != std::string_view::npos && hash < q)) {
    out.append(rest);
    return out;
  }
  out.append(rest.substr(0, q + 1));
  std::string_view query = rest.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos : hash - q - 1);
  bool first = true;
  while (true) {
    std::size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && is_secret_param(param.substr(0, eq)))
      out.append(param.substr(0, eq + 1)).append("REDACTED");
    else out.append(param);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  if (hash != std::string_view::npos) out.append(rest.substr(hash));
  return out;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_unix) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::chrono::seconds{999'999'999}; // absurd, the caller caps it
    return std::chrono::seconds{std::stoll(std::string(value))};
  }
  std::string text(value);
  std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::seconds{std::max<std::int64_t>(0, static_cast<std::int64_t>(when) - now_unix)};
}

std::optional<std::string> parse_link_next(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t lt = v.find('<', i);
    if (lt == std::string_view::npos) return std::nullopt;
    std::size_t gt = v.find('>', lt + 1);
    if (gt == std::string_view::npos) return std::nullopt;
    std::string_view target = trim(v.substr(lt + 1, gt - lt - 1));
    // Parameters run to the next comma outside quotes.
    std::size_t j = gt + 1;
    bool quoted = false;
    while (j < v.size() && (quoted || v[j] != ',')) {
      if (v[j] == '"') quoted = !quoted;
      ++j;
    }
    std::string_view params = v.substr(gt + 1, j - gt - 1);
    std::size_t p = 0;
    while (p < params.size()) {
      std::size_t semi = params.find(';', p);
      std::string_view param = trim(params.substr(p, semi == std::string_view::npos ? semi : semi - p));
      p = semi == std::string_view::npos ? params.size() : semi + 1;
      std::size_t eq = param.find('=');
      if (eq == std::string_view::npos || !iequals(trim(param.substr(0, eq)), "rel")) continue;
      std::string_view rels = trim(param.substr(eq + 1));
      if (rels.size() >= 2 && rels.front() == '"' && rels.back() == '"') rels = rels.substr(1, rels.size() - 2);
      while (!rels.empty()) {
        std::size_t sp = rels.find(' ');
        if (iequals(rels.substr(0, sp), "next")) return std::string(target);
        rels = sp == std::string_view::npos ? std::string_view{} : trim(rels.substr(sp + 1));
      }
    }
    i = j + 1;
  }
  return std::nullopt;
}

Status fetch_pages(const std::string& url, const FetchOptions& options, const PageHandler& on_page) {
  ensure_curl_global();
  auto note = [&](const std::string& text) {
    if (options.on_note) options.on_note(scrub(text, options));
  };
  auto wait_note = [&](const std::string& text) {
    if (options.on_wait) options.on_wait(scrub(text, options));
    else note(text);
  };
  auto first = is_url(url) ? resolve_url("", url) : std::nullopt;
  if (!first)
    return Error{ErrorKind::input, "not a valid http(s) URL: " + redact_url(url) +
                                       "; give a file path, - for stdin, or an http:// or https:// URL"};
  if (options.bearer_token && !options.allow_insecure_token)
    if (auto problem = insecure_token_problem(*first)) return Error{ErrorKind::usage, *problem};
  Session session(options);
  if (!session.ok()) return Error{ErrorKind::internal, "could not create a libcurl handle"};
  auto spool = SpoolFile::create(redact_url(url));
  if (!spool) return spool.error();

  const auto started = Clock::now();
  const auto deadline_at = started + options.deadline;
  auto remaining = [&] { return std::chrono::duration_cast<milliseconds>(deadline_at - Clock::now()); };
  auto past_deadline = [&](const std::string& where, const std::string& what) {
    return Error{ErrorKind::remote,
                 scrub("GET " + where + ": " + what + "; the source did not finish within its deadline of " +
                           format_wait(std::chrono::duration_cast<milliseconds>(options.deadline)) +
                           " (MOTCUA_HTTP_DEADLINE_S); try again later or raise the deadline",
                       options)};
  };

  const std::string token_origin = origin_of(*first);
  std::set<std::string> seen;
  std::string page_url = *first;
  const int attempts = std::max(0, options.max_retries) + 1;

  for (int page = 1;; ++page) {
    if (page > options.max_pages)
      return Error{ErrorKind::remote, "paging from " + redact_url(url) + " did not end after " +
                                          std::to_string(options.max_pages) +
                                          " pages; check that the server's next links terminate"};
    seen.insert(page_url);
    const std::string where = redact_url(page_url) + (page > 1 ? " (page " + std::to_string(page) + ")" : "");
    const bool send_token = options.bearer_token && origin_of(page_url) == token_origin;
    const std::uint64_t page_start = (*spool)->size();
    const std::uint64_t source_left = options.max_source_bytes > page_start ? options.max_source_bytes - page_start : 0;
    auto over_source_cap = [&] {
      return Error{ErrorKind::remote, "GET " + where + ": the pages of " + redact_url(url) + " exceed " +
                                          std::to_string(options.max_source_bytes) +
                                          " bytes in all (MOTCUA_HTTP_MAX_SOURCE_MB); check that the server's paging "
                                          "ends, narrow the window (--since/--until) or raise the limit"};
    };
    if (source_left == 0) return over_source_cap();
    const bool source_bounds = source_left < options.max_body_bytes;
    const std::size_t max_body = source_bounds ? static_cast<std::size_t>(source_left) : options.max_body_bytes;

    Response r;
    for (int attempt = 1;; ++attempt) {
      if (auto st = (*spool)->truncate(page_start); !st) return st;
      const milliseconds left = remaining();
      if (left.count() <= 0) return past_deadline(where, "stopped before attempt " + std::to_string(attempt));
      r = session.get(page_url, send_token, **spool, std::min(options.total_timeout, left), max_body);
      std::string problem;
      std::optional<milliseconds> retry_after;
      if (r.write_error) return *r.write_error;
      if (r.too_large && source_bounds) return over_source_cap();
      if (r.too_large)
        return Error{ErrorKind::remote, "GET " + where + " failed: the body exceeds " +
                                            std::to_string(options.max_body_bytes) +
                                            " bytes (decoded); split the source or fetch it to a file first"};
      if (r.code != CURLE_OK) {
        if (r.code == CURLE_OPERATION_TIMEDOUT && remaining().count() <= 0)
          return past_deadline(where, "timed out (" + r.curl_error + ")");
        if (!is_transient(r.code))
          return Error{ErrorKind::remote,
                       scrub("GET " + where + " failed: " + r.curl_error + "; " + advice_for_curl(r.code), options)};
        problem = r.code == CURLE_PARTIAL_FILE ? "truncated body (" + r.curl_error + ")" : r.curl_error;
      } else if (r.status >= 200 && r.status < 300) {
        break;
      } else if (!is_retryable_status(r.status)) {
        return Error{
            ErrorKind::remote,
            scrub("GET " + where + " failed: " + describe_status(r) + "; " + advice_for_status(r.status), options)};
      } else {
        problem = describe_status(r);
        if (auto ra = r.header("Retry-After")) {
          if (auto secs = parse_retry_after(*ra, static_cast<std::int64_t>(std::time(nullptr)))) {
            if (*secs > remaining())
              return past_deadline(
                  where, problem + " and the server asks to retry after " +
                             format_wait(std::chrono::duration_cast<milliseconds>(*secs)) +
                             " (Retry-After), beyond the " +
                             format_wait(std::chrono::duration_cast<std::chrono::seconds>(remaining())) + " left");
            retry_after = std::min<milliseconds>(*secs, options.max_retry_after);
          }
        }
      }
      if (attempt >= attempts) {
        const std::string advice = r.code != CURLE_OK ? advice_for_curl(r.code) : advice_for_status(r.status);
        return Error{ErrorKind::remote,
                     scrub("GET " + where + " failed after " + std::to_string(attempts) +
                               (attempts == 1 ? " attempt: " : " attempts: ") + problem + "; " + advice,
                           options)};
      }
      const milliseconds wait = retry_after ? *retry_after : backoff_for(options, attempt);
      if (wait >= remaining())
        return past_deadline(where, problem + "; the next attempt would start after " + format_wait(wait));
      wait_note("GET " + where + ": " + problem + "; waiting " + format_wait(wait) +
                (retry_after ? " as the server asks (Retry-After)" : "") + " before attempt " +
                std::to_string(attempt + 1) + " of " + std::to_string(attempts));
      std::this_thread::sleep_for(wait);
    }

    auto body = (*spool)->tail_from(page_start);
    // Work out the next page before the body is handed over.
    std::optional<std::string> next_ref;
    if (auto link = r.header("Link")) next_ref = parse_link_next(*link);
    if (!next_ref) next_ref = json_next(*body);
    seen.insert(r.effective_url);

    const std::string base = r.effective_url;
    if (Status s = on_page(std::move(body), page, base); !s) return s;
    if (!next_ref) return {};
    auto next = resolve_url(base, *next_ref);
    if (!next)
      return Error{ErrorKind::remote, "page " + std::to_string(page) + " of " + redact_url(url) +
                                          " links to an invalid next URL: " + redact_url(*next_ref) +
                                          "; the server's paging is broken"};
    if (seen.count(*next)) {
      note("paging from " + redact_url(url) + " stops at page " + std::to_string(page) + ": next URL " +
           redact_url(*next) + " was already fetched");
      return {};
    }
    page_url = *next;
  }
}

} // namespace motcua
