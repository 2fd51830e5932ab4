#include "io/rejects.hpp"

namespace motcua {

std::string describe_position(const Reject& r) {
  if (r.is_line) return r.source + ":" + std::to_string(r.position);
  return r.source + " record " + std::to_string(r.position);
}

void RejectsWriter::write(const Reject& r) {
  if (!m_header_done) {
    m_csv.name("source").name("position").name("reason").name("record").end_row();
    m_header_done = true;
  }
  m_csv.text(r.source)
      .text((r.is_line ? "line " : "record ") + std::to_string(r.position))
      .text(r.reason)
      .text(r.original)
      .end_row();
}

} // namespace motcua
