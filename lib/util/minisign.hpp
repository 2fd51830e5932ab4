#pragma once
// Ed25519 keys and signatures in minisign's file formats (libsodium does the cryptography), so a
// signed snapshot verifies with `minisign -Vm` and a key made by `minisign -G` signs through motcua.
// Signatures are the prehashed kind ("ED": Ed25519 over the BLAKE2b-512 of the message) with a
// trusted comment signed together with the signature.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace motcua {

// The public half: the 8-byte key number that ties signatures to it, and the Ed25519 key.
struct MinisignPublicKey {
  std::array<unsigned char, 8> keynum{};
  std::array<unsigned char, 32> pk{};
  // The key ID as minisign prints it: the key number as a little-endian integer, 16 hex digits.
  std::string id() const;
  // The public key file: "untrusted comment: minisign public key ID" and the base64 line.
  std::string file_text() const;
};

// A decrypted secret key; its bytes are wiped when it goes away.
class MinisignSecretKey {
public:
  MinisignSecretKey() = default;
  MinisignSecretKey(const MinisignSecretKey&) = default;
  MinisignSecretKey& operator=(const MinisignSecretKey&) = default;
  ~MinisignSecretKey();
  std::array<unsigned char, 8> keynum{};
  std::array<unsigned char, 64> sk{}; // libsodium's layout: seed then public key
  MinisignPublicKey public_key() const;
};

// The scrypt work factors stored in an encrypted secret key. minisign uses libsodium's
// "sensitive" limits (1 GiB); tests may ask for the minimum to stay fast.
struct ScryptLimits {
  std::uint64_t opslimit;
  std::uint64_t memlimit;
  static ScryptLimits sensitive();
  static ScryptLimits minimum();
};

// A new key pair: the secret key file (encrypted with the password) and the public key file.
struct MinisignKeyFiles {
  std::string secret_text;
  std::string public_text;
  MinisignPublicKey public_key;
};
Result<MinisignKeyFiles> minisign_generate(std::string_view password, ScryptLimits limits = ScryptLimits::sensitive());

// Whether a secret key file's key is encrypted (then a password is needed to load it).
// `origin` names the file in messages.
Result<bool> minisign_secret_is_encrypted(std::string_view text, const std::string& origin);
// Loads a secret key file, decrypting it with the password when it is encrypted; a wrong
// password is an input error naming the file.
Result<MinisignSecretKey> minisign_load_secret(std::string_view text, std::string_view password,
                                               const std::string& origin);
// Loads a public key from a public key file's text or from the bare base64 key ("RW...").
Result<MinisignPublicKey> minisign_load_public(std::string_view text, const std::string& origin);

// The signature file of `message` (prehashed), with a one-line trusted comment (no CR or LF,
// valid printable UTF-8). Ed25519 is deterministic: same key, message and comment, same bytes.
Result<std::string> minisign_sign(const MinisignSecretKey& key, std::string_view message,
                                  std::string_view trusted_comment);

// Checks a signature file against the message and the public key; returns the trusted comment.
// Every failure is an input error saying what failed (format, key ID, signature, comment).
Result<std::string> minisign_verify(const MinisignPublicKey& key, std::string_view message, std::string_view sig_text,
                                    const std::string& origin);

// The password of a --password-file: its first line without the line end (as minisign reads a
// password from standard input). An unreadable file is an input error.
Result<std::string> read_password_file(const std::string& path);

} // namespace motcua
