// The asset classes of a contract (長野市 第3, 木更津市 第3条): each class's action × condition
// matrix, and the city's form to define a class or change one. The form is a matrix of
// checkboxes (an action allowed, its conditions, the approval it needs), read here into the
// class that domain::DefineAssetClass carries; the command's rule says who may define.

#include "itaku/web/asset_class_pages.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/domain/commands.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::Action;
using domain::ConditionKind;
using domain::State;
using http::Response;
using nlohmann::json;

// The conditions the class form offers as checkboxes; approvals have their own select.
constexpr ConditionKind kFormConditions[] = {
    ConditionKind::ContractActive,  ConditionKind::OnRoster,      ConditionKind::LocationRegistered,
    ConditionKind::DeviceManaged,   ConditionKind::TrainingValid, ConditionKind::ProvisionsAcknowledged,
    ConditionKind::PurposeContract,
};

// The approval types the provisions' vocabulary knows (approval.required's "action").
std::vector<std::string> approval_types() {
  std::vector<std::string> out;
  if (const auto* control = provisions::find_control("approval.required"))
    for (const auto& parameter : control->parameters)
      if (parameter.name == "action")
        for (const auto& value : parameter.allowed) out.emplace_back(value);
  return out;
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
  domain::AssetClass c{form.id, form.name, form.name_en, form.sensitive, {}, 0};
  for (const auto& [action, a] : form.actions) {
    if (!a.allowed) continue;
    auto& list = c.actions[action];
    for (const auto kind : kFormConditions)
      if (a.conditions.contains(kind)) list.push_back({kind, ""});
    if (!a.approval.empty()) list.push_back({ConditionKind::Approval, a.approval});
  }
  return c;
}

class AssetClassPages : public PageViews {
 public:
  explicit AssetClassPages(api::AppContext& app) : PageViews(app, {"class_defined"}) {}

  Response classes(const Page& page, const std::string& id, int status = 200,
                   std::optional<ClassForm> typed = std::nullopt, const std::string& error = {}) const;
  Response define_class(const Page& page, const std::string& id) const;

 private:
  std::string condition_label(const Page& page, const domain::Condition& condition) const;
};

std::string AssetClassPages::condition_label(const Page& page, const domain::Condition& condition) const {
  const std::string kind(domain::to_string(condition.kind));
  if (condition.kind != ConditionKind::Approval) return t(page, "assets.condition." + kind);
  const auto key = "assets.approval_type." + condition.parameter;
  const auto type = t(page, key);
  return f(page, "assets.condition.approval", {{"type", type == key ? condition.parameter : type}});
}

Response AssetClassPages::classes(const Page& page, const std::string& id, int status, std::optional<ClassForm> typed,
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
  return contract_page(page, status, "asset_classes", "asset_classes.title", std::move(data));
}

Response AssetClassPages::define_class(const Page& original, const std::string& id) const {
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

}  // namespace

void register_asset_class_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<AssetClassPages>(app), "dashboard");
  router.get("/contracts/{id}/asset-classes", "pages.asset_classes",
             page([](const AssetClassPages& p, const Page& pg) { return p.classes(pg, pg.param("id")); }));
  router.post("/contracts/{id}/asset-classes", "pages.asset_class_define",
              page([](const AssetClassPages& p, const Page& pg) { return p.define_class(pg, pg.param("id")); }));
}

}  // namespace itaku::web
