// JSON API for information assets (長野市 第3, 第8; 木更津市 第3条, 第11条(3)(4)): asset classes,
// the register, and hand-overs with their receipts. Who may do what: docs/API.md.

#include <fmt/format.h>

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/service/receipts.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json class_json(const domain::AssetClass& c) {
  auto out = schema::encode(c);
  out["ledger_index"] = c.defined_index;
  return out;
}

json asset_json(const domain::Contract& contract, const domain::Asset& a) {
  json history = json::array();
  for (const auto& [id, t] : contract.transfers) {
    if (std::find(t.assets.begin(), t.assets.end(), a.id) == t.assets.end()) continue;
    history.push_back({{"transfer", id},
                       {"from", t.from},
                       {"to", t.to},
                       {"at", format_utc(t.at)},
                       {"ledger_index", t.ledger_index},
                       {"acknowledged_by", t.acknowledged_by ? json(*t.acknowledged_by) : json(nullptr)}});
  }
  return {{"id", a.id},
          {"class", a.asset_class},
          {"description", a.description},
          {"origin", domain::to_string(a.origin)},
          {"copy_of", a.copy_of},
          {"media", a.media},
          {"quantity", a.quantity},
          {"custodian", a.custodian},
          {"location", a.location},
          {"pending_transfer", a.pending_transfer.empty() ? json(nullptr) : json(a.pending_transfer)},
          {"ledger_index", a.registered_index},
          {"custody", history}};
}

json transfer_json(const domain::Transfer& t) {
  return {{"id", t.id},
          {"assets", t.assets},
          {"from", t.from},
          {"to", t.to},
          {"from_organisation", t.from_organisation},
          {"to_organisation", t.to_organisation},
          {"note", t.note},
          {"at", format_utc(t.at)},
          {"ledger_index", t.ledger_index},
          {"acknowledged_by", t.acknowledged_by ? json(*t.acknowledged_by) : json(nullptr)},
          {"acknowledged_at", t.acknowledged_at ? json(format_utc(*t.acknowledged_at)) : json(nullptr)},
          {"receipt_index", t.receipt_index ? json(t.receipt_index) : json(nullptr)},
          {"cancelled_by", t.cancelled_by ? json(*t.cancelled_by) : json(nullptr)},
          {"cancelled_at", t.cancelled_at ? json(format_utc(*t.cancelled_at)) : json(nullptr)},
          {"cancel_reason", t.cancelled_by ? json(t.cancel_reason) : json(nullptr)}};
}

}  // namespace

void register_asset_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";

  // --- asset classes ---
  router.get(c + "/asset-classes", "asset_classes.list",
             contract_list_route(app, [](const State&, const domain::Contract& contract, const ContractAccess&) {
               std::vector<std::pair<std::string, json>> items;
               for (const auto& [id, cls] : contract.asset_classes) items.emplace_back(id, class_json(cls));
               return items;
             }));
  router.post(c + "/asset-classes", "asset_classes.define",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                TRY(app.service.authorize(domain::DefineAssetClass{id, {}}, p));
                auto definition =
                    TRY(domain::decode_members<domain::AssetClass>(TRY(body_json(request)), "asset_class"));
                return executed(app, p, domain::DefineAssetClass{id, std::move(definition)});
              }));

  // --- the register ---
  router.get(
      c + "/assets", "assets.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, a] : contract.assets)
          if (asset_visible(s, contract, access, a)) items.emplace_back(id, asset_json(contract, a));
        return items;
      }));
  router.get(c + "/assets/{asset}", "assets.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 auto it = contract->assets.find(request.params.at("asset"));
                 if (it == contract->assets.end() || !asset_visible(s, *contract, access, it->second))
                   return not_found("asset", request.params.at("asset"));
                 return Response::json(200, asset_json(*contract, it->second));
               });
             }));
  router.post(c + "/assets", "assets.register", command_route<domain::RegisterAsset>(app, {{"contract", "id"}}));

  // --- hand-overs and receipts ---
  router.get(c + "/transfers", "transfers.list",
             contract_list_route(app, [](const State&, const domain::Contract& contract, const ContractAccess& access) {
               std::vector<std::pair<std::string, json>> items;
               for (const auto& [id, t] : contract.transfers)
                 if (transfer_visible(access, t)) items.emplace_back(id, transfer_json(t));
               return items;
             }));
  router.post(c + "/transfers", "transfers.create", command_route<domain::TransferAssets>(app, {{"contract", "id"}}));
  router.post(c + "/transfers/{transfer}/acknowledgement", "transfers.acknowledge",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                return executed(app, p, domain::AcknowledgeTransfer{id, request.params.at("transfer"), p.person});
              }));
  router.post(c + "/transfers/{transfer}/cancellation", "transfers.cancel",
              command_route<domain::CancelTransfer>(
                  app, {{"contract", "id"}, {"transfer", "transfer"}, {"by", std::string(kSignedInPerson)}}));
  router.get(
      c + "/transfers/{transfer}/receipt.pdf", "transfers.receipt",
      guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        const auto& id = request.params.at("id");
        const auto& transfer = request.params.at("transfer");
        const auto index = TRY(app.service.read([&](const State& s) -> Result<std::uint64_t> {
          const auto [contract, access] = TRY(visible_contract(s, p, id));
          auto it = contract->transfers.find(transfer);
          if (it == contract->transfers.end() || !transfer_visible(access, it->second))
            return not_found("transfer", transfer);
          if (!it->second.receipt_index)
            return make_error(ErrorKind::NotFound, "receipt.none", "この授受には受領証がありません",
                              "this hand-over has no receipt (only hand-overs from the city, once acknowledged)");
          return it->second.receipt_index;
        }));
        // The first download issues the file (its SHA-256 goes into the ledger); every
        // later one gives those same bytes, so any copy verifies.
        auto issued = TRY(service::issue_receipt(app.service, index, document_base_url(app, request), actor_of(p)));
        auto response =
            attachment(std::move(issued.pdf), "application/pdf", fmt::format("receipt-{}-{}.pdf", id, transfer));
        response.set_header("x-itaku-document-sha256", issued.document.sha256);
        return response;
      }));

  // Anyone holding a receipt may check it: it reveals nothing the receipt does not carry.
  // The file must be the very one issued (receipt.altered, 422, otherwise); the answer holds
  // what the ledger records, to compare with what is printed.
  router.post("/api/v1/receipts/verify", "receipts.verify", [&app](Request& request) -> Response {
    auto verified = service::verify_receipt(request.body, app.ledger.verifier().to_string(), &app.service);
    if (!verified) return Response::error(verified.error());
    const auto& doc = *verified->document;
    return Response::json(
        200, {{"valid", true},
              {"number", verified->number},
              {"contract", verified->contract},
              {"index", verified->index},
              {"tree_size", verified->tree_size},
              {"origin", verified->origin},
              {"receipt", verified->receipt},
              {"document",
               {{"sha256", doc.sha256}, {"size", doc.size}, {"index", doc.index}, {"issued_at", format_utc(doc.at)}}}});
  });

  // Drawing a PDF takes long enough to run off the I/O threads.
  router.set_pace("transfers.receipt", http::Pace::Slow);
}

}  // namespace itaku::api
