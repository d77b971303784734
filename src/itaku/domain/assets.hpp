#pragma once
// Information assets of a contract: their classes with the actions each allows and the
// conditions of each action (長野市 第3, 木更津市 第3条, 第11条(4)), the register of assets and
// every hand-over between custodians (授受, 木更津市 第11条(3)), and the receipts for what the
// city hands over (受領証, 長野市 第8-2). Plain data; the rules are in asset_commands.cpp.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/provisions/provision_set.hpp"

namespace itaku::domain {

// What a person may do with an asset. The list is closed: the policy engine and the
// provisions' approval types (vocabulary.cpp) know each of them.
enum class Action {
  Read,
  Write,
  Print,
  Copy,
  TakeOut,
  Export,
  Transmit,
  ProvideThirdParty,
  InputUnmanagedComputer,
};
inline constexpr std::size_t kActionCount = 9;
inline constexpr std::array<Action, kActionCount> kActions = {Action::Read,
                                                              Action::Write,
                                                              Action::Print,
                                                              Action::Copy,
                                                              Action::TakeOut,
                                                              Action::Export,
                                                              Action::Transmit,
                                                              Action::ProvideThirdParty,
                                                              Action::InputUnmanagedComputer};
std::string_view to_string(Action action);
std::optional<Action> action_from(std::string_view text);
std::string_view action_label_ja(Action action);  // 閲覧, 複写, 持出し …

// A condition an action needs (docs/POLICY.md lists each, with the clause it serves).
enum class ConditionKind {
  ContractActive,          // the contract is active and the time within its period
  OnRoster,                // the person is on the current roster with the class in scope
  LocationRegistered,      // the work location is registered on the person's party roster
  DeviceManaged,           // the device is registered and managed
  TrainingValid,           // the person's training is valid
  ProvisionsAcknowledged,  // the person has acknowledged the provisions
  Approval,                // a live approval of a given type exists
  PurposeContract,         // the purpose is the contract's
};
std::string_view to_string(ConditionKind kind);

struct Condition {
  ConditionKind kind = ConditionKind::OnRoster;
  std::string parameter;  // Approval: the approval type ("copy", "take_out", …)
  bool operator==(const Condition&) const = default;
};
// "on_roster", "approval:copy", … as written in events and class definitions.
std::string to_string(const Condition& condition);
Result<Condition> condition_from(std::string_view text);

// A class of information assets (情報資産の種類). An action absent from `actions` is not
// allowed for the class at all.
struct AssetClass {
  std::string id;
  std::string name;  // 個人情報
  std::string name_en;
  bool sensitive = false;  // denials are notified to the city
  std::map<Action, std::vector<Condition>> actions;
  std::uint64_t defined_index = 0;  // ledger index of the definition in force
  Timestamp defined_at{};           // and when it was recorded
};

nlohmann::json to_json(const AssetClass& asset_class);
Result<AssetClass> asset_class_from_json(const nlohmann::json& value);

// The classes every new contract starts with, derived from the controls of its provision set
// (docs/POLICY.md): 個人情報 and 機密 (sensitive) and 一般.
std::vector<AssetClass> default_asset_classes(const provisions::ProvisionSet& set);

// Where an asset came from.
enum class AssetOrigin { City, Created, Acquired, Copy };
std::string_view to_string(AssetOrigin origin);
std::optional<AssetOrigin> asset_origin(std::string_view text);

// One entry of the register of information assets.
struct Asset {
  std::string id;
  std::string asset_class;  // class id
  std::string description;
  AssetOrigin origin = AssetOrigin::Created;
  std::string copy_of;  // for an approved copy: the original asset
  std::string media;    // 媒体: 紙, USBメモリ, ファイル, …
  std::string quantity;
  std::string custodian;         // person who holds it now
  std::string location;          // where it is kept
  std::string pending_transfer;  // a hand-over waiting for the receiver's acknowledgement
  std::uint64_t registered_index = 0;
};

// One hand-over (授受) of one or more assets from a person to a person. Custody moves when
// the receiving side acknowledges it; a hand-over from the city then has a receipt.
struct Transfer {
  std::string id;
  std::string contract;
  std::vector<std::string> assets;
  std::string from;  // person
  std::string to;    // person
  std::string from_organisation;
  std::string to_organisation;
  std::string note;
  Timestamp at{};
  std::uint64_t ledger_index = 0;
  std::optional<std::string> acknowledged_by;  // person
  std::optional<Timestamp> acknowledged_at;
  std::uint64_t acknowledged_index = 0;
  std::uint64_t receipt_index = 0;  // receipt.issued, 0 while none
  bool from_city = false;
};

}  // namespace itaku::domain

namespace itaku::schema {

// A class as events and commands write it (to_json / asset_class_from_json, which the API
// shares).
template <>
struct Codec<domain::AssetClass> {
  // Written by hand beside to_json / asset_class_from_json, which it describes.
  static nlohmann::json json_schema();
  static nlohmann::json encode(const domain::AssetClass& value) { return domain::to_json(value); }
  static std::optional<Problem> decode(const nlohmann::json& json, domain::AssetClass& out, const std::string& path) {
    auto value = domain::asset_class_from_json(json);
    if (!value) {
      const auto field = value.error().context.find("field");
      return Problem{Problem::Kind::Value,
                     field == value.error().context.end() ? path : child_path(path, field->second),
                     value.error().message};
    }
    out = value.release_value();
    return std::nullopt;
  }
};

}  // namespace itaku::schema
