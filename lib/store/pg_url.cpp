#include "store/pg_url.hpp"

#include <cctype>
#include <libpq-fe.h>
#include <memory>
#include <unistd.h>

namespace motcua::store {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_url(std::string_view db) { return starts_with(db, "postgresql://") || starts_with(db, "postgres://"); }

bool is_secret_keyword(std::string_view key) { return key == "password" || key == "sslpassword"; }

// Blanks password=… and sslpassword=… in a URL's query string.
std::string redact_query(std::string_view query) {
  std::string out;
  size_t i = 0;
  while (i <= query.size()) {
    size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(i, amp - i);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_keyword(pair.substr(0, eq)))
      out += std::string(pair.substr(0, eq + 1)) + "***";
    else out += pair;
    if (amp < query.size()) out += '&';
    i = amp + 1;
  }
  return out;
}

std::string redact_url(std::string_view db) {
  size_t scheme_end = db.find("://") + 3;
  size_t authority_end = db.find_first_of("/?#", scheme_end);
  if (authority_end == std::string_view::npos) authority_end = db.size();
  std::string out(db.substr(0, scheme_end));
  std::string_view authority = db.substr(scheme_end, authority_end - scheme_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    out += colon == std::string_view::npos ? std::string(userinfo) : std::string(userinfo.substr(0, colon)) + ":***";
    out += authority.substr(at);
  } else {
    out += authority;
  }
  std::string_view rest = db.substr(authority_end);
  size_t q = rest.find('?');
  if (q == std::string_view::npos) return out + std::string(rest);
  size_t hash = rest.find('#', q);
  std::string_view query = rest.substr(q + 1, (hash == std::string_view::npos ? rest.size() : hash) - q - 1);
  out += std::string(rest.substr(0, q + 1)) + redact_query(query);
  if (hash != std::string_view::npos) out += rest.substr(hash);
  return out;
}

// Blanks the values of the secret keywords of a conninfo string, keeping everything else as written.
std::string redact_conninfo(std::string_view db) {
  std::string out;
  size_t i = 0;
  auto space = [&](size_t k) { return k < db.size() && std::isspace(static_cast<unsigned char>(db[k])); };
  while (i < db.size()) {
    size_t key_start = i;
    while (i < db.size() && db[i] != '=' && !space(i)) ++i;
    std::string_view key = db.substr(key_start, i - key_start);
    while (space(i)) ++i;
    if (i < db.size() && db[i] == '=') ++i;
    while (space(i)) ++i;
    size_t value_start = i;
    if (i < db.size() && db[i] == '\'') { // quoted: backslash escapes, up to the closing quote
      for (++i; i < db.size() && db[i] != '\''; ++i)
        if (db[i] == '\\') ++i;
      if (i < db.size()) ++i;
    } else {
      while (i < db.size() && !space(i)) {
        if (db[i] == '\\') ++i;
        ++i;
      }
    }
    if (i > db.size()) i = db.size();
    out += db.substr(key_start, value_start - key_start);
    out += is_secret_keyword(key) ? std::string("***") : std::string(db.substr(value_start, i - value_start));
    size_t gap = i;
    while (space(i)) ++i;
    out += db.substr(gap, i - gap);
  }
  return out;
}

Error usage(std::string message) { return make_error(ErrorKind::usage, std::move(message)); }

} // namespace

bool valid_pg_schema(std::string_view s) {
  if (s.empty() || s.size() > 63 || std::isdigit(static_cast<unsigned char>(s[0])) || starts_with(s, "pg_"))
    return false;
  for (char c : s)
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

std::string redact_pg_target(std::string_view db) { return is_url(db) ? redact_url(db) : redact_conninfo(db); }

Result<PgTarget> parse_pg_target(std::string_view db, std::string_view schema) {
  std::string display = redact_pg_target(db);
  std::string text(db);
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(text.c_str(), &err),
                                                                       &PQconninfoFree);
  if (!options) {
    std::string why = err ? err : "out of memory";
    PQfreemem(err);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    std::string hint = is_url(db) ? "" : " (a SQLite file of that name is written ./" + display + ")";
    return usage("--db " + display + " is not a valid PostgreSQL URL or connection string: " + why + hint);
  }
  for (auto* o = options.get(); o->keyword; ++o)
    if (o->val && is_secret_keyword(o->keyword))
      return usage("--db " + display + " carries a " + o->keyword +
                   ": motcua refuses secrets on the command line or in config values (they end up in process "
                   "lists, shell history and logs); remove it and give the password to libpq through ~/.pgpass, "
                   "PGPASSFILE, PGPASSWORD or a service file (PGSERVICE), see motcua-postgresql(7)");
  if (!valid_pg_schema(schema))
    return usage("--pg-schema '" + std::string(schema) +
                 "' is not a plain schema name: use lowercase letters, digits and '_' (at most 63, not starting "
                 "with a digit or pg_)");
  return PgTarget{std::move(text), std::move(display), std::string(schema)};
}

std::string pg_application_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string pid = std::to_string(::getpid());
  // PostgreSQL keeps 63 bytes (NAMEDATALEN - 1): a long host name is cut, never the pid.
  std::string h = std::string(host[0] ? host : "unknown-host").substr(0, 63 - 8 - pid.size());
  return "motcua " + h + " " + pid;
}

} // namespace motcua::store
