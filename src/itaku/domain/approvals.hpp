#pragma once
// The city's prior written approval (承認) of what the provisions make subject to it: copying
// (長野市 第6, 木更津市 第3条(1)), taking out and bringing in information assets and entering them
// into computers the contract does not manage (長野市 第7, 木更津市 第3条(2)), providing them to a
// third party (長野市 第5, 木更津市 第3条(3)), bringing devices in and connecting them to the
// city's network (木更津市 第12条). The contractor's or a subcontractor's responsible person or
// information manager asks, stating what the action needs (approval.justified); the city's
// approver approves — with conditions if any — or refuses; the requester may withdraw a request
// not yet decided, and the city may revoke an approval. An approval in force allows exactly
// what it names, for its period, and, for copies, as many times as the copies approved
// (policy.cpp); each use is recorded (approval.used).
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_approval, are internal to the domain module: callers use decide().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// approval.requested: approval `id` (a-NNNN when left out) of `type` for the requester's party.
// Every type needs its purpose, the people who will act, the period and the security measures;
// the assets or classes concerned for the actions on information assets; the destination for
// taking out and providing; the number of copies for copying; the devices for bringing devices
// in and connecting them (approval_requirements).
struct RequestApproval {
  static constexpr std::string_view kName = "approval.request";
  std::string contract, id, type, organisation, purpose;
  std::vector<std::string> assets = {}, classes = {}, people = {}, devices = {};
  std::string destination, from, until;
  std::int64_t copies = 0;
  std::vector<std::string> measures = {};
  std::string note;
  static constexpr auto members() {
    using T = RequestApproval;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("申請番号", "Request id")
            .help("省略すると a-NNNN", "a-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("type", &T::type)
            .label("承認を求める行為", "Action to approve")
            .help("copy（複写・複製）、take_out（持ち出し）、bring_in（持ち込み）、input_unmanaged_computer"
                  "（管理外の電子計算機への入力）、provide_third_party（第三者への提供）、device_bring_in"
                  "（機器等の持ち込み）、network_connect（ネットワークへの接続）",
                  "copy, take_out, bring_in, input_unmanaged_computer, provide_third_party, device_bring_in, "
                  "network_connect"),
        schema::member("organisation", &T::organisation, Presence::Optional)
            .label("申請する当事者", "Requesting party")
            .help("省略すると申請者の所属", "the requester's organisation when left out")
            .refers("organisation"),
        schema::member("purpose", &T::purpose)
            .label("目的", "Purpose")
            .help("なぜその行為が業務に必要か", "why the work needs it")
            .format(schema::Format::Multiline)
            .max_length(1000),
        schema::member("assets", &T::assets, Presence::Optional)
            .label("対象の情報資産", "Assets concerned")
            .help("登録された情報資産のID（種類で指定するときは空）", "registered assets (empty when by class)")
            .refers("asset"),
        schema::member("classes", &T::classes, Presence::Optional)
            .label("対象の情報資産の種類", "Classes concerned")
            .help("その種類の情報資産すべてが対象になります", "every asset of these classes")
            .refers("asset_class"),
        schema::member("people", &T::people)
            .label("行為をする人", "People who will act")
            .help("体制表に記載された従事者", "workers on the party's roster")
            .refers("person"),
        schema::member("devices", &T::devices, Presence::Optional)
            .label("使用する機器・媒体", "Devices or media")
            .help("機器の管理番号や媒体（例: USB-012 暗号化USBメモリ）、1件200文字まで",
                  "asset tags or media (e.g. USB-012), up to 200 characters each"),
        schema::member("destination", &T::destination, Presence::Optional)
            .label("持出先・提供先", "Destination or recipient")
            .help("持ち出し・第三者提供では必須", "required to take out or provide")
            .max_length(500),
        schema::member("from", &T::from).label("期間（開始）", "From").format(schema::Format::Date),
        schema::member("until", &T::until).label("期間（終了）", "Until").format(schema::Format::Date),
        schema::member("copies", &T::copies, Presence::Optional)
            .label("部数", "Copies")
            .help("複写・複製では必須（1〜1000）", "required to copy (1–1000)"),
        schema::member("measures", &T::measures)
            .label("情報セキュリティ対策", "Security measures")
            .help("暗号化、施錠保管、持出簿への記録など、1件200文字まで",
                  "encryption, locked storage, the take-out log, …; up to 200 characters each"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(1000)};
  }
};

// approval.decided: the city's approver approves (with `conditions` if any) or refuses (with
// `reasons`, required) a request not yet decided. Never the requester themself.
struct DecideApproval {
  static constexpr std::string_view kName = "approval.decide";
  std::string contract, id;
  ApprovalOutcome outcome = ApprovalOutcome::Approved;
  std::string conditions, reasons;
  static constexpr auto members() {
    using T = DecideApproval;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id).label("申請番号", "Request id").refers("approval"),
                      schema::member("outcome", &T::outcome)
                          .label("判断", "Decision")
                          .help("approved（承認）又は refused（不承認）", "approved or refused"),
                      schema::member("conditions", &T::conditions, Presence::Optional)
                          .label("承認の条件", "Conditions")
                          .help("承認に付す条件（任意）", "conditions attached to the approval (optional)")
                          .format(schema::Format::Multiline)
                          .max_length(1000),
                      schema::member("reasons", &T::reasons, Presence::Optional)
                          .label("不承認の理由", "Reasons for refusal")
                          .help("不承認では必須", "required to refuse")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};

// approval.withdrawn: the requesting party withdraws a request the city has not decided.
struct WithdrawApproval {
  static constexpr std::string_view kName = "approval.withdraw";
  std::string contract, id, reason;
  static constexpr auto members() {
    using T = WithdrawApproval;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id).label("申請番号", "Request id").refers("approval"),
                      schema::member("reason", &T::reason, Presence::Optional)
                          .label("取下げの理由", "Reason")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};

// approval.revoked: the city revokes an approval in force; `reason` is required.
struct RevokeApproval {
  static constexpr std::string_view kName = "approval.revoke";
  std::string contract, id, reason;
  static constexpr auto members() {
    using T = RevokeApproval;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id).label("承認", "Approval").refers("approval"),
                      schema::member("reason", &T::reason)
                          .label("取消しの理由", "Reason")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};

// 複写・複製, 持ち出し, …: an approval type as a city officer reads it.
std::string_view approval_type_label_ja(std::string_view type);

// Which members a request of `type` must give (approval.justified): always the purpose, the
// people, the period and the measures, and these. Empty for a type that is not an approval type.
struct ApprovalRequirements {
  bool known = false;
  bool target = false;       // assets or classes
  bool destination = false;  // where it goes, to whom
  bool copies = false;       // how many
  bool devices = false;      // which devices or media
};
ApprovalRequirements approval_requirements(std::string_view type);

// The clause of the contract's provision set that makes `type` subject to the city's approval
// ("長野市 第6-2", as the policy cites it; "" when the set has no approval.required for `type`),
// or nullopt when its `origin` parameter leaves assets of `origin` out (長野市 第5-1: only what
// the city provided). Which actions on which classes need an approval at all is the class's
// conditions (approval:<type>).
std::optional<std::string> approval_clause(const State& state, const Contract& contract, std::string_view type,
                                           AssetOrigin origin);

Result<std::vector<Event>> decide_approval(const State& state, const RequestApproval& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_approval(const State& state, const DecideApproval& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_approval(const State& state, const WithdrawApproval& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_approval(const State& state, const RevokeApproval& c, const Actor& actor,
                                           Timestamp now);

}  // namespace itaku::domain
