#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

#include "io/render.hpp"
#include "io/text.hpp"

namespace motcua::cli {

bool progress_wanted(const Context& ctx) { return !ctx.options.quiet && !ctx.options.no_progress && ::isatty(2); }

ProgressBar::ProgressBar(const Context& ctx, std::string label)
    : m_enabled(progress_wanted(ctx)), m_label(std::move(label)), m_start(std::chrono::steady_clock::now()),
      m_last_draw(m_start) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::int64_t rows, const Progress& bytes) {
  if (!m_enabled || (++m_calls & 1023u) != 0) return; // look at the clock once per 1024 records
  auto now = std::chrono::steady_clock::now();
  if (now - m_last_draw < std::chrono::milliseconds(100)) return;
  m_last_draw = now;
  draw(rows, bytes, now);
}

namespace {

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string clock_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

int terminal_width() {
  struct winsize ws {};
  if (::ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col; // 0: the size is unknown
  return 80;
}

// The label cut to `budget` bytes from the front ("…" + its tail, the file name being at the
// end of a path), on a UTF-8 boundary; empty when too little room is left.
std::string fit_label(const std::string& label, int budget) {
  if (static_cast<int>(label.size()) <= budget) return label;
  if (budget < 8) return "";
  size_t from = label.size() - static_cast<size_t>(budget - 3); // "…" is 3 bytes, 1 column
  while (from < label.size() && (static_cast<unsigned char>(label[from]) & 0xC0) == 0x80) ++from;
  return "\u2026" + label.substr(from);
}

// The text cut to at most `columns` display columns, on a UTF-8 boundary.
std::string cut_to_columns(const std::string& text, size_t columns) {
  size_t n = 0, i = 0;
  for (; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++n > columns) break;
  return text.substr(0, i);
}

} // namespace

void ProgressBar::draw(std::int64_t rows, const Progress& bytes, std::chrono::steady_clock::time_point now) {
  double elapsed = std::chrono::duration<double>(now - m_start).count();
  double rate = elapsed > 0 ? static_cast<double>(rows) / elapsed : 0;
  // The line never reaches the last column: a line that wraps leaves a new line per redraw.
  int room = terminal_width() - 1;
  // The numbers always show; the label (a path, maybe long) gets what room is left.
  std::string counters = "  " + grouped(rows) + " rows  " + grouped(static_cast<std::int64_t>(rate)) + " rows/s";
  std::string bar, pct, eta;
  if (bytes.total && *bytes.total > 0) {
    double frac = std::min(1.0, static_cast<double>(bytes.done) / static_cast<double>(*bytes.total));
    if (frac > 0.001) eta = "  ETA " + clock_text(elapsed * (1 - frac) / frac);
    char buf[16];
    std::snprintf(buf, sizeof buf, " %3d%%", static_cast<int>(frac * 100));
    pct = buf;
    int cells = std::min(40, room - static_cast<int>(counters.size() + pct.size() + eta.size() + 4) -
                                 20); // 4: "  []"; 20: for a label
    if (cells >= 10) {
      int filled = static_cast<int>(frac * cells);
      bar = "  [" + std::string(static_cast<size_t>(filled), '#') +
            std::string(static_cast<size_t>(cells - filled), '.') + "]";
    }
  }
  // A narrow terminal loses the least useful parts first: the bar, the ETA, the percentage.
  for (std::string* part : {&bar, &eta, &pct})
    if (static_cast<int>(display_width(counters) + display_width(bar) + display_width(pct) + display_width(eta)) > room)
      part->clear();
  std::string tail = counters + bar + pct + eta;
  // The label (a path or URL) escaped like every message before it is fitted.
  std::string label = fit_label(printable_for_terminal(m_label), room - static_cast<int>(display_width(tail)));
  // Then the counters themselves are cut (without a label, without their leading spaces).
  std::string text = label.empty() ? tail.substr(2) : label + tail;
  text = cut_to_columns(text, static_cast<size_t>(std::max(room, 0)));
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  std::fflush(stderr);
  m_drawn = true;
}

void ProgressBar::clear() {
  if (!m_drawn) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  m_drawn = false;
}

} // namespace motcua::cli
