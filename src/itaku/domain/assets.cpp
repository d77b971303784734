#include "itaku/domain/assets.hpp"

#include <algorithm>

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
    {ConditionKind::NdaSigned, "nda_signed"},
    {ConditionKind::Approval, "approval"},
    {ConditionKind::PurposeContract, "purpose_contract"},
};

constexpr std::pair<AssetOrigin, std::string_view> kOrigins[] = {
    {AssetOrigin::City, "city"},
    {AssetOrigin::Created, "created"},
    {AssetOrigin::Acquired, "acquired"},
    {AssetOrigin::Copy, "copy"},
};

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

std::optional<Condition> condition_from(std::string_view text) {
  const auto colon = text.find(':');
  const auto head = text.substr(0, colon);
  for (const auto& [kind, name] : kConditionNames) {
    if (name != head) continue;
    // Only an approval names its type, and it must (approval:copy).
    const auto parameter = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if ((kind == ConditionKind::Approval) != (colon != std::string_view::npos) ||
        (colon != std::string_view::npos && parameter.empty()))
      return std::nullopt;
    return Condition{kind, std::string(parameter)};
  }
  return std::nullopt;
}

AssetClass without_repeated_conditions(AssetClass definition) {
  for (auto& [action, conditions] : definition.actions) {
    std::vector<Condition> once;
    for (auto& condition : conditions)
      if (std::ranges::find(once, condition) == once.end()) once.push_back(std::move(condition));
    conditions = std::move(once);
  }
  return definition;
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

nlohmann::json Codec<domain::Condition>::json_schema() {
  // Built by appending: g++ 12 at -O3 reports a false -Wrestrict on `"|" + std::string(…)`.
  std::string pattern = "^(";
  for (const auto& [kind, name] : domain::kConditionNames) {
    if (kind == domain::ConditionKind::Approval) continue;
    pattern += name;
    pattern += '|';
  }
  pattern += "approval:[a-z_]+)$";
  return {{"type", "string"},
          {"pattern", pattern},
          {"description", "a condition of docs/POLICY.md; an approval names its type (approval:copy)"}};
}

std::optional<Problem> Codec<domain::Condition>::decode(const nlohmann::json& json, domain::Condition& out,
                                                        const std::string& path) {
  if (!json.is_string()) return wrong_type(path);
  auto condition = domain::condition_from(json.get_ref<const std::string&>());
  if (!condition)
    return Problem{Problem::Kind::Value, path,
                   "a condition of docs/POLICY.md (on_roster, …); an approval names its type (approval:copy)"};
  out = std::move(*condition);
  return std::nullopt;
}

}  // namespace itaku::schema
