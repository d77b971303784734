#pragma once
// Passwords: the length policy and Argon2id hashes (libsodium crypto_pwhash_str). The hash
// string carries its own salt and cost, so verification needs nothing else.

#include <cstddef>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"

namespace itaku::auth {

inline constexpr std::size_t kPasswordMinCharacters = 12;  // counted in Unicode code points
inline constexpr std::size_t kPasswordMaxBytes = 1024;

// The Argon2id cost. Production uses libsodium's INTERACTIVE limits; tests lower them.
struct PasswordCost {
  unsigned long long opslimit = 0;
  std::size_t memlimit = 0;
  static PasswordCost interactive();  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE
  static PasswordCost minimum();      // the smallest libsodium accepts: for tests only
};

// auth.password_too_short (fewer than 12 characters) or auth.password_too_long (over 1024 bytes).
Result<void> check_password_policy(std::string_view password);

// A new Argon2id hash ("$argon2id$v=19$m=…"); a fresh random salt each call.
Result<std::string> hash_password(std::string_view password, const PasswordCost& cost);

enum class PasswordCheck {
  Wrong,
  Correct,
  CorrectNeedsRehash,  // correct, but hashed with other limits than `cost`: store a new hash
};
PasswordCheck verify_password(std::string_view hash, std::string_view password, const PasswordCost& cost);

}  // namespace itaku::auth
