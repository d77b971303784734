#include "itaku/web/asset_pages.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/session.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/service/receipts.hpp"
#include "itaku/web/assets.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/render.hpp"

namespace itaku::web {

namespace {

using domain::Action;
using domain::ConditionKind;
using domain::State;
using http::Language;
using http::Request;
using http::Response;
using nlohmann::json;

// Log pages show this many rows; ?before= pages further back.
constexpr std::size_t kLogPageSize = 50;
// The conditions the class form offers as checkboxes; approvals have their own select.
constexpr ConditionKind kFormConditions[] = {
    ConditionKind::ContractActive,  ConditionKind::OnRoster,      ConditionKind::LocationRegistered,
    ConditionKind::DeviceManaged,   ConditionKind::TrainingValid, ConditionKind::ProvisionsAcknowledged,
    ConditionKind::PurposeContract,
};
constexpr domain::AssetOrigin kOrigins[] = {domain::AssetOrigin::City, domain::AssetOrigin::Created,
                                            domain::AssetOrigin::Acquired, domain::AssetOrigin::Copy};

std::string asset_url(const std::string& contract, const std::string& asset) {
  return contract_url(contract) + "/assets/" + http::percent_encode(asset);
}
std::string entry_url(std::uint64_t index) { return "/ledger/entries/" + std::to_string(index); }

// The approval types the provisions' vocabulary knows (approval.required's "action").
std::vector<std::string> approval_types() {
  std::vector<std::string> out;
  if (const auto* control = provisions::find_control("approval.required"))
    for (const auto& parameter : control->parameters)
      if (parameter.name == "action")
        for (const auto& value : parameter.allowed) out.emplace_back(value);
  return out;
}

// --- who may see and do what: the rules of api/assets_api.cpp, applied to the pages ---

bool is_city_organisation(const domain::Contract& contract, const std::string& organisation) {
  return contract.city() && contract.city()->organisation == organisation;
}

// --- the class form ---

struct ActionForm {
  bool allowed = false;
  std::set<ConditionKind> conditions;
  std::string approval;  // an approval type, or empty
};
struct ClassForm {
  std::string id, name, name_en;
  bool sensitive = false;
  std::map<Action, ActionForm> actions;
};

ClassForm class_form(const domain::AssetClass& c) {
  ClassForm form{c.id, c.name, c.name_en, c.sensitive, {}};
  for (const auto& [action, conditions] : c.actions) {
    auto& a = form.actions[action];
    a.allowed = true;
    for (const auto& condition : conditions) {
      if (condition.kind != ConditionKind::Approval)
        a.conditions.insert(condition.kind);
      else if (a.approval.empty())
        a.approval = condition.parameter;
    }
  }
  return form;
}

ClassForm class_form(const std::map<std::string, std::string>& fields) {
  auto field = [&](const std::string& name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  ClassForm form{field("id"), field("name"), field("name_en"), field("sensitive") == "yes", {}};
  for (const auto action : domain::kActions) {
    const std::string name(domain::to_string(action));
    auto& a = form.actions[action];
    a.allowed = field("allow." + name) == "yes";
    for (const auto kind : kFormConditions)
      if (field("cond." + name + "." + std::string(domain::to_string(kind))) == "yes") a.conditions.insert(kind);
    a.approval = field("approval." + name);
  }
  return form;
}

domain::AssetClass class_from_form(const ClassForm& form) {
  domain::AssetClass c;
  c.id = form.id;
  c.name = form.name;
  c.name_en = form.name_en;
  c.sensitive = form.sensitive;
  for (const auto& [action, a] : form.actions) {
    if (!a.allowed) continue;
    auto& list = c.actions[action];
    for (const auto kind : kFormConditions)
      if (a.conditions.contains(kind)) list.push_back({kind, ""});
    if (!a.approval.empty()) list.push_back({ConditionKind::Approval, a.approval});
  }
  return c;
}

// The contract a page is about and what the principal may do with it.
// The typed values of a form shown again after a refusal.
using Fields = std::map<std::string, std::string>;

// The asset pages, drawn in the frame (frame.hpp), whose t(page, …) and render(…) they call
// as their own. Every one but the public receipt check sits under a contract, which the
// navigation files under the dashboard, as it does the contract page.
class AssetPages : public PageFrame {
 public:
  // The notices a redirect may ask these pages to show.
  explicit AssetPages(api::AppContext& app)
      : PageFrame(app, {"class_defined", "asset_registered", "transfer_created", "transfer_acknowledged"}),
        verify_js_href_(static_href("receipt_verify.js")) {}

  void register_routes(http::Router& router, const std::shared_ptr<AssetPages>& self);

 private:
  // Limits `filter` to the log rows the principal may read; false if the contract is hidden.
  bool scope_to(const Page& page, const std::string& id, service::LogFilter& filter) const;

  // --- shared view pieces ---
  json person_ref(const Page& page, const State& s, const std::string& id) const;
  std::string class_name(const Page& page, const domain::Contract& c, const std::string& id) const;
  std::string action_label(const Page& page, std::string_view action) const;
  std::string condition_label(const Page& page, const domain::Condition& condition) const;
  std::string reason_text(const Page& page, const std::string& code, const std::string& clause) const;
  std::string utc_text(const std::string& utc) const;
  json contract_head(const Page& page, const domain::Contract& c) const;
  json tabs(const Page& page, const domain::Contract& c, std::string_view current) const;
  json log_row(const Page& page, const State& s, const ContractScope& scope, const service::LogRow& r) const;
  std::string receipt_number(std::uint64_t index) const;

  // --- pages ---
  Response classes(const Page& page, const std::string& id, int status = 200,
                   std::optional<ClassForm> typed = std::nullopt, const std::string& error = {}) const;
  Response define_class(const Page& page, const std::string& id) const;
  Response register_page(const Page& page, const std::string& id, int status = 200, const Fields& typed = {},
                         const Error* error = nullptr) const;
  Response register_asset(const Page& page, const std::string& id) const;
  Response asset(const Page& page, const std::string& id, const std::string& asset_id) const;
  Response transfers(const Page& page, const std::string& id, int status = 200, const Fields& typed = {},
                     const std::string& error = {}) const;
  Response hand_over(const Page& page, const std::string& id) const;
  Response acknowledge(const Page& page, const std::string& id, const std::string& transfer) const;
  Response receipt(const Page& page, const std::string& id, const std::string& transfer) const;
  Response log(const Page& page, const std::string& id, bool accesses) const;
  Response monitoring(const Page& page, const std::string& id) const;
  Response verify(Request& request) const;

  std::string verify_js_href_;
};

// ---------------------------------------------------------------------------------------
// The contract and what the principal may do with it

bool AssetPages::scope_to(const Page& page, const std::string& id, service::LogFilter& filter) const {
  return app_.service.read([&](const State& s) {
    const auto scope = this->scope(page, s, id);
    // All rows for the city, else those about people of readable parties: the API's rule,
    // chosen in SQL so that a page is full.
    api::scope_log(filter, scope.access);
    return scope.contract != nullptr;
  });
}

// ---------------------------------------------------------------------------------------
// Shared view pieces

json AssetPages::person_ref(const Page& page, const State& s, const std::string& id) const {
  const auto* person = s.person(id);
  json out{{"id", id},
           {"name", person ? person->name : id},
           {"url", ""},
           {"organisation", person ? organisation_name(page, s, person->organisation) : ""}};
  if (person && api::may_read_person(s, *page.principal, *person)) out["url"] = "/people/" + http::percent_encode(id);
  return out;
}

std::string AssetPages::class_name(const Page& page, const domain::Contract& c, const std::string& id) const {
  const auto* cls = c.asset_class(id);
  if (!cls) return id;
  return page.language == Language::En && !cls->name_en.empty() ? cls->name_en : cls->name;
}

std::string AssetPages::action_label(const Page& page, std::string_view action) const {
  if (!domain::action_from(action)) return std::string(action);
  return t(page, "assets.action." + std::string(action));
}

std::string AssetPages::condition_label(const Page& page, const domain::Condition& condition) const {
  const std::string kind(domain::to_string(condition.kind));
  if (condition.kind != ConditionKind::Approval) return t(page, "assets.condition." + kind);
  const auto key = "assets.approval_type." + condition.parameter;
  const auto type = t(page, key);
  return f(page, "assets.condition.approval", {{"type", type == key ? condition.parameter : type}});
}

std::string AssetPages::reason_text(const Page& page, const std::string& code, const std::string& clause) const {
  if (code.empty()) return {};
  const auto key = "reason." + code;
  auto reason = t(page, key);
  if (reason == key) reason = code;  // a code this version does not know: shown as it is
  if (clause.empty()) return reason;
  return f(page, "decisions.reason_with_clause", {{"reason", reason}, {"clause", clause}});
}

std::string AssetPages::utc_text(const std::string& utc) const {
  auto at = parse_utc(utc);
  return at ? time_text(*at) : utc;
}

json AssetPages::contract_head(const Page& page, const domain::Contract& c) const {
  (void)page;
  return {{"id", c.id}, {"url", contract_url(c.id)}, {"number", c.number}, {"title", c.title}};
}

// The links between the asset pages of one contract, the current one marked.
json AssetPages::tabs(const Page& page, const domain::Contract& c, std::string_view current) const {
  json out = json::array();
  for (const auto& [key, path] : std::vector<std::pair<std::string, std::string>>{{"asset_classes", "/asset-classes"},
                                                                                  {"assets", "/assets"},
                                                                                  {"transfers", "/transfers"},
                                                                                  {"decisions", "/decisions"},
                                                                                  {"access_events", "/access-events"},
                                                                                  {"monitoring", "/monitoring"}})
    out.push_back(
        {{"href", contract_url(c.id) + path}, {"label", t(page, "assets.tab." + key)}, {"current", key == current}});
  return out;
}

json AssetPages::log_row(const Page& page, const State& s, const ContractScope& scope, const service::LogRow& r) const {
  const auto& c = *scope.contract;
  std::string target;
  std::string target_url;
  const auto class_label = r.asset_class.empty() ? std::string() : class_name(page, c, r.asset_class);
  if (!r.asset.empty()) {
    target =
        class_label.empty() ? r.asset : f(page, "decisions.asset_target", {{"asset", r.asset}, {"class", class_label}});
    auto it = c.assets.find(r.asset);
    if (it != c.assets.end() && api::asset_visible(s, c, scope.access, it->second))
      target_url = asset_url(c.id, r.asset);
  } else if (!class_label.empty()) {
    target = f(page, "decisions.class_target", {{"name", class_label}});
  }
  const bool allow = r.effect == "allow";
  return {{"index", std::to_string(r.index)},
          {"index_url", entry_url(r.index)},
          {"time", utc_text(r.time)},
          {"person", person_ref(page, s, r.person)},
          {"action", action_label(page, r.action)},
          {"target", target},
          {"target_url", target_url},
          {"allow", allow},
          {"effect", t(page, allow ? "decisions.allow" : "decisions.deny")},
          {"reason", reason_text(page, r.reason_code, r.clause)},
          {"matched", r.matched_decision != 0},
          {"matched_index", r.matched_decision ? std::to_string(r.matched_decision) : ""},
          {"matched_url", r.matched_decision ? entry_url(r.matched_decision) : ""}};
}

std::string AssetPages::receipt_number(std::uint64_t index) const {
  auto stored = app_.ledger.entry(index);
  if (!stored) return {};
  try {
    const auto entry = json::parse(*stored);
    const auto& data = entry.at("event").at("data");
    return data.value("number", std::string());
  } catch (const json::exception&) {
    return {};
  }
}

// ---------------------------------------------------------------------------------------
// Asset classes

Response AssetPages::classes(const Page& page, const std::string& id, int status, std::optional<ClassForm> typed,
                             const std::string& error) const {
  const auto edit = page.request.query.contains("edit") ? page.request.query.at("edit") : std::string();
  const auto types = approval_types();
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json columns = json::array();
    for (const auto& [cid, cls] : c.asset_classes)
      columns.push_back(
          {{"id", cid},
           {"name", class_name(page, c, cid)},
           {"sensitive", cls.sensitive},
           {"index", std::to_string(cls.defined_index)},
           {"index_url", entry_url(cls.defined_index)},
           {"edit_url", contract_url(c.id) + "/asset-classes?edit=" + http::percent_encode(cid) + "#define"},
           {"edit_label", f(page, "asset_classes.change", {{"name", class_name(page, c, cid)}})}});
    json rows = json::array();
    for (const auto action : domain::kActions) {
      json cells = json::array();
      for (const auto& [cid, cls] : c.asset_classes) {
        auto it = cls.actions.find(action);
        if (it == cls.actions.end()) {
          cells.push_back({{"allowed", false}, {"conditions", json::array()}});
          continue;
        }
        json conditions = json::array();
        for (const auto& condition : it->second) conditions.push_back(condition_label(page, condition));
        cells.push_back({{"allowed", true}, {"conditions", conditions}, {"unconditional", conditions.empty()}});
      }
      rows.push_back(
          {{"action", t(page, "assets.action." + std::string(domain::to_string(action)))}, {"cells", cells}});
    }
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "asset_classes")},
             {"notice", notice(page)},
             {"columns", columns},
             {"rows", rows},
             {"has_classes", !columns.empty()},
             {"can_define", scope.access.city_writer},
             {"action", contract_url(c.id) + "/asset-classes"},
             {"error", error}};
    if (!scope.access.city_writer) return out;
    // The form: what was typed, else the class being changed, else a new class.
    ClassForm form;
    bool editing = false;
    if (typed) {
      form = *typed;
      editing = c.asset_classes.contains(form.id);
    } else if (auto it = c.asset_classes.find(edit); !edit.empty() && it != c.asset_classes.end()) {
      form = class_form(it->second);
      editing = true;
    }
    json actions = json::array();
    for (const auto action : domain::kActions) {
      const std::string name(domain::to_string(action));
      const auto label = t(page, "assets.action." + name);
      const auto& a = form.actions[action];
      json conditions = json::array();
      for (const auto kind : kFormConditions) {
        const std::string kind_name(domain::to_string(kind));
        conditions.push_back(
            {{"field", "cond." + name + "." + kind_name},
             {"dom_id", "cond-" + name + "-" + kind_name},
             {"checked", a.conditions.contains(kind)},
             {"label", f(page, "asset_classes.condition_label",
                         {{"action", label}, {"condition", t(page, "assets.condition." + kind_name)}})}});
      }
      json options = json::array();
      options.push_back(
          {{"value", ""}, {"label", t(page, "asset_classes.approval_none")}, {"selected", a.approval.empty()}});
      for (const auto& type : types)
        options.push_back(
            {{"value", type}, {"label", t(page, "assets.approval_type." + type)}, {"selected", a.approval == type}});
      actions.push_back({{"name", name},
                         {"label", label},
                         {"allowed", a.allowed},
                         {"allowed_label", f(page, "asset_classes.allowed_label", {{"action", label}})},
                         {"conditions", conditions},
                         {"approval_options", options},
                         {"approval_label", f(page, "asset_classes.approval_label", {{"action", label}})}});
    }
    json condition_headers = json::array();
    for (const auto kind : kFormConditions)
      condition_headers.push_back(t(page, "assets.condition." + std::string(domain::to_string(kind))));
    out["form"] = {
        {"id", form.id},
        {"name", form.name},
        {"name_en", form.name_en},
        {"sensitive", form.sensitive},
        {"editing", editing ? f(page, "asset_classes.editing", {{"name", form.name}, {"id", form.id}}) : std::string()},
        {"new_url", contract_url(c.id) + "/asset-classes#define"},
        {"actions", actions},
        {"condition_headers", condition_headers}};
    return out;
  });
  if (!data) return not_found(page);
  // The title first: the data is moved into the call.
  const auto title = t(page, "asset_classes.title") + " — " + (*data)["contract"]["number"].get<std::string>();
  return render(page, status, "asset_classes", title, std::move(*data));
}

