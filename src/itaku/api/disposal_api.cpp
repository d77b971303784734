// JSON API for devices and media (木更津市 第12条, 第14条) and for 返還・廃棄・消去 at the end of the
// work (長野市 第9, 木更津市 第5条): the devices, the city's instructions, the acts of disposal or
// erasure, the created-assets reports and what keeps a contract from closing, each as far as the
// caller may read it, and recording them. Who may read or do what is the domain's
// (may_read_device, may_read_disposal, may_read_created_assets, may_read_instruction,
// may_read_outstanding, may_execute); docs/API.md.

#include <algorithm>
#include <iterator>
#include <span>

#include <fmt/format.h>

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/service/disposal_documents.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json optional_time(Timestamp at) { return at == Timestamp{} ? json(nullptr) : json(format_utc(at)); }

std::string person_name(const State& s, const std::string& id) {
  const auto* person = s.person(id);
  return person ? person->name : std::string();
}

std::string organisation_name(const State& s, const std::string& id) {
  const auto* organisation = s.organisation(id);
  return organisation ? organisation->name : std::string();
}

// The document of the entry `of` (a 廃棄・消去証明書, a 破壊報告書): where it downloads (`path`,
// issued by its first download) and, once issued, the SHA-256 of its file and its
// document.issued entry (`issued`, else null).
json document_json(const State& s, std::string_view kind, std::uint64_t of, std::string path) {
  const auto* document = s.document_of(std::string(kind), of);
  return {{"path", std::move(path)},
          {"issued", document ? json{{"sha256", document->sha256}, {"index", document->index}} : json(nullptr)}};
}

std::string contract_path(const std::string& contract) { return "/api/v1/contracts/" + contract; }

std::string asset_description(const domain::Contract& contract, const std::string& id) {
  const auto asset = contract.assets.find(id);
  return asset == contract.assets.end() ? std::string() : asset->second.description;
}

json asset_json(const domain::Contract& contract, const std::string& id) {
  return {{"id", id}, {"description", asset_description(contract, id)}};
}

json device_json(const State& s, const std::string& contract, const domain::Device& d) {
  json measures_ja = json::array();
  for (const auto& measure : d.measures) measures_ja.push_back(domain::term_name(domain::device_measures(), measure));
  json destructions = json::array();
  for (std::size_t n = 1; const auto& m : d.destructions)
    destructions.push_back({{"media", m.media},
                            {"method", m.method},
                            {"performed_by", m.performed_by},
                            {"performed_by_name", person_name(s, m.performed_by)},
                            {"witnessed_by", m.witnessed_by},
                            {"witnessed_by_name", person_name(s, m.witnessed_by)},
                            {"performed_on", m.performed_on},
                            {"evidence_sha256", m.evidence_sha256},
                            {"note", m.note},
                            {"report", document_json(s, "destruction_report", m.ledger_index,
                                                     fmt::format("{}/devices/{}/destructions/{}/report.pdf",
                                                                 contract_path(contract), d.id, n++))},
                            {"ledger_index", m.ledger_index}});
  return {{"id", d.id},
          {"kind", d.kind},
          {"kind_ja", domain::term_name(domain::device_kinds(), d.kind)},
          {"identifier", d.identifier},
          {"description", d.description},
          {"organisation", d.organisation},
          {"organisation_name", organisation_name(s, d.organisation)},
          {"owner", d.owner},
          {"owner_name", organisation_name(s, d.owner)},
          {"location", d.location},
          {"storage", d.storage},
          {"media_left", d.media_left()},
          {"measures", d.measures},
          {"measures_ja", std::move(measures_ja)},
          {"measures_note", d.measures_note},
          {"confirmed_by", d.confirmed_by},
          {"confirmed_by_name", person_name(s, d.confirmed_by)},
          {"confirmed_at", optional_time(d.confirmed_at)},
          {"managed", d.managed()},
          {"retired", d.retired},
          {"retired_ja", domain::term_name(domain::device_retirements(), d.retired)},
          {"retired_note", d.retired_note},
          {"retired_at", optional_time(d.retired_at)},
          {"destructions", std::move(destructions)},
          {"registered_at", format_utc(d.registered_at)},
          {"ledger_index", d.registered_index}};
}

