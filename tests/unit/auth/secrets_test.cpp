#include "itaku/auth/secrets.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "itaku/crypto/ed25519.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

using auth::SecretBox;

class SecretsKey : public ::testing::Test {
 protected:
  void SetUp() override { crypto::initialise(); }
  TempDir dir_;
};

TEST_F(SecretsKey, IsMadePrivatelyOnFirstUseAndTheSameKeyAfterwards) {
  auto first = SecretBox::load_or_create(dir_.path());
  ASSERT_TRUE(first.ok()) << first.error().describe();
  struct stat st {};
  ASSERT_EQ(::stat(SecretBox::key_path(dir_.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const auto sealed = first->seal(as_bytes("totp seed"));
  auto second = SecretBox::load_or_create(dir_.path());
  ASSERT_TRUE(second.ok()) << second.error().describe();
  auto opened = second->open(sealed);
  ASSERT_TRUE(opened.ok()) << "a second start made another key";
  EXPECT_EQ(as_chars(*opened), "totp seed");
}

TEST_F(SecretsKey, AKeyFileOthersCanReadIsRefused) {
  ASSERT_TRUE(SecretBox::load_or_create(dir_.path()).ok());
  ::chmod(SecretBox::key_path(dir_.path()).c_str(), 0640);
  auto box = SecretBox::load_or_create(dir_.path());
  ASSERT_FALSE(box.ok());
  EXPECT_EQ(box.error().kind, ErrorKind::Denied);
  EXPECT_EQ(box.error().code, "auth.key_permissions");
}

TEST_F(SecretsKey, AMalformedKeyFileIsAnIoErrorAndIsNotReplaced) {
  const auto file = SecretBox::key_path(dir_.path());
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "not a key\n";
  ::chmod(file.c_str(), 0600);
  auto box = SecretBox::load_or_create(dir_.path());
  ASSERT_FALSE(box.ok());
  EXPECT_EQ(box.error().code, "auth.key_io");
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "not a key");
}

}  // namespace
}  // namespace itaku::testing