Response AssetPages::define_class(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = contract_url(id) + "/asset-classes";
  const auto form = class_form(page.request.form());
  const domain::DefineAssetClass command{id, class_from_form(form)};
  const auto allowed = app_.service.read(
      [&](const State& s) { return this->allowed(s, page, this->scope(page, s, id).contract != nullptr, command); });
  return run_form(
      page, allowed, command, "asset_classes.denied",
      [&](const Error& error) {
        return classes(page, id, http_status(error.kind), form, message_with_detail(page, error));
      },
      contract_url(id) + "/asset-classes?notice=class_defined");
}

// ---------------------------------------------------------------------------------------
// The register and one asset

Response AssetPages::register_page(const Page& page, const std::string& id, int status, const Fields& typed,
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
                        {"custodian", person_ref(page, s, a.custodian)},
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
    const bool city_side = is_city_organisation(c, api::principal_organisation(s, *page.principal));
    // The fields come from the command's declaration; the page gives the choices.
    FormShape shape{
        .set_by_page = {"contract"},
        .preselected = {
            {"custodian", page.principal->person}, {"origin", city_side ? "city" : "created"}, {"quantity", "1"}}};
    auto& custodian_options = shape.choices["custodian"] = json::array();
    for (const auto* p : custodians)
      custodian_options.push_back(
          {{"value", p->id},
           {"label", f(page, "asset_register.person_option",
                       {{"name", p->name}, {"organisation", organisation_name(page, s, p->organisation)}})}});
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
  if (!data) return not_found(page);
  // The title first: the data is moved into the call.
  const auto title = t(page, "asset_register.title") + " — " + (*data)["contract"]["number"].get<std::string>();
  return render(page, status, "asset_register", title, std::move(*data));
}

