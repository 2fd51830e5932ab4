#include "dossiers/dossier.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace motcua {

std::string required_dossier_fields_text() {
  std::string s;
  for (auto f : k_required_dossier_fields) s += (s.empty() ? "" : ", ") + std::string(f);
  return s;
}

namespace {
constexpr std::string_view k_channel_names[] = {"direct", "online", "postal"};
} // namespace

std::string_view channel_name(Channel c) {
  int i = static_cast<int>(c) - 1;
  return i >= 0 && i < 3 ? k_channel_names[i] : "direct";
}

std::optional<Channel> parse_channel(std::string_view s) {
  for (int i = 0; i < 3; ++i)
    if (s == k_channel_names[i]) return static_cast<Channel>(i + 1);
  return std::nullopt;
}

std::optional<Channel> channel_from_code(long code) {
  if (code < 1 || code > 3) return std::nullopt;
  return static_cast<Channel>(code);
}

namespace {
constexpr std::string_view k_applicant_type_names[] = {"citizen", "business", "state_body", "other"};
} // namespace

std::string_view applicant_type_name(ApplicantType t) {
  int i = static_cast<int>(t) - 1;
  return i >= 0 && i < 4 ? k_applicant_type_names[i] : "other";
}

std::optional<ApplicantType> parse_applicant_type(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (s == k_applicant_type_names[i]) return static_cast<ApplicantType>(i + 1);
  return std::nullopt;
}

std::optional<ApplicantType> applicant_type_from_code(long code) {
  if (code < 1 || code > 4) return std::nullopt;
  return static_cast<ApplicantType>(code);
}

const std::vector<std::string>& status_names() {
  static const std::vector<std::string> names = {"submitted",     "received",         "not_accepted", "processing",
                                                 "supplementing", "awaiting_payment", "withdrawn",    "stopped",
                                                 "resolved",      "returned"};
  return names;
}

std::string_view status_name(DossierStatus s) {
  int i = static_cast<int>(s) - 1;
  const auto& names = status_names();
  return i >= 0 && i < 10 ? std::string_view(names[static_cast<size_t>(i)]) : std::string_view("received");
}

std::optional<DossierStatus> parse_status(std::string_view s) {
  const auto& names = status_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (s == names[i]) return static_cast<DossierStatus>(i + 1);
  return std::nullopt;
}

std::optional<DossierStatus> status_from_code(long code) {
  if (code < 1 || code > 10) return std::nullopt;
  return static_cast<DossierStatus>(code);
}

std::string format_moment(Instant t, bool date_only) {
  return date_only ? format_date(local_date(t)) : format_instant(t);
}

nlohmann::ordered_json pauses_json(const std::vector<Pause>& pauses) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : pauses) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["from"] = format_moment(p.from, p.from_date_only);
    j["to"] = p.to ? nlohmann::ordered_json(format_moment(*p.to, p.to_date_only)) : nlohmann::ordered_json(nullptr);
    j["reason"] = p.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.reason);
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::ordered_json extensions_json(const std::vector<Extension>& extensions) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& e : extensions) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["apology_at"] = format_moment(e.apology_at, e.apology_date_only);
    j["new_due_at"] = format_moment(e.new_due_at, e.new_due_date_only);
    j["reason"] = e.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.reason);
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::ordered_json to_json(const Dossier& d, bool with_extra) {
  using J = nlohmann::ordered_json;
  auto text = [](const std::string& s) { return s.empty() ? J(nullptr) : J(s); };
  auto instant = [](const std::optional<Instant>& t) { return t ? J(format_instant(*t)) : J(nullptr); };
  J j = J::object();
  j["code"] = d.code;
  j["procedure_code"] = d.procedure_code;
  j["agency_code"] = text(d.agency_code);
  j["channel"] = channel_name(d.channel);
  j["status"] = status_name(d.status);
  j["received_at"] = format_instant(d.received_at);
  j["due_at"] = d.due_at ? J(format_moment(*d.due_at, d.due_date_only)) : J(nullptr);
  j["resolved_at"] = instant(d.resolved_at);
  j["returned_at"] = instant(d.returned_at);
  j["pauses"] = pauses_json(d.pauses);
  j["extensions"] = extensions_json(d.extensions);
  j["applicant_name"] = text(d.applicant_name);
  j["applicant_id"] = text(d.applicant_id);
  j["fee"] = d.fee ? J(*d.fee) : J(nullptr);
  j["paid_online"] = d.paid_online ? J(*d.paid_online) : J(nullptr);
  j["applicant_type"] = d.applicant_type ? J(applicant_type_name(*d.applicant_type)) : J(nullptr);
  if (with_extra && !d.extra.empty()) {
    J extra = J::parse(d.extra, nullptr, false);
    if (extra.is_object())
      for (auto it = extra.begin(); it != extra.end(); ++it)
        if (!j.contains(it.key())) j[it.key()] = it.value();
  }
  return j;
}

