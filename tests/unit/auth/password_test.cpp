#include "itaku/auth/password.hpp"

#include <gtest/gtest.h>

#include "itaku/crypto/ed25519.hpp"

namespace itaku::testing {
namespace {

using namespace auth;

class Password : public ::testing::Test {
 protected:
  void SetUp() override { crypto::initialise(); }
  const PasswordCost cost_ = PasswordCost::minimum();
};

TEST_F(Password, HashesAreArgon2idAndDifferEachTimeYetBothVerify) {
  const auto a = hash_password("correct horse battery", cost_);
  const auto b = hash_password("correct horse battery", cost_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->starts_with("$argon2id$")) << *a;
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_EQ(verify_password(*a, "correct horse battery", cost_), PasswordCheck::Correct);
  EXPECT_EQ(verify_password(*b, "correct horse battery", cost_), PasswordCheck::Correct);
}

TEST_F(Password, AWrongPasswordOrAGarbledHashIsRefused) {
  const auto hash = hash_password("correct horse battery", cost_).release_value();
  EXPECT_EQ(verify_password(hash, "correct horse batterY", cost_), PasswordCheck::Wrong);
  EXPECT_EQ(verify_password(hash, "", cost_), PasswordCheck::Wrong);
  EXPECT_EQ(verify_password("", "correct horse battery", cost_), PasswordCheck::Wrong);
  EXPECT_EQ(verify_password("$argon2id$nonsense", "correct horse battery", cost_), PasswordCheck::Wrong);
}

TEST_F(Password, ShortAndOverlongPasswordsAreRefusedWithStableCodes) {
  auto short_one = hash_password("elevenchars", cost_);
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().code, "auth.password_too_short");
  EXPECT_FALSE(short_one.error().message_ja.empty());
  EXPECT_TRUE(check_password_policy("twelve chars").ok());
  // Characters, not bytes: six kanji are 18 bytes but still too short; twelve are enough.
  EXPECT_EQ(check_password_policy("情報安全対策").error().code, "auth.password_too_short");
  EXPECT_TRUE(check_password_policy("情報セキュリティ特記事項").ok());
  EXPECT_EQ(check_password_policy(std::string(1025, 'x')).error().code, "auth.password_too_long");
  EXPECT_TRUE(check_password_policy(std::string(1024, 'x')).ok());
}

TEST_F(Password, AHashMadeWithOtherLimitsAsksToBeRehashed) {
  const auto hash = hash_password("correct horse battery", cost_).release_value();
  const PasswordCost stronger{cost_.opslimit + 1, cost_.memlimit};
  EXPECT_EQ(verify_password(hash, "correct horse battery", stronger), PasswordCheck::CorrectNeedsRehash);
}

}  // namespace
}  // namespace itaku::testing
