// JSON API for the city's written approvals (長野市 第5, 第6, 第7; 木更津市 第3条, 第12条): the
// requests of a contract the caller may read, and asking, deciding, withdrawing and revoking.
// Who may do what is the domain's (may_read_approval, may_execute); docs/API.md.

#include "itaku/api/routes.hpp"
#include "itaku/domain/approvals.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/service/approval_documents.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json optional_time(Timestamp at) { return at == Timestamp{} ? json(nullptr) : json(format_utc(at)); }

json approval_json(const State& s, const std::string& contract, const domain::Approval& a) {
  // The 承認書, once the city approved (approvals.document).
  const auto document_path = "/api/v1/contracts/" + contract + "/approvals/" + a.id + "/approval.pdf";
  json people = json::array();
  for (const auto& id : a.people) {
    const auto* person = s.person(id);
    people.push_back({{"id", id}, {"name", person ? person->name : std::string()}});
  }
  return {{"id", a.id},
          {"type", a.type},
          {"type_ja", domain::approval_type_label_ja(a.type)},
          {"organisation", a.organisation},
          {"purpose", a.purpose},
          {"assets", a.assets},
          {"classes", a.classes},
          {"people", people},
          {"devices", a.devices},
          {"destination", a.destination},
          {"from", a.from},
          {"until", a.until},
          {"copies", a.copies},
          {"measures", a.measures},
          {"note", a.note},
          {"requested_by", a.requested_by},
          {"requested_at", format_utc(a.requested_at)},
          {"status", domain::to_string(a.status)},
          {"number", a.number},
          {"conditions", a.conditions},
          {"reasons", a.reasons},
          {"decided_at", optional_time(a.decided_at)},
          {"closed_reason", a.closed_reason},
          {"closed_at", optional_time(a.closed_at)},
          {"uses", a.uses},
          {"copies_registered", a.copies_registered},
          {"document", a.number.empty() ? json(nullptr) : json(document_path)},
          {"ledger_index", a.requested_index}};
}

}  // namespace

void register_approval_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";
  router.get(
      c + "/approvals", "approvals.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, approval] : contract.approvals)
          if (domain::may_read_approval(access, approval))
            items.emplace_back(id, approval_json(s, contract.id, approval));
        return items;
      }));
  router.get(c + "/approvals/{approval}", "approvals.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 const auto& id = request.params.at("approval");
                 const auto it = contract->approvals.find(id);
                 if (it == contract->approvals.end() || !domain::may_read_approval(access, it->second))
                   return domain::unknown("approval", id);
                 return Response::json(200, approval_json(s, contract->id, it->second));
               });
             }));
  router.post(c + "/approvals", "approvals.request", command_route<domain::RequestApproval>(app, {{"contract", "id"}}));
  router.post(
      c + "/approvals/{approval}/decision", "approvals.decide",
      command_route<domain::DecideApproval>(app, {{"contract", "id"}, {"id", "approval"}}, Authorize::BeforeBody));
  router.post(
      c + "/approvals/{approval}/withdrawal", "approvals.withdraw",
      command_route<domain::WithdrawApproval>(app, {{"contract", "id"}, {"id", "approval"}}, Authorize::BeforeBody));
  router.post(
      c + "/approvals/{approval}/revocation", "approvals.revoke",
      command_route<domain::RevokeApproval>(app, {{"contract", "id"}, {"id", "approval"}}, Authorize::BeforeBody));
  // The 承認書: issued the first time it is asked for, the same file every time after.
  router.get(c + "/approvals/{approval}/approval.pdf", "approvals.document",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               auto found =
                   TRY(service::approval_document(app.service, request.params.at("id"), request.params.at("approval"),
                                                  p, document_base_url(app, request)));
               return attachment(std::move(found.bytes), found.media_type, found.filename);
             }));
  router.set_pace("approvals.document", http::Pace::Slow);
}

}  // namespace itaku::api
