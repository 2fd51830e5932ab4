#include "util/minisign.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <sodium.h>

namespace motcua {

namespace {

constexpr std::string_view k_comment_prefix = "untrusted comment: ";
constexpr std::string_view k_trusted_prefix = "trusted comment: ";
constexpr std::size_t k_trusted_max = 8192; // minisign's TRUSTEDCOMMENTMAXBYTES, prefix included
// Secret key layout: "Ed", kdf ("Sc" or two zero bytes), "B2", salt, opslimit and memlimit
// (little endian), then keynum (8), sk (64) and a BLAKE2b-256 checksum (32), XORed with scrypt.
constexpr std::size_t k_salt_at = 6, k_ops_at = 38, k_mem_at = 46, k_keynum_sk_at = 54;
constexpr std::size_t k_keynum_sk_size = 8 + 64 + 32;
constexpr std::size_t k_secret_size = k_keynum_sk_at + k_keynum_sk_size; // 158
constexpr std::size_t k_public_size = 2 + 8 + 32;                        // 42
constexpr std::size_t k_sig_size = 2 + 8 + 64;                           // 74

// libsodium must be initialised once before use; it is idempotent and thread-safe.
Status ensure_sodium() {
  if (sodium_init() < 0) return make_error(ErrorKind::internal, "libsodium could not be initialised");
  return {};
}

std::string to_base64(const unsigned char* p, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), p, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Decodes one base64 line that must hold exactly `size` bytes.
bool from_base64(std::string_view text, std::size_t size, std::vector<unsigned char>& out) {
  out.assign(size + 1, 0);
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != size)
    return false;
  out.resize(size);
  return true;
}

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_le64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

// The file's lines without their LF or CRLF ends.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::string line(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return lines;
}

// BLAKE2b-256 of "Ed", keynum and sk: the check that a password decrypted the key.
std::array<unsigned char, 32> secret_checksum(const unsigned char* sig_alg, const unsigned char* keynum_sk) {
  std::array<unsigned char, 32> chk{};
  crypto_generichash_state hs;
  crypto_generichash_init(&hs, nullptr, 0, chk.size());
  crypto_generichash_update(&hs, sig_alg, 2);
  crypto_generichash_update(&hs, keynum_sk, 8 + 64);
  crypto_generichash_final(&hs, chk.data(), chk.size());
  return chk;
}

// XORs the keynum/sk/checksum block with the scrypt stream of the password: encrypts and decrypts.
Status scrypt_xor(unsigned char* block, std::string_view password, const unsigned char* salt, std::uint64_t ops,
                  std::uint64_t mem, const std::string& origin) {
  std::vector<unsigned char> stream(k_keynum_sk_size);
  if (crypto_pwhash_scryptsalsa208sha256(stream.data(), stream.size(), password.data(), password.size(), salt, ops,
                                         static_cast<std::size_t>(mem)) != 0)
    return make_error(ErrorKind::input, origin + ": cannot derive the key from the password (scrypt with " +
                                            std::to_string(mem >> 20) + " MiB: out of memory?)");
  for (std::size_t i = 0; i < stream.size(); ++i) block[i] ^= stream[i];
  sodium_memzero(stream.data(), stream.size());
  return {};
}

// Printable UTF-8 with tabs allowed, as minisign requires of a trusted comment.
bool printable_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\t' || (c >= 0x20 && c <= 0x7e)) {
      ++i;
      continue;
    }
    std::size_t need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need == 0 || i + need >= s.size()) return false;
    std::uint32_t cp = c & (need == 1 ? 0x1f : need == 2 ? 0x0f : 0x07);
    for (std::size_t k = 1; k <= need; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
      return false;
    if (cp >= 0x7f && cp <= 0x9f) return false;
    i += need + 1;
  }
  return true;
}

} // namespace

std::string MinisignPublicKey::id() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(load_le64(keynum.data())));
  return buf;
}

std::string MinisignPublicKey::file_text() const {
  unsigned char raw[k_public_size];
  std::memcpy(raw, "Ed", 2);
  std::memcpy(raw + 2, keynum.data(), 8);
  std::memcpy(raw + 10, pk.data(), 32);
  return std::string(k_comment_prefix) + "minisign public key " + id() + "\n" + to_base64(raw, sizeof raw) + "\n";
}

MinisignSecretKey::~MinisignSecretKey() { sodium_memzero(sk.data(), sk.size()); }

MinisignPublicKey MinisignSecretKey::public_key() const {
  MinisignPublicKey p;
  p.keynum = keynum;
  std::memcpy(p.pk.data(), sk.data() + 32, 32);
  return p;
}

ScryptLimits ScryptLimits::sensitive() {
  return {crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE, crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE};
}

