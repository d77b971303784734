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
#include <tuple>
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
  NdaSigned,               // the person has signed an NDA (秘密保持契約) for the contract
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
std::optional<Condition> condition_from(std::string_view text);

}  // namespace itaku::domain

namespace itaku::schema {

template <>
struct Codec<domain::Action>
    : EnumCodec<domain::Action, static_cast<std::string_view (*)(domain::Action)>(&domain::to_string),
                &domain::action_from> {};

// A condition as class definitions write it: "on_roster", "approval:copy" (docs/POLICY.md).
template <>
struct Codec<domain::Condition> {
  static nlohmann::json json_schema();
  static nlohmann::json encode(const domain::Condition& value) { return domain::to_string(value); }
  static std::optional<Problem> decode(const nlohmann::json& json, domain::Condition& out, const std::string& path);
};

}  // namespace itaku::schema

namespace itaku::domain {

// A class of information assets (情報資産の種類). An action absent from `actions` is not
// allowed for the class at all. Events, the API and the CLI write it as its members declare
// (asset_class.defined; contract.created carries the first ones).
struct AssetClass {
  std::string id;
  std::string name;  // 個人情報
  std::string name_en;
  bool sensitive = false;  // denials are notified to the city
  std::map<Action, std::vector<Condition>> actions;
  // The state's, not members: the definition in force, and when it was recorded.
  std::uint64_t defined_index = 0;
  Timestamp defined_at{};

  static constexpr auto members() {
    using T = AssetClass;
    return std::tuple{
        schema::member("id", &T::id)
            .label("識別子", "Identifier")
            .help("半角英小文字・数字・ハイフン（例: "
                  "personal）。既存の識別子を入力すると、その種類の定義を置き換えます。",
                  "Lower-case letters, digits and hyphens (e.g. personal). An existing identifier replaces that "
                  "class's definition.")
            .format(schema::Format::Id),
        schema::member("name", &T::name).label("名称", "Name").max_length(100),
        schema::member("name_en", &T::name_en, Presence::Optional).label("英語の名称", "English name").max_length(200),
        schema::yes_no("sensitive", &T::sensitive, Presence::Optional)
            .label("重要な種類とする（操作が拒否されたら市に通知する）", "Sensitive class (notify the city of denials)")
            .help("長野市 第3", "Nagano 第3"),
        schema::member("actions", &T::actions, Presence::Optional)
            .label("操作ごとの条件", "Conditions per action")
            .help("許可する操作と、それぞれに必要な条件（docs/POLICY.md）。ない操作は許可されない",
                  "the actions the class allows, each with the conditions it needs (docs/POLICY.md); an action "
                  "left out is not allowed")};
  }
};

// The definition as it is recorded: each action's conditions listed once, in the order first
// given.
AssetClass without_repeated_conditions(AssetClass definition);

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
  std::string copy_of;   // for an approved copy: the original asset
  std::string approval;  // for a copy: the city's approval it was made under ("" when none was needed)
  std::string media;     // 媒体: 紙, USBメモリ, ファイル, …
  std::string quantity;
  std::string custodian;         // person who holds it now
  std::string location;          // where it is kept
  std::string pending_transfer;  // a hand-over waiting for the receiver's acknowledgement
  std::string disposal;          // the act that disposed of or erased it (DisposalRecord), once done
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
  // Withdrawn by the handing side before the receiver acknowledged it (custody.cancelled).
  std::optional<std::string> cancelled_by;  // person
  std::optional<Timestamp> cancelled_at;
  std::uint64_t cancelled_index = 0;
  std::string cancel_reason;
  // Waiting for the receiving side: neither acknowledged nor cancelled.
  bool pending() const { return !acknowledged_by && !cancelled_by; }
};

}  // namespace itaku::domain
