#pragma once
// Information assets (長野市 第3, 第8; 木更津市 第3条, 第11条(3)(4)); docs/POLICY.md: their
// classes, the register, hand-overs, receipts and denial notices.
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_asset, are internal to the domain module: callers use decide().

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/assets.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// asset_class.defined: the city defines a class of a contract's information assets or
// changes one (the whole definition each time).
struct DefineAssetClass {
  static constexpr std::string_view kName = "asset_class.define";
  std::string contract;
  AssetClass definition;
  static constexpr auto members() {
    using T = DefineAssetClass;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("definition", &T::definition)
                          .label("分類の定義", "Definition")
                          .help("docs/POLICY.md の形式", "as docs/POLICY.md describes")};
  }
};
// asset.registered: an entry in the register of the contract's information assets.
struct RegisterAsset {
  static constexpr std::string_view kName = "asset.register";
  std::string contract, id, asset_class, description, origin, copy_of, media, quantity, custodian, location;
  std::string approval = {};  // a copy: the approval it was made under
  static constexpr auto members() {
    using T = RegisterAsset;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id).label("資産番号", "Asset id").format(schema::Format::Id),
        schema::member("class", &T::asset_class).label("分類", "Class").refers("asset_class"),
        schema::member("description", &T::description).label("内容", "Description").max_length(1000),
        schema::member("origin", &T::origin)
            .label("由来", "Origin")
            .help("city（市から受領）、created（作成）、acquired（取得）または copy（複製）",
                  "city, created, acquired or copy"),
        schema::member("copy_of", &T::copy_of, Presence::Optional)
            .label("複製元", "Copy of")
            .help("複製のとき、元の資産", "for a copy, the original asset")
            .refers("asset"),
        schema::member("media", &T::media)
            .label("媒体", "Media")
            .help("紙、USBメモリ、ファイルなど", "paper, USB stick, file, …")
            .max_length(100),
        schema::member("quantity", &T::quantity, Presence::Optional).label("数量", "Quantity").max_length(100),
        schema::member("custodian", &T::custodian)
            .label("管理者", "Custodian")
            .help("資産を保管する人", "the person who holds it")
            .refers("person"),
        schema::member("location", &T::location, Presence::Optional).label("保管場所", "Location").max_length(300),
        schema::member("approval", &T::approval, Presence::Optional)
            .label("複製の承認", "Approval of the copy")
            .help("複製のとき、市の承認の申請番号（特記事項が複製に承認を求めるとき必須）",
                  "for a copy, the city's approval it was made under (required when the provisions ask for one)")
            .refers("approval")};
  }
};
// custody.transferred: a hand-over (授受) of assets from their custodian to another person.
// `id` may be empty: the next "t-NNNN" of the contract is used.
struct TransferAssets {
  static constexpr std::string_view kName = "custody.transfer";
  std::string contract, id;
  std::vector<std::string> assets;
  std::string from, to, note;
  static constexpr auto members() {
    using T = TransferAssets;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("授受番号", "Hand-over id")
            .help("省略すると t-NNNN", "t-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("assets", &T::assets).label("引き渡す情報資産", "Assets handed over").refers("asset"),
        schema::member("from", &T::from).label("引渡者", "From").refers("person"),
        schema::member("to", &T::to).label("受領者", "Receiver").refers("person"),
        schema::member("note", &T::note, Presence::Optional)
            .label("メモ", "Note")
            .help("引渡しの目的など", "the purpose of the hand-over, …")
            .format(schema::Format::Multiline)
            .max_length(1000)};
  }
};
// custody.acknowledged: the receiving side confirms the hand-over and custody moves; for a
// hand-over from the city this also issues the receipt (receipt.issued, 長野市 第8-2).
struct AcknowledgeTransfer {
  static constexpr std::string_view kName = "custody.acknowledge";
  std::string contract, transfer, by;
  static constexpr auto members() {
    using T = AcknowledgeTransfer;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("transfer", &T::transfer).label("授受", "Hand-over").refers("transfer"),
                      schema::member("by", &T::by).label("受領確認者", "Acknowledged by").refers("person")};
  }
};
// custody.cancelled: the handing side withdraws a hand-over the receiver has not acknowledged
// yet (the giver, or for the giver's party its responsible person or information manager, or
// the city's staff for the city's).
struct CancelTransfer {
  static constexpr std::string_view kName = "custody.cancel";
  std::string contract, transfer, by, reason;
  static constexpr auto members() {
    using T = CancelTransfer;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("transfer", &T::transfer).label("授受", "Hand-over").refers("transfer"),
                      schema::member("by", &T::by).label("取り消す人", "Cancelled by").refers("person"),
                      schema::member("reason", &T::reason)
                          .label("取消しの理由", "Reason")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};
// Whether `person` may receive assets of class `asset_class` on `contract` on `today` (JST): a
// person of the city, or one whose party's latest roster has them working that day and lets
// them view or use that class (木更津市 第11条(4), 長野市 第3). The hand-over's rule, and the
// list of receivers a form offers.
Result<void> check_receiver(const State& state, const Contract& contract, const std::string& person,
                            const AssetClass& asset_class, std::chrono::year_month_day today);

// notification.created for a denial on a sensitive class (長野市 第3: the city sees denials).
struct NotifyDenial {
  static constexpr std::string_view kName = "decision.notify_denial";
  std::string contract, person, action, asset_class, reason_code, clause;
  std::uint64_t decision_index = 0;
  static constexpr auto members() {
    using T = NotifyDenial;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("person", &T::person).label("拒否された人", "Person refused").refers("person"),
                      schema::member("action", &T::action).label("操作", "Action"),
                      schema::member("class", &T::asset_class).label("分類", "Class").refers("asset_class"),
                      schema::member("reason_code", &T::reason_code).label("拒否の理由", "Reason code"),
                      schema::member("clause", &T::clause).label("条項", "Clause"),
                      schema::member("decision_index", &T::decision_index).label("判定の台帳番号", "Decision entry")};
  }
};

Result<std::vector<Event>> decide_asset(const State& state, const DefineAssetClass& c, const Actor& actor,
                                        Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const RegisterAsset& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const TransferAssets& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const AcknowledgeTransfer& c, const Actor& actor,
                                        Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const CancelTransfer& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const NotifyDenial& c, const Actor& actor, Timestamp now);

}  // namespace itaku::domain
