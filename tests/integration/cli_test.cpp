// The itaku command as a user runs it: exit codes, what it prints, and what it leaves on disk.

#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/storage/database.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr together
};

Run itaku(const std::string& args) {
  const std::string command = std::string(ITAKU_BINARY) + " " + args + " 2>&1";
  Run run{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  while (auto got = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), got);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = "--data-dir " + dir_.path().string();
    auto init = itaku(data_ + " init --origin cli.test/ledger");
    ASSERT_EQ(init.exit_code, 0) << init.output;
    ASSERT_NE(init.output.find("cli.test/ledger+"), std::string::npos) << init.output;
  }
  TempDir dir_;
  std::string data_;
};

TEST_F(CliTest, InitCreatesAPrivateKeyAndIsIdempotent) {
  struct stat st {};
  ASSERT_EQ(stat((dir_.path() / "keys" / "ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = itaku(data_ + " init");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("already initialised"), std::string::npos);
}

TEST_F(CliTest, VerifyAcceptsAFreshLedgerAndPrintsItsKey) {
  auto key = itaku(data_ + " ledger key");
  ASSERT_EQ(key.exit_code, 0);
  auto verify = itaku(data_ + " ledger verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("verified OK"), std::string::npos);
  EXPECT_NE(verify.output.find(key.output.substr(0, key.output.size() - 1)), std::string::npos);
}

TEST_F(CliTest, VerifyExitsWithEightAndNamesTheEditedEntry) {
  {
    auto database = storage::open_database("sqlite:" + (dir_.path() / "itaku.db").string()).release_value();
    auto tx = database->begin(storage::TransactionMode::Write).release_value();
    ASSERT_TRUE(
        tx->execute("UPDATE ledger_entries SET entry = CAST('{\"event\":{},\"seq\":0}' AS BLOB) WHERE seq = 0").ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto verify = itaku(data_ + " ledger verify");
  EXPECT_EQ(verify.exit_code, 8) << verify.output;
  EXPECT_NE(verify.output.find("index=0"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("改ざんを検出しました"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("first bad index: 0"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("ledger.entry_edited"), std::string::npos) << verify.output;
}

TEST_F(CliTest, AnExportedBundleVerifiesWithoutTheDatabase) {
  const auto bundle = (dir_.path() / "export.bundle").string();
  auto exported = itaku(data_ + " ledger export " + bundle);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  auto key = itaku(data_ + " ledger key").output;
  key.pop_back();
  std::filesystem::remove(dir_.path() / "itaku.db");
  auto verify = itaku("--data-dir /nonexistent ledger verify --bundle " + bundle + " --key " + key);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  auto wrong = itaku("ledger verify --bundle " + bundle + " --key other+01020304+AQID");
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
}

TEST_F(CliTest, ProofsPrintDocumentedJsonThatVerifies) {
  auto proof = itaku(data_ + " ledger proof inclusion 0");
  ASSERT_EQ(proof.exit_code, 0) << proof.output;
  auto doc = nlohmann::json::parse(proof.output);
  EXPECT_EQ(doc["type"], "inclusion");
  EXPECT_EQ(doc["leaf_index"], 0);
  const auto file = dir_.path() / "proof.json";
  std::ofstream(file) << proof.output;
  auto verified = itaku(data_ + " ledger proof verify " + file.string());
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  auto consistency = itaku(data_ + " ledger proof consistency 1 1");
  EXPECT_EQ(consistency.exit_code, 0) << consistency.output;
  auto beyond = itaku(data_ + " ledger proof inclusion 5");
  EXPECT_EQ(beyond.exit_code, 4) << beyond.output;
}

TEST_F(CliTest, UsageErrorsExitWithTwoAndHelpDocumentsExitCodes) {
  EXPECT_EQ(itaku("ledger frobnicate").exit_code, 2);
  EXPECT_EQ(itaku(data_ + " ledger proof inclusion notanumber").exit_code, 2);
  auto help = itaku("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("8  verification failed"), std::string::npos) << help.output;
}

TEST_F(CliTest, CommandsOnAMissingInstanceSayWhatToDo) {
  auto verify = itaku("--data-dir " + (dir_.path() / "nothing").string() + " ledger proof inclusion 0");
  EXPECT_EQ(verify.exit_code, 4) << verify.output;
  EXPECT_NE(verify.output.find("itaku init"), std::string::npos) << verify.output;
}

}  // namespace
}  // namespace itaku::testing