// An instruction names the assets the caller may see, each by the register's own rule
// (asset_visible): one that names another party's assets as well does not show them.
json instruction_json(const State& s, const domain::Contract& contract, const ContractAccess& access,
                      const domain::DisposalInstruction& i) {
  json assets = json::array();
  for (const auto& id : i.assets) {
    const auto asset = contract.assets.find(id);
    if (asset != contract.assets.end() && domain::asset_visible(s, contract, access, asset->second))
      assets.push_back(asset_json(contract, id));
  }
  return {{"id", i.id},
          {"assets", std::move(assets)},
          {"disposition", i.disposition},
          {"disposition_ja", domain::term_name(domain::dispositions(), i.disposition)},
          {"due", i.due},
          {"note", i.note},
          {"by", i.by},
          {"by_name", person_name(s, i.by)},
          {"at", format_utc(i.at)},
          {"ledger_index", i.ledger_index}};
}

json disposal_json(const State& s, const domain::Contract& contract, const domain::DisposalRecord& r) {
  json assets = json::array();
  for (const auto& id : r.assets) assets.push_back(asset_json(contract, id));
  return {{"id", r.id},
          {"organisation", r.organisation},
          {"organisation_name", organisation_name(s, r.organisation)},
          {"assets", std::move(assets)},
          {"disposition", r.disposition},
          {"disposition_ja", domain::term_name(domain::dispositions(), r.disposition)},
          {"method", r.method},
          {"media", r.media},
          {"performed_by", r.performed_by},
          {"performed_by_name", person_name(s, r.performed_by)},
          {"witnessed_by", r.witnessed_by},
          {"witnessed_by_name", person_name(s, r.witnessed_by)},
          {"performed_on", r.performed_on},
          {"instruction", r.instruction},
          {"note", r.note},
          {"recorded_by", r.recorded_by},
          {"at", format_utc(r.at)},
          {"certificate", document_json(s, "disposal_certificate", r.ledger_index,
                                        contract_path(contract.id) + "/disposals/" + r.id + "/certificate.pdf")},
          {"ledger_index", r.ledger_index}};
}

json created_assets_json(const State& s, const domain::Contract& contract, const domain::CreatedAssetsReport& r,
                         bool latest) {
  json items = json::array();
  for (const auto& item : r.items)
    items.push_back({{"asset", item.asset},
                     {"description", asset_description(contract, item.asset)},
                     {"keeper", item.keeper},
                     {"keeper_name", person_name(s, item.keeper)},
                     {"note", item.note}});
  return {{"organisation", r.organisation},
          {"organisation_name", organisation_name(s, r.organisation)},
          {"items", std::move(items)},
          {"note", r.note},
          {"by", r.by},
          {"by_name", person_name(s, r.by)},
          {"at", format_utc(r.at)},
          {"latest", latest},
          {"acknowledged_by", r.acknowledged_by},
          {"acknowledged_by_name", person_name(s, r.acknowledged_by)},
          {"acknowledged_at", optional_time(r.acknowledged_at)},
          {"ledger_index", r.ledger_index}};
}

json outstanding_json(const State& s, const domain::Outstanding& o) {
  return {{"kind", o.kind},
          {"id", o.id},
          {"organisation", o.organisation},
          {"organisation_name", organisation_name(s, o.organisation)},
          {"clause", o.clause},
          {"ja", o.ja},
          {"en", o.en}};
}

// The PDF of a document of an entry: its route answers the same file every time, issuing it first
// when asked (service/disposal_documents.hpp).
Result<Response> pdf_response(Result<service::ReportFile> found) {
  if (!found) return found.error();
  return attachment(std::move(found->bytes), found->media_type, found->filename);
}

}  // namespace

