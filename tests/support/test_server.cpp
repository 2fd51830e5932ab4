// motcua_test_server ROOT_DIR [--port-file FILE]
// A local HTTP server for end-to-end tests: serves files from ROOT_DIR plus scenario routes
// that misbehave on purpose (paging, endless paging, 503, 429, slow, stalled, truncated,
// gzip bombs, huge generated bodies, auth, fixed status with Retry-After), and /log so that
// tests can count requests and retries. Binds 127.0.0.1 on a free port.
#include <httplib.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Shared state of the scenario routes; handlers run on httplib's thread pool.
class State {
public:
  explicit State(fs::path root) : m_root(std::move(root)) {}

  const fs::path& root() const { return m_root; }

  // How many times this path was requested before, counting this one (1 = first).
  int hit(const std::string& path) {
    std::lock_guard lock(m_mutex);
    return ++m_hits[path];
  }

  void log(const httplib::Request& req) {
    std::string line = req.method + " " + req.path;
    std::string query;
    for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
    line += query;
    line += req.has_header("Authorization") ? " auth=yes" : " auth=no";
    std::lock_guard lock(m_mutex);
    m_log.push_back(line);
  }

  std::string log_text(bool clear) {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& l : m_log) out += l + "\n";
    if (clear) {
      m_log.clear();
      m_hits.clear();
    }
    return out;
  }

  // Sleeps up to `d`, but wakes at shutdown so that the server stops promptly.
  void sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, d, [this] { return m_stopping; });
  }

  void stopping() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
  }

private:
  fs::path m_root;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::map<std::string, int> m_hits;
  std::vector<std::string> m_log;
};

// A file under ROOT_DIR, refusing any path that climbs out of it.
std::optional<std::string> read_file(const fs::path& root, const std::string& rel) {
  if (rel.empty() || rel.find("..") != std::string::npos || rel.front() == '/') return std::nullopt;
  fs::path p = root / rel;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string content_type(const std::string& name) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".json")) return "application/json";
  if (ends(".ndjson")) return "application/x-ndjson";
  if (ends(".csv")) return "text/csv";
  if (ends(".txt")) return "text/plain";
  return "application/octet-stream";
}

// Serves ROOT_DIR/<rel> or 404.
void serve_file(State& st, const std::string& rel, httplib::Response& res) {
  if (auto body = read_file(st.root(), rel)) {
    res.status = 200;
    res.set_content(*body, content_type(rel).c_str());
  } else {
    res.status = 404;
    res.set_content("not found: " + rel + "\n", "text/plain");
  }
}

