// A database put back from an older copy is refused (the latest checkpoint is kept outside
// it), a checkpoint follows the last write within the interval, and an online copy of a
// database under write load holds every acknowledged entry.

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "itaku/ledger/checkpoint_file.hpp"
#include "itaku/ledger/tiles.hpp"
#include "itaku/ledger/verify.hpp"
#include "ledger_fixture.hpp"

namespace itaku::testing {
namespace {

class RollbackTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    std::filesystem::create_directories(dir_.path() / "city");
    files_ = {dir_.path() / "checkpoint.latest", dir_.path() / "city" / "checkpoint.copy"};
  }

  std::unique_ptr<ledger::Ledger> open_with_files(ledger::LedgerOptions options = {}) {
    options.checkpoint_files = files_;
    return open(options);
  }

  Result<std::unique_ptr<ledger::Ledger>> try_open() {
    return ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_,
                                {.checkpoint_files = files_});
  }

  std::vector<ledger::SeenCheckpoint> seen() {
    auto read =
        ledger::read_checkpoint_files(files_, ledger::load_signing_key(dir_.path())->verifier(), "test.itaku/ledger");
    EXPECT_TRUE(read.ok()) << read.error().describe();
    return read.ok() ? read.release_value() : std::vector<ledger::SeenCheckpoint>{};
  }

  // Puts the database back as an older copy of it would be: the last entries, the checkpoints
  // covering them and the tiles' hashes of them gone, the rest intact and consistent.
  void roll_back_to(std::int64_t size) {
    sql("DELETE FROM ledger_entries WHERE seq >= ?", {size});
    sql("DELETE FROM ledger_checkpoints WHERE tree_size > ?", {size});
    auto tx = database_->begin(storage::TransactionMode::Write).release_value();
    ASSERT_TRUE(ledger::truncate_tiles(*tx, static_cast<std::uint64_t>(size)).ok());
    ASSERT_TRUE(tx->commit().ok());
  }

  std::vector<std::filesystem::path> files_;
};

TEST_P(RollbackTest, TheLatestCheckpointIsWrittenToEveryFileAtomicallyAndPrivately) {
  {
    auto ledger = open_with_files();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(ledger->append(event({{"n", i}})).ok());
  }
  const auto checkpoints = seen();
  ASSERT_EQ(checkpoints.size(), 2u);
  for (const auto& checkpoint : checkpoints) {
    EXPECT_EQ(checkpoint.checkpoint.size, 6u) << checkpoint.file;
    struct stat st {};
    ASSERT_EQ(::stat(checkpoint.file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << checkpoint.file;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST_P(RollbackTest, AnOlderDatabaseIsRefusedAtOpenAndByVerifyNamingBothSizes) {
  {
    auto ledger = open_with_files();
    for (int i = 0; i < 9; ++i) ASSERT_TRUE(ledger->append(event({{"n", i}})).ok());
  }
  roll_back_to(4);
  // On its own terms the older ledger is perfectly valid: only the saved checkpoint tells.
  ASSERT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());

  auto opened = try_open();
  ASSERT_FALSE(opened.ok()) << "a rolled-back database was opened";
  EXPECT_EQ(opened.error().code, "ledger.rollback");
  EXPECT_EQ(opened.error().kind, ErrorKind::Tampered);
  EXPECT_EQ(opened.error().context.at("database_size"), "4");
  EXPECT_EQ(opened.error().context.at("checkpoint_size"), "10");

  const auto checkpoints = seen();
  auto verified = ledger::verify_database(*database_, verifier_key(), {}, checkpoints);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "ledger.rollback");

  // The city's copy alone is enough: deleting the local file does not hide the rollback.
  std::filesystem::remove(files_[0]);
  opened = try_open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.rollback");
  EXPECT_EQ(opened.error().context.at("file"), files_[1].string());
  // Refused means nothing was written: no index after 3 is taken again.
  auto tx = database_->begin(storage::TransactionMode::Read).release_value();
  EXPECT_EQ(tx->query_int("SELECT MAX(seq) FROM ledger_entries")->value_or(-1), 3);
}

TEST_P(RollbackTest, AnOlderDatabaseWrittenPastTheCheckpointAgainIsRefusedAsDiverged) {
  {
    auto ledger = open_with_files();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(ledger->append(event({{"n", i}})).ok());
  }
  roll_back_to(3);
  {
    // Opened without the files (as a copy elsewhere would be), new entries reuse indices 3…
    auto ledger = open();
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(ledger->append(event({{"other", i}})).ok());
  }
  auto opened = try_open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.diverged");
  EXPECT_EQ(opened.error().context.at("checkpoint_size"), "6");
  auto verified = ledger::verify_database(*database_, verifier_key(), {}, seen());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "ledger.diverged");
}

TEST_P(RollbackTest, ACheckpointFileOfAnotherLedgerIsRefused) {
  auto other = tlog::NoteSigner::generate("test.itaku/ledger");
  auto note = tlog::sign_checkpoint({"test.itaku/ledger", 1, tlog::Hash{}, {}}, other);
  ASSERT_TRUE(note.ok());
  ASSERT_TRUE(ledger::write_checkpoint_file(files_[1], *note).ok());
  auto opened = try_open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.checkpoint_file_invalid");
}

TEST_P(RollbackTest, ABurstFollowedBySilenceIsSignedWithinTheInterval) {
  auto ledger = open_with_files({.checkpoint_interval = std::chrono::milliseconds(200)});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(ledger->append(event({{"n", i}})).ok());
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.size, 1u);  // not due yet: the clock stands still
  clock_.advance(std::chrono::milliseconds(200));
  // No further append: the writer signs on its own once the interval has passed.
  for (int waited = 0; waited < 300 && ledger->latest_checkpoint()->checkpoint.size < 21; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.size, 21u);
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->unsigned_tail, 0u);
  const auto checkpoints = seen();
  ASSERT_FALSE(checkpoints.empty());
  EXPECT_EQ(checkpoints.front().checkpoint.size, 21u);
}

TEST_P(RollbackTest, AnOnlineCopyUnderWriteLoadHoldsEveryAcknowledgedEntryAndVerifies) {
  const auto copy = dir_.path() / "backup.db";
  auto ledger = open({.checkpoint_interval = std::chrono::milliseconds(0)});
  if (GetParam() == storage::Backend::Postgres) {
    auto refused = database_->copy_to(copy);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "storage.backup_use_pg_dump");
    return;
  }
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i)
      if (ledger->append(event({{"n", i}})).ok()) ++appended;
  });
  while (appended < 200) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto acknowledged = ledger->size();
  auto copied = database_->copy_to(copy);
  stop = true;
  writer.join();
  ASSERT_TRUE(copied.ok()) << copied.error().describe();
  EXPECT_EQ(database_->copy_to(copy).error().code, "storage.backup_exists");

  auto backup = storage::open_database("sqlite:" + copy.string()).release_value();
  auto report = ledger::verify_database(*backup, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_GE(report->entries, acknowledged);
  EXPECT_LE(report->entries, ledger->size());
  // The copy's tree is a prefix of the live one.
  EXPECT_EQ(report->root, ledger->root_at(report->entries).value());
}

INSTANTIATE_TEST_SUITE_P(Backends, RollbackTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
