#pragma once
// Where a PostgreSQL store is (issue 17): `--db postgresql://…`, `postgres://…` or a libpq conninfo
// string, checked before any connection. Secrets follow libpq's own conventions (~/.pgpass,
// PGPASSFILE, PGPASSWORD, service files), never the URL: it shows up in argv, shell history and logs.
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace motcua::store {

// The schema motcua's tables live in unless --pg-schema says otherwise.
inline constexpr std::string_view k_default_pg_schema = "motcua";

// A checked PostgreSQL target.
struct PgTarget {
  std::string conninfo; // what libpq gets: the URL or key=value string as the user wrote it
  std::string display;  // what messages name: the same with any secret blanked
  std::string schema;   // the PostgreSQL schema holding the tables
};

// Whether `schema` is a name --pg-schema accepts: lowercase ASCII letters, digits and '_', 1 to 63 bytes,
// not starting with a digit or pg_ (so it never needs quoting and never names a system schema).
bool valid_pg_schema(std::string_view schema);

// Parses and checks a target: a malformed string, a password (or sslpassword) inside it, or a
// schema name other than lowercase letters, digits and '_' (at most 63 bytes, not starting with a digit
// or pg_) is a usage error (exit 2) that never repeats the secret. TLS settings (sslmode, sslrootcert…)
// pass through untouched.
Result<PgTarget> parse_pg_target(std::string_view db, std::string_view schema = k_default_pg_schema);

// The target with every password blanked ("***"), for messages about a refused string.
std::string redact_pg_target(std::string_view db);

// "motcua <host> <pid>": the application_name each connection announces, so a writer waiting
// on the advisory lock can name who holds it.
std::string pg_application_name();

} // namespace motcua::store
