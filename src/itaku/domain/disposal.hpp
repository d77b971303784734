#pragma once
// 返還・廃棄・消去 and the end of a contract (長野市 第9, 木更津市 第5条, 第14条).
//
// - The city instructs that assets be returned, disposed of or erased by a day
//   (disposal.instruct; 長野市 第9-1 なお書き). At the end of the work (contract closing) every
//   asset still out is due by the deadline of the set's return.timely control.
// - A party records disposing of or erasing assets it holds (assets.dispose): the method (NIST
//   SP 800-88 Clear / Purge / Destroy, or the city's own wording), the media, who did it, who
//   witnessed it and when. A 廃棄・消去証明書 is then issued for that act (a document of its
//   entry; 長野市 第9-2, 木更津市 第5条-1). An asset is returned when it is handed back to the
//   city and the city acknowledges the hand-over (custody.transfer).
// - A party reports the assets it created or acquired and who keeps them after the contract
//   (created_assets.report); the city acknowledges the report (木更津市 第5条-2).
// - The contract closes only when nothing is outstanding (closing_outstanding).
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_disposal, are internal to the domain module: callers use decide().

#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// returned, disposed, erased.
std::span<const Term> dispositions();

// disposal.instructed: the city's person `by` instructs that `assets` (every asset still out when
// left out) be returned, disposed of or erased (`disposition`; any of them when left out) by `due`.
struct InstructDisposal {
  static constexpr std::string_view kName = "disposal.instruct";
  std::string contract, id;
  std::vector<std::string> assets = {};
  std::string disposition, due, note, by;
  static constexpr auto members() {
    using T = InstructDisposal;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("指示番号", "Instruction id")
            .help("省略すると i-NNNN", "i-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("assets", &T::assets, Presence::Optional)
            .label("対象の情報資産", "Assets")
            .help("省略すると返還・廃棄・消去されていない情報資産すべて", "every asset still out when left out")
            .refers("asset"),
        schema::member("disposition", &T::disposition, Presence::Optional)
            .label("指示の内容", "What to do")
            .help("returned（返還）、disposed（廃棄）、erased（消去）、省略するといずれか",
                  "returned, disposed or erased; any of them when left out"),
        schema::member("due", &T::due).label("期限", "Due").format(schema::Format::Date),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(1000),
        schema::member("by", &T::by).label("指示する職員", "Instructed by").refers("person")};
  }
};

