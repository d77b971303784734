#include "itaku/ledger/ledger.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "itaku/crypto/base64.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/ledger/verify.hpp"
#include "ledger_fixture.hpp"

namespace itaku::testing {
namespace {

using ledger::Ledger;

TEST_P(LedgerTest, InitialisationWritesASignedGenesisEntry) {
  auto ledger = open();
  EXPECT_EQ(ledger->size(), 1u);
  auto latest = ledger->latest_checkpoint();
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->checkpoint.size, 1u);
  EXPECT_EQ(latest->checkpoint.origin, "test.itaku/ledger");
  auto genesis = nlohmann::json::parse(ledger->entry(0).value());
  EXPECT_EQ(genesis["seq"], 0);
  EXPECT_EQ(genesis["event"]["type"], "ledger.initialised");
  EXPECT_EQ(genesis["event"]["verifier_key"], verifier_key());
}

TEST_P(LedgerTest, InitialisingTwiceIsRefused) {
  auto signer = ledger::load_signing_key(dir_.path()).release_value();
  auto again = ledger::initialise_ledger(*database_, signer, clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ledger.already_initialised");
}

TEST_P(LedgerTest, AppendsGetConsecutiveIndicesThatSurviveReopening) {
  {
    auto ledger = open();
    for (int i = 0; i < 10; ++i) EXPECT_EQ(ledger->append(event({{"n", i}})).value(), 1u + i);
  }
  auto ledger = open();
  EXPECT_EQ(ledger->size(), 11u);
  EXPECT_EQ(ledger->append(event({{"n", 10}})).value(), 11u);
  EXPECT_EQ(nlohmann::json::parse(ledger->entry(5).value())["event"]["n"], 4);
}

TEST_P(LedgerTest, StoredEntryIsTheEventWrappedWithItsIndex) {
  auto ledger = open();
  const auto index = ledger->append(event({{"type", "roster.changed"}, {"版", 2}})).value();
  EXPECT_EQ(ledger->entry(index).value(), "{\"event\":{\"type\":\"roster.changed\",\"版\":2},\"seq\":1}");
}

TEST_P(LedgerTest, AppendAllIsAtomicWithConsecutiveIndices) {
  auto ledger = open();
  std::vector<CanonicalJson> events;
  for (int i = 0; i < 5; ++i) events.push_back(event({{"n", i}}));
  EXPECT_EQ(ledger->append_all(events).value(), 1u);
  EXPECT_EQ(ledger->size(), 6u);
  EXPECT_FALSE(ledger->append_all({}).ok());
}

TEST_P(LedgerTest, ConcurrentAppendersAreBatchedAndEachGetsItsOwnIndex) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 100;
  std::vector<std::vector<std::uint64_t>> indices(kThreads);
  {
    auto ledger = open();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) indices[t].push_back(ledger->append(event({{"t", t}, {"i", i}})).value());
      });
    for (auto& thread : threads) thread.join();
    // Group commit: fewer transactions than appends.
    EXPECT_LT(ledger->stats().batches, static_cast<std::uint64_t>(kThreads * kPerThread));
    // Each index holds exactly the event its appender was told.
    for (int t = 0; t < kThreads; ++t)
      for (int i = 0; i < kPerThread; i += 17) {
        auto stored = nlohmann::json::parse(ledger->entry(indices[t][i]).value());
        EXPECT_EQ(stored["event"]["t"], t);
        EXPECT_EQ(stored["event"]["i"], i);
      }
  }
  std::set<std::uint64_t> all;
  for (const auto& list : indices) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), static_cast<std::uint64_t>(kThreads * kPerThread));
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->entries, 1u + kThreads * kPerThread);
  EXPECT_EQ(report->unsigned_tail, 0u);
}

TEST_P(LedgerTest, ClosingSignsACheckpointCoveringEveryEntry) {
  append_events(7);
  auto ledger = open();
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.size, 8u);
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.root, ledger->root_at(8).value());
}

TEST_P(LedgerTest, CheckpointsFollowTheConfiguredInterval) {
  auto ledger = open({.checkpoint_interval = std::chrono::milliseconds(1000)});
  ASSERT_TRUE(ledger->append(event({{"n", 1}})).ok());
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.size, 1u);  // not yet due
  clock_.advance(std::chrono::seconds(2));
  ASSERT_TRUE(ledger->append(event({{"n", 2}})).ok());
  EXPECT_EQ(ledger->latest_checkpoint()->checkpoint.size, 3u);
}

