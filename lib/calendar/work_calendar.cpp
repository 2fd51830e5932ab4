#include "calendar/work_calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace motcua {

namespace {

// How far the walking paths look before giving up (a calendar with no office hours at all).
constexpr Days k_walk_limit_days = 400 * 366;

// Pauses sorted by start, merged, empty ones dropped. Small inputs stay on the stack.
class PauseList {
public:
  explicit PauseList(std::span<const Span> pauses) {
    bool sorted = true;
    for (size_t i = 0; i < pauses.size(); ++i) {
      if (pauses[i].to <= pauses[i].from) continue;
      if (m_size > 0 && pauses[i].from < back().from) sorted = false;
      push(pauses[i]);
    }
    Span* first = data();
    if (!sorted) std::sort(first, first + m_size, [](const Span& a, const Span& b) { return a.from < b.from; });
    size_t out = 0;
    for (size_t i = 0; i < m_size; ++i) {
      if (out > 0 && first[i].from <= first[out - 1].to) {
        first[out - 1].to = std::max(first[out - 1].to, first[i].to);
      } else {
        first[out++] = first[i];
      }
    }
    m_size = out;
    if (!m_heap.empty()) m_heap.resize(out);
  }
  std::span<const Span> spans() const { return {m_heap.empty() ? m_small.data() : m_heap.data(), m_size}; }

private:
  Span* data() { return m_heap.empty() ? m_small.data() : m_heap.data(); }
  Span& back() { return data()[m_size - 1]; }
  void push(const Span& s) {
    if (m_heap.empty() && m_size < m_small.size()) {
      m_small[m_size++] = s;
      return;
    }
    if (m_heap.empty()) m_heap.assign(m_small.begin(), m_small.begin() + static_cast<std::ptrdiff_t>(m_size));
    m_heap.push_back(s);
    ++m_size;
  }
  std::array<Span, 8> m_small{};
  std::vector<Span> m_heap;
  size_t m_size = 0;
};

std::int64_t total_seconds(std::span<const Interval> intervals) {
  std::int64_t total = 0;
  for (const Interval& i : intervals) total += i.end - i.start;
  return total;
}

// Office seconds of a day's intervals before second-of-day `sod`.
std::int64_t seconds_before(std::span<const Interval> intervals, int sod) {
  std::int64_t total = 0;
  for (const Interval& i : intervals) {
    if (sod <= i.start) break;
    total += std::min(sod, i.end) - i.start;
  }
  return total;
}

} // namespace

WorkHours WorkHours::standard() {
  WorkHours hours;
  for (int d = 0; d < 5; ++d)
    hours.days[static_cast<size_t>(d)] = {{7 * 3600 + 30 * 60, 11 * 3600 + 30 * 60}, {13 * 3600, 17 * 3600}};
  return hours;
}

std::int64_t WorkHours::day_seconds(int wd) const { return total_seconds(days[static_cast<size_t>(wd)]); }

Result<WorkCalendar> WorkCalendar::create(WorkHours hours, std::span<const SpecialDay> overrides, int first_year,
                                          int last_year) {
  if (hours.day_seconds(0) <= 0)
    return make_error(
        ErrorKind::input,
        "work hours: Monday has no office hours, so there is no standard working day; give Monday at least one interval");
  auto builtin = builtin_days(first_year, last_year);
  if (!builtin) return builtin.error();
  return WorkCalendar(std::move(hours), apply_overrides(std::move(*builtin), overrides), first_year, last_year);
}

