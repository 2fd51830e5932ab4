#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/http.hpp"

using namespace motcua;
using namespace std::chrono_literals;

namespace {

// A cpp-httplib server on a free 127.0.0.1 port, running until the test ends.
class LocalServer {
public:
  httplib::Server svr;
  int port = 0;

  LocalServer() {
    svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard lock(m_mutex);
      m_requests.push_back(req.path +
                           (req.has_header("Authorization") ? " " + req.get_header_value("Authorization") : ""));
      return httplib::Server::HandlerResponse::Unhandled;
    });
  }
  ~LocalServer() {
    if (m_thread.joinable()) {
      while (!svr.is_running()) std::this_thread::sleep_for(1ms);
      svr.stop();
      m_thread.join();
    }
  }
  void start() {
    port = svr.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    m_thread = std::thread([this] { svr.listen_after_bind(); });
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
  // Each request as "path" or "path Authorization-value".
  std::vector<std::string> requests() {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }

private:
  std::thread m_thread;
  std::mutex m_mutex;
  std::vector<std::string> m_requests;
};

// Small waits everywhere so that the retry tests stay fast.
FetchOptions fast_options() {
  FetchOptions o;
  o.connect_timeout = 1000ms;
  o.total_timeout = 2000ms;
  o.max_retries = 2;
  o.backoff_base = 10ms;
  o.backoff_cap = 40ms;
  o.max_retry_after = 2000ms;
  return o;
}

// A port that was free a moment ago and has nothing listening now.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct Page {
  std::string body;
  int number;
  std::string url;
};

// Fetches everything into a vector of pages.
Status fetch_all(const std::string& url, const FetchOptions& o, std::vector<Page>& pages) {
  return fetch_pages(url, o, [&](std::unique_ptr<SpoolFile> body, int n, const std::string& u) -> Status {
    auto in = body->open("page");
    if (!in) return in.error();
    auto text = read_all(**in);
    if (!text) return text.error();
    pages.push_back({std::move(*text), n, u});
    return {};
  });
}

} // namespace

TEST_CASE("is_url recognises http and https only") {
  CHECK(is_url("http://example.org/x"));
  CHECK(is_url("HTTPS://example.org"));
  CHECK_FALSE(is_url("ftp://example.org"));
  CHECK_FALSE(is_url("data/catalog.json"));
  CHECK_FALSE(is_url("-"));
}

TEST_CASE("redact_url strips userinfo and secret query values") {
  CHECK(redact_url("https://user:pw@portal.gov.vn/api?page=2") == "https://portal.gov.vn/api?page=2");
  CHECK(redact_url("https://portal.gov.vn/api?token=abc&page=2&ApiKey=k#frag") ==
        "https://portal.gov.vn/api?token=REDACTED&page=2&ApiKey=REDACTED#frag");
  CHECK(redact_url("http://h/x?access_token=a&key=b&monkey=c") ==
        "http://h/x?access_token=REDACTED&key=REDACTED&monkey=c");
  CHECK(redact_url("http://u@h:8080") == "http://h:8080");
  CHECK(redact_url("http://h/p#x?token=t") == "http://h/p#x?token=t"); // a fragment is not a query
}

TEST_CASE("parse_link_next and parse_retry_after") {
  CHECK(parse_link_next(R"(</a?page=1>; rel="prev", </a?page=3>; rel="next")") == "/a?page=3");
  CHECK(parse_link_next(R"(<https://h/x,y>; title="a, b"; rel=next)") == "https://h/x,y");
  CHECK(parse_link_next(R"(<https://h/2>; rel="last next")") == "https://h/2");
  CHECK(parse_link_next(R"(</a?page=1>; rel="prev")") == std::nullopt);
  CHECK(parse_retry_after("7", 0) == 7s);
  CHECK(parse_retry_after(" 0 ", 0) == 0s);
  // 1994-11-06T08:49:37Z is 784111777.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) == 30s);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30) == 0s);
  CHECK(parse_retry_after("soon", 0) == std::nullopt);
}

TEST_CASE("paging follows Link headers resolving relative URLs") {
  LocalServer s;
  s.svr.Get("/items", [](const httplib::Request& req, httplib::Response& res) {
    int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
    if (page == 1) res.set_header("Link", R"(</items?page=0>; rel="prev", </items?page=2>; rel="next")");
    if (page == 2) res.set_header("Link", R"(<?page=3>; rel="next")");
    res.set_content("[" + std::to_string(page) + "]", "application/json");
  });
  s.start();
  std::vector<Page> pages;
  FetchOptions o = fast_options();
  o.bearer_token = "tok";
  Status st = fetch_all(s.url("/items"), o, pages);
  REQUIRE(st.ok());
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].body == "[1]");
  CHECK(pages[2].body == "[3]");
  CHECK(pages[2].number == 3);
  CHECK(pages[1].url == s.url("/items?page=2"));
  auto reqs = s.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0] == "/items Bearer tok"); // same origin: the token goes along
}