TEST_P(LedgerTest, OpeningWithAnotherKeyIsRefused) {
  auto other = tlog::NoteSigner::generate("test.itaku/ledger");
  auto opened = Ledger::open(*database_, other, clock_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.key_mismatch");
}

TEST_P(LedgerTest, InclusionProofDocumentVerifiesOfflineAndDetectsAnAlteredEntry) {
  append_events(20);
  auto ledger = open();
  for (std::uint64_t index : {0u, 1u, 13u, 20u}) {
    auto proof = ledger::inclusion_proof_json(*ledger, index).value();
    EXPECT_EQ(proof["tree_size"], 21);
    auto checked = ledger::verify_proof_json(proof, verifier_key());
    EXPECT_TRUE(checked.ok()) << checked.error().describe();
    auto altered = proof;
    std::string entry = proof["entry"];
    entry[1] = 'E';  // {"event":… → {Eevent":…
    altered["entry"] = entry;
    EXPECT_EQ(ledger::verify_proof_json(altered, verifier_key()).error().code, "proof.entry_mismatch");
  }
  auto other_key = tlog::NoteSigner::generate("test.itaku/ledger").verifier().to_string();
  EXPECT_FALSE(ledger::verify_proof_json(ledger::inclusion_proof_json(*ledger, 3).value(), other_key).ok());
}

TEST_P(LedgerTest, InclusionProofOfAnUncoveredEntrySignsACheckpointFirst) {
  auto ledger = open();
  const auto index = ledger->append(event({{"n", 1}})).value();
  auto proof = ledger::inclusion_proof_json(*ledger, index).value();
  EXPECT_EQ(proof["tree_size"], 2);
  EXPECT_TRUE(ledger::verify_proof_json(proof, verifier_key()).ok());
}

TEST_P(LedgerTest, ConsistencyProofDocumentVerifiesBetweenCheckpoints) {
  append_events(5);   // checkpoint at 6
  append_events(10);  // checkpoint at 16
  auto ledger = open();
  auto proof = ledger::consistency_proof_json(*ledger, 6, 16).value();
  EXPECT_TRUE(proof.contains("old_checkpoint"));
  EXPECT_TRUE(proof.contains("new_checkpoint"));
  EXPECT_TRUE(ledger::verify_proof_json(proof, verifier_key()).ok());
  auto swapped = proof;
  std::swap(swapped["old_root"], swapped["new_root"]);
  EXPECT_FALSE(ledger::verify_proof_json(swapped, verifier_key()).ok());
  EXPECT_FALSE(ledger::consistency_proof_json(*ledger, 7, 3).ok());
  EXPECT_FALSE(ledger::consistency_proof_json(*ledger, 3, 99).ok());
}

// A projection that writes `note` into the test's table at the first index, or fails.
Ledger::ApplyInTransaction project_note(std::string note, bool fail) {
  return [note = std::move(note), fail](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
    if (fail) return make_error(ErrorKind::Invalid, "test.projection_failed", "投影に失敗", "projection failed");
    const storage::Param params[] = {static_cast<std::int64_t>(first), storage::Text{note}};
    return tx.execute("INSERT INTO projected (seq, note) VALUES (?, ?)", params);
  };
}

TEST_P(LedgerTest, ProjectionsAreWrittenInTheAppendsTransactionAndAFailingOneFailsAlone) {
  sql("CREATE TABLE projected (seq BIGINT PRIMARY KEY, note TEXT NOT NULL)");
  auto ledger = open({.group_commit_wait = std::chrono::milliseconds(20)});
  // Three appends in flight together, so they share a batch; the middle one's projection fails.
  std::vector<Result<std::uint64_t>> results(3, Result<std::uint64_t>(0));
  std::vector<std::thread> threads;
  const char* notes[] = {"a", "fail", "c"};
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&, i] {
      const auto e = event({{"n", i}});
      results[i] = ledger->append_all(std::span(&e, 1), project_note(notes[i], std::string_view(notes[i]) == "fail"));
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, "test.projection_failed");
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(ledger->size(), 3u);
  auto tx = database_->begin(storage::TransactionMode::Read).release_value();
  EXPECT_EQ(tx->query_int("SELECT COUNT(*) FROM projected")->value_or(0), 2);
  const storage::Param a[] = {static_cast<std::int64_t>(*results[0])};
  EXPECT_EQ(tx->query_int("SELECT COUNT(*) FROM projected WHERE seq = ? AND note = 'a'", a)->value_or(0), 1);
  tx.reset();
  ledger.reset();
  EXPECT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
}