void register_disposal_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";
  const std::string device = c + "/devices/{device}";
  const std::vector<std::pair<std::string, std::string>> contract_device = {{"contract", "id"}, {"id", "device"}};
  // Commands the signed-in person records as themself (`by`).
  const std::pair<std::string, std::string> by = {"by", std::string(kSignedInPerson)};
  auto contract_device_by = contract_device;
  contract_device_by.push_back(by);

  // Devices and media (木更津市 第12条, 第14条).
  router.get(
      c + "/devices", "devices.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, d] : contract.devices)
          if (domain::may_read_device(access, d)) items.emplace_back(id, device_json(s, contract.id, d));
        return items;
      }));
  // Who may register depends on the party the body names (the caller's own when left out).
  router.post(c + "/devices", "devices.register", command_route<domain::RegisterDevice>(app, {{"contract", "id"}}));
  router.post(device + "/confirm", "devices.confirm",
              command_route<domain::ConfirmDeviceMeasures>(app, contract_device_by, Authorize::BeforeBody));
  router.post(device + "/destroy-media", "devices.destroy_media",
              command_route<domain::DestroyMedia>(app, contract_device, Authorize::BeforeBody));
  router.post(device + "/retire", "devices.retire",
              command_route<domain::RetireDevice>(app, contract_device, Authorize::BeforeBody));
  // The 記録媒体破壊報告書 of the n-th destruction of the device's media (木更津市 第14条-2).
  router.get(
      device + "/destructions/{n}/report.pdf", "devices.destruction_report",
      guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        // A destruction that is not a number is none (media.destruction_unknown).
        const auto n = http::url_number(request.params.at("n")).value_or(0);
        return pdf_response(service::destruction_report(
            app.service, request.params.at("id"), request.params.at("device"), n, p, document_base_url(app, request)));
      }));
  router.set_pace("devices.destruction_report", http::Pace::Slow);

  // 返還・廃棄・消去 (長野市 第9, 木更津市 第5条).
  router.get(
      c + "/disposal-instructions", "disposal_instructions.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, i] : contract.disposal_instructions)
          if (domain::may_read_instruction(s, contract, access, i))
            items.emplace_back(id, instruction_json(s, contract, access, i));
        return items;
      }));
  router.post(c + "/disposal-instructions", "disposal.instruct",
              command_route<domain::InstructDisposal>(app, {{"contract", "id"}, by}, Authorize::BeforeBody));
  router.get(
      c + "/disposals", "disposals.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, r] : contract.disposals)
          if (domain::may_read_disposal(access, r)) items.emplace_back(id, disposal_json(s, contract, r));
        return items;
      }));
  // Who may record depends on the party the body names (the caller's own when left out).
  router.post(c + "/disposals", "disposals.record", command_route<domain::DisposeAssets>(app, {{"contract", "id"}}));
  // The 廃棄・消去証明書 (or 返還報告書) of one act (長野市 第9-2, 木更津市 第5条-1).
  router.get(
      c + "/disposals/{disposal}/certificate.pdf", "disposals.certificate",
      guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        return pdf_response(service::disposal_certificate(
            app.service, request.params.at("id"), request.params.at("disposal"), p, document_base_url(app, request)));
      }));
  router.set_pace("disposals.certificate", http::Pace::Slow);
  router.get(
      c + "/created-assets-reports", "created_assets.list",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        // Every report of a party, its latest (the one the city acknowledges) marked; by party, then
        // in the order made.
        std::vector<std::pair<std::string, json>> items;
        const auto& reports = contract.created_assets_reports;
        for (auto r = reports.begin(); r != reports.end(); ++r) {
          if (!domain::may_read_created_assets(access, *r)) continue;
          const bool latest = std::none_of(std::next(r), reports.end(), [&](const domain::CreatedAssetsReport& later) {
            return later.organisation == r->organisation;
          });
          items.emplace_back(fmt::format("{}/{:012d}", r->organisation, r->ledger_index),
                             created_assets_json(s, contract, *r, latest));
        }
        return items;
      }));
  router.post(c + "/created-assets-reports", "created_assets.report",
              command_route<domain::ReportCreatedAssets>(app, {{"contract", "id"}, by}, Authorize::WhenRun));
  router.post(c + "/created-assets-reports/{organisation}/acknowledge", "created_assets.acknowledge",
              command_route<domain::AcknowledgeCreatedAssets>(
                  app, {{"contract", "id"}, {"organisation", "organisation"}, by}, Authorize::BeforeBody));

  // What keeps the contract from closing, in the domain's order (the position is the cursor).
  router.get(
      c + "/outstanding", "contracts.outstanding",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        const auto outstanding = domain::closing_outstanding(s, contract);
        for (std::size_t i = 0; i < outstanding.size(); ++i)
          if (domain::may_read_outstanding(access, contract, outstanding[i]))
            items.emplace_back(fmt::format("{:06d}", i), outstanding_json(s, outstanding[i]));
        return items;
      }));
}

}  // namespace itaku::api