WorkCalendar::WorkCalendar(WorkHours hours, std::vector<SpecialDay> days, int first_year, int last_year)
    : m_hours(std::move(hours)) {
  for (size_t p = 0; p < 7; ++p) m_pattern_intervals[p] = m_hours.days[p];
  m_standard_day = m_hours.day_seconds(0);
  // Sorted, one entry per date, the last given winning.
  std::stable_sort(days.begin(), days.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  for (SpecialDay& day : days) {
    if (!m_days.empty() && m_days.back().date == day.date) {
      m_days.back() = std::move(day);
    } else {
      m_days.push_back(std::move(day));
    }
  }
  if (last_year < first_year) last_year = first_year;
  m_first = days_from_civil(first_year, 1, 1);
  const Days end = days_from_civil(last_year + 1, 1, 1);
  m_range_start = local_instant(m_first);
  m_range_end = local_instant(end);
  m_patterns.resize(static_cast<size_t>(end - m_first));
  m_cumulative.resize(m_patterns.size() + 1);
  m_cumulative[0] = 0;
  // pattern_of() reads m_patterns only when filled, so compute it from the day list here.
  auto special = m_days.begin();
  for (size_t i = 0; i < m_patterns.size(); ++i) {
    const Days date = m_first + static_cast<Days>(i);
    while (special != m_days.end() && special->date < date) ++special;
    std::uint8_t pattern = static_cast<std::uint8_t>(weekday(date));
    if (special != m_days.end() && special->date == date) pattern = special->type == DayType::workday ? 0 : k_closed;
    m_patterns[i] = pattern;
    m_cumulative[i + 1] = m_cumulative[i] + total_seconds(m_pattern_intervals[pattern]);
  }
}

const SpecialDay* WorkCalendar::find_day(Days date) const {
  const auto it =
      std::lower_bound(m_days.begin(), m_days.end(), date, [](const SpecialDay& d, Days x) { return d.date < x; });
  return it != m_days.end() && it->date == date ? &*it : nullptr;
}

std::uint8_t WorkCalendar::pattern_of(Days date) const {
  const std::int64_t index = static_cast<std::int64_t>(date) - m_first;
  if (index >= 0 && index < static_cast<std::int64_t>(m_patterns.size())) return m_patterns[static_cast<size_t>(index)];
  if (const SpecialDay* day = find_day(date)) return day->type == DayType::workday ? 0 : k_closed;
  return static_cast<std::uint8_t>(weekday(date));
}

std::span<const Interval> WorkCalendar::intervals_on(Days date) const { return m_pattern_intervals[pattern_of(date)]; }

std::int64_t WorkCalendar::working_days_seconds(double days) const {
  // Clamped before the conversion: a NaN or 1e308 must not be undefined behaviour.
  if (!(days > 0)) return 0;
  days = std::min(days, k_max_duration);
  return static_cast<std::int64_t>(std::llround(days * static_cast<double>(m_standard_day)));
}

Result<Instant> WorkCalendar::due_in_working_days(Instant from, double amount, std::span<const Span> pauses) const {
  if (auto st = check_duration(amount, "working days"); !st) return st.error();
  return add_working_time(from, working_days_seconds(amount), pauses);
}

Result<Instant> WorkCalendar::due_in_working_hours(Instant from, double amount, std::span<const Span> pauses) const {
  if (auto st = check_duration(amount, "working hours"); !st) return st.error();
  return add_working_time(from, static_cast<std::int64_t>(std::llround(amount * 3600)), pauses);
}

Result<Instant> WorkCalendar::due_in_calendar_days(Instant from, double amount, std::span<const Span> pauses) const {
  if (auto st = check_duration(amount, "calendar days"); !st) return st.error();
  return calendar_days_due(from, static_cast<int>(std::ceil(amount)), pauses);
}

Result<Instant> WorkCalendar::due_in_months(Instant from, double amount, std::span<const Span> pauses) const {
  if (auto st = check_duration(amount, "months"); !st) return st.error();
  return calendar_months_due(from, static_cast<int>(std::ceil(amount)), pauses);
}

std::optional<SpecialDay> WorkCalendar::info(Days date) const {
  if (const SpecialDay* day = find_day(date)) return *day;
  return std::nullopt;
}

std::vector<SpecialDay> WorkCalendar::special_days(Days from, Days to) const {
  const auto first =
      std::lower_bound(m_days.begin(), m_days.end(), from, [](const SpecialDay& d, Days x) { return d.date < x; });
  std::vector<SpecialDay> result;
  for (auto it = first; it != m_days.end() && it->date <= to; ++it) result.push_back(*it);
  return result;
}

int WorkCalendar::count_working_days(Days from, Days to) const {
  int count = 0;
  for (Days d = from; d <= to; ++d) count += is_working_day(d) ? 1 : 0;
  return count;
}

Days WorkCalendar::next_working_day(Days date) const {
  Days d = date + 1;
  for (Days n = 0; n < k_walk_limit_days && !is_working_day(d); ++n) ++d;
  return d;
}

Days WorkCalendar::working_day_on_or_after(Days date) const {
  return is_working_day(date) ? date : next_working_day(date);
}

Instant WorkCalendar::end_of_office_day(Days date) const {
  std::span<const Interval> intervals = intervals_on(date);
  if (intervals.empty()) intervals = m_pattern_intervals[0];
  return local_instant(date, intervals.empty() ? 0 : intervals.back().end);
}

std::int64_t WorkCalendar::cumulative_at(Instant t) const {
  const Days date = local_date(t);
  const size_t index = static_cast<size_t>(date - m_first);
  if (index >= m_patterns.size()) return m_cumulative.back(); // t == m_range_end
  return m_cumulative[index] + seconds_before(m_pattern_intervals[m_patterns[index]], local_seconds_of_day(t));
}

Instant WorkCalendar::instant_of_cumulative(std::int64_t value, size_t hint) const {
  // Gallop forward from the hint, then binary search: the first day whose end total reaches value.
  const size_t n = m_patterns.size();
  size_t lo = std::min(hint, n - 1); // m_cumulative[lo] < value is guaranteed by the caller
  size_t step = 1;
  size_t hi = lo;
  while (hi < n && m_cumulative[hi + 1] < value) {
    lo = hi + 1;
    hi = std::min(n - 1, hi + step);
    step *= 2;
  }
  // Now the answer index i satisfies lo <= i <= hi and m_cumulative[i + 1] >= value.
  const auto it = std::lower_bound(m_cumulative.begin() + static_cast<std::ptrdiff_t>(lo) + 1,
                                   m_cumulative.begin() + static_cast<std::ptrdiff_t>(hi) + 2, value);
  const size_t index = static_cast<size_t>(it - m_cumulative.begin()) - 1;
  std::int64_t remaining = value - m_cumulative[index];
  const Days date = m_first + static_cast<Days>(index);
  for (const Interval& i : m_pattern_intervals[m_patterns[index]]) {
    const std::int64_t length = i.end - i.start;
    if (remaining <= length) return local_instant(date, i.start) + remaining;
    remaining -= length;
  }
  return local_instant(date + 1); // unreachable when the totals are consistent
}

std::int64_t WorkCalendar::walk_office_seconds(Instant a, Instant b) const {
  std::int64_t total = 0;
  const Days last = local_date(b);
  for (Days d = local_date(a); d <= last; ++d) {
    for (const Interval& i : intervals_on(d)) {
      const Instant s = std::max(a, local_instant(d, i.start));
      const Instant e = std::min(b, local_instant(d, i.end));
      if (e > s) total += e - s;
    }
  }
  return total;
}

std::int64_t WorkCalendar::office_seconds_between(Instant a, Instant b) const {
  if (b <= a) return 0;
  if (in_range(a) && in_range(b)) return cumulative_at(b) - cumulative_at(a);
  return walk_office_seconds(a, b);
}

Instant WorkCalendar::add_working_time(Instant from, std::int64_t seconds, std::span<const Span> pauses) const {
  if (seconds <= 0 || !in_range(from)) return reference_add_working_time(from, seconds, pauses);
  if (pauses.empty()) { // the common case: one lookup, one search
    const std::int64_t target = cumulative_at(from) + seconds;
    if (target > m_cumulative.back()) return reference_add_working_time(from, seconds, pauses);
    return instant_of_cumulative(target, static_cast<size_t>(local_date(from) - m_first));
  }
  const PauseList list(pauses);
  std::int64_t remaining = seconds;
  Instant cursor = from;
  for (const Span& pause : list.spans()) {
    if (pause.to <= cursor) continue;
    const Instant segment_end = std::max(pause.from, cursor);
    if (!in_range(segment_end)) return reference_add_working_time(from, seconds, pauses);
    const std::int64_t base = cumulative_at(cursor);
    const std::int64_t available = cumulative_at(segment_end) - base;
    if (available >= remaining)
      return instant_of_cumulative(base + remaining, static_cast<size_t>(local_date(cursor) - m_first));
    remaining -= available;
    if (pause.to == k_never) return k_never;
    cursor = pause.to;
    if (!in_range(cursor)) return reference_add_working_time(from, seconds, pauses);
  }
  const std::int64_t target = cumulative_at(cursor) + remaining;
  if (target > m_cumulative.back()) return reference_add_working_time(from, seconds, pauses);
  return instant_of_cumulative(target, static_cast<size_t>(local_date(cursor) - m_first));
}

Instant WorkCalendar::reference_add_working_time(Instant from, std::int64_t seconds,
                                                 std::span<const Span> pauses) const {
  const PauseList list(pauses);
  const std::span<const Span> spans = list.spans();
  std::int64_t remaining = seconds;
  const Days first = local_date(from);
  for (Days d = first; d < first + k_walk_limit_days; ++d) {
    // Beyond the start of an open pause the clock never runs again.
    if (!spans.empty() && spans.back().to == k_never && local_instant(d) > spans.back().from) return k_never;
    for (const Interval& i : intervals_on(d)) {
      Instant a = std::max(from, local_instant(d, i.start));
      const Instant b = local_instant(d, i.end);
      // The pieces of [a, b) outside every pause, in order.
      for (size_t p = 0; p <= spans.size() && a < b; ++p) {
        Instant piece_end = b;
        if (p < spans.size()) {
          if (spans[p].to <= a) continue;
          piece_end = std::min(b, spans[p].from);
        }
        if (piece_end > a) {
          if (piece_end - a >= remaining) return a + std::max<std::int64_t>(remaining, 0);
          remaining -= piece_end - a;
        }
        if (p < spans.size()) a = std::max(a, spans[p].to);
      }
    }
  }
  return k_never;
}

Days WorkCalendar::add_calendar_days(Instant received, int days, std::span<const Span> pauses) {
  // Summed in 64 bits and saturated to the Days range: no signed overflow, whatever the input
  // (the checked door due_in_calendar_days refuses such values before they get here).
  std::int64_t date = std::int64_t{local_date(received)} + days;
  for (const Span& pause : pauses) {
    if (pause.to <= pause.from || pause.to == k_never) continue;
    date += std::int64_t{local_date(pause.to)} - local_date(pause.from);
  }
  return static_cast<Days>(
      std::clamp<std::int64_t>(date, std::numeric_limits<Days>::min() / 2, std::numeric_limits<Days>::max() / 2));
}

Instant WorkCalendar::calendar_days_due(Instant received, int days, std::span<const Span> pauses) const {
  for (const Span& pause : pauses)
    if (pause.to == k_never && pause.from < pause.to) return k_never;
  return end_of_office_day(working_day_on_or_after(add_calendar_days(received, days, pauses)));
}

Days WorkCalendar::add_calendar_months(Instant received, int months, std::span<const Span> pauses) {
  const CivilDate start = civil_from_days(local_date(received));
  // Months counted from 0 in 64 bits: k_max_duration months stay far inside the Days range.
  const std::int64_t index = std::int64_t{start.year} * 12 + (start.month - 1) + months;
  const int year = static_cast<int>(index / 12);
  const unsigned month = static_cast<unsigned>(index % 12) + 1;
  const unsigned day = std::min(start.day, days_in_month(year, month));
  std::int64_t date = days_from_civil(year, month, day);
  for (const Span& pause : pauses) {
    if (pause.to <= pause.from || pause.to == k_never) continue;
    date += std::int64_t{local_date(pause.to)} - local_date(pause.from);
  }
  return static_cast<Days>(
      std::clamp<std::int64_t>(date, std::numeric_limits<Days>::min() / 2, std::numeric_limits<Days>::max() / 2));
}

Instant WorkCalendar::calendar_months_due(Instant received, int months, std::span<const Span> pauses) const {
  for (const Span& pause : pauses)
    if (pause.to == k_never && pause.from < pause.to) return k_never;
  return end_of_office_day(working_day_on_or_after(add_calendar_months(received, months, pauses)));
}

} // namespace motcua