// The writer opens a batch's transaction at its first request and writes each later one as
// it arrives, until the batch is as large as the previous one. Requests trickling in one at
// a time within the wait share that transaction, and a failing projection among them fails
// alone.
TEST_P(LedgerTest, AppendsArrivingWhileABatchFillsShareItAndAFailingProjectionFailsAlone) {
  sql("CREATE TABLE projected (seq BIGINT PRIMARY KEY, note TEXT NOT NULL)");
  auto ledger = open({.group_commit_wait = std::chrono::seconds(2)});
  std::mutex mutex;
  std::condition_variable answered;
  std::map<int, Result<std::uint64_t>> results;
  auto append = [&](int i) {
    ledger->append_async({event({{"n", i}})}, project_note(std::to_string(i), i == 13),
                         [&, i](Result<std::uint64_t> first) {
                           std::lock_guard lock(mutex);
                           results.emplace(i, std::move(first));
                           answered.notify_all();
                         });
  };
  auto wait_for = [&](std::size_t count) {
    std::unique_lock lock(mutex);
    return answered.wait_for(lock, std::chrono::seconds(30), [&] { return results.size() == count; });
  };
  // Five at once until they share one batch: the next batch then waits for five requests.
  std::size_t expected = 0;
  for (int round = 0; round < 50; ++round) {
    const auto before = ledger->stats().batches;
    for (int i = 0; i < 5; ++i) append(100 + round * 5 + i);
    expected += 5;
    ASSERT_TRUE(wait_for(expected));
    if (ledger->stats().batches == before + 1) break;
  }
  const auto batches_before = ledger->stats().batches;
  const auto size_before = ledger->size();
  // Five more, 20 ms apart; the third one's projection fails.
  for (int i = 11; i <= 15; ++i) {
    append(i);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(wait_for(expected + 5));
  // The four that succeeded were written in the transaction opened for the first of them
  // (the failing projection's rows rolled back with it, then the four written again).
  EXPECT_LE(ledger->stats().batches - batches_before, 2u);
  ASSERT_FALSE(results.at(13).ok());
  EXPECT_EQ(results.at(13).error().code, "test.projection_failed");
  std::set<std::uint64_t> firsts;
  for (int i : {11, 12, 14, 15}) {
    ASSERT_TRUE(results.at(i).ok()) << results.at(i).error().describe();
    firsts.insert(*results.at(i));
    EXPECT_EQ(nlohmann::json::parse(ledger->entry(*results.at(i)).value())["event"]["n"], i);
  }
  EXPECT_EQ(firsts, (std::set<std::uint64_t>{size_before, size_before + 1, size_before + 2, size_before + 3}));
  EXPECT_EQ(ledger->size(), size_before + 4);
  {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    EXPECT_EQ(tx->query_int("SELECT COUNT(*) FROM projected WHERE note IN ('11', '12', '14', '15')")->value_or(0), 4);
    EXPECT_EQ(tx->query_int("SELECT COUNT(*) FROM projected WHERE note = '13'")->value_or(0), 0);
  }
  ledger.reset();
  EXPECT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
}

TEST_P(LedgerTest, AsynchronousAppendsAnswerOnceDurableWithTheirOwnIndicesAndFailAlone) {
  sql("CREATE TABLE projected (seq BIGINT PRIMARY KEY, note TEXT NOT NULL)");
  auto ledger = open({.group_commit_wait = std::chrono::milliseconds(20)});
  std::mutex mutex;
  std::condition_variable answered;
  std::map<int, Result<std::uint64_t>> results;
  std::map<int, std::uint64_t> size_when_answered;
  for (int i = 0; i < 20; ++i) {
    std::vector<CanonicalJson> events{event({{"n", i}}), event({{"n", i}, {"second", "yes"}})};
    ledger->append_async(std::move(events), project_note(std::to_string(i), i == 7),
                         [&, i](Result<std::uint64_t> first) {
                           std::lock_guard lock(mutex);
                           size_when_answered[i] = ledger->size();
                           results.emplace(i, std::move(first));
                           answered.notify_all();
                         });
  }
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(answered.wait_for(lock, std::chrono::seconds(30), [&] { return results.size() == 20; }));
  }
  ASSERT_FALSE(results.at(7).ok());
  EXPECT_EQ(results.at(7).error().code, "test.projection_failed");
  std::set<std::uint64_t> firsts;
  for (const auto& [i, first] : results) {
    if (i == 7) continue;
    ASSERT_TRUE(first.ok()) << first.error().describe();
    firsts.insert(*first);
    // Answered only once the batch holding both events was committed.
    EXPECT_GE(size_when_answered.at(i), *first + 2);
    EXPECT_EQ(nlohmann::json::parse(ledger->entry(*first).value())["event"]["n"], i);
    EXPECT_EQ(nlohmann::json::parse(ledger->entry(*first + 1).value())["event"]["second"], "yes");
  }
  EXPECT_EQ(firsts.size(), 19u);
  EXPECT_EQ(ledger->size(), 1u + 19 * 2);
  auto tx = database_->begin(storage::TransactionMode::Read).release_value();
  EXPECT_EQ(tx->query_int("SELECT COUNT(*) FROM projected")->value_or(0), 19);
  tx.reset();
  ledger.reset();
  EXPECT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
}

