#include "store/pg_bulk.hpp"

#include <libpq-fe.h>

namespace motcua::store {

namespace {

std::string ident(const std::string& name) { return "\"" + name + "\""; }

// One value in COPY's text format: backslash escapes for the characters that separate fields and rows.
void append_copy_value(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  for (char c : *v) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    default: out += c;
    }
  }
}

} // namespace

PgBulkUpsert::PgBulkUpsert(PgDatabase& db, std::string table, std::vector<std::string> columns, std::string key,
                           std::string hash, bool skip_changed)
    : m_db(db), m_table(std::move(table)), m_key(std::move(key)), m_hash(std::move(hash)),
      m_columns(std::move(columns)), m_skip_changed(skip_changed) {}

std::string PgBulkUpsert::quoted_columns(const std::string& prefix) const {
  std::string out;
  for (const auto& c : m_columns) out += (out.empty() ? "" : ", ") + prefix + ident(c);
  return out;
}

void PgBulkUpsert::add(const std::vector<std::optional<std::string>>& row) {
  if (row.size() != m_columns.size())
    throw Exception(Failure::other, "bulk load into " + m_table + ": a record of " + std::to_string(row.size()) +
                                        " values for " + std::to_string(m_columns.size()) + " columns");
  m_copy += std::to_string(m_rows++); // the record's place in the batch: duplicates count in order
  for (const auto& v : row) {
    m_copy += '\t';
    append_copy_value(m_copy, v);
  }
  m_copy += '\n';
}

