// libFuzzer target for the national sync record converter (dossiers/validate: dossier_from_dvcqg).
// Input: one JSON document. Checks: nothing crashes on any record; an accepted record has its
// codes; its canonical JSON (to_json) reads back through dossier_from_json to the same dossier.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "dossiers/validate.hpp"

using namespace motcua;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_dvcqg: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  auto record = nlohmann::json::parse(data, data + size, nullptr, false);
  if (record.is_discarded()) return 0;
  auto d = dossier_from_dvcqg(record);
  if (!d) {
    if (d.error().message.empty()) fail("a refusal without a message");
    return 0;
  }
  if (d->code.empty() || d->procedure_code.empty()) fail("an accepted record without its codes");
  auto canonical = nlohmann::json::parse(to_json(*d).dump());
  auto again = dossier_from_json(canonical);
  if (!again) {
    std::fprintf(stderr, "%s\n%s\n", canonical.dump().c_str(), again.error().message.c_str());
    fail("the canonical form of an accepted record is refused");
  }
  if (!(*again == *d)) {
    std::fprintf(stderr, "%s\n%s\n", canonical.dump().c_str(), nlohmann::json(to_json(*again)).dump().c_str());
    fail("the canonical form reads back differently");
  }
  return 0;
}