Response AssetPages::register_asset(const Page& original, const std::string& id) const {
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

Response AssetPages::asset(const Page& page, const std::string& id, const std::string& asset_id) const {
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
      custody.push_back(
          {{"id", tid},
           {"anchor_url", contract_url(c.id) + "/transfers#transfer-" + tid},
           {"from", person_ref(page, s, tr.from)},
           {"to", person_ref(page, s, tr.to)},
           {"at", time_text(tr.at)},
           {"acknowledged", tr.acknowledged_by.has_value()},
           {"acknowledged_text", tr.acknowledged_by
                                     ? f(page, "asset.acknowledged_value",
                                         {{"name", person_ref(page, s, *tr.acknowledged_by)["name"].get<std::string>()},
                                          {"at", tr.acknowledged_at ? time_text(*tr.acknowledged_at) : ""}})
                                     : std::string()},
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
                  {"custodian", person_ref(page, s, a.custodian)},
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

// ---------------------------------------------------------------------------------------
// Hand-overs and receipts

Response AssetPages::transfers(const Page& page, const std::string& id, int status, const Fields& typed,
                               const std::string& error) const {
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json rows = json::array();
    // Newest first: the pending ones are the ones a person comes for.
    for (auto it = c.transfers.rbegin(); it != c.transfers.rend(); ++it) {
      const auto& [tid, tr] = *it;
      if (!api::transfer_visible(scope.access, tr)) continue;
      json assets = json::array();
      for (const auto& aid : tr.assets) {
        auto a = c.assets.find(aid);
        const bool visible = a != c.assets.end() && api::asset_visible(s, c, scope.access, a->second);
        assets.push_back({{"id", aid},
                          {"description", a != c.assets.end() ? a->second.description : ""},
                          {"url", visible ? asset_url(c.id, aid) : ""}});
      }
      json row{{"id", tid},
               {"anchor", "transfer-" + tid},
               {"assets", assets},
               {"from", person_ref(page, s, tr.from)},
               {"to", person_ref(page, s, tr.to)},
               {"at", time_text(tr.at)},
               {"note", tr.note},
               {"acknowledged", tr.acknowledged_by.has_value()},
               {"acknowledged_text", ""},
               {"can_acknowledge", !page.principal->person.empty() &&
                                       domain::permits(s, *page.principal,
                                                       domain::AcknowledgeTransfer{c.id, tr.id, page.principal->person},
                                                       app_.clock.now())},
               {"acknowledge_action", contract_url(c.id) + "/transfers/" + http::percent_encode(tid) + "/acknowledge"},
               {"acknowledge_label", f(page, "transfers.acknowledge_label", {{"id", tid}})},
               {"index", std::to_string(tr.ledger_index)},
               {"index_url", entry_url(tr.ledger_index)},
               {"receipt", nullptr}};
      if (tr.acknowledged_by)
        row["acknowledged_text"] = f(page, "asset.acknowledged_value",
                                     {{"name", person_ref(page, s, *tr.acknowledged_by)["name"].get<std::string>()},
                                      {"at", tr.acknowledged_at ? time_text(*tr.acknowledged_at) : ""}});
      if (tr.receipt_index) {
        const auto number = receipt_number(tr.receipt_index);
        row["receipt"] = {
            {"number", number},
            {"url", contract_url(c.id) + "/transfers/" + http::percent_encode(tid) + "/receipt.pdf"},
            {"label", f(page, "transfers.receipt_download_label", {{"number", number.empty() ? tid : number}})},
            {"index", std::to_string(tr.receipt_index)},
            {"index_url", entry_url(tr.receipt_index)}};
      }
      rows.push_back(std::move(row));
    }
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "transfers")},
             {"notice", notice(page)},
             {"transfers", rows},
             {"has_transfers", !rows.empty()},
             {"error", error},
             {"form", nullptr}};
    // The hand-over form: assets the principal or their side holds, not waiting for another
    // acknowledgement.
    json assets = json::array();
    for (const auto& [aid, a] : c.assets) {
      if (!a.pending_transfer.empty() || !api::may_hand_over_for(s, c, scope.access, *page.principal, a.custodian))
        continue;
      const auto* holder = s.person(a.custodian);
      if (!holder || !holder->active()) continue;
      assets.push_back({{"id", aid},
                        {"field", "asset." + aid},
                        {"dom_id", "hand-over-" + aid},
                        {"checked", typed.contains("asset." + aid)},
                        {"label", f(page, "transfers.asset_option",
                                    {{"id", aid}, {"description", a.description}, {"custodian", holder->name}})}});
    }
    if (assets.empty()) {
      out["nothing_to_hand_over"] = scope.access.city_writer || !scope.access.writable_parties.empty();
      return out;
    }
    // Receivers: people of the contract's parties who may hold its assets (the city's staff
    // with a role on it, or people on a party's roster) and whom the principal may read.
    const auto receiver = typed.contains("to") ? typed.at("to") : std::string();
    json receivers = json::array();
    receivers.push_back({{"value", ""}, {"label", t(page, "transfers.choose")}, {"selected", receiver.empty()}});
    for (const auto& [pid, p] : s.people) {
      if (!p.active() || !c.party(p.organisation) || pid == page.principal->person) continue;
      if (s.roles_of(pid, c.id).empty() || !api::may_read_person(s, *page.principal, p)) continue;
      receivers.push_back(
          {{"value", pid},
           {"label", f(page, "asset_register.person_option",
                       {{"name", p.name}, {"organisation", organisation_name(page, s, p.organisation)}})},
           {"selected", pid == receiver}});
    }
    out["form"] = {{"action", contract_url(c.id) + "/transfers"},
                   {"assets", assets},
                   {"receivers", receivers},
                   {"note", typed.contains("note") ? typed.at("note") : std::string()}};
    return out;
  });
  if (!data) return not_found(page);
  // The title first: the data is moved into the call.
  const auto title = t(page, "transfers.title") + " — " + (*data)["contract"]["number"].get<std::string>();
  return render(page, status, "asset_transfers", title, std::move(*data));
}