TEST_CASE("paging follows a JSON next member and stops on a loop") {
  LocalServer s;
  std::string big(50'000, 'x'); // compressible: exercises Content-Encoding with the length check
  s.svr.Get("/p1", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"procedures":[{"code":"1"}],"pad":")" + big + R"(","next":"/p2"})", "application/json");
  });
  s.svr.Get("/p2", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"result":[{"next":"inner"}],"next":")" + s.url("/p3") + R"("})", "application/json");
  });
  s.svr.Get("/p3", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[],"next":"p1"})", "application/json"); // back to the start
  });
  s.svr.Get("/end", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[],"next":null})", "application/json");
  });
  s.start();
  std::vector<std::string> notes;
  FetchOptions o = fast_options();
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/p1"), o, pages).ok());
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].body.size() > big.size());
  CHECK(pages[1].body.find("inner") != std::string::npos);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("already fetched") != std::string::npos);

  pages.clear();
  REQUIRE(fetch_all(s.url("/end"), o, pages).ok());
  CHECK(pages.size() == 1);
}

TEST_CASE("a page handler error stops the fetch and is returned as is") {
  LocalServer s;
  s.svr.Get("/a", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Link", "</b>; rel=next");
    res.set_content("[]", "application/json");
  });
  s.start();
  Status st = fetch_pages(s.url("/a"), fast_options(), [](std::unique_ptr<SpoolFile>, int, const std::string&) {
    return Status{Error{ErrorKind::input, "bad record"}};
  });
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(s.requests().size() == 1);
}

TEST_CASE("HTTP 503 is retried then the page is delivered") {
  LocalServer s;
  std::atomic<int> hits{0};
  s.svr.Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 503;
      return;
    }
    res.set_content("[1]", "application/json");
  });
  s.start();
  std::vector<std::string> notes;
  FetchOptions o = fast_options();
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/flaky"), o, pages).ok());
  CHECK(hits == 2);
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].body == "[1]");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("HTTP 503") != std::string::npos);
  CHECK(notes[0].find("waiting 10 ms before attempt 2 of 3") != std::string::npos);
}

TEST_CASE("HTTP 429 honours Retry-After capped by max_retry_after") {
  LocalServer s;
  std::atomic<int> hits{0};
  s.svr.Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("[]", "application/json");
  });
  s.svr.Get("/greedy", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "3");
  });
  s.svr.Get("/absurd", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "999999");
  });
  s.start();
  std::vector<Page> pages;
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(fetch_all(s.url("/limited"), fast_options(), pages).ok());
  auto waited = std::chrono::steady_clock::now() - t0;
  CHECK(hits == 2);
  CHECK(waited >= 950ms); // the 10 ms backoff would have been far shorter

  FetchOptions o = fast_options();
  o.max_retry_after = 50ms;
  t0 = std::chrono::steady_clock::now();
  Status st = fetch_all(s.url("/greedy"), o, pages);
  waited = std::chrono::steady_clock::now() - t0;
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("failed after 3 attempts: HTTP 429") != std::string::npos);
  CHECK(waited < 2s);

  // Beyond the deadline left: no wait at all, and the message says why.
  std::vector<std::string> waits;
  o.on_wait = [&](const std::string& n) { waits.push_back(n); };
  t0 = std::chrono::steady_clock::now();
  st = fetch_all(s.url("/absurd"), o, pages);
  waited = std::chrono::steady_clock::now() - t0;
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("Retry-After") != std::string::npos);
  CHECK(st.error().message.find("999999 s") != std::string::npos);
  CHECK(st.error().message.find("MOTCUA_HTTP_DEADLINE_S") != std::string::npos);
  CHECK(waits.empty());
  CHECK(waited < 1s);
}

TEST_CASE("every wait is told through on_wait, with its length and reason") {
  LocalServer s;
  std::atomic<int> hits{0};
  s.svr.Get("/busy", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("[]", "application/json");
  });
  s.start();
  std::vector<std::string> waits;
  std::vector<std::string> notes;
  FetchOptions o = fast_options();
  o.on_wait = [&](const std::string& n) { waits.push_back(n); };
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/busy"), o, pages).ok());
  REQUIRE(waits.size() == 1);
  CHECK(waits[0].find("HTTP 503") != std::string::npos);
  CHECK(waits[0].find("waiting 1 s as the server asks (Retry-After)") != std::string::npos);
  CHECK(notes.empty()); // told once, on the channel that is always shown
}