void install_routes(httplib::Server& svr, State& st) {
  // Logged on arrival, so that a request the client gave up on still counts.
  svr.set_pre_routing_handler([&st](const httplib::Request& req, httplib::Response&) {
    if (req.path != "/log") st.log(req);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  svr.Get("/log", [&st](const httplib::Request& req, httplib::Response& res) {
    res.set_content(st.log_text(req.has_param("clear")), "text/plain");
  });

  // /paged/<name>?page=N → <name>.page<N>.json; with <name>.link, a Link header points onwards.
  svr.Get(R"(/paged/([^/]+))", [&st](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    int page = 1;
    if (req.has_param("page")) page = std::atoi(req.get_param_value("page").c_str());
    serve_file(st, name + ".page" + std::to_string(page) + ".json", res);
    if (res.status != 200) return;
    std::error_code ec;
    const bool has_next = fs::exists(st.root() / (name + ".page" + std::to_string(page + 1) + ".json"), ec);
    if (fs::exists(st.root() / (name + ".link"), ec) && has_next)
      res.set_header("Link", "</paged/" + name + "?page=" + std::to_string(page + 1) + ">; rel=\"next\"");
  });

  svr.Get(R"(/flaky/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    if (st.hit(req.path) == 1) {
      res.status = 503;
      res.set_content("try again\n", "text/plain");
      return;
    }
    serve_file(st, req.matches[1], res);
  });

  svr.Get(R"(/ratelimit/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    if (st.hit(req.path) == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content("slow down\n", "text/plain");
      return;
    }
    serve_file(st, req.matches[1], res);
  });

  // /slow/<file>?sleep=SECONDS (default 5, fractions allowed) before answering.
  svr.Get(R"(/slow/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    double secs = req.has_param("sleep") ? std::atof(req.get_param_value("sleep").c_str()) : 5.0;
    st.sleep_for(std::chrono::milliseconds(static_cast<long long>(secs * 1000)));
    serve_file(st, req.matches[1], res);
  });

  // Announces the whole file's length (+100) but sends only its first half, then drops the connection.
  svr.Get(R"(/truncated/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto body = read_file(st.root(), req.matches[1]);
    if (!body) return serve_file(st, req.matches[1], res);
    auto half = std::make_shared<std::string>(body->substr(0, body->size() / 2));
    res.set_content_provider(body->size() + 100, "application/octet-stream",
                             [half](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset == 0) sink.write(half->data(), half->size());
                               return offset == 0; // false on the next call: the connection is closed
                             });
  });

  svr.Get(R"(/auth/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto token = read_file(st.root(), ".token");
    std::string expected = token ? "Bearer " + std::string(token->substr(0, token->find_last_not_of("\r\n") + 1)) : "";
    if (!token || req.get_header_value("Authorization") != expected) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer");
      res.set_content("unauthorized\n", "text/plain");
      return;
    }
    serve_file(st, req.matches[1], res);
  });

  // /window/<file.ndjson>?since=T&until=T[&page=N] (or from=T&to=T): the NDJSON lines whose "received_at" falls in
  // [since, until) (ISO or yyyyMMddHHmmss: compared by their first 14 digits), two per page, with a
  // Link header to the next page: a source serving dossiers by time window (incremental sync).
  svr.Get(R"(/window/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto digits = [](const std::string& text) {
      std::string d;
      for (char c : text)
        if (c >= '0' && c <= '9' && d.size() < 14) d += c;
      return d + std::string(14 - d.size(), '0');
    };
    auto body = read_file(st.root(), req.matches[1]);
    const char* since_key = req.has_param("since") ? "since" : "from"; // either name, as portals differ
    const char* until_key = req.has_param("until") ? "until" : "to";
    if (!body || !req.has_param(since_key) || !req.has_param(until_key)) {
      res.status = 400;
      res.set_content("need an existing file, since and until\n", "text/plain");
      return;
    }
    const std::string since = digits(req.get_param_value(since_key));
    const std::string until = digits(req.get_param_value(until_key));
    std::vector<std::string> lines;
    std::istringstream in(*body);
    for (std::string line; std::getline(in, line);) {
      auto at = line.find("\"received_at\":\"");
      if (at == std::string::npos) continue;
      std::string t = digits(line.substr(at + 15, 25));
      if (t >= since && t < until) lines.push_back(line);
    }
    int page = req.has_param("page") ? std::atoi(req.get_param_value("page").c_str()) : 1;
    std::string out;
    for (std::size_t i = static_cast<std::size_t>(page - 1) * 2;
         i < lines.size() && i < static_cast<std::size_t>(page) * 2; ++i)
      out += lines[i] + "\n";
    res.set_content(out, "application/x-ndjson");
    if (lines.size() > static_cast<std::size_t>(page) * 2)
      res.set_header("Link", "</window/" + std::string(req.matches[1]) + "?since=" + since + "&until=" + until +
                                 "&page=" + std::to_string(page + 1) + ">; rel=\"next\"");
  });

  // /endless/<file>?page=N: the file, with a Link header to page N+1, for ever.
  svr.Get(R"(/endless/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    int page = req.has_param("page") ? std::atoi(req.get_param_value("page").c_str()) : 1;
    serve_file(st, req.matches[1], res);
    if (res.status == 200)
      res.set_header("Link", "</endless/" + std::string(req.matches[1]) + "?page=" + std::to_string(page + 1) +
                                 ">; rel=\"next\"");
  });

  // /gzip/<file>: the file's bytes as they are, declared `Content-Encoding: gzip` (the test
  // gzips them): a small file that inflates to a huge body.
  svr.Get(R"(/gzip/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    serve_file(st, req.matches[1], res);
    if (res.status == 200) res.set_header("Content-Encoding", "gzip");
  });

  // /huge/<file>?mb=N: the file with its one `@HUGE@` replaced by N MiB of 'x', generated
  // as it is sent (chunked), so that neither side needs the body on disk.
  svr.Get(R"(/huge/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto body = read_file(st.root(), req.matches[1]);
    if (!body) return serve_file(st, req.matches[1], res);
    const size_t at = body->find("@HUGE@");
    auto head = std::make_shared<std::string>(body->substr(0, at));
    auto tail = std::make_shared<std::string>(at == std::string::npos ? "" : body->substr(at + 6));
    const size_t mib = req.has_param("mb") ? static_cast<size_t>(std::atol(req.get_param_value("mb").c_str())) : 1;
    auto sent = std::make_shared<size_t>(0);
    res.set_chunked_content_provider(content_type(req.matches[1]),
                                     [head, tail, mib, sent](size_t, httplib::DataSink& sink) {
                                       static const std::string k_block(1 << 20, 'x');
                                       if (*sent == 0) sink.write(head->data(), head->size());
                                       if (*sent < mib) {
                                         ++*sent;
                                         return sink.write(k_block.data(), k_block.size());
                                       }
                                       sink.write(tail->data(), tail->size());
                                       sink.done();
                                       return true;
                                     });
  });

  // /stall/<file>: headers and the first half of the file, then nothing (until shutdown).
  svr.Get(R"(/stall/(.+))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto body = read_file(st.root(), req.matches[1]);
    if (!body) return serve_file(st, req.matches[1], res);
    auto half = std::make_shared<std::string>(body->substr(0, body->size() / 2));
    res.set_content_provider(body->size(), content_type(req.matches[1]),
                             [&st, half](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset == 0) return sink.write(half->data(), half->size());
                               st.sleep_for(std::chrono::hours(1));
                               return false;
                             });
  });

  // /status/NNN[?retry_after=VALUE]: that status, with a Retry-After header when asked.
  svr.Get(R"(/status/(\d{3}))", [](const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("retry_after")) res.set_header("Retry-After", req.get_param_value("retry_after"));
    res.status = std::atoi(std::string(req.matches[1]).c_str());
    res.set_content("status " + std::string(req.matches[1]) + "\n", "text/plain");
  });

  svr.Get(R"(/(.+))",
          [&st](const httplib::Request& req, httplib::Response& res) { serve_file(st, req.matches[1], res); });
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: motcua_test_server ROOT_DIR [--port-file FILE]\n";
    return 2;
  }
  fs::path root = argv[1];
  std::string port_file;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--port-file" && i + 1 < argc) port_file = argv[++i];
    else {
      std::cerr << "motcua_test_server: unknown argument " << a << "\n";
      return 2;
    }
  }
  if (!fs::is_directory(root)) {
    std::cerr << "motcua_test_server: not a directory: " << root << "\n";
    return 2;
  }

  // Signals are taken by a dedicated thread (sigwait), so stopping is not done in a handler.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  State st(root);
  httplib::Server svr;
  install_routes(svr, st);
  const int port = svr.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "motcua_test_server: cannot bind 127.0.0.1\n";
    return 1;
  }

  std::atomic<bool> listen_done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&sigs, &sig);
    st.stopping();
    // stop() is a no-op until the accept loop runs, so wait for it (or for its end).
    while (!svr.is_running() && !listen_done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    svr.stop();
  });

  // The port is published only once the socket listens, so clients may connect at once.
  if (port_file.empty()) {
    std::cout << port << std::endl;
  } else {
    const std::string tmp = port_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << port << "\n";
    }
    fs::rename(tmp, port_file);
  }

  const bool ok = svr.listen_after_bind();
  listen_done = true;
  kill(getpid(), SIGTERM); // wakes the waiter if the loop ended on its own; harmless otherwise
  waiter.join();
  return ok ? 0 : 1;
}
