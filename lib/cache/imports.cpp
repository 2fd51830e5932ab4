#include "cache/imports.hpp"

#include "cache/cache.hpp"

namespace motcua {

Status record_import(store::Database& db, const std::string& kind, const std::string& source, std::optional<Days> as_of,
                     const ImportCounts& c) {
  try {
    auto st = db.prepare("INSERT INTO imports (kind, source, as_of, finished_at, read, inserted, updated, unchanged, "
                         "rejected, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    st->bind(1, kind);
    st->bind(2, source);
    if (as_of) st->bind(3, *as_of);
    else st->bind_null(3);
    st->bind(4, static_cast<std::int64_t>(now()));
    st->bind(5, static_cast<std::int64_t>(c.read));
    st->bind(6, static_cast<std::int64_t>(c.inserted));
    st->bind(7, static_cast<std::int64_t>(c.updated));
    st->bind(8, static_cast<std::int64_t>(c.unchanged));
    st->bind(9, static_cast<std::int64_t>(c.rejected));
    st->bind(10, static_cast<std::int64_t>(c.withdrawn));
    st->step();
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "logging the " + kind + " import");
  }
  return {};
}

} // namespace motcua