TEST_CASE("the deadline bounds a whole source: a stalled server fails it in time") {
  LocalServer s;
  s.svr.Get("/stall", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(100, "application/json", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset == 0) sink.write("[1,", 3);
      std::this_thread::sleep_for(100ms); // then nothing more for a long while
      return true;
    });
  });
  s.start();
  FetchOptions o = fast_options();
  o.total_timeout = 60s;
  o.max_retries = 5;
  o.deadline = 700ms;
  std::vector<Page> pages;
  auto t0 = std::chrono::steady_clock::now();
  Status st = fetch_all(s.url("/stall"), o, pages);
  auto took = std::chrono::steady_clock::now() - t0;
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("deadline of 700 ms") != std::string::npos);
  CHECK(took < 3s);
  CHECK(pages.empty());
}

TEST_CASE("a transfer below the low-speed limit is a stall and ends before the total timeout") {
  LocalServer s;
  s.svr.Get("/trickle", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(100000, "application/json", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset == 0) sink.write("[1,", 3);
      std::this_thread::sleep_for(200ms);
      return true;
    });
  });
  s.start();
  FetchOptions o = fast_options();
  o.total_timeout = 60s;
  o.max_retries = 0;
  o.low_speed_bytes = 1000;
  o.low_speed_time = 1s;
  std::vector<Page> pages;
  auto t0 = std::chrono::steady_clock::now();
  Status st = fetch_all(s.url("/trickle"), o, pages);
  auto took = std::chrono::steady_clock::now() - t0;
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(took < 5s);
}

TEST_CASE("the token never crosses plain http to a host that is not loopback") {
  CHECK(insecure_token_problem("http://portal.example.gov.vn/api"));
  CHECK(insecure_token_problem("HTTP://10.0.0.5:8080/x"));
  CHECK(insecure_token_problem("http://127.0.0.1.nip.io/x"));
  CHECK_FALSE(insecure_token_problem("https://portal.example.gov.vn/api"));
  CHECK_FALSE(insecure_token_problem("http://127.0.0.1:8080/x"));
  CHECK_FALSE(insecure_token_problem("http://127.5.6.7/x"));
  CHECK_FALSE(insecure_token_problem("http://localhost/x"));
  CHECK_FALSE(insecure_token_problem("http://[::1]:80/x"));
  auto why = insecure_token_problem("http://portal.example.gov.vn/api");
  REQUIRE(why);
  CHECK(why->find("portal.example.gov.vn") != std::string::npos);
  CHECK(why->find("MOTCUA_ALLOW_INSECURE_TOKEN") != std::string::npos);

  FetchOptions o = fast_options();
  o.bearer_token = "tok";
  std::vector<Page> pages;
  Status st = fetch_all("http://portal.example.invalid/api", o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::usage); // refused before any connection
  o.allow_insecure_token = true;
  st = fetch_all("http://portal.example.invalid/api", o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote); // tried (and the name does not resolve)
  o.bearer_token.reset();
  o.allow_insecure_token = false;
  st = fetch_all("http://portal.example.invalid/api", o, pages);
  CHECK(st.error().kind == ErrorKind::remote); // no token, nothing to protect
}

TEST_CASE("redirects never go from https down to http") {
  CHECK(std::string(redirect_protocols("https://portal.example.gov.vn/api")) == "https");
  CHECK(std::string(redirect_protocols("HTTPS://portal.example.gov.vn/api")) == "https");
  CHECK(std::string(redirect_protocols("http://127.0.0.1/x")) == "http,https");
}

TEST_CASE("a body larger than the limit is refused as the decoded bytes arrive") {
  LocalServer s;
  std::string zeros(4u << 20, '0'); // gzip shrinks it a thousandfold: the limit must count decoded bytes
  s.svr.Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("[" + zeros + "]", "application/json");
  });
  s.start();
  FetchOptions o = fast_options();
  o.max_body_bytes = 1u << 20;
  std::vector<Page> pages;
  Status st = fetch_all(s.url("/bomb"), o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("exceeds 1048576 bytes (decoded)") != std::string::npos);
  CHECK(pages.empty());
}

TEST_CASE("a request slower than the total timeout fails after retries") {
  LocalServer s;
  s.svr.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(600ms);
    res.set_content("[]", "application/json");
  });
  s.start();
  FetchOptions o = fast_options();
  o.total_timeout = 150ms;
  o.max_retries = 1;
  std::vector<Page> pages;
  Status st = fetch_all(s.url("/slow"), o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("failed after 2 attempts") != std::string::npos);
  CHECK(st.error().message.find("imed out") != std::string::npos);
  CHECK(pages.empty());
  CHECK(s.requests().size() == 2);
}

