#pragma once
// Reading dossier sources record by record, streamed whatever their size: canonical NDJSON
// (line by line), JSON documents (canonical array or national DongBoHoSoMC, element by
// element), canonical CSV (the header names the fields) and legacy CSV through a mapping.
// Bytes are decoded to NFC UTF-8 first (io/decode), whatever the format.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "dossiers/dossier.hpp"
#include "dossiers/mapping.hpp"
#include "dossiers/validate.hpp"
#include "io/decode.hpp"
#include "io/input_format.hpp"
#include "io/rejects.hpp"
#include "io/stream.hpp"
#include "io/xlsx.hpp"
#include "util/error.hpp"

namespace motcua {

// What one call to DossierReader::next produced.
enum class ReadResult { dossier, rejected, end };

// A pull reader: the caller reuses one Dossier for every record, so strings keep their capacity.
class DossierReader {
public:
  virtual ~DossierReader() = default;
  // The next record into d, or the reason it is rejected into reject; `end` at the end of
  // the input or when reading failed (status() then says why).
  virtual ReadResult next(Dossier& d, Reject& reject) = 0;
  // A failure of the source itself (I/O, undecodable bytes, broken JSON document): exit 4.
  virtual const Status& status() const = 0;
  // Bytes of the underlying source consumed, for the progress bar.
  virtual Progress progress() const = 0;
  // The format actually read (auto resolved).
  virtual InputFormat format() const = 0;
  // National records so far whose DonViXuLy named an agency the catalog does not know.
  virtual std::int64_t unresolved_agencies() const { return 0; }
};

struct ReaderOptions {
  InputFormat format = InputFormat::auto_detect;
  // --encoding; auto_detect defers to the mapping's input.encoding, then to BOM / UTF-8.
  Encoding encoding = Encoding::auto_detect;
  // Legacy CSV mapping (--mapping); null for the JSON formats and canonical CSV.
  const Mapping* mapping = nullptr;
  // --force-encoding: load text decoded in a legacy encoding even when it does not read as Vietnamese.
  bool force_encoding = false;
  // --sheet of an Excel workbook (a name or a 1-based number), over the mapping's input.sheet.
  std::string sheet;
  // --delimiter / --tsv, over the mapping's input.delimiter.
  std::optional<char> delimiter;
  // National records (dvcqg): the catalog's agencies and the sync URL's MaDinhDanhDV.
  DvcqgContext dvcqg;
};

// The encoding a source is read in: --encoding, else the mapping's, else auto.
Encoding effective_encoding(const ReaderOptions& options);

// Opens a reader over `in` (taken over), called `name` in messages and rejects. Detects the
// format when asked to (auto: JSON or NDJSON by content; canonical CSV by a .csv name or a
// comma-separated first line with a `code` column), reads a CSV header and binds its columns
// (the mapping's, or the canonical ones without a mapping), finds a JSON document's records:
// every failure here (ErrorKind::input) happens before any record is handed out.
Result<std::unique_ptr<DossierReader>> open_dossier_reader(std::unique_ptr<ByteStream> in, std::string name,
                                                           const ReaderOptions& options);

// Opens a reader over one sheet of an Excel workbook (an .xlsx needs random access, hence
// `source`): the first non-empty row is the header (unless the mapping says there is none),
// bound like a CSV header, with a mapping or canonical names; each later row is one record,
// its line the sheet's row number. A missing sheet or column fails here (ErrorKind::input).
Result<std::unique_ptr<DossierReader>> open_xlsx_dossier_reader(const XlsxSource& source, std::string name,
                                                                const ReaderOptions& options);

// Decodes the whole stream and discards the text, so an undecodable source is refused
// before anything is written (exit 4 "nothing was changed"). Text decoded in a legacy
// encoding must also read as Vietnamese (io/plausible) unless `force`: a wrong legacy
// choice decodes without error into garbage. Errors rank the encodings by plausibility,
// each with the sample line as it would read.
Status check_decodable(ByteStream& in, Encoding encoding, bool force = false);

// Checks the syntax of a whole JSON document, decoded as the readers decode it, keeping
// nothing: the JSON reader streams records and would only meet a break after handing out
// the records before it, so a caller that must write nothing on a broken document calls
// this first. The error names the source and the line (ErrorKind::input).
Status check_json_document(ByteStream& in, std::string_view name, Encoding encoding);

} // namespace motcua
