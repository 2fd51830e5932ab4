#include "context.hpp"

#include <cstdlib>
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
// A millisecond setting from the environment, for operators and tests.
std::optional<long> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  if (*end != '\0' || n < 0) return std::nullopt;
  return n;
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
  if (auto v = env_number("MOTCUA_HTTP_CONNECT_TIMEOUT_MS")) f.connect_timeout = std::chrono::milliseconds(*v);
  if (auto v = env_number("MOTCUA_HTTP_TIMEOUT_MS")) f.total_timeout = std::chrono::milliseconds(*v);
  if (auto v = env_number("MOTCUA_HTTP_RETRIES")) f.max_retries = static_cast<int>(*v);
  if (auto v = env_number("MOTCUA_HTTP_BACKOFF_MS")) f.backoff_base = std::chrono::milliseconds(*v);
  if (options.verbose > 0) f.on_note = [](const std::string& note) { std::cerr << "motcua: " << note << '\n'; };
  return f;
}

void Context::info(const std::string& message) const {
  if (!options.quiet) std::cerr << message << '\n';
}

void Context::debug(const std::string& message) const {
  if (options.verbose > 0) std::cerr << "motcua: " << message << '\n';
}

void Context::warn(const std::string& message) const {
  if (!options.quiet) std::cerr << (use_colour() ? "\033[33mwarning:\033[0m " : "warning: ") << message << '\n';
}

int Context::fail(const Error& error) const {
  std::cerr << (use_colour() ? "\033[31mmotcua: error:\033[0m " : "motcua: error: ") << error.message << '\n';
  return static_cast<int>(error.kind);
}

std::optional<Error> Context::require_plain_format() const {
  auto f = format();
  if (f == OutputFormat::md || f == OutputFormat::html)
    return make_error(ErrorKind::usage, "--format " + options.format + " is only for `stats export`; use table, json, ndjson or csv");
  return std::nullopt;
}

} // namespace motcua::cli
