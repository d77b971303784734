// JSON API for contracts: the list and one contract with its parties (甲, 乙, 丙) and what the
// caller may do on it, creating one, and its activation and closing.

#include "itaku/api/routes.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json contract_json(const domain::Contract& c, const ContractAccess& access) {
  json parties = json::array();
  for (const auto& p : c.parties)
    parties.push_back({{"organisation", p.organisation},
                       {"role", domain::to_string(p.role)},
                       {"symbol", domain::party_symbol(p.role)},
                       {"parent", p.parent}});
  return {{"id", c.id},
          {"number", c.number},
          {"title", c.title},
          {"department", c.department},
          {"period_from", c.period_from},
          {"period_until", c.period_until},
          {"work_description", c.work_description},
          {"state", domain::to_string(c.state)},
          {"provisions", {{"name", c.provisions.name}, {"version", c.provisions.version}, {"hash", c.provisions.hash}}},
          {"parties", parties},
          {"access",
           {{"city", access.city},
            {"city_writer", access.city_writer},
            {"readable_parties", access.readable_parties},
            {"writable_parties", access.writable_parties}}}};
}

}  // namespace

void register_contract_api(http::Router& router, AppContext& app) {
  // --- contracts ---
  router.get("/api/v1/contracts", "contracts.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, c] : s.contracts) {
                   const auto access = contract_access(s, p, c);
                   if (access.visible) items.emplace_back(id, contract_json(c, access));
                 }
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  router.post("/api/v1/contracts", "contracts.create",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                auto body = TRY(body_json(request));
                domain::CreateContract probe;
                probe.city = TRY(text_field(body, "city"));
                TRY(app.service.authorize(probe, p));
                return executed(app, p, TRY(command_from<domain::CreateContract>(std::move(body))));
              }));
  router.get("/api/v1/contracts/{id}", "contracts.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 return Response::json(200, contract_json(*contract, access));
               });
             }));
  auto transition = [&app](domain::ContractState target) {
    return guarded(app, Writes::Yes, [&app, target](Request& request, const auth::Principal& p) -> Result<Response> {
      const auto& id = request.params.at("id");
      auto state_target = target;
      if (target == domain::ContractState::Closing && !request.body.empty()) {
        const auto body = TRY(body_json(request));
        if (TRY(bool_member(body, "final"))) state_target = domain::ContractState::Closed;
      }
      return executed(app, p, domain::ChangeContractState{id, state_target}, 200);
    });
  };
  router.post("/api/v1/contracts/{id}/activate", "contracts.activate", transition(domain::ContractState::Active));
  router.post("/api/v1/contracts/{id}/close", "contracts.close", transition(domain::ContractState::Closing));
  // A 変更契約: the city's (the command's rule); the workers acknowledge the provisions again.
  router.post("/api/v1/contracts/{id}/amendments", "contracts.amend",
              command_route<domain::AmendContract>(app, {{"contract", "id"}}));
}

}  // namespace itaku::api
