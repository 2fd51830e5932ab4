// Due-time computations per second: the precomputed engine against the day-walking reference.
// Usage: motcua_bench_calendar [N]   (N due times per engine, default 2,000,000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "calendar/work_calendar.hpp"

using namespace motcua;

namespace {

struct Case {
  Instant from;
  std::int64_t seconds;
  Span pause;
  bool paused;
};

// Receipts 2015–2025 at any second, 0.5–30 working days or 1–40 hours, one case in four
// with a 1–10 day pause starting within the first week.
std::vector<Case> make_cases(const WorkCalendar& calendar, size_t n) {
  std::mt19937_64 rng(20180305);
  const Instant lo = local_instant(days_from_civil(2015, 1, 1));
  const Instant hi = local_instant(days_from_civil(2025, 12, 31));
  std::uniform_int_distribution<Instant> when(lo, hi);
  std::uniform_int_distribution<int> half_days(1, 60), hours(1, 40), kind(0, 3), gap(0, 7 * 86400),
      pause_len(3600, 10 * 86400);
  std::vector<Case> cases(n);
  for (Case& c : cases) {
    c.from = when(rng);
    c.seconds = kind(rng) == 0 ? hours(rng) * 3600LL : calendar.working_days_seconds(half_days(rng) / 2.0);
    c.paused = kind(rng) == 0;
    c.pause.from = c.from + gap(rng);
    c.pause.to = c.pause.from + pause_len(rng);
  }
  return cases;
}

template <typename F> double per_second(const std::vector<Case>& cases, F&& compute, Instant& checksum) {
  const auto start = std::chrono::steady_clock::now();
  for (const Case& c : cases) checksum ^= compute(c);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return static_cast<double>(cases.size()) / elapsed.count();
}

} // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? static_cast<size_t>(std::strtoull(argv[1], nullptr, 10)) : 2'000'000;
  const auto build_start = std::chrono::steady_clock::now();
  auto calendar = WorkCalendar::create();
  if (!calendar) {
    std::fprintf(stderr, "calendar: %s\n", calendar.error().message.c_str());
    return 1;
  }
  const std::chrono::duration<double> build = std::chrono::steady_clock::now() - build_start;
  const std::vector<Case> cases = make_cases(*calendar, n);
  const size_t walker_n = std::max<size_t>(1, n / 20); // the walker is much slower
  const std::vector<Case> walker_cases(cases.begin(),
                                       cases.begin() + static_cast<std::ptrdiff_t>(std::min(walker_n, n)));

  Instant fast_sum = 0, walk_sum = 0;
  const auto pauses = [](const Case& c) {
    return c.paused ? std::span<const Span>(&c.pause, 1) : std::span<const Span>();
  };
  const double fast = per_second(
      cases, [&](const Case& c) { return calendar->add_working_time(c.from, c.seconds, pauses(c)); }, fast_sum);
  const double walk = per_second(
      walker_cases, [&](const Case& c) { return calendar->reference_add_working_time(c.from, c.seconds, pauses(c)); },
      walk_sum);

  // Same answers on the walker's cases (a benchmark of a wrong engine is worthless).
  size_t mismatches = 0;
  for (const Case& c : walker_cases)
    if (calendar->add_working_time(c.from, c.seconds, pauses(c)) !=
        calendar->reference_add_working_time(c.from, c.seconds, pauses(c)))
      ++mismatches;

  std::printf("calendar build (1990-2100, law + official days): %.1f ms\n", build.count() * 1000);
  std::printf("fast engine:   %12.0f due times/s  (%zu computations, checksum %lld)\n", fast, cases.size(),
              static_cast<long long>(fast_sum));
  std::printf("day walker:    %12.0f due times/s  (%zu computations, checksum %lld)\n", walk, walker_cases.size(),
              static_cast<long long>(walk_sum));
  std::printf("ratio:         %12.1fx\n", fast / walk);
  std::printf("mismatches:    %12zu\n", mismatches);
  return mismatches == 0 ? 0 : 1;
}
