// JSON API for the notifications (通知) sent to a contract's parties, as the caller may read them.

#include "itaku/api/routes.hpp"

namespace itaku::api {

void register_notification_api(http::Router& router, AppContext& app) {
  using namespace routes;
  // --- notifications ---
  router.get("/api/v1/notifications", "notifications.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, n] : s.notifications) {
                   if (!may_read_notification(s, p, n)) continue;
                   items.emplace_back(id, json{{"id", n.id},
                                               {"contract", n.contract},
                                               {"kind", n.kind},
                                               {"recipient", n.recipient},
                                               {"subject", {{"ja", n.subject_ja}, {"en", n.subject_en}}},
                                               {"body_ja", n.body_ja},
                                               {"reference", n.reference},
                                               {"at", format_utc(n.at)},
                                               {"ledger_index", n.ledger_index}});
                 }
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
}

}  // namespace itaku::api