Response AssetPages::hand_over(const Page& original, const std::string& id) const {
  Page page = original;
  page.self = contract_url(id) + "/transfers";
  const auto fields = page.request.form();
  domain::TransferAssets command;
  command.contract = id;
  command.to = fields.contains("to") ? fields.at("to") : std::string();
  command.note = fields.contains("note") ? fields.at("note") : std::string();
  for (const auto& [key, value] : fields)
    if (key.starts_with("asset.") && value == "yes") command.assets.push_back(key.substr(6));
  enum class Allowed { Hidden, No, Yes, NoAssets, MixedCustodians };
  const auto allowed = app_.service.read([&](const State& s) {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return Allowed::Hidden;
    if (command.assets.empty()) return Allowed::NoAssets;
    // The giver is the custodian of what was chosen: one hand-over, one giver.
    std::set<std::string> holders;
    for (const auto& aid : command.assets) {
      auto it = scope.contract->assets.find(aid);
      if (it == scope.contract->assets.end() || !api::asset_visible(s, *scope.contract, scope.access, it->second))
        return Allowed::No;
      holders.insert(it->second.custodian);
    }
    if (holders.size() != 1) return Allowed::MixedCustodians;
    command.from = *holders.begin();
    return domain::may_execute(s, *page.principal, command) ? Allowed::Yes : Allowed::No;
  });
  if (allowed == Allowed::Hidden) return not_found(page);
  if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
  if (allowed == Allowed::No) return forbidden(page, "transfers.denied");
  if (allowed == Allowed::NoAssets) return transfers(page, id, 400, fields, t(page, "transfers.no_assets_chosen"));
  if (allowed == Allowed::MixedCustodians)
    return transfers(page, id, 400, fields, t(page, "transfers.mixed_custodians"));
  auto done = app_.service.execute(command, *page.principal);
  if (!done)
    return transfers(page, id, http_status(done.error().kind), fields, message_with_detail(page, done.error()));
  return redirect(page.request, contract_url(id) + "/transfers?notice=transfer_created");
}

