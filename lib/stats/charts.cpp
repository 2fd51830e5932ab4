#include "stats/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "io/render.hpp"

namespace motcua {

namespace {

constexpr const char* k_channel_colours[3] = {"#1f6fb2", "#e8912d", "#4e9a4a"}; // online, direct, postal
constexpr const char* k_level_colours[3] = {"#1f6fb2", "#7fb2de", "#c9ced6"};   // full, partial, none
constexpr int k_width = 680;

// printf into a std::string (coordinates with one decimal, '.' as SVG wants).
std::string fmt(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return buf;
}

// The smallest 1, 2 or 5 × 10^k step that splits [0, max] into at most 5 ticks.
double nice_step(double max) {
  if (max <= 0) return 1;
  double raw = max / 5, base = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * base >= raw) return m * base;
  return 10 * base;
}

std::string open_svg(int height, std::string_view title) {
  return fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
             "font-family=\"'DejaVu Sans', 'Noto Sans', Arial, sans-serif\" font-size=\"11\">",
             k_width, height) +
         "<title>" + html_escape(title) + "</title>";
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start", const char* extra = "") {
  return fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra) + html_escape(s) + "</text>";
}

std::string legend(double x, double y, const char* colour, const std::string& label) {
  return fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, colour) +
         text(x + 14, y, label);
}

std::string no_data(int height, Lang lang) {
  return text(k_width / 2.0, height / 2.0, std::string(phrase(Phrase::no_data, lang)), "middle", " fill=\"#666\"");
}

// Short month names under the bars: "T7" or "Jul" within one year, "7/18" across years.
std::string month_tick(const std::string& key, bool one_year, Lang lang) {
  static constexpr const char* k_en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = std::atoi(key.c_str() + 5);
  if (month < 1 || month > 12) return key;
  if (!one_year) return std::to_string(month) + "/" + key.substr(2, 2);
  if (lang == Lang::en) return k_en[month - 1];
  return std::string("T").append(std::to_string(month)); // append: GCC 12 -Wrestrict misfires on "T" + string
}

} // namespace

std::string svg_monthly_channels(const std::vector<GroupRow>& months, Lang lang) {
  const int height = 280, left = 64, right = 12, top = 34, bottom = 30;
  const double plot_w = k_width - left - right, plot_h = height - top - bottom;
  std::string svg = open_svg(height, std::string(phrase(Phrase::chart_monthly, lang)));
  for (size_t c = 0; c < 3; ++c)
    svg += legend(left + static_cast<double>(c) * 170, 14, k_channel_colours[c],
                  std::string(channel_label(c == 0   ? Channel::online
                                            : c == 1 ? Channel::direct
                                                     : Channel::postal,
                                            lang)));
  std::int64_t max = 0;
  for (const auto& m : months) max = std::max(max, m.tally.received);
  if (months.empty() || max == 0) return svg + no_data(height, lang) + "</svg>";
  double step = nice_step(static_cast<double>(max));
  double top_value = std::ceil(static_cast<double>(max) / step) * step;
  for (double v = 0; v <= top_value + step / 2; v += step) {
    double y = top + plot_h - v / top_value * plot_h;
    svg += fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plot_w, y);
    svg += text(left - 6, y + 4, format_count(static_cast<std::int64_t>(v), lang), "end");
  }
  bool one_year = months.front().key.substr(0, 4) == months.back().key.substr(0, 4);
  double slot = plot_w / static_cast<double>(months.size()), bar = std::max(2.0, slot * 0.7);
  size_t label_every = months.size() <= 24 ? 1 : (months.size() + 23) / 24;
  for (size_t i = 0; i < months.size(); ++i) {
    const Tally& t = months[i].tally;
    double x = left + slot * static_cast<double>(i) + (slot - bar) / 2, y = top + plot_h;
    for (size_t c = 0; c < 3; ++c) {
      double h = static_cast<double>(t.received_by_channel[c]) / top_value * plot_h;
      if (h <= 0) continue;
      y -= h;
      svg += fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x, y, bar, h,
                 k_channel_colours[c]) +
             html_escape(group_key_label(GroupBy::month, months[i].key, lang)) + ": " +
             format_count(t.received_by_channel[c], lang) + "</title></rect>";
    }
    if (i % label_every == 0)
      svg += text(x + bar / 2, top + plot_h + 16, month_tick(months[i].key, one_year, lang), "middle");
  }
  svg += fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>", left, top + plot_h, left + plot_w,
             top + plot_h);
  return svg + "</svg>";
}

