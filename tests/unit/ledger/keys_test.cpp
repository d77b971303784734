#include "itaku/ledger/keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "itaku/crypto/ed25519.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

class SigningKey : public ::testing::Test {
 protected:
  void SetUp() override { crypto::initialise(); }
  TempDir dir_;
};

TEST_F(SigningKey, IsCreatedPrivatelyAndLoadsAsTheSameKey) {
  auto created = ledger::create_signing_key(dir_.path(), "keys.test/ledger");
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const auto file = ledger::signing_key_path(dir_.path());
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(file.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto loaded = ledger::load_signing_key(dir_.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(loaded->to_string(), created->to_string());
}

TEST_F(SigningKey, AnExistingKeyIsNeverReplaced) {
  auto first = ledger::create_signing_key(dir_.path(), "keys.test/ledger");
  ASSERT_TRUE(first.ok()) << first.error().describe();
  auto second = ledger::create_signing_key(dir_.path(), "keys.test/ledger");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(second.error().code, "ledger.key_exists");
  EXPECT_EQ(ledger::load_signing_key(dir_.path())->to_string(), first->to_string());
}

TEST_F(SigningKey, LoadingRefusesAMissingKeyAndOneOthersCanRead) {
  EXPECT_EQ(ledger::load_signing_key(dir_.path()).error().code, "ledger.no_key");
  ASSERT_TRUE(ledger::create_signing_key(dir_.path(), "keys.test/ledger").ok());
  ::chmod(ledger::signing_key_path(dir_.path()).c_str(), 0644);
  auto loaded = ledger::load_signing_key(dir_.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().kind, ErrorKind::Denied);
  EXPECT_EQ(loaded.error().code, "ledger.key_permissions");
}

TEST_F(SigningKey, AFileTooLargeToBeAKeyIsAnIoError) {
  const auto file = ledger::signing_key_path(dir_.path());
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << std::string(100'000, 'x');
  ::chmod(file.c_str(), 0600);
  EXPECT_EQ(ledger::load_signing_key(dir_.path()).error().code, "ledger.key_io");
}

}  // namespace
}  // namespace itaku::testing
