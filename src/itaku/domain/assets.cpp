#include "itaku/domain/assets.hpp"

#include <algorithm>

#include "itaku/core/json_member.hpp"

namespace itaku::domain {

namespace {

struct ActionName {
  Action action;
  std::string_view id;
  std::string_view ja;
};
constexpr ActionName kActionNames[] = {
    {Action::Read, "read", "閲覧"},
    {Action::Write, "write", "編集"},
    {Action::Print, "print", "印刷"},
    {Action::Copy, "copy", "複写・複製"},
    {Action::TakeOut, "take_out", "持出し"},
    {Action::Export, "export", "外部出力"},
    {Action::Transmit, "transmit", "送信"},
    {Action::ProvideThirdParty, "provide_third_party", "第三者への提供"},
    {Action::InputUnmanagedComputer, "input_unmanaged_computer", "管理外の電子計算機への入力"},
};

constexpr std::pair<ConditionKind, std::string_view> kConditionNames[] = {
    {ConditionKind::ContractActive, "contract_active"},
    {ConditionKind::OnRoster, "on_roster"},
    {ConditionKind::LocationRegistered, "location_registered"},
    {ConditionKind::DeviceManaged, "device_managed"},
    {ConditionKind::TrainingValid, "training_valid"},
    {ConditionKind::ProvisionsAcknowledged, "provisions_acknowledged"},
    {ConditionKind::Approval, "approval"},
    {ConditionKind::PurposeContract, "purpose_contract"},
};

constexpr std::pair<AssetOrigin, std::string_view> kOrigins[] = {
    {AssetOrigin::City, "city"},
    {AssetOrigin::Created, "created"},
    {AssetOrigin::Acquired, "acquired"},
    {AssetOrigin::Copy, "copy"},
};

Error invalid_class(std::string detail) {
  return make_error(ErrorKind::Invalid, "asset_class.invalid", "情報資産の種類の定義が正しくありません",
                    "the asset class definition is malformed")
      .with("detail", std::move(detail));
}

bool has_control(const provisions::ProvisionSet& set, std::string_view id, std::string_view action = {}) {
  for (const auto& clause : set.clauses)
    for (const auto& control : clause.controls) {
      if (control.id != id) continue;
      if (action.empty()) return true;
      if (auto it = control.params.find("action"); it != control.params.end() && it->second == action) return true;
    }
  return false;
}

}  // namespace

std::string_view to_string(Action action) {
  for (const auto& a : kActionNames)
    if (a.action == action) return a.id;
  return "read";
}
std::optional<Action> action_from(std::string_view text) {
  for (const auto& a : kActionNames)
    if (a.id == text) return a.action;
  return std::nullopt;
}
std::string_view action_label_ja(Action action) {
  for (const auto& a : kActionNames)
    if (a.action == action) return a.ja;
  return "";
}

std::string_view to_string(ConditionKind kind) {
  for (const auto& [k, name] : kConditionNames)
    if (k == kind) return name;
  return "";
}

std::string to_string(const Condition& condition) {
  std::string text(to_string(condition.kind));
  if (condition.kind == ConditionKind::Approval) text += ":" + condition.parameter;
  return text;
}

Result<Condition> condition_from(std::string_view text) {
  const auto colon = text.find(':');
  const auto head = text.substr(0, colon);
  for (const auto& [kind, name] : kConditionNames) {
    if (name != head) continue;
    if (kind == ConditionKind::Approval) {
      const auto parameter = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
      if (parameter.empty())
        return make_error(ErrorKind::Invalid, "asset_class.condition_invalid",
                          "承認の条件には承認の種類が必要です（approval:copy など）",
                          "an approval condition names its type (approval:copy, …)")
            .with("condition", std::string(text));
      return Condition{kind, std::string(parameter)};
    }
    if (colon != std::string_view::npos) break;
    return Condition{kind, ""};
  }
  return make_error(ErrorKind::Invalid, "asset_class.condition_invalid", "未知の条件です",
                    "unknown condition (docs/POLICY.md lists them)")
      .with("condition", std::string(text));
}

nlohmann::json to_json(const AssetClass& c) {
  nlohmann::json actions = nlohmann::json::object();
  for (const auto& [action, conditions] : c.actions) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& condition : conditions) list.push_back(to_string(condition));
    actions[std::string(to_string(action))] = std::move(list);
  }
  return {{"id", c.id},
          {"name", c.name},
          {"name_en", c.name_en},
          {"sensitive", c.sensitive ? "yes" : "no"},
          {"actions", std::move(actions)}};
}

