#include "context.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cache/path.hpp"
#include "io/source.hpp"
#include "io/text.hpp"
#include "store/url.hpp"

namespace motcua::cli {

bool use_colour() { return ::isatty(2) && std::getenv("NO_COLOR") == nullptr; }

OutputFormat Context::format() const { return parse_output_format(options.format).value_or(OutputFormat::table); }

std::string Context::db_path() const {
  auto path = resolve_db_path(options.db);
  return path ? *path : std::string();
}

Result<std::unique_ptr<Cache>> Context::open_cache(CacheMode mode) const {
  auto path = resolve_db_path(options.db);
  if (!path) return path.error();
  if (!store::names_postgresql(*path)) debug("cache: " + *path); // a conninfo string may hold a secret
  return Cache::open(*path, mode, options.lock_timeout, options.pg_schema);
}

const Setting* Context::config_setting(const std::string& key) const {
  for (const auto& s : config)
    if (s.section.empty() && s.key == key) return &s;
  return nullptr;
}

namespace {
// A whole-number setting from the environment, for operators and tests, else from the config
// file (key: the variable's name without MOTCUA_, in lower case): unset or empty is nullopt;
// anything but digits, or a value below `min` or above `max`, is a usage error naming the
// variable or FILE:LINE (a timeout of 0 would mean "wait forever" to libcurl).
Result<std::optional<long>> env_number(const Context& ctx, const char* name, long min, long max) {
  const char* v = std::getenv(name);
  std::string label = name;
  std::string key(name + std::string_view("MOTCUA_").size());
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const Setting* s = v && *v ? nullptr : ctx.config_setting(key);
  if (s) {
    v = s->value.c_str();
    label = s->origin() + ": " + key;
  }
  if (!v || !*v) return std::optional<long>();
  std::string_view text(v);
  bool digits = text.size() <= 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  long n = digits ? std::strtol(v, nullptr, 10) : -1;
  if (!digits || n < min || n > max)
    return make_error(ErrorKind::usage, label + (s ? " = " : "=") + printable_for_terminal(text.substr(0, 40)) +
                                            ": expected a whole number from " + std::to_string(min) + " to " +
                                            std::to_string(max));
  return std::optional<long>(n);
}

// The HTTP tuning knobs (MOTCUA_HTTP_*, or http_* in the config) into `f`.
Status apply_http_knobs(const Context& ctx, FetchOptions& f) {
  constexpr long k_day_ms = 24L * 3600 * 1000;
  struct Knob {
    const char* name;
    long min;
    long max;
    std::function<void(long)> set;
  };
  const Knob knobs[] = {
      {"MOTCUA_HTTP_CONNECT_TIMEOUT_MS", 1, k_day_ms,
       [&](long v) { f.connect_timeout = std::chrono::milliseconds(v); }},
      {"MOTCUA_HTTP_TIMEOUT_MS", 1, k_day_ms, [&](long v) { f.total_timeout = std::chrono::milliseconds(v); }},
      {"MOTCUA_HTTP_DEADLINE_S", 1, k_day_ms / 1000, [&](long v) { f.deadline = std::chrono::seconds(v); }},
      {"MOTCUA_HTTP_RETRIES", 0, 100, [&](long v) { f.max_retries = static_cast<int>(v); }},
      {"MOTCUA_HTTP_BACKOFF_MS", 0, k_day_ms, [&](long v) { f.backoff_base = std::chrono::milliseconds(v); }},
      {"MOTCUA_HTTP_MAX_SOURCE_MB", 1, 1L << 24,
       [&](long v) { f.max_source_bytes = static_cast<std::uint64_t>(v) << 20; }},
  };
  for (const auto& k : knobs) {
    auto v = env_number(ctx, k.name, k.min, k.max);
    if (!v) return v.error();
    if (*v) k.set(**v);
  }
  return {};
}
} // namespace

Status Context::check_http_settings() const {
  FetchOptions scratch;
  return apply_http_knobs(*this, scratch);
}

Result<FetchOptions> Context::fetch_options(const std::optional<std::string>& token_file) const {
  FetchOptions f;
  if (token_file) {
    auto text = read_file(*token_file);
    if (!text) return make_error(ErrorKind::usage, "--token-file: " + text.error().message);
    std::string token(trim(*text));
    if (token.empty()) return make_error(ErrorKind::usage, "--token-file " + *token_file + " is empty");
    f.bearer_token = token;
  } else if (const char* t = std::getenv("MOTCUA_TOKEN"); t && *t) {
    f.bearer_token = std::string(trim(t));
  }
  if (auto st = apply_http_knobs(*this, f); !st) return st.error();
  if (const char* v = std::getenv("MOTCUA_ALLOW_INSECURE_TOKEN"); v && *v) {
    std::string_view allow(v);
    if (allow != "1" && allow != "0")
      return make_error(ErrorKind::usage, "MOTCUA_ALLOW_INSECURE_TOKEN=" + printable_for_terminal(allow.substr(0, 40)) +
                                              ": expected 1 (or 0)");
    f.allow_insecure_token = allow == "1";
  }
  if (options.verbose > 0) f.on_note = [this](const std::string& note) { emit(LogLevel::debug, note); };
  // Waits are always told (unless --quiet): an unattended run that pauses says why in its log.
  if (!options.quiet) f.on_wait = [this](const std::string& note) { emit(LogLevel::warning, note); };
  return f;
}

bool stderr_is_journal() {
  // sd-daemon(3): JOURNAL_STREAM is "DEV:INODE" of the journal's socket; a child whose stderr
  // was redirected elsewhere inherits the variable but not the stream, so both must match.
  static const bool journal = [] {
    const char* v = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    if (!v || !*v || ::fstat(2, &st) != 0) return false;
    return std::string(v) == std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  }();
  return journal;
}

void Context::emit(LogLevel level, const std::string& message, const std::string& source, std::int64_t line,
                   bool bare) const {
  static const char* const k_names[] = {"error", "warning", "info", "debug"};
  static const char* const k_journal[] = {"<3>", "<4>", "<6>", "<7>"};
  auto i = static_cast<size_t>(level);
  if (options.log_format == "json") {
    nlohmann::ordered_json j = {
        {"level", k_names[i]},
        {"message", message},
        {"source", source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(source)},
        {"line", line > 0 ? nlohmann::ordered_json(line) : nlohmann::ordered_json(nullptr)}};
    // Invalid UTF-8 from a source is replaced, never a reason to lose the line.
    std::cerr << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  }
  bool journal = stderr_is_journal();
  bool colour = !journal && use_colour();
  std::string prefix;
  if (!bare) switch (level) {
    case LogLevel::error: prefix = colour ? "\033[31mmotcua: error:\033[0m " : "motcua: error: "; break;
    case LogLevel::warning: prefix = colour ? "\033[33mwarning:\033[0m " : "warning: "; break;
    case LogLevel::info: break;
    case LogLevel::debug: prefix = "motcua: "; break;
    }
  std::cerr << (journal ? k_journal[i] : "") << prefix << printable_for_terminal(message) << '\n';
}

// Every message below goes through printable_for_terminal: a code, name, path or argument in it
// may come from a remote server or a file, and must not act on the terminal (one line each).
void Context::info(const std::string& message) const {
  if (!options.quiet) emit(LogLevel::info, message);
}

void Context::debug(const std::string& message) const {
  if (options.verbose > 0) emit(LogLevel::debug, message);
}

void Context::warn(const std::string& message, const std::string& source, std::int64_t line) const {
  if (!options.quiet) emit(LogLevel::warning, message, source, line);
}

int Context::fail(const Error& error) const {
  emit(LogLevel::error, error.message);
  return static_cast<int>(error.kind);
}

std::optional<Error> Context::require_plain_format() const {
  auto f = format();
  if (f == OutputFormat::md || f == OutputFormat::html)
    return make_error(ErrorKind::usage,
                      "--format " + options.format + " is only for `stats export`; use table, json, ndjson or csv");
  return std::nullopt;
}

} // namespace motcua::cli
