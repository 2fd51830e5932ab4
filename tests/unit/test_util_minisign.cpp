#include <doctest/doctest.h>

#include <string>

#include "util/minisign.hpp"

using namespace motcua;

namespace {

// Made by `minisign -G -W` (0.11, unencrypted) and `minisign -S -t 'fixed comment'` over "motcua\n".
const std::string k_secret =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAoyalYx49pm4RG+6i10xOYe"
    "XZ3piaeiqDGWP7Me43EZv1EzkVVXjI6fcwHEGPNEv/PyDFsUghK9hSIS5fTe772THb5G4yXDDxAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAA=\n";
const std::string k_public = "untrusted comment: minisign public key 6EA63D1E63A526A3\n"
                             "RWSjJqVjHj2mbvcwHEGPNEv/PyDFsUghK9hSIS5fTe772THb5G4yXDDx\n";
const std::string k_sig_line =
    "RUSjJqVjHj2mbijQDVfa5co3STwMuSQUeIPoN4W5/7mwbRRkMxeRWDvQbHIrCnAPQFOjjOKsx5QOar4Y94gz0I+2VC9Je9Oh"
    "TAk=";
const std::string k_global_line =
    "1tU9vzPyE117TTruVuRqmbB+uGZ/rf9wMCPmxy1TfgYfhTWGwbA0+IpjJymb90oeOWjj4z4GZjQonjiUAsDEAg==";
const std::string k_minisign_sig = "untrusted comment: signature from minisign secret key\n" + k_sig_line +
                                   "\ntrusted comment: fixed comment\n" + k_global_line + "\n";

} // namespace

TEST_CASE("a key and signature made by minisign load, verify and are reproduced byte for byte") {
  auto pub = minisign_load_public(k_public, "k.pub");
  REQUIRE(pub);
  CHECK(pub->id() == "6EA63D1E63A526A3");
  CHECK(pub->file_text() == k_public);
  auto bare = minisign_load_public("RWSjJqVjHj2mbvcwHEGPNEv/PyDFsUghK9hSIS5fTe772THb5G4yXDDx", "--pubkey");
  REQUIRE(bare);
  CHECK(bare->pk == pub->pk);
  auto comment = minisign_verify(*pub, "motcua\n", k_minisign_sig, "msg.minisig");
  REQUIRE(comment);
  CHECK(*comment == "fixed comment");

  auto enc = minisign_secret_is_encrypted(k_secret, "k.key");
  REQUIRE(enc);
  CHECK_FALSE(*enc);
  auto sk = minisign_load_secret(k_secret, "", "k.key");
  REQUIRE(sk);
  CHECK(sk->public_key().file_text() == k_public);
  auto ours = minisign_sign(*sk, "motcua\n", "fixed comment");
  REQUIRE(ours);
  // Ed25519 is deterministic: the same two signature lines as minisign's.
  CHECK(ours->find("\n" + k_sig_line + "\n") != std::string::npos);
  CHECK(ours->find("\ntrusted comment: fixed comment\n" + k_global_line + "\n") != std::string::npos);
}

TEST_CASE("a one-byte change to the message, the comment or the signature fails verification") {
  auto pub = minisign_load_public(k_public, "k.pub");
  REQUIRE(pub);
  auto changed = minisign_verify(*pub, "motcua!\n", k_minisign_sig, "sig");
  REQUIRE_FALSE(changed);
  CHECK(changed.error().kind == ErrorKind::input);
  CHECK(changed.error().message.find("does not match the signed file") != std::string::npos);
  std::string comment = k_minisign_sig;
  comment.replace(comment.find("fixed"), 5, "fixeD");
  auto c = minisign_verify(*pub, "motcua\n", comment, "sig");
  REQUIRE_FALSE(c);
  CHECK(c.error().message.find("trusted comment was changed") != std::string::npos);
  std::string sig = k_minisign_sig;
  sig[sig.find("RUS") + 20] ^= 1; // inside the Ed25519 signature's base64
  CHECK_FALSE(minisign_verify(*pub, "motcua\n", sig, "sig"));
  CHECK_FALSE(minisign_verify(*pub, "motcua\n", "untrusted comment: x\nnot base64\n", "sig"));
}

TEST_CASE("generated keys: encrypted with the password, wrong password refused, other key refused") {
  auto files = minisign_generate("correct horse", ScryptLimits::minimum());
  REQUIRE(files);
  CHECK(files->secret_text.rfind("untrusted comment: minisign encrypted secret key\nRWRTY0I", 0) == 0);
  auto enc = minisign_secret_is_encrypted(files->secret_text, "KEY");
  REQUIRE(enc);
  CHECK(*enc);
  auto wrong = minisign_load_secret(files->secret_text, "wrong", "KEY");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message.find("wrong password") != std::string::npos);
  auto sk = minisign_load_secret(files->secret_text, "correct horse", "KEY");
  REQUIRE(sk);
  CHECK(sk->public_key().file_text() == files->public_text);
  auto sig = minisign_sign(*sk, "data", "organisation:Sở Nội vụ\tas_of:2018-12-31T23:59:59+07:00");
  REQUIRE(sig);
  auto pub = minisign_load_public(files->public_text, "KEY.pub");
  REQUIRE(pub);
  auto comment = minisign_verify(*pub, "data", *sig, "sig");
  REQUIRE(comment);
  CHECK(*comment == "organisation:Sở Nội vụ\tas_of:2018-12-31T23:59:59+07:00");
  auto other = minisign_load_public(k_public, "k.pub");
  REQUIRE(other);
  auto mismatch = minisign_verify(*other, "data", *sig, "sig");
  REQUIRE_FALSE(mismatch);
  CHECK(mismatch.error().message.find("not with the given public key 6EA63D1E63A526A3") != std::string::npos);
  CHECK_FALSE(minisign_sign(*sk, "data", "two\nlines"));
  CHECK_FALSE(minisign_sign(*sk, "data", "bell\a"));
}