Response AssetPages::acknowledge(const Page& original, const std::string& id, const std::string& transfer) const {
  Page page = original;
  page.self = contract_url(id) + "/transfers";
  const domain::AcknowledgeTransfer command{id, transfer, page.principal->person};
  const auto allowed = app_.service.read([&](const State& s) {
    const auto scope = this->scope(page, s, id);
    bool visible = false;
    if (scope.contract) {
      const auto it = scope.contract->transfers.find(transfer);
      visible = it != scope.contract->transfers.end() && api::transfer_visible(scope.access, it->second);
    }
    // Only a person acknowledges: an account without one may see the hand-over, not sign for it.
    if (visible && page.principal->person.empty()) return Allowed::No;
    return this->allowed(s, page, visible, command);
  });
  return run_form(
      page, allowed, command, "transfers.acknowledge_denied", [&](const Error& error) { return failed(page, error); },
      contract_url(id) + "/transfers?notice=transfer_acknowledged#transfer-" + http::percent_encode(transfer));
}

Response AssetPages::receipt(const Page& page, const std::string& id, const std::string& transfer) const {
  const auto index = app_.service.read([&](const State& s) -> std::optional<std::uint64_t> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    auto it = scope.contract->transfers.find(transfer);
    if (it == scope.contract->transfers.end() || !api::transfer_visible(scope.access, it->second) ||
        !it->second.receipt_index)
      return std::nullopt;
    return it->second.receipt_index;
  });
  if (!index) return not_found(page);
  // The QR code leads to this instance's public check of the receipt. The first download
  // issues the file; later ones give the same bytes.
  auto issued = service::issue_receipt(app_.service, *index, api::document_base_url(app_, page.request),
                                       page.principal->person.empty() ? domain::Actor{"user:" + page.principal->login}
                                                                      : domain::Actor::person(page.principal->person));
  if (!issued) return failed(page, issued.error());
  auto r = Response::text(200, std::move(issued->pdf), "application/pdf");
  r.set_header("Content-Disposition", "attachment; filename=\"receipt-" + http::percent_encode(id) + "-" +
                                          http::percent_encode(transfer) + ".pdf\"");
  finish(page.request, r);
  return r;
}