// assets.disposed: party `organisation` (the acting person's when left out) disposed of or erased
// `assets` it holds.
struct DisposeAssets {
  static constexpr std::string_view kName = "assets.dispose";
  std::string contract, id, organisation;
  std::vector<std::string> assets = {};
  std::string disposition, method, media, performed_by, witnessed_by, performed_on, instruction, note;
  static constexpr auto members() {
    using T = DisposeAssets;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("記録番号", "Record id")
            .help("省略すると d-NNNN", "d-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("organisation", &T::organisation, Presence::Optional)
            .label("実施した当事者", "Party")
            .help("省略すると記録者の所属", "the recording person's organisation when left out")
            .refers("organisation"),
        schema::member("assets", &T::assets)
            .label("廃棄・消去した情報資産", "Assets disposed of or erased")
            .help("当事者の者が保管している情報資産（複製物を含む）", "assets the party holds, copies included")
            .refers("asset"),
        schema::member("disposition", &T::disposition)
            .label("廃棄・消去の別", "Disposal or erasure")
            .help("disposed（廃棄）又は erased（消去）", "disposed or erased"),
        schema::member("method", &T::method)
            .label("方法", "Method")
            .help("例: NIST SP 800-88 Purge（暗号化消去）、シュレッダー裁断、市の指定する方法",
                  "e.g. NIST SP 800-88 Purge (cryptographic erase), shredding, the city's own wording")
            .max_length(300),
        schema::member("media", &T::media, Presence::Optional)
            .label("記録されていた媒体", "Media")
            .help("省略すると台帳の媒体", "as in the register when left out")
            .max_length(300),
        schema::member("performed_by", &T::performed_by).label("実施者", "Performed by").refers("person"),
        schema::member("witnessed_by", &T::witnessed_by, Presence::Optional)
            .label("立会者", "Witnessed by")
            .refers("person"),
        schema::member("performed_on", &T::performed_on).label("実施日", "Performed on").format(schema::Format::Date),
        schema::member("instruction", &T::instruction, Presence::Optional)
            .label("市の指示", "The city's instruction")
            .help("指示に基づくときの指示番号", "the instruction it answers, if any")
            .refers("disposal_instruction"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(1000)};
  }
};

// created_assets.reported: party `organisation` (the acting person's when left out) reports the
// assets it created or acquired for the contract — `assets`, every one it holds that was not
// disposed of or erased when left out — kept after the contract by `keeper`; `by` reports.
struct ReportCreatedAssets {
  static constexpr std::string_view kName = "created_assets.report";
  std::string contract, organisation;
  std::vector<std::string> assets = {};
  std::string keeper, note, by;
  static constexpr auto members() {
    using T = ReportCreatedAssets;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("organisation", &T::organisation, Presence::Optional)
                          .label("報告する当事者", "Reporting party")
                          .help("省略すると報告者の所属", "the reporting person's organisation when left out")
                          .refers("organisation"),
                      schema::member("assets", &T::assets, Presence::Optional)
                          .label("作成・取得した情報資産", "Assets created or acquired")
                          .help("省略すると当事者が保管する作成・取得した情報資産すべて",
                                "every created or acquired asset the party holds when left out")
                          .refers("asset"),
                      schema::member("keeper", &T::keeper)
                          .label("契約終了後の取扱責任者", "Keeper after the contract")
                          .refers("person"),
                      schema::member("note", &T::note, Presence::Optional)
                          .label("内容・備考", "Contents and note")
                          .format(schema::Format::Multiline)
                          .max_length(2000),
                      schema::member("by", &T::by).label("報告する人", "Reported by").refers("person")};
  }
};

// created_assets.acknowledged: the city's person `by` acknowledges party `organisation`'s latest
// report.
struct AcknowledgeCreatedAssets {
  static constexpr std::string_view kName = "created_assets.acknowledge";
  std::string contract, organisation, by;
  static constexpr auto members() {
    using T = AcknowledgeCreatedAssets;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("organisation", &T::organisation)
                          .label("報告した当事者", "Reporting party")
                          .refers("organisation"),
                      schema::member("by", &T::by).label("受領する職員", "Acknowledged by").refers("person")};
  }
};

Result<std::vector<Event>> decide_disposal(const State& state, const InstructDisposal& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_disposal(const State& state, const DisposeAssets& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_disposal(const State& state, const ReportCreatedAssets& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_disposal(const State& state, const AcknowledgeCreatedAssets& c, const Actor& actor,
                                           Timestamp now);

// The clause of the contract's own set that control `id` cites ("長野市 第9-2"), "" when the set
// has no such control.
std::string control_clause(const State& state, const Contract& contract, std::string_view id);

// Whether an asset is settled: disposed of or erased, or back in the city's custody with no
// hand-over pending.
bool asset_settled(const State& state, const Contract& contract, const Asset& asset);
// The party whose people hold `asset` ("" when its custodian is unknown).
std::string asset_party(const State& state, const Asset& asset);

// What keeps a contract from closing, each with the clause of the contract's own set it rests on:
// assets not returned, disposed of or erased (return.timely); acts of disposal or erasure without a
// certificate (disposal.certified, for the scope its `scope` gives); parties whose created or
// acquired assets have no acknowledged report (created_assets.reported); hand-overs pending;
// badges out; devices still in use, and media destroyed but not reported (media.destruction_reported).
struct Outstanding {
  std::string kind;          // asset, certificate, created_assets, transfer, badge, device, destruction_report
  std::string id;            // of the asset, record, party, hand-over, badge or device
  std::string organisation;  // the party that must act
  std::string clause;
  std::string ja, en;
};
std::vector<Outstanding> closing_outstanding(const State& state, const Contract& contract);

}  // namespace itaku::domain