// --- Tampering: each kind is detected and the first bad index is named. ---

class TamperTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    append_events(30);  // entries 0..30, checkpoints at 1 and 31
    ASSERT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
  }

  Error verify_error() {
    auto report = ledger::verify_database(*database_, verifier_key(), {});
    EXPECT_FALSE(report.ok()) << "tampering was not detected";
    return report.ok() ? Error{} : report.error();
  }

  std::string entry(std::int64_t seq) {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    std::string out;
    const storage::Param params[] = {seq};
    EXPECT_TRUE(tx->query("SELECT entry FROM ledger_entries WHERE seq = ?", params, [&](const storage::Row& row) {
                    out = std::string(as_chars(row.blob(0)));
                    return ok();
                  }).ok());
    return out;
  }
};

TEST_P(TamperTest, AnEditedEntryIsNamed) {
  auto edited = entry(12);
  edited.replace(edited.find("\"n\":11"), 6, "\"n\":99");
  sql("UPDATE ledger_entries SET entry = ? WHERE seq = 12", {storage::Blob{as_bytes(edited)}});
  auto error = verify_error();
  EXPECT_EQ(error.kind, ErrorKind::Tampered);
  EXPECT_EQ(error.code, "ledger.entry_edited");
  EXPECT_EQ(error.context["index"], "12");
}

TEST_P(TamperTest, AnEditedEntryWithARecomputedLeafHashFailsTheSignedCheckpoint) {
  auto edited = entry(12);
  edited.replace(edited.find("\"n\":11"), 6, "\"n\":99");
  const auto leaf = tlog::leaf_hash(as_bytes(edited));
  sql("UPDATE ledger_entries SET entry = ?, leaf_hash = ? WHERE seq = 12",
      {storage::Blob{as_bytes(edited)}, storage::Blob{leaf}});
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.checkpoint_mismatch");
  EXPECT_EQ(error.context["index"], "1");  // the first entry not covered by an earlier checkpoint
  EXPECT_EQ(error.context["checkpoint_size"], "31");
}

TEST_P(TamperTest, ADeletedEntryIsNamed) {
  sql("DELETE FROM ledger_entries WHERE seq = 7");
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_missing");
  EXPECT_EQ(error.context["index"], "7");
}

TEST_P(TamperTest, ADeletedEntryWithTheRestRenumberedIsNamed) {
  sql("DELETE FROM ledger_entries WHERE seq = 7");
  sql("UPDATE ledger_entries SET seq = seq + 1000000 WHERE seq > 7");
  sql("UPDATE ledger_entries SET seq = seq - 1000001 WHERE seq > 1000000");
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_out_of_place");
  EXPECT_EQ(error.context["index"], "7");
  EXPECT_EQ(error.context["claimed_index"], "8");
}

