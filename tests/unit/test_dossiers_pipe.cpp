#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dossiers/pipe.hpp"

using namespace motcua;

namespace {

// n records; every 7th is rejected; optionally a source failure at the end.
class CountingReader : public DossierReader {
public:
  CountingReader(int n, bool fail) : m_n(n), m_fail(fail) {}
  ReadResult next(Dossier& d, Reject& reject) override {
    if (m_i >= m_n) {
      if (m_fail) m_status = make_error(ErrorKind::input, "broken at the end");
      return ReadResult::end;
    }
    ++m_i;
    reject.source = "f";
    reject.position = m_i;
    if (m_i % 7 == 0) {
      reject.reason = "bad " + std::to_string(m_i);
      return ReadResult::rejected;
    }
    d.code = "D" + std::to_string(m_i);
    return ReadResult::dossier;
  }
  const Status& status() const override { return m_status; }
  Progress progress() const override { return {static_cast<std::uint64_t>(m_i), std::nullopt}; }
  InputFormat format() const override { return InputFormat::ndjson; }

private:
  int m_n, m_i = 0;
  bool m_fail;
  Status m_status;
};

} // namespace

TEST_CASE("RecordPipe hands every record over in input order, blocks reused") {
  const int n = 10000; // several times the pipe's capacity
  RecordPipe pipe(std::make_unique<CountingReader>(n, false));
  int seen = 0;
  for (bool last = false; !last;) {
    auto* b = pipe.next();
    last = b->last;
    for (size_t i = 0; i < b->count; ++i) {
      const auto& it = b->items[i];
      ++seen;
      CHECK(it.place.position == seen);
      CHECK(it.progress.done == static_cast<std::uint64_t>(seen));
      if (seen % 7 == 0) {
        CHECK(it.kind == ReadResult::rejected);
        CHECK(it.place.reason == "bad " + std::to_string(seen));
      } else {
        CHECK(it.kind == ReadResult::dossier);
        CHECK(it.dossier.code == "D" + std::to_string(seen));
        CHECK(it.place.reason.empty()); // a reused slot does not carry an earlier reject's reason
      }
    }
    pipe.done(b);
  }
  CHECK(seen == n);
  CHECK(pipe.finish().ok());
}

TEST_CASE("RecordPipe: the reader's failure comes back from finish(); an early stop joins the thread") {
  {
    RecordPipe pipe(std::make_unique<CountingReader>(10, true));
    auto* b = pipe.next();
    CHECK(b->last);
    CHECK(b->count == 10);
    pipe.done(b);
    auto st = pipe.finish();
    REQUIRE(!st.ok());
    CHECK(st.error().message == "broken at the end");
  }
  {
    RecordPipe pipe(std::make_unique<CountingReader>(1000000, false));
    auto* b = pipe.next();
    CHECK(b->count == RecordPipe::k_block_items);
    // destroyed without reading on: the reader stops and is joined
  }
}

namespace {

// Every item the pipe hands over, as one comparable line each, then the reader's status.
std::vector<std::string> drain(RecordPipe& pipe) {
  std::vector<std::string> out;
  for (bool last = false; !last;) {
    auto* b = pipe.next();
    last = b->last;
    for (size_t i = 0; i < b->count; ++i) {
      const auto& it = b->items[i];
      out.push_back(std::to_string(static_cast<int>(it.kind)) + " " + std::to_string(it.place.position) + " " +
                    it.place.reason + " " + (it.kind == ReadResult::dossier ? it.dossier.code : "") + " " +
                    std::to_string(it.progress.done));
    }
    pipe.done(b);
  }
  auto st = pipe.finish();
  out.push_back(st.ok() ? "ok" : st.error().message);
  return out;
}

} // namespace

TEST_CASE("RecordPipe without a thread (--jobs 1) hands over the same items, blocks and status as with one") {
  for (bool fail : {false, true}) {
    CAPTURE(fail);
    RecordPipe threaded(std::make_unique<CountingReader>(5000, fail), true);
    RecordPipe inline_pipe(std::make_unique<CountingReader>(5000, fail), false);
    auto a = drain(threaded);
    auto b = drain(inline_pipe);
    CHECK(a.size() == 5001);
    CHECK(a == b);
    CHECK(b.back() == (fail ? "broken at the end" : "ok"));
  }
  // Stopped early without a thread: nothing is read past the block handed out.
  RecordPipe pipe(std::make_unique<CountingReader>(1000000, false), false);
  auto* b = pipe.next();
  CHECK(b->count == RecordPipe::k_block_items);
  CHECK(b->items[b->count - 1].progress.done == RecordPipe::k_block_items);
}
