// The register of a contract's information assets (長野市 第3, 木更津市 第3条) and one asset's
// page with its chain of custody. The registration form comes from domain::RegisterAsset's
// declaration (command_form.hpp); the page gives its choices. Who sees an asset is
// domain::asset_visible; for whom one may register, domain::may_act_for_holder.

#include "itaku/web/asset_pages.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

constexpr domain::AssetOrigin kOrigins[] = {domain::AssetOrigin::City, domain::AssetOrigin::Created,
                                            domain::AssetOrigin::Acquired, domain::AssetOrigin::Copy};

// The typed values of a form shown again after a refusal.
using Fields = std::map<std::string, std::string>;

class AssetRegisterPages : public PageViews {
 public:
  // The notices a redirect may ask these pages to show.
  explicit AssetRegisterPages(api::AppContext& app) : PageViews(app, {"asset_registered"}) {}

  Response register_page(const Page& page, const std::string& id, int status = 200, const Fields& typed = {},
                         const Error* error = nullptr) const;
  Response register_asset(const Page& page, const std::string& id) const;
  Response asset(const Page& page, const std::string& id, const std::string& asset_id) const;
};

Response AssetRegisterPages::register_page(const Page& page, const std::string& id, int status, const Fields& typed,
                                           const Error* error) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json assets = json::array();
    for (const auto& [aid, a] : c.assets) {
      if (!api::asset_visible(s, c, scope.access, a)) continue;
      assets.push_back({{"id", aid},
                        {"url", asset_url(c.id, aid)},
                        {"class", class_name(page, c, a.asset_class)},
                        {"description", a.description},
                        {"origin", t(page, "assets.origin." + std::string(domain::to_string(a.origin)))},
                        {"copy_of", a.copy_of},
                        {"media", a.media},
                        {"quantity", a.quantity},
                        {"custodian", person_ref(page, s, a.custodian, PersonDetail::Organisation)},
                        {"location", a.location},
                        {"pending", a.pending_transfer.empty()
                                        ? std::string()
                                        : f(page, "asset_register.pending_value", {{"id", a.pending_transfer}})},
                        {"pending_url", a.pending_transfer.empty()
                                            ? std::string()
                                            : contract_url(c.id) + "/transfers#transfer-" + a.pending_transfer}});
    }
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "assets")},
             {"notice", notice(page)},
             {"assets", assets},
             {"has_assets", !assets.empty()},
             {"form", nullptr}};
    // The form: for those who may register for someone (the city's officers for the city's
    // staff, a party's responsible person and information manager for its people).
    std::vector<const domain::Person*> custodians;
    for (const auto& [pid, p] : s.people)
      if (p.active() && c.party(p.organisation) && api::may_act_for_holder(s, c, scope.access, pid))
        custodians.push_back(&p);
    if (custodians.empty()) return out;
    // What the city registers it mostly provides; what a contractor registers it mostly made.
    const auto* own_party = c.party(domain::principal_organisation(s, *page.principal));
    const bool city_side = own_party != nullptr && own_party->role == domain::PartyRole::City;
    // The fields come from the command's declaration; the page gives the choices.
    FormShape shape{
        .set_by_page = {"contract"},
        .preselected = {
            {"custodian", page.principal->person}, {"origin", city_side ? "city" : "created"}, {"quantity", "1"}}};
    auto& custodian_options = shape.choices["custodian"] = json::array();
    for (const auto* p : custodians)
      custodian_options.push_back({{"value", p->id}, {"label", person_option(page, s, *p)}});
    auto& class_options = shape.choices["class"] = json::array();
    for (const auto& [cid, cls] : c.asset_classes)
      class_options.push_back({{"value", cid}, {"label", class_name(page, c, cid)}});
    auto& origin_options = shape.choices["origin"] = json::array();
    for (const auto o : kOrigins) {
      const std::string name(domain::to_string(o));
      origin_options.push_back({{"value", name}, {"label", t(page, "assets.origin." + name)}});
    }
    auto& copy_options = shape.choices["copy_of"] = json::array();
    copy_options.push_back({{"value", ""}, {"label", t(page, "asset_register.not_a_copy")}});
    for (const auto& [aid, a] : c.assets)
      if (api::asset_visible(s, c, scope.access, a))
        copy_options.push_back(
            {{"value", aid},
             {"label", f(page, "asset_register.asset_option", {{"id", aid}, {"description", a.description}})}});
    auto fields = form_fields<domain::RegisterAsset>(page.language, typed, error, shape);
    out["form"] = {{"action", contract_url(c.id) + "/assets"},
                   {"error", form_error(page, error, fields)},
                   {"fields", std::move(fields)}};
    return out;
  });
  return contract_page(page, status, "asset_register", "asset_register.title", std::move(data));
}

