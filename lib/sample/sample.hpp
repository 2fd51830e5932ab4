#pragma once
// A deterministic, realistic data set (catalog, dossiers in every input format,
// with a few deliberately broken records) for the README's job, tests and benches.
#include <cstdint>
#include <string>

#include "util/error.hpp"

namespace motcua {

struct SampleOptions {
  std::string out_dir;
  int procedures = 200;
  int dossiers = 5000;
  std::uint64_t seed = 1;
  bool force = false; // overwrite files of an earlier sample (--force); otherwise an existing file is refused
};

// What was written, for the command to report.
struct SampleReport {
  int procedures = 0;
  int dossiers = 0;
  int broken = 0; // deliberately invalid records across the dossier files
};

// Writes the files into out_dir (created), each atomically (0600); the same options always give the same bytes.
Result<SampleReport> write_sample(const SampleOptions& options);

} // namespace motcua
