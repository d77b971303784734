#pragma once
// What request handlers (JSON API and web pages) need: the service, the ledger, the
// database, the authenticator, metrics and the clock. Built by the composition root.

#include "itaku/core/clock.hpp"
#include "itaku/http/metrics.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::auth {
class Authenticator;
}

namespace itaku::api {

struct AppContext {
  service::Service& service;
  ledger::Ledger& ledger;
  storage::Database& database;
  auth::Authenticator& authenticator;
  http::Metrics& metrics;
  const Clock& clock;
};

}  // namespace itaku::api
