#pragma once
// Which engine a --db value (or MOTCUA_DB, or the config file's db) names, decided before anything
// touches the filesystem: a PostgreSQL target must never be created as a SQLite file of that name.
#include <string_view>

namespace motcua::store {

// True for a PostgreSQL target: a `postgresql://` or `postgres://` URL, or a libpq conninfo string,
// i.e. one starting (after blanks) with `keyword=` where the keyword is ASCII letters and '_' (libpq's
// `host=db1 dbname=motcua`). Anything else is a SQLite file path; a file whose name itself starts
// like `host=` is named `./host=…`.
bool names_postgresql(std::string_view db);

} // namespace motcua::store