// ---------------------------------------------------------------------------------------
// Decision log, access log and monitoring

Response AssetPages::log(const Page& page, const std::string& id, bool accesses) const {
  const auto& query = page.request.query;
  auto param = [&](const char* key) {
    auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  };
  service::LogFilter filter;
  filter.contract = id;
  filter.person = param("person");
  filter.effect = param("effect");
  if (filter.effect != "allow" && filter.effect != "deny") filter.effect.clear();
  filter.limit = kLogPageSize;
  filter.before = parse_number<std::uint64_t>(param("before")).value_or(0);
  if (!scope_to(page, id, filter)) return not_found(page);
  auto rows = accesses ? app_.service.access_log(filter) : app_.service.decision_log(filter);
  if (!rows) return failed(page, rows.error());
  // A full page may have older rows behind it.
  const auto next_before = rows->size() == filter.limit ? rows->back().index : 0;
  const auto base = contract_url(id) + (accesses ? "/access-events" : "/decisions");
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json items = json::array();
    for (const auto& r : *rows) items.push_back(log_row(page, s, scope, r));
    // The people a filter may name: those of the parties the principal reads.
    json people = json::array();
    people.push_back({{"value", ""}, {"label", t(page, "decisions.all_people")}, {"selected", filter.person.empty()}});
    for (const auto& [pid, p] : s.people)
      if (scope.access.readable_parties.contains(p.organisation) && !is_city_organisation(c, p.organisation))
        people.push_back(
            {{"value", pid},
             {"label", f(page, "asset_register.person_option",
                         {{"name", p.name}, {"organisation", organisation_name(page, s, p.organisation)}})},
             {"selected", pid == filter.person}});
    json effects = json::array();
    for (const auto& [value, key] : std::vector<std::pair<std::string, std::string>>{
             {"", "decisions.all_effects"}, {"allow", "decisions.allow"}, {"deny", "decisions.deny"}})
      effects.push_back({{"value", value}, {"label", t(page, key)}, {"selected", value == filter.effect}});
    std::string next;
    if (next_before) {
      next = base + "?before=" + std::to_string(next_before);
      if (!filter.person.empty()) next += "&person=" + http::percent_encode(filter.person);
      if (!filter.effect.empty()) next += "&effect=" + filter.effect;
    }
    return json{{"contract", contract_head(page, c)},
                {"tabs", tabs(page, c, accesses ? "access_events" : "decisions")},
                {"accesses", accesses},
                {"action", base},
                {"rows", items},
                {"has_rows", !items.empty()},
                {"person_options", people},
                {"effect_options", effects},
                {"next_url", next},
                {"first_url", filter.before ? base : ""}};
  });
  if (!data) return not_found(page);
  const auto title = t(page, accesses ? "access_log.title" : "decisions.title") + " — " +
                     (*data)["contract"]["number"].get<std::string>();
  return render(page, 200, "decisions", title, std::move(*data));
}