ScryptLimits ScryptLimits::minimum() {
  return {crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN, crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN};
}

Result<MinisignKeyFiles> minisign_generate(std::string_view password, ScryptLimits limits) {
  if (auto st = ensure_sodium(); !st) return st.error();
  MinisignSecretKey key;
  MinisignPublicKey pub;
  randombytes_buf(key.keynum.data(), key.keynum.size());
  crypto_sign_keypair(pub.pk.data(), key.sk.data());
  pub.keynum = key.keynum;
  std::array<unsigned char, k_secret_size> raw{};
  std::memcpy(raw.data(), "EdScB2", 6);
  randombytes_buf(raw.data() + k_salt_at, crypto_pwhash_scryptsalsa208sha256_SALTBYTES);
  store_le64(raw.data() + k_ops_at, limits.opslimit);
  store_le64(raw.data() + k_mem_at, limits.memlimit);
  unsigned char* block = raw.data() + k_keynum_sk_at;
  std::memcpy(block, key.keynum.data(), 8);
  std::memcpy(block + 8, key.sk.data(), 64);
  auto chk = secret_checksum(raw.data(), block);
  std::memcpy(block + 72, chk.data(), chk.size());
  if (auto st = scrypt_xor(block, password, raw.data() + k_salt_at, limits.opslimit, limits.memlimit, "the new key");
      !st)
    return st.error();
  MinisignKeyFiles files;
  files.secret_text =
      std::string(k_comment_prefix) + "minisign encrypted secret key\n" + to_base64(raw.data(), raw.size()) + "\n";
  sodium_memzero(raw.data(), raw.size());
  files.public_text = pub.file_text();
  files.public_key = pub;
  return files;
}

namespace {

// The decoded secret key structure of a key file (still encrypted when kdf is "Sc").
Result<std::vector<unsigned char>> secret_raw(std::string_view text, const std::string& origin) {
  auto lines = lines_of(text);
  std::vector<unsigned char> raw;
  if (lines.size() < 2 || lines[0].rfind(k_comment_prefix, 0) != 0 || !from_base64(lines[1], k_secret_size, raw))
    return make_error(ErrorKind::input,
                      origin + " is not a minisign secret key (an 'untrusted comment:' line, then one base64 line)");
  if (std::memcmp(raw.data(), "Ed", 2) != 0)
    return make_error(ErrorKind::input, origin + ": unsupported signature algorithm (not Ed25519)");
  if (std::memcmp(raw.data() + 4, "B2", 2) != 0)
    return make_error(ErrorKind::input, origin + ": unsupported checksum function (not BLAKE2b)");
  if (std::memcmp(raw.data() + 2, "Sc", 2) != 0 && std::memcmp(raw.data() + 2, "\0\0", 2) != 0)
    return make_error(ErrorKind::input, origin + ": unsupported key derivation function (not scrypt)");
  return raw;
}

} // namespace

Result<bool> minisign_secret_is_encrypted(std::string_view text, const std::string& origin) {
  auto raw = secret_raw(text, origin);
  if (!raw) return raw.error();
  return std::memcmp(raw->data() + 2, "Sc", 2) == 0;
}

Result<MinisignSecretKey> minisign_load_secret(std::string_view text, std::string_view password,
                                               const std::string& origin) {
  if (auto st = ensure_sodium(); !st) return st.error();
  auto raw = secret_raw(text, origin);
  if (!raw) return raw.error();
  unsigned char* block = raw->data() + k_keynum_sk_at;
  bool encrypted = std::memcmp(raw->data() + 2, "Sc", 2) == 0;
  if (encrypted) {
    std::uint64_t ops = load_le64(raw->data() + k_ops_at), mem = load_le64(raw->data() + k_mem_at);
    if (mem > (std::uint64_t{1} << 34))
      return make_error(ErrorKind::input, origin + ": the key asks for " + std::to_string(mem >> 20) +
                                              " MiB of scrypt memory; refusing more than 16 GiB");
    if (auto st = scrypt_xor(block, password, raw->data() + k_salt_at, ops, mem, origin); !st) return st.error();
  }
  auto chk = secret_checksum(raw->data(), block);
  // minisign leaves the checksum of an unencrypted key (-W) zero and checks it only after decrypting.
  bool ok = !encrypted || sodium_memcmp(chk.data(), block + 72, chk.size()) == 0;
  MinisignSecretKey key;
  std::memcpy(key.keynum.data(), block, 8);
  std::memcpy(key.sk.data(), block + 8, 64);
  sodium_memzero(raw->data(), raw->size());
  if (!ok) return make_error(ErrorKind::input, origin + ": wrong password for this key (or the key file is damaged)");
  return key;
}

