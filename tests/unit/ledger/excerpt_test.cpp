#include "itaku/ledger/excerpt.hpp"

#include <sstream>

#include "itaku/ledger/ledger.hpp"
#include "ledger_fixture.hpp"

namespace itaku::testing {
namespace {

// Entries 3, 7, 8 and 30 of a 41-entry ledger, taken out by someone who may read only those.
class ExcerptTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    append_events(40);
    auto ledger = open();
    for (std::uint64_t index : {3u, 7u, 8u, 30u}) chosen_.push_back({index, ledger->entry(index).value()});
    auto made = ledger::make_excerpt(*ledger, chosen_);
    ASSERT_TRUE(made.ok()) << made.error().describe();
    std::istringstream in(*made);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  std::string joined(const std::vector<std::string>& lines) const {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
  }

  Error verify_error(const std::vector<std::string>& lines) {
    auto verified = ledger::verify_excerpt(joined(lines), verifier_key());
    EXPECT_FALSE(verified.ok()) << "the change was not detected";
    return verified.ok() ? Error{} : verified.error();
  }

  std::vector<ledger::ExcerptEntry> chosen_;
  std::vector<std::string> lines_;  // header, 4 entries, the proof's hashes
};

TEST_P(ExcerptTest, VerifiesOfflineAndGivesBackExactlyTheEntriesChosen) {
  database_.reset();
  auto verified = ledger::verify_excerpt(joined(lines_), verifier_key());
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->origin, "test.itaku/ledger");
  EXPECT_EQ(verified->tree_size, 41u);
  ASSERT_EQ(verified->entries.size(), 4u);
  for (std::size_t i = 0; i < chosen_.size(); ++i) {
    EXPECT_EQ(verified->entries[i].index, chosen_[i].index);
    EXPECT_EQ(verified->entries[i].entry, chosen_[i].entry);
  }
  // Without a trusted key, the excerpt's own is used and reported.
  auto own = ledger::verify_excerpt(joined(lines_), std::nullopt);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->verifier_key, verifier_key());
}

TEST_P(ExcerptTest, AnEditedEntryIsDetected) {
  auto lines = lines_;
  const auto at = lines[2].find("\\\"n\\\":6");
  ASSERT_NE(at, std::string::npos) << lines[2];
  lines[2].replace(at, 7, "\\\"n\\\":5");
  EXPECT_EQ(verify_error(lines).code, "ledger.excerpt_mismatch");
}

TEST_P(ExcerptTest, ALeftOutEntryIsDetectedEvenWithTheCountsFixed) {
  auto lines = lines_;
  lines.erase(lines.begin() + 3);
  lines[0].replace(lines[0].find("\"entries\":4"), 11, "\"entries\":3");
  EXPECT_EQ(verify_error(lines).code, "ledger.excerpt_mismatch");
}

TEST_P(ExcerptTest, AnEntryMovedToAnotherIndexIsDetected) {
  auto lines = lines_;
  lines[4].replace(lines[4].find("\"index\":30"), 10, "\"index\":31");
  EXPECT_EQ(verify_error(lines).code, "ledger.entry_malformed");
}

TEST_P(ExcerptTest, AChangedProofHashIsDetected) {
  auto lines = lines_;
  auto& hash = lines.back();
  hash[1] = hash[1] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_error(lines).code, "ledger.excerpt_mismatch");
}

TEST_P(ExcerptTest, AnotherKeyOrAnotherFileIsAClearError) {
  EXPECT_EQ(ledger::verify_excerpt(joined(lines_), "other+00000000+AAAA").error().code, "ledger.key_mismatch");
  const auto not_excerpt = ledger::verify_excerpt("hello\n", std::nullopt);
  ASSERT_FALSE(not_excerpt.ok());
  EXPECT_EQ(not_excerpt.error().code, "ledger.excerpt_malformed");
  EXPECT_EQ(not_excerpt.error().kind, ErrorKind::Invalid);
  auto truncated = lines_;
  truncated.pop_back();
  EXPECT_EQ(verify_error(truncated).code, "ledger.excerpt_malformed");
}

TEST_P(ExcerptTest, BytesThatAreNotTheLedgersAreNeverExcerpted) {
  auto ledger = open();
  std::vector<ledger::ExcerptEntry> forged{{3, chosen_[0].entry + " "}};
  auto made = ledger::make_excerpt(*ledger, forged);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, "ledger.excerpt_entry_differs");
}

INSTANTIATE_TEST_SUITE_P(Backends, ExcerptTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