Response AssetPages::monitoring(const Page& page, const std::string& id) const {
  service::LogFilter people;
  if (!scope_to(page, id, people)) return not_found(page);
  const policy::MonitoringSettings settings;
  auto report = app_.service.monitoring(id, people, settings);
  if (!report) return failed(page, report.error());
  const auto snapshot = app_.service.snapshots()->find(id);
  const auto clause = snapshot ? snapshot->clause_for("access.monitored") : std::string();
  auto data = app_.service.read([&](const State& s) -> std::optional<json> {
    const auto scope = this->scope(page, s, id);
    if (!scope.contract) return std::nullopt;
    const auto& c = *scope.contract;
    json denials = json::array(), unmatched = json::array(), anomalies = json::array();
    for (const auto& r : report->denials) denials.push_back(log_row(page, s, scope, r));
    for (const auto& r : report->unmatched_accesses) unmatched.push_back(log_row(page, s, scope, r));
    for (const auto& a : report->anomalies) {
      const auto key = "anomaly." + (a.code.starts_with("anomaly.") ? a.code.substr(8) : a.code);
      auto text =
          f(page, key, {{"count", std::to_string(a.count)}, {"usual", std::to_string(a.usual)}, {"hours", a.hours}});
      if (text == key) text = a.code;
      anomalies.push_back({{"text", text},
                           {"person", person_ref(page, s, a.person)},
                           {"day", date_text(catalog_, page.language, a.day)},
                           {"index", std::to_string(a.index)},
                           {"index_url", entry_url(a.index)}});
    }
    std::uint64_t anomaly_total = 0;
    for (const auto& [code, n] : report->anomaly_counts) anomaly_total += n;
    // The city's totals count everyone; a party's, its own people and its subcontractors'.
    const json totals = {{"heading", t(page, scope.access.city ? "monitoring.totals" : "monitoring.totals_parties")},
                         {"decisions", std::to_string(report->decisions)},
                         {"allows", std::to_string(report->allows)},
                         {"denies", std::to_string(report->denies)},
                         {"accesses", std::to_string(report->accesses)}};
    json out{{"contract", contract_head(page, c)},
             {"tabs", tabs(page, c, "monitoring")},
             {"basis", clause.empty() ? std::string() : f(page, "monitoring.basis", {{"clause", clause}})},
             {"totals", totals},
             {"denials", denials},
             {"has_denials", !denials.empty()},
             {"unmatched", unmatched},
             {"has_unmatched", !unmatched.empty()},
             {"anomalies", anomalies},
             {"has_anomalies", !anomalies.empty()},
             // A report lists the newest anomalies only; say so when there are more.
             {"anomalies_shown", anomaly_total > anomalies.size() ? f(page, "monitoring.anomalies_shown",
                                                                      {{"shown", std::to_string(anomalies.size())},
                                                                       {"total", std::to_string(anomaly_total)}})
                                                                  : std::string()},
             {"decisions_url", contract_url(c.id) + "/decisions?effect=deny"},
             {"access_url", contract_url(c.id) + "/access-events"}};
    return out;
  });
  if (!data) return not_found(page);
  // The title first: the data is moved into the call.
  const auto title = t(page, "monitoring.title") + " — " + (*data)["contract"]["number"].get<std::string>();
  return render(page, 200, "monitoring", title, std::move(*data));
}

