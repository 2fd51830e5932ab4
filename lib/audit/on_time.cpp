#include "audit/on_time.hpp"

namespace motcua {

std::optional<double> on_time_rate(std::int64_t early, std::int64_t on_time, std::int64_t resolved) {
  if (resolved <= 0) return std::nullopt;
  return static_cast<double>(early + on_time) / static_cast<double>(resolved);
}

bool judged_resolution(DossierState s) {
  return s == DossierState::early || s == DossierState::on_time || s == DossierState::late;
}

} // namespace motcua
