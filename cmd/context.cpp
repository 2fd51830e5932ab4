#include "context.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <unistd.h>

#include "cache/path.hpp"
#include "io/source.hpp"
#include "io/text.hpp"

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
  debug("cache: " + *path);
  return Cache::open(*path, mode, options.lock_timeout);
}

namespace {
// A whole-number setting from the environment, for operators and tests: unset or empty is
// nullopt; anything but digits, or a value below `min` or above `max`, is a usage error naming
// the variable (a timeout of 0 would mean "wait forever" to libcurl).
Result<std::optional<long>> env_number(const char* name, long min, long max) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::optional<long>();
  std::string_view text(v);
  bool digits = text.size() <= 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  long n = digits ? std::strtol(v, nullptr, 10) : -1;
  if (!digits || n < min || n > max)
    return make_error(ErrorKind::usage, std::string(name) + "=" + printable_for_terminal(text.substr(0, 40)) +
                                            ": expected a whole number from " + std::to_string(min) + " to " +
                                            std::to_string(max));
  return std::optional<long>(n);
}
} // namespace

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
    auto v = env_number(k.name, k.min, k.max);
    if (!v) return v.error();
    if (*v) k.set(**v);
  }
  if (const char* v = std::getenv("MOTCUA_ALLOW_INSECURE_TOKEN"); v && *v) {
    std::string_view allow(v);
    if (allow != "1" && allow != "0")
      return make_error(ErrorKind::usage, "MOTCUA_ALLOW_INSECURE_TOKEN=" + printable_for_terminal(allow.substr(0, 40)) +
                                              ": expected 1 (or 0)");
    f.allow_insecure_token = allow == "1";
  }
  if (options.verbose > 0)
    f.on_note = [](const std::string& note) { std::cerr << "motcua: " << printable_for_terminal(note) << '\n'; };
  // Waits are always told (unless --quiet): an unattended run that pauses says why in its log.
  if (!options.quiet)
    f.on_wait = [](const std::string& note) { std::cerr << "motcua: " << printable_for_terminal(note) << '\n'; };
  return f;
}

// Every message below goes through printable_for_terminal: a code, name, path or argument in it
// may come from a remote server or a file, and must not act on the terminal (one line each).
void Context::info(const std::string& message) const {
  if (!options.quiet) std::cerr << printable_for_terminal(message) << '\n';
}

void Context::debug(const std::string& message) const {
  if (options.verbose > 0) std::cerr << "motcua: " << printable_for_terminal(message) << '\n';
}

void Context::warn(const std::string& message) const {
  if (!options.quiet)
    std::cerr << (use_colour() ? "\033[33mwarning:\033[0m " : "warning: ") << printable_for_terminal(message) << '\n';
}

int Context::fail(const Error& error) const {
  std::cerr << (use_colour() ? "\033[31mmotcua: error:\033[0m " : "motcua: error: ")
            << printable_for_terminal(error.message) << '\n';
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