Response AssetRegisterPages::register_asset(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = contract_url(id) + "/assets";
  const auto fields = page.request.form();
  const auto command = command_from_form<domain::RegisterAsset>(fields, {{"contract", id}});
  const auto allowed = app_.service.read(
      [&](const State& s) { return this->allowed(s, page, this->scope(page, s, id).contract != nullptr, command); });
  return run_form(
      page, allowed, command, "asset_register.denied",
      [&](const Error& error) { return register_page(page, id, http_status(error.kind), fields, &error); },
      asset_url(id, command.id) + "?notice=asset_registered");
}

Response AssetRegisterPages::asset(const Page& page, const std::string& id, const std::string& asset_id) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    auto it = c.assets.find(asset_id);
    if (it == c.assets.end() || !api::asset_visible(s, c, scope.access, it->second)) return std::nullopt;
    const auto& a = it->second;
    // Every hand-over of the asset, as the API's asset record lists them.
    json custody = json::array();
    for (const auto& [tid, tr] : c.transfers) {
      if (std::find(tr.assets.begin(), tr.assets.end(), a.id) == tr.assets.end()) continue;
      custody.push_back({{"id", tid},
                         {"anchor_url", contract_url(c.id) + "/transfers#transfer-" + tid},
                         {"from", person_ref(page, s, tr.from, PersonDetail::Organisation)},
                         {"to", person_ref(page, s, tr.to, PersonDetail::Organisation)},
                         {"at", time_text(tr.at)},
                         {"acknowledged", tr.acknowledged_by.has_value()},
                         {"acknowledged_text", acknowledged_text(page, s, tr)},
                         {"index", std::to_string(tr.ledger_index)},
                         {"index_url", entry_url(tr.ledger_index)},
                         {"acknowledged_index", tr.acknowledged_index ? std::to_string(tr.acknowledged_index) : ""},
                         {"acknowledged_url", tr.acknowledged_index ? entry_url(tr.acknowledged_index) : ""}});
    }
    const auto copy_of = a.copy_of;
    bool copy_visible = false;
    if (auto original = c.assets.find(copy_of); original != c.assets.end())
      copy_visible = api::asset_visible(s, c, scope.access, original->second);
    return json{{"contract", contract_head(page, c)},
                {"tabs", tabs(page, c, "assets")},
                {"notice", notice(page)},
                {"heading", f(page, "asset.title", {{"id", a.id}})},
                {"asset",
                 {{"id", a.id},
                  {"class", class_name(page, c, a.asset_class)},
                  {"description", a.description},
                  {"origin", t(page, "assets.origin." + std::string(domain::to_string(a.origin)))},
                  {"copy_of", copy_of},
                  {"copy_of_url", copy_visible ? asset_url(c.id, copy_of) : ""},
                  {"media", a.media},
                  {"quantity", a.quantity},
                  {"custodian", person_ref(page, s, a.custodian, PersonDetail::Organisation)},
                  {"location", a.location},
                  {"pending", a.pending_transfer},
                  {"pending_url",
                   a.pending_transfer.empty() ? "" : contract_url(c.id) + "/transfers#transfer-" + a.pending_transfer},
                  {"index", std::to_string(a.registered_index)},
                  {"index_url", entry_url(a.registered_index)}}},
                {"custody", custody},
                {"has_custody", !custody.empty()}};
  });
  if (!data) return not_found(page);
  const auto title = (*data)["heading"].get<std::string>();
  return render(page, 200, "asset_detail", title, std::move(*data));
}

}  // namespace

void register_asset_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<AssetRegisterPages>(app), "dashboard");
  router.get("/contracts/{id}/assets", "pages.assets",
             page([](const AssetRegisterPages& p, const Page& pg) { return p.register_page(pg, pg.param("id")); }));
  router.post("/contracts/{id}/assets", "pages.asset_register",
              page([](const AssetRegisterPages& p, const Page& pg) { return p.register_asset(pg, pg.param("id")); }));
  router.get("/contracts/{id}/assets/{asset}", "pages.asset", page([](const AssetRegisterPages& p, const Page& pg) {
               return p.asset(pg, pg.param("id"), pg.param("asset"));
             }));
}

}  // namespace itaku::web
