#pragma once
// The national portal's procedure record (LayThuTuc, upper-case keys) mapped
// to a canonical Procedure, as motcua-formats(5) describes.
#include <nlohmann/json_fwd.hpp>

#include "catalog/procedure.hpp"
#include "util/error.hpp"

namespace motcua {

// One MATTHC record → Procedure; the error names the key and value that could not be mapped.
// MUCDO (or MucDo) gives the level (4 full, 3 partial, 2 information only); without it the
// level is not published in the record and `online` is unknown (catalog import --levels sets it).
Result<Procedure> procedure_from_dvcqg(const nlohmann::json& record);
// TRANGTHAI present and not 1: the procedure is not public, so a full snapshot withdraws it.
bool dvcqg_not_public(const nlohmann::json& record);

} // namespace motcua
