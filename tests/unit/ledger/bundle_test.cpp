#include "itaku/ledger/bundle.hpp"

#include <fstream>
#include <sstream>

#include "ledger_fixture.hpp"

namespace itaku::testing {
namespace {

class BundleTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    append_events(40);
    file_ = dir_.path() / "ledger.bundle";
    auto written = ledger::export_bundle(*database_, file_, {});
    ASSERT_TRUE(written.ok()) << written.error().describe();
    EXPECT_EQ(*written, 41u);
    std::ifstream in(file_);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  void rewrite(const std::vector<std::string>& lines) {
    std::ofstream out(file_, std::ios::trunc);
    for (const auto& line : lines) out << line << '\n';
  }

  Error verify_error() {
    auto report = ledger::verify_bundle(file_, verifier_key(), {});
    EXPECT_FALSE(report.ok()) << "tampering was not detected";
    return report.ok() ? Error{} : report.error();
  }

  std::filesystem::path file_;
  std::vector<std::string> lines_;  // header, then entries
};

TEST_P(BundleTest, AnExportVerifiesOfflineWithTheTrustedKey) {
  // The database is gone: only the file remains.
  database_.reset();
  auto report = ledger::verify_bundle(file_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->entries, 41u);
  EXPECT_EQ(report->signed_size, 41u);
  EXPECT_EQ(report->origin, "test.itaku/ledger");
}

TEST_P(BundleTest, AnEditedLineIsNamed) {
  auto lines = lines_;
  lines[1 + 9].replace(lines[1 + 9].find("\"n\":8"), 5, "\"n\":7");
  rewrite(lines);
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.checkpoint_mismatch");
}

TEST_P(BundleTest, ADeletedLineIsNamed) {
  auto lines = lines_;
  lines.erase(lines.begin() + 1 + 15);
  rewrite(lines);
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_out_of_place");
  EXPECT_EQ(error.context["index"], "15");
}

TEST_P(BundleTest, SwappedLinesAreNamed) {
  auto lines = lines_;
  std::swap(lines[1 + 3], lines[1 + 4]);
  rewrite(lines);
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.entry_out_of_place");
  EXPECT_EQ(error.context["index"], "3");
}

TEST_P(BundleTest, ATruncatedBundleIsNamed) {
  auto lines = lines_;
  lines.resize(1 + 30);
  rewrite(lines);
  auto error = verify_error();
  EXPECT_EQ(error.code, "ledger.truncated");
  EXPECT_EQ(error.context["index"], "30");
}

TEST_P(BundleTest, AnotherTrustedKeyIsRefused) {
  auto other = tlog::NoteSigner::generate("test.itaku/ledger").verifier().to_string();
  auto report = ledger::verify_bundle(file_, other, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, "ledger.key_mismatch");
}

TEST_P(BundleTest, AFileThatIsNotABundleIsAClearError) {
  rewrite({"hello"});
  auto report = ledger::verify_bundle(file_, std::nullopt, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, "ledger.bundle_malformed");
  EXPECT_EQ(report.error().kind, ErrorKind::Invalid);
}

INSTANTIATE_TEST_SUITE_P(Backends, BundleTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