PgUpsertCounts PgBulkUpsert::flush() {
  PgUpsertCounts counts;
  if (m_rows == 0) return counts;
  PGconn* c = m_db.raw();
  // The queue empties whatever happens: a failed batch is not retried by the next flush.
  std::string data = std::move(m_copy);
  std::size_t rows = m_rows;
  m_copy.clear();
  m_rows = 0;
  std::optional<Transaction> own;
  if (!m_db.in_transaction()) own.emplace(m_db);
  // Typed like the table (and its collation) but without its constraints; temporary: this session only.
  // Created in the batch's transaction each time (a no-op once there): a rolled-back batch takes it along.
  std::string stage = "motcua_stage_" + m_table;
  m_db.exec("CREATE TEMP TABLE IF NOT EXISTS " + ident(stage) + " AS SELECT 0::bigint AS motcua_seq, " +
            quoted_columns("") + " FROM " + ident(m_table) + " WITH NO DATA; TRUNCATE " + ident(stage));

  std::string copy = "COPY " + ident(stage) + " (motcua_seq, " + quoted_columns("") + ") FROM STDIN";
  PGresult* r = PQexec(c, copy.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) m_db.fail("starting the bulk load into " + m_table, r);
  PQclear(r);
  bool sent = PQputCopyData(c, data.data(), static_cast<int>(data.size())) == 1;
  if (PQputCopyEnd(c, sent ? nullptr : "motcua could not send the batch") != 1)
    m_db.fail("ending the bulk load", nullptr);
  r = PQgetResult(c);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) {
    while (PGresult* more = PQgetResult(c)) PQclear(more);
    m_db.fail("loading a batch into " + m_table + "'s staging table", r);
  }
  PQclear(r);
  while (PGresult* more = PQgetResult(c)) PQclear(more);

  // One statement: counts against the table as it was (every part of a WITH sees the same snapshot),
  // then the upsert, new rows numbered (identity rowid) in the batch's order as SQLite numbers them, so
  // parallel scans split on rowid see the load order. In update mode a code's last record wins and each record compares
  // with the one before it; with skip_changed the first record stays and the others compare with the stored one.
  // The stored hash is one index probe per record (a correlated subquery: never a join that the planner,
  // blind to the staging table's size, turns into a scan of the whole table per batch), and only the
  // records due a write reach an INSERT: an unchanged record costs no conflict check and no row lock, and a
  // code new to the table goes in with a plain INSERT (no speculative insertion); one that changed goes
  // through ON CONFLICT … DO UPDATE. A row another writer added meanwhile fails the batch (the key), one it
  // changed is caught by the count below.
  std::string k = ident(m_key), h = ident(m_hash), t = ident(m_table);
  std::string set;
  for (const auto& col : m_columns)
    if (col != m_key) set += (set.empty() ? "" : ", ") + ident(col) + " = excluded." + ident(col);
  std::string reference = m_skip_changed ? "coalesce(s.stored_hash, s.first_hash)" : "s.prev_hash";
  std::string due = m_skip_changed ? "s.nth = 1 AND s.stored_hash IS NULL"
                                   : "s.nth_from_end = 1 AND (s.stored_hash IS NULL OR s.stored_hash <> s.new_hash)";
  std::string sql =
      "WITH s AS (SELECT st.motcua_seq, st." + h + " AS new_hash, (SELECT d." + h + " FROM " + t + " d WHERE d." + k +
      " = st." + k + ") AS stored_hash, lag(st." + h + ") OVER w AS prev_hash, first_value(st." + h +
      ") OVER w AS first_hash, row_number() OVER w AS nth, row_number() OVER (PARTITION BY st." + k +
      " ORDER BY st.motcua_seq DESC) AS nth_from_end FROM " + ident(stage) + " st WINDOW w AS (PARTITION BY st." + k +
      " ORDER BY st.motcua_seq)), "
      "c AS (SELECT "
      "coalesce(sum(CASE WHEN s.nth = 1 AND s.stored_hash IS NULL THEN 1 ELSE 0 END), 0) AS inserted, "
      "coalesce(sum(CASE WHEN s.nth = 1 AND s.stored_hash IS NULL THEN 0 WHEN s.nth = 1 AND NOT " +
      std::string(m_skip_changed ? "TRUE" : "FALSE") +
      " THEN CASE WHEN s.stored_hash = s.new_hash THEN 0 ELSE 1 END WHEN " + reference +
      " = s.new_hash THEN 0 ELSE 1 END), 0) AS differing, "
      "count(*) AS total, "
      "coalesce(sum(CASE WHEN " +
      due +
      " THEN 1 ELSE 0 END), 0) AS to_write "
      "FROM s), "
      "ins AS (INSERT INTO " +
      t + " (" + quoted_columns("") + ") SELECT " + quoted_columns("st.") + " FROM " + ident(stage) +
      " st JOIN s ON s.motcua_seq = st.motcua_seq WHERE " + due +
      " AND s.stored_hash IS NULL ORDER BY st.motcua_seq RETURNING 1), "
      "upd AS (INSERT INTO " +
      t + " (" + quoted_columns("") + ") SELECT " + quoted_columns("st.") + " FROM " + ident(stage) +
      " st JOIN s ON s.motcua_seq = st.motcua_seq WHERE " + due +
      " AND s.stored_hash IS NOT NULL ORDER BY st.motcua_seq ON CONFLICT (" + k + ") " +
      (m_skip_changed || set.empty() ? std::string("DO NOTHING")
                                     : "DO UPDATE SET " + set + " WHERE " + t + "." + h + " <> excluded." + h) +
      " RETURNING 1) "
      "SELECT inserted, differing, total, to_write, (SELECT count(*) FROM ins) + (SELECT count(*) FROM upd) FROM c";
  r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) m_db.fail("upserting a batch into " + m_table, r);
  auto get = [&](int col) { return std::strtoll(PQgetvalue(r, 0, col), nullptr, 10); };
  std::int64_t inserted = get(0), differing = get(1), total = get(2), to_write = get(3), written = get(4);
  PQclear(r);
  if (written != to_write || total != static_cast<std::int64_t>(rows))
    throw Exception(Failure::other, "PostgreSQL store " + m_db.name() + ": a batch of " + std::to_string(rows) +
                                        " records into " + m_table + " wrote " + std::to_string(written) +
                                        " rows where " + std::to_string(to_write) +
                                        " were due: another writer changed the table meanwhile; the batch is not "
                                        "committed, run again");
  counts.inserted = inserted;
  if (m_skip_changed) {
    counts.skipped = differing;
    counts.unchanged = total - inserted;
  } else {
    counts.updated = differing;
    counts.unchanged = total - inserted - differing;
  }
  if (own) own->commit();
  return counts;
}

} // namespace motcua::store
