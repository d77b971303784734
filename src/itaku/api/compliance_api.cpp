// JSON API for per-clause compliance (docs/COMPLIANCE.md): each clause of the contract's own
// provision set with the status of its controls and their evidence, now or as of `?at=`. Who
// may read what is the domain's (compliance_scope), enforced by Service::compliance.

#include "itaku/api/routes.hpp"
#include "itaku/compliance/compliance.hpp"

namespace itaku::api {

void register_compliance_api(http::Router& router, AppContext& app) {
  using namespace routes;
  router.get("/api/v1/contracts/{id}/compliance", "compliance.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               // An empty ?at= is a bad time (compliance.bad_at), not "now".
               const auto given = request.query.find("at");
               const auto at =
                   given == request.query.end() ? std::nullopt : std::optional<std::string_view>(given->second);
               const auto report = TRY(app.service.compliance(request.params.at("id"), p, at));
               return Response::json(200, compliance::to_json(report));
             }));
  // A past date replays the ledger: off the I/O threads.
  router.set_pace("compliance.show", http::Pace::Slow);
}

}  // namespace itaku::api
