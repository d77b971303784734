#pragma once
// A service over a fresh database of each backend, with its ledger and a simulated clock: what
// the service's tests start from.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "itaku/core/clock.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {

// A signed-in person (a session), by person id; their login is the id unless given.
inline domain::Principal person(const std::string& id, const std::string& login = "") {
  domain::Principal p;
  p.kind = domain::PrincipalKind::Session;
  p.person = id;
  p.login = login.empty() ? id : login;
  return p;
}

class ServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    url_ = fresh_database_url(GetParam(), dir_.path());
    database_ = storage::open_database(url_).release_value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    auto signer = ledger::create_signing_key(dir_.path(), "service.test/ledger").release_value();
    ASSERT_TRUE(ledger::initialise_ledger(*database_, signer, clock_).ok());
    reopen();
  }

  void reopen() {
    service_.reset();
    ledger_.reset();
    ledger_ =
        ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_).release_value();
    auto opened = service::Service::open(*database_, *ledger_, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    service_ = opened.release_value();
  }

  std::int64_t count(const std::string& table) {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    return tx->query_int("SELECT COUNT(*) FROM " + table)->value_or(-1);
  }

  void expect_replay_matches() {
    auto report = service::replay_check(*database_, dir_.path());
    ASSERT_TRUE(report.ok()) << report.error().describe();
    for (const auto& d : report->differences) ADD_FAILURE() << d.table << " " << d.where << ": " << d.row;
    EXPECT_GT(report->rows_compared, 0u);
  }

  TempDir dir_;
  std::string url_;
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
};

}  // namespace itaku::testing
