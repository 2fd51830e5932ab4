#pragma once
// NFC UTF-8 text to a legacy Vietnamese encoding: the reverse of io/decode, for tests and for
// `motcua sample`, which writes legacy files the way old systems exported them.
#include <string>
#include <string_view>

#include "io/decode.hpp"
#include "util/error.hpp"

namespace motcua {

// utf8 in `encoding` (utf-8, cp1258, tcvn, viscii, vni or viqr), each letter spelled as that
// encoding's published table spells it; ErrorKind::input names the first character it cannot
// spell. The result decodes back to the same NFC text.
Result<std::string> encode_text(std::string_view utf8, Encoding encoding);

} // namespace motcua
