#pragma once
// The application as `itaku serve` wires it, on a fresh SQLite database in a temporary
// directory, with the demo contracts loaded and a simulated clock: what the API and web tests
// drive through the router. A test class derives from it, registers the routes it tests and
// adds its accounts.
//
// Header-only on purpose: itaku_test_support, which every test links, stays below storage,
// and only the tests that include this link the modules it needs (api, auth, service, ledger).

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "itaku/api/context.hpp"
#include "itaku/auth/authenticator.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/http/router.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/storage/database.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {

class DemoApp {
 public:
  // `ledger_origin` names the ledger's signing key ("web.test/ledger"). An application that
  // does not start throws, which fails the test that wanted it.
  explicit DemoApp(const std::string& ledger_origin) {
    database_ = must(storage::open_database("sqlite:" + (dir_.path() / "itaku.db").string()), "database");
    must(storage::migrate(*database_), "migrate");
    auto signer = must(ledger::create_signing_key(dir_.path(), ledger_origin), "signing key");
    must(ledger::initialise_ledger(*database_, signer, clock_), "ledger");
    ledger_ = must(ledger::Ledger::open(*database_, signer, clock_), "ledger");
    service_ = must(service::Service::open(*database_, *ledger_, clock_), "service");
    must(service::load_demo(*service_), "demo");
    auth::AuthOptions options;
    options.data_dir = dir_.path();
    options.password_cost = auth::PasswordCost::minimum();
    authenticator_ = std::make_unique<auth::Authenticator>(*database_, *service_, clock_, options);
    app_ = std::make_unique<api::AppContext>(api::AppContext{*service_,
                                                             *ledger_,
                                                             *database_,
                                                             *authenticator_,
                                                             metrics_,
                                                             clock_,
                                                             "",
                                                             limiter_,
                                                             {},
                                                             api::LogHashes::SignedIn});
  }
  DemoApp(const DemoApp&) = delete;
  DemoApp& operator=(const DemoApp&) = delete;

 protected:
  // The session of `login`, signed in from `address` the first time it is asked for.
  const auth::Session& session_of(const std::string& login, const std::string& password, const std::string& address) {
    auto& session = sessions_[login];
    if (session.cookie.empty()) {
      auto signed_in = authenticator_->sign_in({login, password, "", address});
      EXPECT_TRUE(signed_in.ok()) << login << ": " << signed_in.error().describe();
      if (signed_in) session = signed_in.release_value();
    }
    return session;
  }

  TempDir dir_;
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};  // 2026-09-21
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<service::Service> service_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  http::Metrics metrics_;
  // The default limits, on the simulated clock: tests that need others set them.
  auth::RateLimiter limiter_{clock_, RateLimits{}};
  std::unique_ptr<api::AppContext> app_;
  http::Router router_;
  std::map<std::string, auth::Session> sessions_;

 private:
  template <typename T>
  static T must(Result<T> result, std::string_view what) {
    if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().describe());
    return result.release_value();
  }
  static void must(Result<void> result, std::string_view what) {
    if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().describe());
  }
};

}  // namespace itaku::testing
