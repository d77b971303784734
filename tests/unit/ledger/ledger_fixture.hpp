#pragma once
// A fresh, initialised ledger on a given backend, for the ledger tests.

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/storage/database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {

inline CanonicalJson event(const nlohmann::json& value) { return CanonicalJson::from_object(value).release_value(); }

class LedgerTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    url_ = fresh_database_url(GetParam(), dir_.path());
    database_ = storage::open_database(url_).release_value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_.path(), "test.itaku/ledger");
    ASSERT_TRUE(signer.ok()) << signer.error().describe();
    auto initialised = ledger::initialise_ledger(*database_, *signer, clock_);
    ASSERT_TRUE(initialised.ok()) << initialised.error().describe();
  }

  std::unique_ptr<ledger::Ledger> open(ledger::LedgerOptions options = {}) {
    auto signer = ledger::load_signing_key(dir_.path());
    EXPECT_TRUE(signer.ok());
    auto opened = ledger::Ledger::open(*database_, signer.release_value(), clock_, options);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().describe());
    return opened.release_value();
  }

  // Appends `count` events {"n":i} and closes the ledger, which signs a final checkpoint.
  void append_events(int count) {
    auto ledger = open();
    for (int i = 0; i < count; ++i) ASSERT_TRUE(ledger->append(event({{"type", "test"}, {"n", i}})).ok());
  }

  void sql(const std::string& statement, std::initializer_list<storage::Param> params = {}) {
    auto tx = database_->begin(storage::TransactionMode::Write).release_value();
    auto done = tx->execute(statement, std::vector<storage::Param>(params));
    ASSERT_TRUE(done.ok()) << done.error().describe();
    ASSERT_TRUE(tx->commit().ok());
  }

  std::string verifier_key() { return ledger::load_signing_key(dir_.path())->verifier().to_string(); }

  TempDir dir_;
  std::string url_;
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};
  std::unique_ptr<storage::Database> database_;
};

}  // namespace itaku::testing
