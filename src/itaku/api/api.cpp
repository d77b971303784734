#include "itaku/api/api.hpp"

#include <algorithm>

#include "itaku/api/handlers.hpp"
#include "itaku/api/routes.hpp"
#include "itaku/api/session.hpp"
#include "itaku/domain/authorization.hpp"

namespace itaku::api {

using http::Request;
using http::Response;
using namespace handlers;

// Every capability's routes, and the instance's own: health, metrics and the API's description.
void register_api(http::Router& router, AppContext& app) {
  register_session_api(router, app);
  register_people_api(router, app);
  register_contract_api(router, app);
  register_roster_api(router, app);
  register_notification_api(router, app);
  register_provision_api(router, app);
  register_ledger_api(router, app);
  register_asset_api(router, app);
  register_decision_api(router, app);
  register_badge_api(router, app);
  register_disposal_api(router, app);
  register_approval_api(router, app);
  register_training_api(router, app);
  register_compliance_api(router, app);
  // Liveness: the process answers. Readiness: it can also reach its database, so that a proxy
  // stops sending it requests while the database is down (503 storage.unavailable, whose
  // details go to the log only).
  router.get("/healthz", "healthz", [&app](Request&) {
    return Response::json(200, {{"status", "ok"}, {"ledger_size", app.ledger.size()}});
  });
  router.get("/readyz", "readyz", [&app](Request&) {
    auto reached = [&]() -> Result<void> {
      auto tx = TRY(app.database.begin(storage::TransactionMode::Read));
      TRY(tx->query_int("SELECT 1"));
      return ok();
    }();
    if (!reached) return Response::error(reached.error());
    return Response::json(200, {{"status", "ready"}, {"ledger_size", app.ledger.size()}});
  });
  router.set_pace("readyz", http::Pace::Slow);
  router.get("/metrics", "metrics", [&app](Request& request) {
    // A scraper at a configured address needs no account; anyone else must be an
    // administrator. Coming from loopback proves nothing: behind a reverse proxy on the same
    // host, every request does.
    const auto& allowed = app.metrics_addresses;
    if (std::find(allowed.begin(), allowed.end(), request.remote_address) == allowed.end()) {
      auto principal = require_principal(app, request);
      if (!principal) return Response::error(principal.error());
      if (!domain::may_read_metrics(*principal)) return Response::error(denied());
    }
    return Response::text(200, app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.get("/api/v1/openapi.json", "openapi", [](Request&) { return Response::json(200, openapi_document()); });
}

}  // namespace itaku::api
