#include "dossiers/store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cache/cache.hpp"
#include "cache/schema.hpp"
#include "dossiers/validate.hpp"
#include "io/rejects.hpp"
#include "store/pg_bulk.hpp"

namespace motcua {

std::optional<OnConflict> parse_on_conflict(std::string_view s) {
  if (s == "update") return OnConflict::update;
  if (s == "skip") return OnConflict::skip;
  if (s == "fail") return OnConflict::fail;
  return std::nullopt;
}

namespace {

constexpr const char* k_insert =
    "INSERT INTO dossiers (code, procedure_code, agency_code, channel, status, received_at, due_at, due_date_only, "
    "resolved_at, returned_at, pauses, extensions, applicant_name, applicant_id, fee, paid_online, extra, hash, "
    "applicant_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
    "ON CONFLICT (code) DO NOTHING";

constexpr const char* k_update =
    "UPDATE dossiers SET procedure_code = ?2, agency_code = ?3, channel = ?4, status = ?5, received_at = ?6, due_at = ?7, "
    "due_date_only = ?8, resolved_at = ?9, returned_at = ?10, pauses = ?11, extensions = ?12, applicant_name = ?13, "
    "applicant_id = ?14, fee = ?15, paid_online = ?16, extra = ?17, hash = ?18, "
    "applicant_type = ?19 WHERE code = ?1";

void bind_text(store::Statement& st, int i, const std::string& s) {
  if (s.empty()) st.bind_null(i);
  else st.bind(i, s);
}

void bind_instant(store::Statement& st, int i, const std::optional<Instant>& t) {
  if (t) st.bind(i, static_cast<std::int64_t>(*t));
  else st.bind_null(i);
}

// The stored hash as SQLite keeps it (a signed 64-bit integer).
std::int64_t to_sql(std::uint64_t h) { return static_cast<std::int64_t>(h); }

// The columns the PostgreSQL bulk loader fills, in the order of k_insert's parameters.
const std::vector<std::string> k_bulk_columns = {
    "code",          "procedure_code", "agency_code", "channel", "status",        "received_at",    "due_at",
    "due_date_only", "resolved_at",    "returned_at", "pauses",  "extensions",    "applicant_name", "applicant_id",
    "fee",           "paid_online",    "extra",       "hash",    "applicant_type"};

// A text value for the bulk loader as bind_text binds it: an empty string is NULL.
std::optional<std::string> bulk_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<std::string> bulk_int(std::optional<std::int64_t> v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

// A PostgreSQL array literal of texts, for `= ANY(CAST(?1 AS TEXT[]))`: every element quoted.
std::string text_array_literal(const std::vector<std::string_view>& values) {
  std::string out = "{";
  for (auto v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

} // namespace

DossierStore::DossierStore(store::Database& db, StoreOptions options)
    : m_db(db), m_options(options), m_lookup(db.prepare("SELECT hash FROM dossiers WHERE code = ?1")),
      m_insert(db.prepare(k_insert)), m_update(db.prepare(k_update)) {
  if (m_options.batch_size == 0) m_options.batch_size = 1;
  // Loading without the receipt index, built once at the end, is SQLite's bulk path (cache/schema).
  m_bulk = !m_options.dry_run && db.engine() == store::Engine::sqlite &&
           db.query_int64("SELECT EXISTS (SELECT 1 FROM dossiers)") == 0;
  // PostgreSQL's bulk path: COPY and one upsert per sorted run instead of a round trip per record.
  if (!m_options.dry_run && db.engine() == store::Engine::postgresql)
    if (auto* pg = dynamic_cast<store::PgDatabase*>(&db))
      m_pg_bulk = std::make_unique<store::PgBulkUpsert>(*pg, "dossiers", k_bulk_columns, "code", "hash",
                                                        m_options.on_conflict == OnConflict::skip);
}

Result<std::unique_ptr<DossierStore>> DossierStore::open(store::Database& db, StoreOptions options) {
  try {
    return std::unique_ptr<DossierStore>(new DossierStore(db, options));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "preparing the dossier upsert");
  }
}

DossierStore::~DossierStore() {
  try {
    if (m_in_batch) m_db.rollback();
    // An error stopped a bulk load: the committed batches get their index back now.
    if (m_index_dropped) (void)ensure_dossiers_received_index(m_db);
  } catch (const store::Exception&) {
    // Nothing more to do: the engine rolls an open transaction back when the connection closes,
    // and the next writer re-creates the index.
  }
}

Error DossierStore::sql_error(const std::exception& e, const std::string& doing) const {
  if (const auto* se = dynamic_cast<const store::Exception*>(&e)) return cache_error(*se, m_db.name(), doing);
  return make_error(ErrorKind::internal, doing + ": " + e.what());
}

Status DossierStore::begin_batch(bool for_rows) {
  if (m_in_batch || m_options.dry_run) return {};
  try {
    m_db.begin(true);
    m_in_batch = true;
    if (for_rows && m_bulk && !m_index_dropped) {
      m_db.exec("DROP INDEX IF EXISTS dossiers_received");
      m_index_dropped = true;
    }
  } catch (const std::exception& e) {
    return sql_error(e, "starting a dossier batch");
  }
  m_batch_count = 0;
  return {};
}

Status DossierStore::commit_batch() {
  if (!m_in_batch) return {};
  try {
    m_db.commit();
  } catch (const std::exception& e) {
    return sql_error(e, "committing a dossier batch");
  }
  m_in_batch = false;
  m_committed += static_cast<std::int64_t>(m_batch_count);
  m_batch_count = 0;
  return {};
}

std::optional<std::uint64_t> DossierStore::stored_hash(const Dossier& d) {
  if (m_options.dry_run) {
    auto it = m_dry_seen.find(d.code);
    if (it != m_dry_seen.end()) return it->second;
  }
  m_lookup->reset();
  m_lookup->bind(1, d.code);
  std::optional<std::uint64_t> h;
  if (m_lookup->step()) h = static_cast<std::uint64_t>(m_lookup->get_int64(0));
  m_lookup->reset();
  return h;
}

void DossierStore::encode_json_columns(const Dossier& d) {
  m_pauses_text.clear();
  m_extensions_text.clear();
  if (!d.pauses.empty())
    m_pauses_text = pauses_json(d.pauses).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (!d.extensions.empty())
    m_extensions_text =
        extensions_json(d.extensions).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void DossierStore::bind_record(store::Statement& st, const Dossier& d, std::uint64_t hash) {
  st.reset();
  st.bind(1, d.code);
  st.bind(2, d.procedure_code);
  bind_text(st, 3, d.agency_code);
  st.bind(4, channel_name(d.channel));
  st.bind(5, status_name(d.status));
  st.bind(6, static_cast<std::int64_t>(d.received_at));
  bind_instant(st, 7, d.due_at);
  st.bind(8, d.due_date_only ? 1 : 0);
  bind_instant(st, 9, d.resolved_at);
  bind_instant(st, 10, d.returned_at);
  encode_json_columns(d);
  bind_text(st, 11, m_pauses_text);
  bind_text(st, 12, m_extensions_text);
  bind_text(st, 13, d.applicant_name);
  bind_text(st, 14, d.applicant_id);
  if (d.fee) st.bind(15, static_cast<std::int64_t>(*d.fee));
  else st.bind_null(15);
  if (d.paid_online) st.bind(16, *d.paid_online ? 1 : 0);
  else st.bind_null(16);
  bind_text(st, 17, d.extra);
  st.bind(18, to_sql(hash));
  if (d.applicant_type) st.bind(19, applicant_type_name(*d.applicant_type));
  else st.bind_null(19);
}

Status DossierStore::put(const Dossier& d, RecordPlace place, std::optional<std::uint64_t> hash) {
  ++m_counts.read;
  if (m_options.dry_run) return write(d, hash ? *hash : content_hash(d));
  if (m_pending_count == m_pending.size()) m_pending.emplace_back();
  Pending& slot = m_pending[m_pending_count]; // a reused slot keeps its strings' capacity
  slot.dossier = d;
  slot.hash = hash ? *hash : content_hash(d);
  slot.source.assign(place.source);
  slot.position = place.position;
  slot.is_line = place.is_line;
  if (++m_pending_count >= std::min(k_sort_run, m_options.batch_size)) return flush();
  return {};
}

Status DossierStore::flush() {
  m_order.resize(m_pending_count);
  for (std::uint32_t i = 0; i < m_order.size(); ++i) m_order[i] = i;
  // Stable: two records with the same code are written in input order, so the later one wins.
  std::stable_sort(m_order.begin(), m_order.end(), [this](std::uint32_t a, std::uint32_t b) {
    return m_pending[a].dossier.code < m_pending[b].dossier.code;
  });
  m_pending_count = 0;
  if (m_pg_bulk) return flush_bulk();
  for (size_t k = 0; k < m_order.size(); ++k) {
    const Pending& p = m_pending[m_order[k]];
    if (auto st = write(p.dossier, p.hash); !st) {
      m_counts.read -= static_cast<std::int64_t>(m_order.size() - k - 1); // never written: not counted either
      if (p.source.empty()) return st;
      Reject where{p.source, p.position, p.is_line, {}, {}, {}};
      return make_error(st.error().kind, "at " + describe_position(where) + ": " + st.error().message);
    }
  }
  return {};
}

Status DossierStore::write(const Dossier& d, std::uint64_t hash) {
  try {
    if (auto st = begin_batch(); !st) return st;
    if (!m_options.dry_run && m_expect_new) {
      // While codes keep being new (a first migration), insert straight away: one B-tree
      // descent and no lookup; a conflict switches to looking up first (a re-run).
      bind_record(*m_insert, d, hash);
      m_insert->step();
      if (m_db.changes() > 0) {
        ++m_counts.inserted;
        if (++m_batch_count >= m_options.batch_size) return commit_batch();
        return {};
      }
      m_expect_new = false;
    }
    auto old = stored_hash(d);
    if (!old && !m_options.dry_run) {
      m_expect_new = true;
      bind_record(*m_insert, d, hash);
      m_insert->step();
      ++m_counts.inserted;
      if (++m_batch_count >= m_options.batch_size) return commit_batch();
      return {};
    }
    if (old && *old == hash) {
      ++m_counts.unchanged;
      return {};
    }
    if (old) {
      if (m_options.on_conflict == OnConflict::skip) {
        ++m_counts.unchanged;
        ++m_skipped;
        return {};
      }
      if (m_options.on_conflict == OnConflict::fail) {
        --m_counts.read; // the conflicting record is neither loaded nor rejected: the run stops at it
        return conflict_error(d.code);
      }
    }
    if (!m_options.dry_run) {
      bind_record(*m_update, d, hash);
      m_update->step();
    } else {
      m_dry_seen[d.code] = hash;
    }
    ++(old ? m_counts.updated : m_counts.inserted);
    if (!m_options.dry_run && ++m_batch_count >= m_options.batch_size) return commit_batch();
    return {};
  } catch (const std::exception& e) {
    return sql_error(e, "writing dossier '" + d.code + "'");
  }
}

Error DossierStore::conflict_error(const std::string& code) const {
  return make_error(ErrorKind::input, "dossier '" + code +
                                          "' is already in the cache with different data and "
                                          "--on-conflict fail is set; " +
                                          std::to_string(m_committed) +
                                          " records in earlier batches stay committed, the current batch was rolled "
                                          "back; re-run with --on-conflict update or skip");
}

std::size_t DossierStore::first_conflict() {
  std::vector<std::string_view> codes;
  codes.reserve(m_order.size());
  for (auto i : m_order) codes.push_back(m_pending[i].dossier.code);
  // What each code holds now (this transaction's earlier runs included), then the run in order.
  std::unordered_map<std::string_view, std::optional<std::uint64_t>> held;
  for (auto code : codes) held.emplace(code, std::nullopt);
  auto st = m_db.prepare("SELECT code, hash FROM dossiers WHERE code = ANY(CAST(?1 AS TEXT[]))");
  st->bind(1, text_array_literal(codes));
  while (st->step())
    if (auto it = held.find(st->get_text(0)); it != held.end())
      it->second = static_cast<std::uint64_t>(st->get_int64(1));
  for (std::size_t k = 0; k < m_order.size(); ++k) {
    std::uint64_t hash = m_pending[m_order[k]].hash;
    auto& stored = held[codes[k]];
    if (stored && *stored != hash) return k;
    stored = hash;
  }
  return m_order.size();
}

Status DossierStore::flush_bulk() {
  if (m_order.empty()) return {};
  std::size_t stop = m_order.size();
  try {
    if (auto st = begin_batch(); !st) return st;
    if (m_options.on_conflict == OnConflict::fail) stop = first_conflict();
    m_pg_row.resize(k_bulk_columns.size());
    for (std::size_t k = 0; k < stop; ++k) {
      const Pending& p = m_pending[m_order[k]];
      const Dossier& d = p.dossier;
      encode_json_columns(d);
      auto& r = m_pg_row;
      r[0] = d.code;
      r[1] = d.procedure_code;
      r[2] = bulk_text(d.agency_code);
      r[3] = std::string(channel_name(d.channel));
      r[4] = std::string(status_name(d.status));
      r[5] = std::to_string(static_cast<std::int64_t>(d.received_at));
      r[6] = bulk_int(d.due_at);
      r[7] = d.due_date_only ? "1" : "0";
      r[8] = bulk_int(d.resolved_at);
      r[9] = bulk_int(d.returned_at);
      r[10] = bulk_text(m_pauses_text);
      r[11] = bulk_text(m_extensions_text);
      r[12] = bulk_text(d.applicant_name);
      r[13] = bulk_text(d.applicant_id);
      r[14] = bulk_int(d.fee);
      r[15] = d.paid_online ? std::optional<std::string>(*d.paid_online ? "1" : "0") : std::nullopt;
      r[16] = bulk_text(d.extra);
      r[17] = std::to_string(to_sql(p.hash));
      r[18] = d.applicant_type ? std::optional<std::string>(std::string(applicant_type_name(*d.applicant_type)))
                               : std::nullopt;
      m_pg_bulk->add(r);
    }
    auto c = m_pg_bulk->flush();
    m_counts.inserted += c.inserted;
    m_counts.updated += c.updated;
    m_counts.unchanged += c.unchanged;
    m_skipped += c.skipped;
    m_batch_count += static_cast<std::size_t>(c.inserted + c.updated);
  } catch (const std::exception& e) {
    m_pg_bulk->clear();                                         // rows queued before the failure are not the next run's
    m_counts.read -= static_cast<std::int64_t>(m_order.size()); // none of the run is counted as written
    return sql_error(e, "writing " + std::to_string(m_order.size()) + " dossiers from '" +
                            m_pending[m_order.front()].dossier.code + "' on");
  }
  if (stop < m_order.size()) {
    m_counts.read -= static_cast<std::int64_t>(m_order.size() - stop); // the conflict and what follows it
    const Pending& p = m_pending[m_order[stop]];
    Error e = conflict_error(p.dossier.code);
    if (p.source.empty()) return e;
    Reject where{p.source, p.position, p.is_line, {}, {}, {}};
    return make_error(e.kind, "at " + describe_position(where) + ": " + e.message);
  }
  if (m_batch_count >= m_options.batch_size) return commit_batch();
  return {};
}

Status DossierStore::finish(const std::string& source, const std::function<Status()>& also) {
  if (m_options.dry_run) return {};
  if (auto st = flush(); !st) return st;
  if (auto st = begin_batch(false); !st) return st;
  if (auto st = record_import(m_db, "dossiers", source, std::nullopt, m_counts); !st) return st;
  if (also)
    if (auto st = also(); !st) return st;
  if (auto st = commit_batch(); !st) return st;
  if (!m_index_dropped) return {};
  m_index_dropped = false; // one attempt: the destructor does not retry a failed build
  if (auto st = ensure_dossiers_received_index(m_db); !st)
    return make_error(st.error().kind,
                      st.error().message +
                          " (the dossiers are loaded; the index sort writes temporary files to $SQLITE_TMPDIR or "
                          "$TMPDIR, else /var/tmp or /tmp; the next writing command rebuilds it)");
  return {};
}

namespace {

// The columns read back, those the audit and the statistics use first (k_classify_columns of them):
// passes that only classify read no applicant or extra field.
constexpr const char* k_read_columns =
    "code, procedure_code, agency_code, channel, status, received_at, due_at, due_date_only, resolved_at, returned_at, "
    "pauses, extensions, fee, paid_online, applicant_name, applicant_id, extra, applicant_type";
constexpr const char* k_classify_read_columns =
    "code, procedure_code, agency_code, channel, status, received_at, due_at, due_date_only, resolved_at, returned_at, "
    "pauses, extensions, fee, paid_online";

// A nullable instant column.
std::optional<Instant> instant(const store::Statement& st, int i) {
  if (st.is_null(i)) return std::nullopt;
  return static_cast<Instant>(st.get_int64(i));
}

// A stored value motcua cannot read: the cache holds something this version did not write (exit 7).
Error stored_value_error(const std::string& path, const std::string& code, const char* column, const std::string& why) {
  return make_error(ErrorKind::cache, "cache " + path + ": dossier '" + code + "': column " + column +
                                          " holds a value motcua cannot read (" + why +
                                          "); restore a backup or migrate that dossier again");
}

// A JSON list column (pauses, extensions) into out: empty when NULL or "[]".
template <typename T>
Status list_column(const store::Statement& st, int i, const std::string& path, const std::string& code,
                   const char* column, Status (*from_json)(const nlohmann::json&, std::vector<T>&),
                   std::vector<T>& out) {
  out.clear();
  auto text = st.get_text(i);
  if (text.empty() || text == "[]") return {}; // most dossiers have neither: skip the JSON parser
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) return stored_value_error(path, code, column, "not JSON");
  if (auto s = from_json(value, out); !s) return stored_value_error(path, code, column, s.error().message);
  return {};
}

// One row (columns in k_read_columns order) into d, whose strings and lists are reused. Every
// stored value read is checked: a value that does not decode is an error naming the dossier and
// the column, never dropped. Without `all`, the applicant and extra fields are left empty.
Status read_row(const store::Statement& st, const std::string& path, bool all, Dossier& d) {
  d.code.assign(st.get_text(0));
  d.procedure_code.assign(st.get_text(1));
  d.agency_code.assign(st.get_text(2));
  auto channel = parse_channel(st.get_text(3));
  if (!channel)
    return stored_value_error(path, d.code, "channel", "'" + std::string(st.get_text(3)) + "' is not a channel");
  d.channel = *channel;
  auto status = parse_status(st.get_text(4));
  if (!status)
    return stored_value_error(path, d.code, "status", "'" + std::string(st.get_text(4)) + "' is not a status");
  d.status = *status;
  d.received_at = st.get_int64(5);
  d.due_at = instant(st, 6);
  d.due_date_only = st.get_int64(7) != 0;
  d.resolved_at = instant(st, 8);
  d.returned_at = instant(st, 9);
  if (auto s = list_column(st, 10, path, d.code, "pauses", &pauses_from_json, d.pauses); !s) return s;
  if (auto s = list_column(st, 11, path, d.code, "extensions", &extensions_from_json, d.extensions); !s) return s;
  d.fee = st.is_null(12) ? std::nullopt : std::optional<std::int64_t>(st.get_int64(12));
  d.paid_online = st.is_null(13) ? std::nullopt : std::optional<bool>(st.get_int64(13) != 0);
  if (!all) return {};
  d.applicant_name.assign(st.get_text(14));
  d.applicant_id.assign(st.get_text(15));
  d.extra.assign(st.get_text(16));
  d.applicant_type.reset();
  if (!st.is_null(17)) {
    std::string type_text(st.get_text(17));
    auto type = parse_applicant_type(type_text);
    if (!type)
      return stored_value_error(path, d.code, "applicant_type", "'" + type_text + "' is not an applicant type");
    d.applicant_type = *type;
  }
  return {};
}

// The WHERE clause of a filter; parameters are bound by bind_filter in the same order.
std::string where_clause(const DossierFilter& f) {
  std::string w;
  auto add = [&](const char* cond) { w += (w.empty() ? " WHERE " : " AND ") + std::string(cond); };
  // Unordered passes scan the table: "+received_at" keeps the planner off the index.
  if (f.from) add(f.ordered ? "received_at >= ?" : "+received_at >= ?");
  if (f.to) add(f.ordered ? "received_at < ?" : "+received_at < ?");
  if (!f.agency_code.empty()) add("agency_code = ?");
  if (!f.procedure_code.empty()) add("procedure_code = ?");
  if (f.status) add("status = ?");
  if (f.rowid_from) add("rowid >= ?");
  if (f.rowid_to) add("rowid < ?");
  return w;
}

template <typename Statement> void bind_filter(Statement& st, const DossierFilter& f) {
  int i = 0;
  if (f.from) st.bind(++i, static_cast<std::int64_t>(local_instant(*f.from)));
  if (f.to) st.bind(++i, static_cast<std::int64_t>(local_instant(*f.to + 1)));
  if (!f.agency_code.empty()) st.bind(++i, f.agency_code);
  if (!f.procedure_code.empty()) st.bind(++i, f.procedure_code);
  if (f.status) st.bind(++i, std::string(status_name(*f.status)));
  if (f.rowid_from) st.bind(++i, *f.rowid_from);
  if (f.rowid_to) st.bind(++i, *f.rowid_to);
}

} // namespace

Result<std::optional<Dossier>> find_dossier(store::Database& db, const std::string& code) {
  try {
    auto st = db.prepare(std::string("SELECT ") + k_read_columns + " FROM dossiers WHERE code = ?1");
    st->bind(1, code);
    if (!st->step()) return std::optional<Dossier>();
    Dossier d;
    if (auto s = read_row(*st, db.name(), true, d); !s) return s.error();
    return std::optional<Dossier>(std::move(d));
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading dossier '" + code + "'");
  }
}

Status for_each_dossier(store::Database& db, const DossierFilter& f,
                        const std::function<bool(const Dossier&)>& on_dossier) {
  try {
    // An unordered pass reads SQLite's table in rowid order; PostgreSQL's heap order drifts from it once rows are
    // updated, and whatever a pass keeps of the first row it meets (a group's label) must be the same on both.
    const char* order = f.ordered                                  ? " ORDER BY received_at, code"
                        : db.engine() == store::Engine::postgresql ? " ORDER BY rowid"
                                                                   : "";
    std::string sql = std::string("SELECT ") + (f.classify_only ? k_classify_read_columns : k_read_columns) +
                      " FROM dossiers" + where_clause(f) + order;
    if (f.limit) sql += " LIMIT " + std::to_string(*f.limit);
    auto st = db.prepare(sql);
    bind_filter(*st, f);
    const std::string path = db.name();
    Dossier d; // one record reused: its buffers stop growing after the first rows
    while (st->step()) {
      if (auto s = read_row(*st, path, !f.classify_only, d); !s) return s;
      if (!on_dossier(d)) break;
    }
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading dossiers");
  }
  return {};
}

Result<std::int64_t> max_dossier_rowid(store::Database& db) {
  try {
    return db.query_int64("SELECT coalesce(max(rowid), 0) FROM dossiers");
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "reading the dossiers' extent");
  }
}

Result<std::int64_t> count_dossiers(store::Database& db, const DossierFilter& f) {
  try {
    auto st = db.prepare("SELECT count(*) FROM dossiers" + where_clause(f));
    bind_filter(*st, f);
    st->step();
    return st->get_int64(0);
  } catch (const store::Exception& e) {
    return cache_error(e, db.name(), "counting dossiers");
  }
}

} // namespace motcua
