#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "io/source.hpp"

#include "support/test_support.hpp"

using namespace motcua;
using namespace motcua::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A cpp-httplib server on a free 127.0.0.1 port, running until the test ends.
class LocalServer {
public:
  httplib::Server svr;
  int port = 0;

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

private:
  std::thread m_thread;
};

FetchOptions fast_options() {
  FetchOptions o;
  o.connect_timeout = 1000ms;
  o.total_timeout = 2000ms;
  o.max_retries = 0;
  o.backoff_base = 10ms;
  o.backoff_cap = 20ms;
  return o;
}

// A page as the tests look at it: its name and its bytes.
struct SourceText {
  std::string name;
  std::string text;
};

// Every page read_source hands over, read whole.
Status read_all(const std::string& source, std::vector<SourceText>& out) {
  return read_source(source, fast_options(), [&](SourcePage&& page) -> Status {
    auto in = page.open();
    if (!in) return in.error();
    auto text = motcua::read_all(**in);
    if (!text) return text.error();
    out.push_back({page.name, std::move(*text)});
    return {};
  });
}

} // namespace

TEST_CASE("read_file: the whole file, byte for byte, beyond one read buffer") {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>(i * 7 % 256);
  fs::path p = dir.path / "data.bin";
  spit(p, bytes);
  auto text = read_file(p.string());
  REQUIRE(text);
  CHECK(text->size() == bytes.size());
  CHECK(*text == bytes);

  spit(dir.path / "empty.csv", "");
  auto empty = read_file((dir.path / "empty.csv").string());
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("read_file: a missing file is ErrorKind::input naming it") {
  TempDir dir;
  std::string missing = (dir.path / "nope.json").string();
  auto text = read_file(missing);
  REQUIRE_FALSE(text);
  CHECK(text.error().kind == ErrorKind::input);
  CHECK(contains(text.error().message, missing));
  CHECK(contains(text.error().message, "No such file"));
}

TEST_CASE("read_file: a directory is ErrorKind::input saying so") {
  TempDir dir;
  auto text = read_file(dir.path.string());
  REQUIRE_FALSE(text);
  CHECK(text.error().kind == ErrorKind::input);
  CHECK(contains(text.error().message, dir.path.string()));
  CHECK(contains(text.error().message, "directory"));
}

TEST_CASE("read_file: - reads standard input and leaves it open") {
  TempDir dir;
  fs::path p = dir.path / "in.txt";
  spit(p, "từ stdin\n");
  int saved = ::dup(0);
  REQUIRE(saved >= 0);
  int fd = ::open(p.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::dup2(fd, 0) == 0);
  ::close(fd);
  auto text = read_file("-");
  bool still_open = ::fcntl(0, F_GETFD) != -1;
  ::dup2(saved, 0);
  ::close(saved);
  REQUIRE(text);
  CHECK(*text == "từ stdin\n");
  CHECK(still_open);
}

TEST_CASE("read_source: a file path is one text named by its path") {
  TempDir dir;
  fs::path p = dir.path / "http_catalog.json"; // a name that merely starts like a scheme
  spit(p, "[1]");
  std::vector<SourceText> texts;
  auto st = read_all(p.string(), texts);
  REQUIRE_MESSAGE(st, st.error().message);
  REQUIRE(texts.size() == 1);
  CHECK(texts[0].name == p.string());
  CHECK(texts[0].text == "[1]");
}

TEST_CASE("read_source: file errors are ErrorKind::input and the handler is not called") {
  TempDir dir;
  std::vector<SourceText> texts;
  auto st = read_all((dir.path / "missing.csv").string(), texts);
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(contains(st.error().message, "missing.csv"));
  CHECK(texts.empty());
  // A relative path that merely contains "http://" is still a path.
  auto odd = read_all("./http://example.invalid/x", texts);
  REQUIRE_FALSE(odd);
  CHECK(odd.error().kind == ErrorKind::input);
  CHECK(texts.empty());
}

TEST_CASE("read_source: the handler's error stops the read and is returned") {
  TempDir dir;
  fs::path p = dir.path / "a.json";
  spit(p, "[]");
  auto st = read_source(p.string(), fast_options(),
                        [](SourcePage&&) { return Status(make_error(ErrorKind::rejected, "stop here")); });
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::rejected);
  CHECK(st.error().message == "stop here");
}

TEST_CASE("read_source: an http URL is fetched page by page, each named by its redacted URL") {
  LocalServer s;
  s.svr.Get("/catalog", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_param_value("page") == "2") {
      res.set_content(R"({"procedures":[{"code":"B"}]})", "application/json");
      return;
    }
    res.set_content(R"({"procedures":[{"code":"A"}],"next":"/catalog?page=2&token=s3cret"})", "application/json");
  });
  s.start();
  std::vector<SourceText> texts;
  auto st = read_all(s.url("/catalog?token=s3cret"), texts);
  REQUIRE_MESSAGE(st, st.error().message);
  REQUIRE(texts.size() == 2);
  CHECK(contains(texts[0].text, "\"A\""));
  CHECK(contains(texts[1].text, "\"B\""));
  CHECK(texts[0].name == s.url("/catalog?token=REDACTED"));
  CHECK(texts[1].name == s.url("/catalog?page=2&token=REDACTED"));
  for (const auto& t : texts) CHECK_FALSE(contains(t.name, "s3cret"));
}

TEST_CASE("read_source: HTTP failures are ErrorKind::remote") {
  LocalServer s;
  s.svr.Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  s.start();
  std::vector<SourceText> texts;
  auto st = read_all(s.url("/gone"), texts);
  REQUIRE_FALSE(st);
  CHECK(st.error().kind == ErrorKind::remote);
  CHECK(contains(st.error().message, "404"));
  CHECK(texts.empty());
}
