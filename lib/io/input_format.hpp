#pragma once
// The --input-format vocabulary and the one rule that picks a source's layout when it is
// `auto`, shared by `catalog import` and `dossiers migrate`. What the records are (canonical
// or national) is the reader's business; this only tells JSON, NDJSON and CSV apart.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua {

enum class InputFormat { auto_detect, json, ndjson, csv, dvcqg, xlsx };

std::optional<InputFormat> parse_input_format(std::string_view s);
std::string_view input_format_name(InputFormat f);
// Every --input-format value (auto first), for CLI validators and completions.
std::vector<std::string> input_format_names();

// The layout of a source from its name and first bytes (all of them, or a decoded head), in order:
//  0. a zip archive's magic (`PK\x03\x04`, the raw first bytes) or an `.xlsx` name → xlsx (an Excel workbook);
//  1. the name decides first: `.ndjson` or `.jsonl` → ndjson, `.csv` → csv;
//  2. blank → ndjson (no records either way; a caller that refuses empty sources says so first);
//  3. first non-blank `[` → json; `{` → ndjson when the first line is a whole JSON object and more
//     text follows it, else json (one document, pretty-printed or minified);
//  4. a first line whose cells, split on `,` `;` tab or `|`, include `code` → csv;
//  5. otherwise nullopt: the caller refuses the source, never guesses.
// A UTF-8 BOM is skipped.
std::optional<InputFormat> detect_input_format(std::string_view source_name, std::string_view head);

} // namespace motcua