Result<AssetClass> asset_class_from_json(const nlohmann::json& value) {
  if (!value.is_object()) return invalid_class("not an object");
  AssetClass c;
  // Typed reads: a class arrives from the API and the CLI as well as from the ledger.
  c.id = TRY(string_member(value, "id", Presence::Optional));
  c.name = TRY(string_member(value, "name", Presence::Optional));
  c.name_en = TRY(string_member(value, "name_en", Presence::Optional));
  auto sensitive = TRY(string_member(value, "sensitive", Presence::Optional));
  if (sensitive.empty()) sensitive = "no";
  if (sensitive != "yes" && sensitive != "no") return invalid_class("sensitive is yes or no");
  c.sensitive = sensitive == "yes";
  const auto actions = value.value("actions", nlohmann::json::object());
  if (!actions.is_object()) return invalid_class("actions is an object of action → conditions");
  for (const auto& [name, conditions] : actions.items()) {
    const auto action = action_from(name);
    if (!action)
      return make_error(ErrorKind::Invalid, "asset_class.action_invalid", "未知の操作です",
                        "unknown action (docs/POLICY.md lists them)")
          .with("action", name);
    if (!conditions.is_array()) return invalid_class("each action has a list of conditions");
    auto& list = c.actions[*action];
    for (const auto& text : conditions) {
      if (!text.is_string()) return invalid_class("a condition is a string");
      auto condition = TRY(condition_from(text.get<std::string>()));
      if (std::find(list.begin(), list.end(), condition) == list.end()) list.push_back(std::move(condition));
    }
  }
  return c;
}

std::vector<AssetClass> default_asset_classes(const provisions::ProvisionSet& set) {
  // Every action needs an active contract, a person on the roster with the class in scope,
  // a registered work location and the contract's purpose (長野市 第1, 第3, 第5-1). Sensitive
  // classes also need what the set asks of people and devices. Each action the set puts under
  // approval needs a live approval of that type, whatever the class: the provisions cover
  // every information asset of the contract. Printing is copying onto paper and
  // export or transmission takes the information out (長野市 第6: 用紙、記録媒体等への複写).
  std::vector<Condition> base = {{ConditionKind::ContractActive, ""},
                                 {ConditionKind::OnRoster, ""},
                                 {ConditionKind::LocationRegistered, ""},
                                 {ConditionKind::PurposeContract, ""}};
  std::vector<Condition> guarded = base;
  if (has_control(set, "training.valid")) guarded.push_back({ConditionKind::TrainingValid, ""});
  if (has_control(set, "provisions.acknowledged")) guarded.push_back({ConditionKind::ProvisionsAcknowledged, ""});
  if (has_control(set, "device.registered")) guarded.push_back({ConditionKind::DeviceManaged, ""});

  auto approval_type = [](Action action) -> std::string_view {
    switch (action) {
      case Action::Print:
      case Action::Copy: return "copy";
      case Action::TakeOut:
      case Action::Export:
      case Action::Transmit: return "take_out";
      case Action::ProvideThirdParty: return "provide_third_party";
      case Action::InputUnmanagedComputer: return "input_unmanaged_computer";
      default: return "";
    }
  };
  auto make_class = [&](std::string id, std::string name, std::string name_en, bool sensitive) {
    AssetClass c{std::move(id), std::move(name), std::move(name_en), sensitive, {}, 0};
    for (const auto action : kActions) {
      auto conditions = sensitive ? guarded : base;
      const auto type = approval_type(action);
      const bool needs_approval = !type.empty() && has_control(set, "approval.required", type);
      if (action == Action::ProvideThirdParty && !needs_approval) continue;  // prohibited outright (長野市 第5-1)
      if (needs_approval) conditions.push_back({ConditionKind::Approval, std::string(type)});
      c.actions[action] = std::move(conditions);
    }
    return c;
  };
  return {make_class("personal", "個人情報", "Personal information", true),
          make_class("confidential", "機密", "Confidential", true), make_class("general", "一般", "General", false)};
}

std::string_view to_string(AssetOrigin origin) {
  for (const auto& [o, name] : kOrigins)
    if (o == origin) return name;
  return "created";
}
std::optional<AssetOrigin> asset_origin(std::string_view text) {
  for (const auto& [o, name] : kOrigins)
    if (name == text) return o;
  return std::nullopt;
}

}  // namespace itaku::domain

namespace itaku::schema {

nlohmann::json Codec<domain::AssetClass>::json_schema() {
  auto actions = nlohmann::json::array();
  for (const auto action : domain::kActions) actions.push_back(std::string(domain::to_string(action)));
  const nlohmann::json text = {{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}, {"title", "Class id"}, {"x-label-ja", "分類ID"}}},
            {"name", {{"type", "string"}, {"title", "Name"}, {"x-label-ja", "名称"}, {"maxLength", 100}}},
            {"name_en", {{"type", "string"}, {"title", "Name in English"}, {"maxLength", 200}}},
            {"sensitive",
             {{"type", "string"},
              {"enum", {"yes", "no"}},
              {"title", "Sensitive"},
              {"description", "denials are notified to the city (長野市 第3)"}}},
            {"actions",
             {{"type", "object"},
              {"title", "Conditions per action"},
              {"propertyNames", {{"enum", std::move(actions)}}},
              {"additionalProperties", {{"type", "array"}, {"items", text}}}}}}},
          {"required", {"id", "name"}}};
}

}  // namespace itaku::schema
