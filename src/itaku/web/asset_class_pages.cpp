// The asset classes of a contract (長野市 第3, 木更津市 第3条): each class's action × condition
// matrix, and the city's form to define a class or change one. The form is a matrix of
// checkboxes (an action allowed, its conditions, the approval it needs), read here into the
// class that domain::DefineAssetClass carries; the command's rule says who may define.

#include "itaku/web/asset_class_pages.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/domain/commands.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::ConditionKind;
using domain::State;
using http::Response;
using nlohmann::json;

// The conditions the class form offers as checkboxes; approvals have their own select.
constexpr ConditionKind kFormConditions[] = {
    ConditionKind::ContractActive, ConditionKind::OnRoster,        ConditionKind::LocationRegistered,
    ConditionKind::DeviceManaged,  ConditionKind::TrainingValid,   ConditionKind::ProvisionsAcknowledged,
    ConditionKind::NdaSigned,      ConditionKind::PurposeContract,
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
// The class's own members are fields from its declaration (form_fields<AssetClass>); its
// actions are a grid: per action allow.<action>, cond.<action>.<condition> and approval.<action>.

using Fields = std::map<std::string, std::string>;

std::string field(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

// The grid's fields for a class's actions, as its form sends them.
Fields grid_values(const domain::AssetClass& c) {
  Fields fields;
  for (const auto& [action, conditions] : c.actions) {
    const std::string name(domain::to_string(action));
    fields["allow." + name] = "yes";
    for (const auto& condition : conditions) {
      if (condition.kind != ConditionKind::Approval)
        fields["cond." + name + "." + std::string(domain::to_string(condition.kind))] = "yes";
      else
        fields.emplace("approval." + name, condition.parameter);  // the form offers one approval per action
    }
  }
  return fields;
}

domain::AssetClass class_from_form(const Fields& fields) {
  auto c = command_from_form<domain::AssetClass>(fields, {});
  for (const auto action : domain::kActions) {
    const std::string name(domain::to_string(action));
    if (field(fields, "allow." + name) != "yes") continue;
    auto& list = c.actions[action];
    for (const auto kind : kFormConditions)
      if (field(fields, "cond." + name + "." + std::string(domain::to_string(kind))) == "yes")
        list.push_back({kind, ""});
    if (const auto approval = field(fields, "approval." + name); !approval.empty())
      list.push_back({ConditionKind::Approval, approval});
  }
  return c;
}

class AssetClassPages : public PageViews {
 public:
  explicit AssetClassPages(api::AppContext& app) : PageViews(app, {"class_defined"}) {}

  Response classes(const Page& page, const std::string& id, int status = 200, const Fields* sent = nullptr,
                   const Error* error = nullptr) const;
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

Response AssetClassPages::classes(const Page& page, const std::string& id, int status, const Fields* sent,
                                  const Error* error) const {
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
             {"action", contract_url(c.id) + "/asset-classes"}};
    if (!scope.access.city_writer) return out;
    // The form: what was sent, else the class being changed, else a new class.
    Fields values;
    bool editing = false;
    if (sent) {
      values = *sent;
      editing = c.asset_classes.contains(field(values, "id"));
    } else if (auto it = c.asset_classes.find(edit); !edit.empty() && it != c.asset_classes.end()) {
      values = form_values(it->second);
      values.merge(grid_values(it->second));
      editing = true;
    }
    const auto form = class_from_form(values);
    json actions = json::array();
    for (const auto action : domain::kActions) {
      const std::string name(domain::to_string(action));
      const auto label = t(page, "assets.action." + name);
      const auto allowed = form.actions.find(action);
      auto has = [&](ConditionKind kind) {
        return allowed != form.actions.end() &&
               std::ranges::find(allowed->second, kind, &domain::Condition::kind) != allowed->second.end();
      };
      const auto approval = field(values, "approval." + name);
      json conditions = json::array();
      for (const auto kind : kFormConditions) {
        const std::string kind_name(domain::to_string(kind));
        conditions.push_back(
            {{"field", "cond." + name + "." + kind_name},
             {"dom_id", "cond-" + name + "-" + kind_name},
             {"checked", has(kind)},
             {"label", f(page, "asset_classes.condition_label",
                         {{"action", label}, {"condition", t(page, "assets.condition." + kind_name)}})}});
      }
      json options = json::array();
      options.push_back(
          {{"value", ""}, {"label", t(page, "asset_classes.approval_none")}, {"selected", approval.empty()}});
      for (const auto& type : types)
        options.push_back(
            {{"value", type}, {"label", t(page, "assets.approval_type." + type)}, {"selected", approval == type}});
      actions.push_back({{"name", name},
                         {"label", label},
                         {"allowed", allowed != form.actions.end()},
                         {"allowed_label", f(page, "asset_classes.allowed_label", {{"action", label}})},
                         {"conditions", conditions},
                         {"approval_options", options},
                         {"approval_label", f(page, "asset_classes.approval_label", {{"action", label}})}});
    }
    json condition_headers = json::array();
    for (const auto kind : kFormConditions)
      condition_headers.push_back(t(page, "assets.condition." + std::string(domain::to_string(kind))));
    auto fields = form_fields<domain::AssetClass>(page.language, values, error, {});
    out["form"] = {
        {"error", form_error(page, error, fields)},
        {"fields", std::move(fields)},
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
  const auto sent = page.request.form();
  const domain::DefineAssetClass command{id, class_from_form(sent)};
  const auto allowed = app_.service.read(
      [&](const State& s) { return this->allowed(s, page, this->scope(page, s, id).contract != nullptr, command); });
  return run_form(
      page, allowed, command, "asset_classes.denied",
      [&](const Error& error) { return classes(page, id, http_status(error.kind), &sent, &error); },
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
