#pragma once
// A deterministic, realistic data set (catalog, dossiers in every input format,
// with a few deliberately broken records) for the README's job, tests and benches.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace motcua {

// How the dossiers are spread over the files. `files`: every format a share of the same years
// (the README's job). `province`: the files a province migrates one after the other, as its
// cache was built: a year of national sync JSON, then two legacy CSV systems (cp1258, TCVN3)
// whose exports overlap the earlier ones, then a late NDJSON re-export updating open dossiers.
enum class SampleLayout { files, province };

std::optional<SampleLayout> parse_sample_layout(std::string_view name);

struct SampleOptions {
  std::string out_dir;
  int procedures = 200;
  int dossiers = 5000;
  std::uint64_t seed = 1;
  bool force = false; // overwrite files of an earlier sample (--force); otherwise an existing file is refused
  SampleLayout layout = SampleLayout::files;
};

// What was written, for the command to report.
struct SampleReport {
  int procedures = 0;
  int dossiers = 0;
  int broken = 0; // deliberately invalid records across the dossier files
};

// Writes the files into out_dir (created), each atomically (0600); the same options always give the same bytes.
// Dossiers are streamed to the files as they are made: memory does not grow with their number.
Result<SampleReport> write_sample(const SampleOptions& options);

} // namespace motcua
