#pragma once
// A one-line progress bar on stderr for long imports: drawn only on a terminal, never with
// --quiet or --no-progress, so scripts and logs never see control characters.
#include <chrono>
#include <cstdint>
#include <string>

#include "context.hpp"
#include "io/stream.hpp"

namespace motcua::cli {

class ProgressBar {
public:
  // Enabled only when stderr is a terminal and the user did not silence it.
  ProgressBar(const Context& ctx, std::string label);
  // Clears the line if something was drawn.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Cheap to call per record: redraws at most ten times a second. `bytes` gives the
  // percentage and ETA when the total size is known.
  void update(std::int64_t rows, const Progress& bytes);
  // Changes the label (e.g. the next source) at the next redraw.
  void set_label(std::string label) { m_label = std::move(label); }
  // Erases the bar so the reconciliation line starts on a clean line.
  void clear();

  bool enabled() const { return m_enabled; }

private:
  void draw(std::int64_t rows, const Progress& bytes, std::chrono::steady_clock::time_point now);

  bool m_enabled = false;
  std::string m_label;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
  std::uint32_t m_calls = 0;
  bool m_drawn = false;
};

// Whether a progress bar may be drawn: stderr is a terminal, and neither --quiet nor --no-progress.
bool progress_wanted(const Context& ctx);

} // namespace motcua::cli
