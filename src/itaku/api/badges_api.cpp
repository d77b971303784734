// JSON API for ID badges (身分証明書等; 木更津市 第11条(1)): the badges of a contract the caller
// may read, and issuing, returning and reporting one lost. Who may do what is the domain's
// (may_read_badge, may_execute); docs/API.md.

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json optional_time(const std::optional<Timestamp>& at) { return at ? json(format_utc(*at)) : json(nullptr); }

json badge_json(const State& s, const domain::Badge& b) {
  const auto* person = s.person(b.person);
  return {{"number", b.number},
          {"person", b.person},
          {"person_name", person ? person->name : std::string()},
          {"organisation", b.organisation},
          {"issued", b.issued},
          {"expires", b.expires},
          {"status", domain::to_string(b.status)},
          {"return_due", optional_time(b.return_due)},
          {"return_due_reason", b.return_due_reason ? json(domain::to_string(*b.return_due_reason)) : json(nullptr)},
          {"return_outstanding", b.return_outstanding()},
          {"closed_at", optional_time(b.closed_at)},
          {"lost_note", b.lost_note},
          {"ledger_index", b.issued_index}};
}

}  // namespace

void register_badge_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";
  router.get(
      c + "/badges", "badges.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [number, badge] : contract.badges)
          if (domain::may_read_badge(access, badge)) items.emplace_back(number, badge_json(s, badge));
        return items;
      }));
  // Who may issue depends on the worker the body names: the command's rule decides on it.
  router.post(c + "/badges", "badges.issue", command_route<domain::IssueBadge>(app, {{"contract", "id"}}));
  router.post(c + "/badges/{number}/return", "badges.return",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const domain::ReturnBadge command{request.params.at("id"), request.params.at("number")};
                TRY(app.service.authorize(command, p));
                return executed(app, p, command);
              }));
  router.post(
      c + "/badges/{number}/lost", "badges.report_lost",
      command_route<domain::ReportBadgeLost>(app, {{"contract", "id"}, {"number", "number"}}, Authorize::BeforeBody));
}

}  // namespace itaku::api
