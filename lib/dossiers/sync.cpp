#include "dossiers/sync.hpp"

#include <cstdio>

#include "cache/cache.hpp"
#include "io/http.hpp"

namespace motcua {

namespace {

constexpr std::string_view k_since = "{since}";
constexpr std::string_view k_until = "{until}";

// RFC 3986 unreserved characters stay, everything else is %XX.
std::string percent_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

std::string compact(Instant t) {
  CivilDate d = civil_from_days(local_date(t));
  int s = local_seconds_of_day(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", d.year, d.month, d.day, s / 3600, s / 60 % 60, s % 60);
  return buf;
}

} // namespace

std::optional<SinceFormat> parse_since_format(std::string_view text) {
  if (text == "iso") return SinceFormat::iso;
  if (text == "compact") return SinceFormat::compact;
  return std::nullopt;
}

bool has_since_placeholder(std::string_view url) { return url.find(k_since) != std::string_view::npos; }

std::string format_url_instant(Instant t, SinceFormat format) {
  return percent_encode(format == SinceFormat::iso ? format_instant(t) : compact(t));
}

std::string expand_url_template(std::string_view url, Instant since, Instant until, SinceFormat format) {
  const std::string since_text = format_url_instant(since, format);
  const std::string until_text = format_url_instant(until, format);
  std::string out;
  for (std::size_t i = 0; i < url.size();) {
    if (url.substr(i, k_since.size()) == k_since) {
      out += since_text;
      i += k_since.size();
    } else if (url.substr(i, k_until.size()) == k_until) {
      out += until_text;
      i += k_until.size();
    } else {
      out += url[i++];
    }
  }
  return out;
}

std::string watermark_key(std::string_view url) { return redact_url(url); }

Result<std::optional<Instant>> read_watermark(store::Database& db, const std::string& key) {
  try {
    auto q = db.prepare("SELECT until FROM sync_watermarks WHERE source = ?1");
    q->bind(1, key);
    if (!q->step()) return std::optional<Instant>();
    return std::optional<Instant>(q->get_int64(0));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the watermark of " + key);
  }
}

Status write_watermark(store::Database& db, const Watermark& mark) {
  try {
    auto q = db.prepare("INSERT INTO sync_watermarks (source, until, updated_at) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (source) DO UPDATE SET until = excluded.until, updated_at = excluded.updated_at");
    q->bind(1, mark.source);
    q->bind(2, static_cast<std::int64_t>(mark.until));
    q->bind(3, static_cast<std::int64_t>(mark.updated_at));
    q->step();
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "writing the watermark of " + mark.source);
  }
  return {};
}

Result<std::vector<Watermark>> list_watermarks(store::Database& db) {
  std::vector<Watermark> out;
  try {
    auto q = db.prepare("SELECT source, until, updated_at FROM sync_watermarks ORDER BY source");
    while (q->step()) out.push_back(Watermark{q->get_string(0), q->get_int64(1), q->get_int64(2)});
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "listing the sync watermarks");
  }
  return out;
}

} // namespace motcua
