#pragma once
// Random secrets (session cookies, CSRF tokens, API tokens), their stored hashes, and the
// instance's secret-box key that encrypts TOTP seeds at rest: `<data_dir>/keys/secrets.key`,
// mode 0600, made on first use.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"

namespace itaku::auth {

// `bytes` random bytes (libsodium randombytes_buf) as base64url without padding.
std::string random_token(std::size_t bytes);
// `bytes` random bytes as lowercase hex (ids).
std::string random_hex(std::size_t bytes);
// Whether two presented secrets are equal, in time that depends only on their lengths
// (sodium_memcmp), so that an attacker cannot find a CSRF token byte by byte.
bool secrets_equal(std::string_view a, std::string_view b);
// Lowercase hex SHA-256: what is stored of a cookie or an API token.
std::string sha256_hex(std::string_view secret);

// XSalsa20-Poly1305 (crypto_secretbox_easy) under the instance's key.
class SecretBox {
 public:
  static std::filesystem::path key_path(const std::filesystem::path& data_dir);
  // Loads the key, creating it (0600, atomically) if there is none; refuses a key file that
  // others can read.
  static Result<SecretBox> load_or_create(const std::filesystem::path& data_dir);
  // A key as the key file holds it (hex, one line); auth.key_io naming `file` when it is not one.
  static Result<SecretBox> parse(std::string text, const std::filesystem::path& file);

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

  // base64(nonce ‖ ciphertext), a fresh random nonce each call.
  std::string seal(ByteView plaintext) const;
  // auth.secret_unreadable when the text was not sealed under this key or was altered.
  Result<Bytes> open(std::string_view sealed) const;

 private:
  SecretBox() = default;
  std::array<std::uint8_t, 32> key_{};
};

}  // namespace itaku::auth