namespace {

// Length in bytes of the UTF-8 sequence starting with lead byte c (1 for stray bytes).
size_t utf8_length(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

} // namespace

std::string mask_name(std::string_view name) {
  constexpr int k_max_stars = 3; // long words do not give their length away
  std::string out;
  out.reserve(name.size());
  int stars = -1; // -1: at a word start
  for (size_t i = 0; i < name.size();) {
    size_t n = std::min(utf8_length(static_cast<unsigned char>(name[i])), name.size() - i);
    bool space = n == 1 && (name[i] == ' ' || name[i] == '\t');
    if (space) {
      out += name[i];
      stars = -1;
    } else if (stars < 0) {
      out.append(name.substr(i, n));
      stars = 0;
    } else if (stars < k_max_stars) {
      out += '*';
      ++stars;
    }
    i += n;
  }
  return out;
}

std::string mask_id(std::string_view id) {
  constexpr size_t k_kept = 3;
  if (id.size() <= k_kept) return std::string(id.size(), '*');
  return std::string(id.size() - k_kept, '*') + std::string(id.substr(id.size() - k_kept));
}

void mask_pii(Dossier& d) {
  if (!d.applicant_name.empty()) d.applicant_name = mask_name(d.applicant_name);
  if (!d.applicant_id.empty()) d.applicant_id = mask_id(d.applicant_id);
  d.extra.clear();
}

namespace {

// A small word-at-a-time hash (not for adversaries: only to notice changed records).
class Hasher {
public:
  void bytes(const void* data, size_t n) {
    word(n);
    const auto* p = static_cast<const unsigned char*>(data);
    for (; n >= 8; n -= 8, p += 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      word(w);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    word(tail);
  }
  void text(const std::string& s) { bytes(s.data(), s.size()); }
  void word(std::uint64_t w) { m_h = mix(m_h ^ w) + 0x9E3779B97F4A7C15ull; }
  void opt(const std::optional<Instant>& t) {
    word(t ? 1 : 0);
    word(static_cast<std::uint64_t>(t.value_or(0)));
  }
  std::uint64_t value() const { return mix(m_h); }

private:
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
  }
  std::uint64_t m_h = 0x6D6F74637561ull; // "motcua"
};

} // namespace

std::uint64_t content_hash(const Dossier& d) {
  Hasher h;
  h.text(d.code);
  h.text(d.procedure_code);
  h.text(d.agency_code);
  h.word(static_cast<std::uint64_t>(d.channel));
  h.word(static_cast<std::uint64_t>(d.status));
  h.word(static_cast<std::uint64_t>(d.received_at));
  h.opt(d.due_at);
  h.word(d.due_date_only);
  h.opt(d.resolved_at);
  h.opt(d.returned_at);
  h.word(d.pauses.size());
  for (const auto& p : d.pauses) {
    h.word(static_cast<std::uint64_t>(p.from));
    h.opt(p.to);
    h.text(p.reason);
    h.word((p.from_date_only ? 1u : 0u) | (p.to_date_only ? 2u : 0u));
  }
  h.word(d.extensions.size());
  for (const auto& e : d.extensions) {
    h.word(static_cast<std::uint64_t>(e.apology_at));
    h.word(static_cast<std::uint64_t>(e.new_due_at));
    h.text(e.reason);
    h.word((e.apology_date_only ? 1u : 0u) | (e.new_due_date_only ? 2u : 0u));
  }
  h.text(d.applicant_name);
  h.text(d.applicant_id);
  h.word(d.fee ? 1 : 0);
  h.word(static_cast<std::uint64_t>(d.fee.value_or(0)));
  h.word(d.paid_online ? (*d.paid_online ? 2 : 1) : 0);
  // Only when set: a record without it keeps the hash it had before the field existed.
  if (d.applicant_type) h.word(0x100u + static_cast<std::uint64_t>(*d.applicant_type));
  h.text(d.extra);
  return h.value();
}

} // namespace motcua
