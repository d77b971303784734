#pragma once
// Ed25519 signing keys (libsodium).

#include <array>
#include <cstdint>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"

namespace itaku::crypto {

using PublicKey = std::array<std::uint8_t, 32>;
using Seed = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

class SigningKey {
 public:
  static SigningKey generate();
  static SigningKey from_seed(const Seed& seed);
  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();

  const PublicKey& public_key() const { return public_; }
  const Seed& seed() const { return seed_; }
  Signature sign(ByteView message) const;

 private:
  SigningKey() = default;
  Seed seed_{};
  PublicKey public_{};
  std::array<std::uint8_t, 64> secret_{};
};

bool verify(const PublicKey& key, ByteView message, ByteView signature);

// Must be called once before any other function here (idempotent, thread-safe).
void initialise();

}  // namespace itaku::crypto