TEST_CASE("a truncated body is an error and retried like a network error") {
  LocalServer s;
  s.svr.Get("/cut", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(1000, "application/octet-stream", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset == 0) sink.write("[1,2,3", 6);
      return offset == 0;
    });
  });
  s.start();
  std::vector<Page> pages;
  Status st = fetch_all(s.url("/cut"), fast_options(), pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("truncated") != std::string::npos);
  CHECK(st.error().message.find("failed after 3 attempts") != std::string::npos);
  CHECK(pages.empty());
  CHECK(s.requests().size() == 3);
}

TEST_CASE("401 is not retried and the message points at MOTCUA_TOKEN without the token") {
  LocalServer s;
  s.svr.Get("/secret", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Bearer right-token") {
      res.status = 401;
      return;
    }
    res.set_content("[]", "application/json");
  });
  s.start();
  FetchOptions o = fast_options();
  o.bearer_token = "wrong-token-123";
  std::vector<Page> pages;
  Status st = fetch_all(s.url("/secret?page=1&token=wrong-token-123"), o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("HTTP 401") != std::string::npos);
  CHECK(st.error().message.find("MOTCUA_TOKEN") != std::string::npos);
  CHECK(st.error().message.find("wrong-token-123") == std::string::npos);
  CHECK(st.error().message.find("token=REDACTED") != std::string::npos);
  REQUIRE(s.requests().size() == 1);
  CHECK(s.requests()[0] == "/secret Bearer wrong-token-123");

  o.bearer_token = "right-token";
  REQUIRE(fetch_all(s.url("/secret"), o, pages).ok());
  CHECK(pages.size() == 1);
}

TEST_CASE("other 4xx are not retried and credentials never reach the message") {
  LocalServer s;
  s.svr.Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  s.start();
  std::vector<Page> pages;
  std::string url = "http://alice:hunter2@127.0.0.1:" + std::to_string(s.port) + "/missing?apikey=k9";
  Status st = fetch_all(url, fast_options(), pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("HTTP 404") != std::string::npos);
  CHECK(st.error().message.find("hunter2") == std::string::npos);
  CHECK(st.error().message.find("k9") == std::string::npos);
  CHECK(s.requests().size() == 1);
}

TEST_CASE("the token is not sent to another origin named by a next link") {
  LocalServer other;
  other.svr.Get("/p2",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("[2]", "application/json"); });
  other.start();
  LocalServer s;
  s.svr.Get("/p1", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[1],"next":")" + other.url("/p2") + R"("})", "application/json");
  });
  s.start();
  FetchOptions o = fast_options();
  o.bearer_token = "tok";
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/p1"), o, pages).ok());
  CHECK(pages.size() == 2);
  CHECK(s.requests().at(0) == "/p1 Bearer tok");
  CHECK(other.requests().at(0) == "/p2");
}

TEST_CASE("a refused connection is retried then reported with network advice") {
  int port = closed_port();
  std::vector<std::string> notes;
  FetchOptions o = fast_options();
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  std::vector<Page> pages;
  Status st = fetch_all("http://127.0.0.1:" + std::to_string(port) + "/x", o, pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(st.error().message.find("failed after 3 attempts") != std::string::npos);
  CHECK(st.error().message.find("proxy") != std::string::npos);
  CHECK(notes.size() == 2);
}

TEST_CASE("a malformed URL is an input error") {
  std::vector<Page> pages;
  Status st = fetch_all("http://", fast_options(), pages);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::input);
}

TEST_CASE("a redirect to another origin does not carry the token") {
  LocalServer other;
  other.svr.Get("/landing",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("[2]", "application/json"); });
  other.start();
  LocalServer s;
  s.svr.Get("/start",
            [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(other.url("/landing")); });
  s.start();
  FetchOptions o = fast_options();
  o.bearer_token = "tok";
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/start"), o, pages).ok());
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].body == "[2]");
  CHECK(s.requests().at(0) == "/start Bearer tok");
  CHECK(other.requests().at(0) == "/landing"); // another port is another origin
}

TEST_CASE("pages share one temporary file, and a failed attempt's bytes are not part of the page") {
  LocalServer s;
  std::atomic<int> hits{0};
  s.svr.Get("/p1", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 503;
      res.set_content("error page that must not leak into the body", "text/plain");
      return;
    }
    res.set_header("Link", "</p2>; rel=next");
    res.set_content("[1]", "application/json");
  });
  s.svr.Get("/p2",
            [](const httplib::Request&, httplib::Response& res) { res.set_content("[2,2]", "application/json"); });
  s.start();
  std::vector<Page> pages;
  REQUIRE(fetch_all(s.url("/p1"), fast_options(), pages).ok());
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].body == "[1]");
  CHECK(pages[1].body == "[2,2]");
}