// ---------------------------------------------------------------------------------------
// Receipt verification (public)

Response AssetPages::verify(Request& request) const {
  // Anyone may verify a receipt; a signed-in person keeps their header and menu.
  std::optional<auth::Principal> principal;
  if (auto found = api::authenticate(app_, request); found.ok() && found->has_value()) principal = **found;
  Page page{request, request.language(), principal ? &*principal : nullptr, request.path};
  nlohmann::json data{{"verify_js_href", verify_js_href_}};
  int status = 200;
  // The link on a receipt (its QR code) carries the receipt's ledger index and its token: the
  // page then shows what the ledger records, to compare with the paper.
  const auto index = request.query.find("index");
  const auto token = request.query.find("k");
  if (index != request.query.end() || token != request.query.end()) {
    std::uint64_t n = 0;
    const auto& digits = index == request.query.end() ? std::string() : index->second;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    auto found =
        ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && token != request.query.end()
            ? service::public_receipt(app_.service, n, token->second)
            : Result<service::PublicReceipt>(
                  make_error(ErrorKind::NotFound, "receipt.unknown", "その受領証は見つかりません", "no such receipt"));
    if (found) {
      auto record = found->receipt;
      record["index"] = std::to_string(found->index);
      record["origin"] = found->origin;
      record["documents"] = nlohmann::json::array();
      for (const auto& doc : found->documents)
        record["documents"].push_back({{"sha256", doc.sha256}, {"issued_at", format_utc(doc.at)}});
      data["record"] = std::move(record);
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
  }
  return render(page, status, "receipt_verify", t(page, "receipt_verify.title"), std::move(data));
}

// ---------------------------------------------------------------------------------------
// Routes

void AssetPages::register_routes(http::Router& router, const std::shared_ptr<AssetPages>& self) {
  auto page = [self](std::function<Response(const AssetPages&, const Page&)> body) {
    return signed_in_route(self, std::move(body), "dashboard");
  };
  auto param = [](const Page& page, const char* name) { return page.request.params.at(name); };
  const std::string c = "/contracts/{id}";

  router.get(c + "/asset-classes", "pages.asset_classes",
             page([param](const AssetPages& p, const Page& pg) { return p.classes(pg, param(pg, "id")); }));
  router.post(c + "/asset-classes", "pages.asset_class_define",
              page([param](const AssetPages& p, const Page& pg) { return p.define_class(pg, param(pg, "id")); }));
  router.get(c + "/assets", "pages.assets",
             page([param](const AssetPages& p, const Page& pg) { return p.register_page(pg, param(pg, "id")); }));
  router.post(c + "/assets", "pages.asset_register",
              page([param](const AssetPages& p, const Page& pg) { return p.register_asset(pg, param(pg, "id")); }));
  router.get(c + "/assets/{asset}", "pages.asset", page([param](const AssetPages& p, const Page& pg) {
               return p.asset(pg, param(pg, "id"), param(pg, "asset"));
             }));
  router.get(c + "/transfers", "pages.transfers",
             page([param](const AssetPages& p, const Page& pg) { return p.transfers(pg, param(pg, "id")); }));
  router.post(c + "/transfers", "pages.transfer_create",
              page([param](const AssetPages& p, const Page& pg) { return p.hand_over(pg, param(pg, "id")); }));
  router.post(c + "/transfers/{transfer}/acknowledge", "pages.transfer_acknowledge",
              page([param](const AssetPages& p, const Page& pg) {
                return p.acknowledge(pg, param(pg, "id"), param(pg, "transfer"));
              }));
  router.get(c + "/transfers/{transfer}/receipt.pdf", "pages.transfer_receipt",
             page([param](const AssetPages& p, const Page& pg) {
               return p.receipt(pg, param(pg, "id"), param(pg, "transfer"));
             }));
  router.get(c + "/decisions", "pages.decisions",
             page([param](const AssetPages& p, const Page& pg) { return p.log(pg, param(pg, "id"), false); }));
  router.get(c + "/access-events", "pages.access_events",
             page([param](const AssetPages& p, const Page& pg) { return p.log(pg, param(pg, "id"), true); }));
  router.get(c + "/monitoring", "pages.monitoring",
             page([param](const AssetPages& p, const Page& pg) { return p.monitoring(pg, param(pg, "id")); }));
  router.get("/receipts/verify", "pages.receipt_verify", [self](Request& r) { return self->verify(r); });
  // Drawing a PDF and reading logs and reports take long enough to run off the I/O threads.
  for (const auto* slow : {"pages.transfer_receipt", "pages.decisions", "pages.access_events", "pages.monitoring"})
    router.set_pace(slow, http::Pace::Slow);
}

}  // namespace

void register_asset_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<AssetPages>(app);
  pages->register_routes(router, pages);
}

}  // namespace itaku::web
