#include "itaku/auth/password.hpp"

#include <sodium.h>

namespace itaku::auth {

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<void> check_password_policy(std::string_view password) {
  if (password.size() > kPasswordMaxBytes)
    return make_error(ErrorKind::Invalid, "auth.password_too_long", "パスワードが長すぎます（1024バイトまで）",
                      "the password is too long (at most 1024 bytes)");
  std::size_t characters = 0;
  for (const char c : password)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // not a UTF-8 continuation byte
  if (characters < kPasswordMinCharacters)
    return make_error(ErrorKind::Invalid, "auth.password_too_short", "パスワードは12文字以上にしてください",
                      "the password must have at least 12 characters");
  return ok();
}

Result<std::string> hash_password(std::string_view password, const PasswordCost& cost) {
  TRY(check_password_policy(password));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.opslimit, cost.memlimit) != 0)
    return make_error(ErrorKind::Internal, "auth.hash_failed", "パスワードのハッシュを計算できません（メモリ不足）",
                      "cannot hash the password (out of memory)");
  return std::string(out);
}

PasswordCheck verify_password(std::string_view hash, std::string_view password, const PasswordCost& cost) {
  // crypto_pwhash_str_verify wants a NUL-terminated string no longer than STRBYTES.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || password.size() > kPasswordMaxBytes)
    return PasswordCheck::Wrong;
  const std::string stored(hash);
  if (crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) != 0) return PasswordCheck::Wrong;
  return crypto_pwhash_str_needs_rehash(stored.c_str(), cost.opslimit, cost.memlimit) == 0
             ? PasswordCheck::Correct
             : PasswordCheck::CorrectNeedsRehash;
}

}  // namespace itaku::auth
