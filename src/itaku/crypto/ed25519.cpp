#include "itaku/crypto/ed25519.hpp"

#include <sodium.h>

#include "itaku/core/assert.hpp"

namespace itaku::crypto {

void initialise() { ITAKU_CHECK(sodium_init() >= 0); }

SigningKey SigningKey::generate() {
  initialise();
  Seed seed;
  randombytes_buf(seed.data(), seed.size());
  auto key = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

SigningKey SigningKey::from_seed(const Seed& seed) {
  initialise();
  SigningKey key;
  key.seed_ = seed;
  ITAKU_CHECK(crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), seed.data()) == 0);
  return key;
}

SigningKey::~SigningKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

Signature SigningKey::sign(ByteView message) const {
  Signature sig;
  ITAKU_CHECK(crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data()) == 0);
  return sig;
}

bool verify(const PublicKey& key, ByteView message, ByteView signature) {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key.data()) == 0;
}

}  // namespace itaku::crypto
