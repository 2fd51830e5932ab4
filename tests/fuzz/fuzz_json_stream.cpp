// libFuzzer target for lib/io/json_stream. Input: [options selector][chunking selector] then
// the document. Checks: block boundaries never change what the scanner hands out or its
// error; a document nlohmann accepts whole (first_json_problem) is accepted by the scanner,
// and then every record it hands out parses alone and nests at most k_max_json_depth;
// json_too_deep agrees with the parser on the depth limit; nothing crashes on deep input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/json_stream.hpp"

using namespace motcua;

namespace {

struct Scan {
  bool started = false;
  JsonLayout layout = JsonLayout::scalar;
  std::string member;
  std::vector<std::pair<JsonNext, std::string>> records;
  std::vector<std::uint64_t> lines;
  std::string error;
  bool operator==(const Scan&) const = default;
};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_json_stream: %s\n", what);
  std::abort();
}

Scan scan(const std::string& text, size_t chunk, size_t max_record) {
  MemoryStream src(text, chunk, "fuzz");
  JsonRecordScanner s(src, "fuzz", JsonScanOptions{{"data", "dossiers"}, max_record});
  Scan out;
  Status st = s.start();
  out.started = st.ok();
  if (!st) {
    out.error = st.error().message;
    return out;
  }
  out.layout = s.layout();
  out.member = s.member();
  std::string_view rec;
  for (JsonNext n; (n = s.next(rec)) != JsonNext::end;) {
    out.records.emplace_back(n, std::string(rec));
    out.lines.push_back(s.record_line());
    if (out.records.size() > 100000) fail("too many records");
  }
  if (!s.status()) out.error = s.status().error().message;
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t max_record = (data[0] & 1) ? 64 : (64u << 20);
  static constexpr size_t k_chunks[] = {1, 2, 3, 7, 64, 4096};
  const size_t chunk = k_chunks[data[1] % 6];
  std::string text(reinterpret_cast<const char*>(data + 2), size - 2);

  Scan whole = scan(text, SIZE_MAX, max_record);
  if (!(scan(text, chunk, max_record) == whole)) fail("block boundaries changed the scan");

  MemoryStream check(text, chunk, "fuzz");
  auto problem = first_json_problem(check);
  if (!problem) fail("a memory stream cannot fail");
  const bool valid = !problem->has_value();
  // The parser and json_too_deep agree on the depth limit for documents it otherwise accepts.
  if (valid && json_too_deep(text)) fail("first_json_problem accepted a document json_too_deep refuses");
  // The depth refusal is the whole message: a syntax error quotes the input, which may hold the same words.
  if (problem->has_value() && (*problem)->message == json_too_deep_reason() && !json_too_deep(text))
    fail("first_json_problem refused a depth json_too_deep accepts");
  if (!valid) return 0;
  if (!whole.started || !whole.error.empty()) fail("the scanner refused a valid document");
  for (const auto& [kind, rec] : whole.records) {
    if (kind != JsonNext::record) continue;
    if (rec.size() > max_record) fail("a record over the limit was handed out");
    if (json_too_deep(rec)) fail("a record nested too deep was handed out");
    auto j = nlohmann::json::parse(rec, nullptr, false);
    if (j.is_discarded()) fail("a record of a valid document does not parse alone");
  }
  return 0;
}