TEST_P(TamperTest, ReorderedEntriesAreNamed) {
  sql("UPDATE ledger_entries SET seq = -1 WHERE seq = 20");
  sql("UPDATE ledger_entries SET seq = 20 WHERE seq = 21");
  sql("UPDATE ledger_entries SET seq = 21 WHERE seq = -1");
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_out_of_place");
  EXPECT_EQ(error.context["index"], "20");
}

TEST_P(TamperTest, AnInsertedEntryIsNamed) {
  // A forger shifts entries 10… up by one and puts a well-formed entry claiming index 10 in
  // the gap, with a correct leaf hash: the displaced original is the first that cannot fit.
  sql("UPDATE ledger_entries SET seq = seq + 1000000 WHERE seq >= 10");
  sql("UPDATE ledger_entries SET seq = seq - 999999 WHERE seq >= 1000000");
  const std::string forged = R"({"event":{"n":1000,"type":"test"},"seq":10})";
  const auto leaf = tlog::leaf_hash(as_bytes(forged));
  sql("INSERT INTO ledger_entries (seq, leaf_hash, entry) VALUES (10, ?, ?)",
      {storage::Blob{leaf}, storage::Blob{as_bytes(forged)}});
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_out_of_place");
  EXPECT_EQ(error.context["index"], "11");
  EXPECT_EQ(error.context["claimed_index"], "10");
}

TEST_P(TamperTest, ATruncatedLedgerIsNamed) {
  sql("DELETE FROM ledger_entries WHERE seq >= 25");
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.truncated");
  EXPECT_EQ(error.context["index"], "25");
}

TEST_P(TamperTest, AnAlteredCheckpointIsRejected) {
  std::string note;
  {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    ASSERT_TRUE(tx->query("SELECT note FROM ledger_checkpoints WHERE tree_size = 31", {}, [&](const storage::Row& row) {
                    note = std::string(row.text(0));
                    return ok();
                  }).ok());
  }
  // Replace the root line (the third) with another root; the signature no longer matches.
  const auto root_start = note.find('\n', note.find('\n') + 1) + 1;
  const auto root_end = note.find('\n', root_start);
  note.replace(root_start, root_end - root_start, crypto::base64_encode(tlog::Hash{}));
  sql("UPDATE ledger_checkpoints SET note = ? WHERE tree_size = 31", {storage::Text{note}});
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.checkpoint_invalid");
  EXPECT_EQ(error.context["index"], "31");
}

TEST_P(TamperTest, ACheckpointFiledUnderAnotherSizeIsRejected) {
  sql("UPDATE ledger_checkpoints SET tree_size = 30 WHERE tree_size = 31");
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.checkpoint_moved");
  EXPECT_EQ(error.context["index"], "30");
}

TEST_P(TamperTest, ACheckpointSignedWithAnotherKeyIsRejected) {
  auto forger = tlog::NoteSigner::generate("test.itaku/ledger");
  tlog::Checkpoint fake{"test.itaku/ledger", 31, tlog::Hash{}, {}};
  const auto note = tlog::sign_checkpoint(fake, forger).value();
  sql("UPDATE ledger_checkpoints SET note = ? WHERE tree_size = 31", {storage::Text{note}});
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.checkpoint_invalid");
}

TEST_P(TamperTest, AReplacedRecordedKeyDoesNotFoolAVerifierWithTheTrustedKey) {
  auto forger = tlog::NoteSigner::generate("test.itaku/ledger");
  sql("UPDATE ledger_meta SET value = ? WHERE key = 'verifier_key'", {storage::Text{forger.verifier().to_string()}});
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.key_mismatch");
}

TEST_P(TamperTest, OpeningALedgerWithAGapIsRefused) {
  sql("DELETE FROM ledger_entries WHERE seq = 4");
  auto signer = ledger::load_signing_key(dir_.path()).release_value();
  auto opened = Ledger::open(*database_, signer, clock_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::Tampered);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest, ::testing::ValuesIn(test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, TamperTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
