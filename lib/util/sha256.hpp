#pragma once
// SHA-256 (FIPS 180-4) for snapshot manifests: small enough to own rather than
// pull a crypto library in for one digest.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua {

class Sha256 {
public:
  Sha256();
  void update(std::string_view data);
  // The digest as 64 lower-case hex digits; the object is spent afterwards.
  std::string hex_digest();

private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> m_h;
  unsigned char m_buf[64];
  size_t m_buf_len = 0;
  std::uint64_t m_total = 0;
};

// One-shot digest of a string.
std::string sha256_hex(std::string_view data);

} // namespace motcua