std::string svg_on_time_by_agency(const std::vector<GroupRow>& agencies, std::optional<double> target, Lang lang) {
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& a : agencies) {
    auto rate = a.tally.values()[static_cast<size_t>(Metric::on_time_rate)];
    if (!rate) continue;
    std::string name = a.label.empty() ? group_key_label(GroupBy::agency, a.key, lang) : a.label;
    bars.emplace_back(clip(name, 34), *rate);
  }
  const int left = 230, right = 60, top = 30, bottom = 26;
  const double row = bars.size() > 30 ? 14 : 22;
  const int height = top + bottom + static_cast<int>(std::max<double>(1, static_cast<double>(bars.size())) * row);
  const double plot_w = k_width - left - right;
  std::string svg = open_svg(std::max(height, 90), std::string(phrase(Phrase::chart_on_time, lang)));
  if (bars.empty()) return svg + no_data(std::max(height, 90), lang) + "</svg>";
  for (int pct = 0; pct <= 100; pct += 20) {
    double x = left + plot_w * pct / 100.0;
    svg += fmt("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", x, top - 4, x,
               top + row * static_cast<double>(bars.size()));
    svg += text(x, height - 8, std::to_string(pct) + "%", "middle");
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    double y = top + row * static_cast<double>(i);
    double w = plot_w * std::clamp(bars[i].second, 0.0, 1.0);
    bool below = target && round_rate(bars[i].second) < *target;
    svg += text(left - 6, y + row * 0.68, bars[i].first, "end");
    svg += fmt("<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", left, y + row * 0.15, w,
               row * 0.7, below ? "#c8553d" : "#1f6fb2");
    svg += text(left + w + 4, y + row * 0.68, format_percent(bars[i].second, lang));
  }
  if (target) {
    double x = left + plot_w * std::clamp(*target, 0.0, 1.0);
    svg += fmt(
        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
        x, top - 8, x, top + row * static_cast<double>(bars.size()));
    svg += text(x, top - 12, std::string(phrase(Phrase::target_line, lang)) + " " + format_percent(*target, lang),
                "middle", " fill=\"#c0392b\"");
  }
  return svg + "</svg>";
}

std::string svg_catalog_levels(const Tally& total, Lang lang) {
  const int height = 118, left = 12, right = 12, top = 14;
  const double plot_w = k_width - left - right;
  std::string svg = open_svg(height, std::string(phrase(Phrase::chart_levels, lang)));
  if (total.procedures_total == 0) return svg + no_data(height, lang) + "</svg>";
  std::int64_t parts[3] = {total.procedures_online_full, total.procedures_online - total.procedures_online_full,
                           total.procedures_total - total.procedures_online};
  Phrase names[3] = {Phrase::level_full, Phrase::level_partial, Phrase::level_none};
  double x = left;
  for (size_t i = 0; i < 3; ++i) {
    double share = static_cast<double>(parts[i]) / static_cast<double>(total.procedures_total);
    double w = plot_w * share;
    if (w > 0) {
      svg += fmt("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"30\" fill=\"%s\"/>", x, top, w, k_level_colours[i]);
      if (w > 48)
        svg += text(x + w / 2, top + 20, format_percent(share, lang), "middle", i == 0 ? " fill=\"#fff\"" : "");
    }
    x += w;
    svg += legend(left, top + 52 + static_cast<double>(i) * 18, k_level_colours[i],
                  std::string(phrase(names[i], lang)) + ": " + format_count(parts[i], lang) + " (" +
                      format_percent(share, lang) + ")");
  }
  return svg + "</svg>";
}

} // namespace motcua
