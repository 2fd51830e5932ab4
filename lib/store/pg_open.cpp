#include "store/pg_open.hpp"

#include "store/pg_schema.hpp"

namespace motcua::store {

Result<PgStore> open_pg_store(std::string_view db, std::string_view schema, bool write, double lock_timeout_seconds,
                              bool allow_missing) {
  auto target = parse_pg_target(db, schema);
  if (!target) return target.error();
  PgStore store;
  try {
    store.db = PgDatabase::connect(*target);
  } catch (const Exception& e) {
    return pg_error(e);
  }
  if (write) {
    auto lock = PgWriterLock::acquire(*store.db, lock_timeout_seconds);
    if (!lock) return lock.error();
    store.lock = std::move(*lock);
    if (auto st = migrate_pg_schema(*store.db); !st) return st.error();
    return store;
  }
  auto version = pg_schema_version(*store.db);
  if (!version) return version.error();
  if (*version == 0) {
    if (allow_missing) {
      store.exists = false;
      return store;
    }
    return make_error(ErrorKind::cache, "no motcua store in PostgreSQL store " + target->display + ", schema " +
                                            target->schema +
                                            ": import a catalog first (or check --db / MOTCUA_DB and --pg-schema)");
  }
  if (*version < k_pg_schema_version)
    return make_error(
        ErrorKind::cache,
        "PostgreSQL store " + target->display + ", schema " + target->schema + " has schema version " +
            std::to_string(*version) +
            ": run a writing command (e.g. `motcua calendar import FILE` or `motcua dossiers migrate`) to upgrade it");
  return store;
}

} // namespace motcua::store
