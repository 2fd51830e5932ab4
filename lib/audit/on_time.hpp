#pragma once
// The one definition of the published on-time rate, shared by `audit deadlines` and
// `stats export` so the two commands can never print different figures for one cache.
#include <cstdint>
#include <optional>

#include "audit/classify.hpp"

namespace motcua {

// (early + on time) / every resolved dossier, including those that could not be judged
// (unknown procedure, contradictory dates): leaving them out would flatter the figure.
// nullopt when nothing was resolved (a rate over nothing is null, never 0 or 1).
std::optional<double> on_time_rate(std::int64_t early, std::int64_t on_time, std::int64_t resolved);

// A resolved dossier is judged when the audit could give it a deadline state (early, on time,
// late); the others are counted apart so readers see why the rate is below 100%.
bool judged_resolution(DossierState s);

} // namespace motcua
