#pragma once
// The schema of a PostgreSQL store (issue 17): the same tables and columns as the SQLite cache
// (lib/cache/schema.cpp, versions 1 and 2) in their own PostgreSQL schema (search_path, --pg-schema),
// versioned in a table of their own, and distributable by Citus (man/motcua-postgresql.7).
#include <span>
#include <string_view>

#include "store/pg.hpp"
#include "util/error.hpp"

namespace motcua::store {

// The schema version this build writes; a store above it is refused (exit 7). It numbers the same
// tables and columns as the SQLite cache's PRAGMA user_version.
inline constexpr int k_pg_schema_version = 3;

// pg_migrations()[i] brings a store from version i to i + 1 (PostgreSQL DDL: BIGINT, TEXT COLLATE "C",
// DOUBLE PRECISION; dossiers.rowid an identity column).
std::span<const std::string_view> pg_migrations();

// The store's version: 0 when the schema or its version table does not exist yet. A schema that
// holds tables but no version table is someone else's (a cache error, exit 7); so is a newer version.
Result<int> pg_schema_version(PgDatabase& db);

// Creates the schema if needed and runs the missing migrations in one transaction (PostgreSQL's DDL
// is transactional: a failed or killed migration leaves the store as it was). Writers call it holding
// the writer lock; it also takes a transaction-level advisory lock, so two never migrate at once.
Status migrate_pg_schema(PgDatabase& db);

} // namespace motcua::store
