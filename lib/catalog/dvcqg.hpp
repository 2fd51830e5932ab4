#pragma once
// The national portal's procedure record (LayThuTuc, upper-case keys) mapped
// to a canonical Procedure, as motcua-formats(5) describes.
#include <nlohmann/json_fwd.hpp>

#include "catalog/procedure.hpp"
#include "util/error.hpp"

namespace motcua {

// One MATTHC record → Procedure; the error names the key and value that could not be mapped.
Result<Procedure> procedure_from_dvcqg(const nlohmann::json& record);

} // namespace motcua