Result<MinisignPublicKey> minisign_load_public(std::string_view text, const std::string& origin) {
  auto lines = lines_of(text);
  std::string b64;
  if (lines.size() >= 2 && lines[0].rfind(k_comment_prefix, 0) == 0) b64 = lines[1];
  else if (lines.size() == 1) b64 = lines[0];
  std::vector<unsigned char> raw;
  if (b64.empty() || !from_base64(b64, k_public_size, raw))
    return make_error(ErrorKind::input, origin + " is not a minisign public key (a key file, or the base64 key "
                                                 "starting with RW)");
  if (std::memcmp(raw.data(), "Ed", 2) != 0)
    return make_error(ErrorKind::input, origin + ": unsupported signature algorithm (not Ed25519)");
  MinisignPublicKey key;
  std::memcpy(key.keynum.data(), raw.data() + 2, 8);
  std::memcpy(key.pk.data(), raw.data() + 10, 32);
  return key;
}

Result<std::string> minisign_sign(const MinisignSecretKey& key, std::string_view message,
                                  std::string_view trusted_comment) {
  if (auto st = ensure_sodium(); !st) return st.error();
  if (!printable_utf8(trusted_comment) || trusted_comment.size() + k_trusted_prefix.size() >= k_trusted_max)
    return make_error(ErrorKind::usage, "the signature's trusted comment must be one line of printable text under " +
                                            std::to_string(k_trusted_max - k_trusted_prefix.size()) + " bytes");
  unsigned char hash[crypto_generichash_BYTES_MAX];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(message.data()), message.size(), nullptr,
                     0);
  unsigned char sig[k_sig_size];
  std::memcpy(sig, "ED", 2);
  std::memcpy(sig + 2, key.keynum.data(), 8);
  crypto_sign_detached(sig + 10, nullptr, hash, sizeof hash, key.sk.data());
  std::string signed_part(reinterpret_cast<const char*>(sig + 10), 64);
  signed_part += trusted_comment;
  unsigned char global[crypto_sign_BYTES];
  crypto_sign_detached(global, nullptr, reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(),
                       key.sk.data());
  return std::string(k_comment_prefix) + "signature from motcua, key " + key.public_key().id() + "\n" +
         to_base64(sig, sizeof sig) + "\n" + std::string(k_trusted_prefix) + std::string(trusted_comment) + "\n" +
         to_base64(global, sizeof global) + "\n";
}

Result<std::string> minisign_verify(const MinisignPublicKey& key, std::string_view message, std::string_view sig_text,
                                    const std::string& origin) {
  if (auto st = ensure_sodium(); !st) return st.error();
  auto lines = lines_of(sig_text);
  std::vector<unsigned char> sig, global;
  if (lines.size() < 4 || lines[0].rfind(k_comment_prefix, 0) != 0 || !from_base64(lines[1], k_sig_size, sig) ||
      lines[2].rfind(k_trusted_prefix, 0) != 0 || !from_base64(lines[3], crypto_sign_BYTES, global))
    return make_error(ErrorKind::input, origin + " is not a minisign signature file");
  if (std::memcmp(sig.data(), "ED", 2) != 0)
    return make_error(ErrorKind::input, origin + ": not a prehashed (ED) minisign signature");
  std::string comment = lines[2].substr(k_trusted_prefix.size());
  if (!printable_utf8(comment))
    return make_error(ErrorKind::input, origin + ": the trusted comment holds unprintable characters");
  if (std::memcmp(sig.data() + 2, key.keynum.data(), 8) != 0) {
    MinisignPublicKey other;
    std::memcpy(other.keynum.data(), sig.data() + 2, 8);
    return make_error(ErrorKind::input,
                      origin + " was made with key " + other.id() + ", not with the given public key " + key.id());
  }
  unsigned char hash[crypto_generichash_BYTES_MAX];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(message.data()), message.size(), nullptr,
                     0);
  if (crypto_sign_verify_detached(sig.data() + 10, hash, sizeof hash, key.pk.data()) != 0)
    return make_error(ErrorKind::input, origin +
                                            ": the signature does not match the signed file (changed since signing, "
                                            "or signed by another key)");
  std::string signed_part(reinterpret_cast<const char*>(sig.data() + 10), 64);
  signed_part += comment;
  if (crypto_sign_verify_detached(global.data(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                                  signed_part.size(), key.pk.data()) != 0)
    return make_error(ErrorKind::input, origin + ": the trusted comment was changed after signing");
  return comment;
}

Result<std::string> read_password_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::input, "cannot read the password file " + path + ": " + std::strerror(errno));
  std::string line;
  std::getline(in, line);
  if (in.bad()) return make_error(ErrorKind::input, "cannot read the password file " + path);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

} // namespace motcua
