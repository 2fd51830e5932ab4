#include "io/rejects.hpp"

namespace motcua {

std::string describe_position(const Reject& r) {
  if (r.is_line) return r.source + ":" + std::to_string(r.position);
  return r.source + " record " + std::to_string(r.position);
}

namespace {
void write_cell(std::ostream& out, const std::string& s) {
  out << '"';
  for (char c : s) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}
} // namespace

void RejectsWriter::write(const Reject& r) {
  if (!m_header_done) {
    m_out << "source,position,reason,record\n";
    m_header_done = true;
  }
  write_cell(m_out, r.source);
  m_out << ',';
  write_cell(m_out, (r.is_line ? "line " : "record ") + std::to_string(r.position));
  m_out << ',';
  write_cell(m_out, r.reason);
  m_out << ',';
  write_cell(m_out, r.original);
  m_out << '\n';
}

} // namespace motcua
