#pragma once
// Provision sets and contracts: a set imported with its whole text, a contract created on a
// pinned set between a city (甲) and a contractor (乙), subcontractors (丙) engaged below them
// (長野市 第11-3), and the lifecycle draft → active → closing → closed.
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_contract, are internal to the domain module: callers use decide().

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

struct ImportProvisions {
  static constexpr std::string_view kName = "provisions.import";
  std::string source;  // TOML text
  static constexpr auto members() {
    using T = ImportProvisions;
    return std::tuple{schema::member("source", &T::source)
                          .label("特記事項（TOML）", "Provisions (TOML)")
                          .help("docs/PROVISIONS.md の形式", "in the format of docs/PROVISIONS.md")
                          .format(schema::Format::Multiline)};
  }
};
struct CreateContract {
  static constexpr std::string_view kName = "contract.create";
  std::string id, number, title, department, city, contractor, period_from, period_until, work_description;
  std::string provisions_name;
  std::string provisions_version;  // empty: the newest imported version
  static constexpr auto members() {
    using T = CreateContract;
    return std::tuple{
        schema::member("id", &T::id).label("契約ID", "Contract id").format(schema::Format::Id),
        schema::member("number", &T::number).label("契約番号", "Contract number").max_length(100),
        schema::member("title", &T::title).label("件名", "Title").max_length(300),
        schema::member("department", &T::department).label("担当課", "Department").max_length(200),
        schema::member("city", &T::city).label("発注者（市）", "City").refers("organisation"),
        schema::member("contractor", &T::contractor).label("受託者", "Contractor").refers("organisation"),
        schema::member("period_from", &T::period_from)
            .label("契約期間（開始）", "Period from")
            .format(schema::Format::Date),
        schema::member("period_until", &T::period_until)
            .label("契約期間（終了）", "Period until")
            .format(schema::Format::Date),
        schema::member("work_description", &T::work_description)
            .label("業務内容", "Work")
            .help("委託する業務とその目的（長野市 第5-1: 目的外利用の禁止）", "the work and its purpose (長野市 第5-1)")
            .format(schema::Format::Multiline)
            .max_length(4000),
        schema::member("provisions_name", &T::provisions_name)
            .label("特記事項", "Provisions")
            .help("取り込み済みの特記事項の名前", "the name of an imported provision set")
            .refers("provisions"),
        schema::member("provisions_version", &T::provisions_version, Presence::Optional)
            .label("特記事項の版", "Provisions version")
            .help("省略すると最新の版", "the newest when left out")};
  }
};
struct AddSubcontractor {
  static constexpr std::string_view kName = "contract.add_subcontractor";
  std::string contract, organisation, parent;
  static constexpr auto members() {
    using T = AddSubcontractor;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("再委託先", "Subcontractor").refers("organisation"),
        schema::member("parent", &T::parent)
            .label("委託元", "Commissioned by")
            .help("受託者または上位の再委託先", "the contractor or the subcontractor above")
            .refers("organisation")};
  }
};
struct ChangeContractState {
  static constexpr std::string_view kName = "contract.change_state";
  std::string contract;
  ContractState target = ContractState::Active;
  static constexpr auto members() {
    using T = ChangeContractState;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("target", &T::target).label("新しい状態", "New state")};
  }
};
// contract.amended: a 変更契約 recorded by the city — why (`note`), and the provision set's
// version the contract now follows, its new last day or its new work, each left out when
// unchanged. The workers acknowledge the provisions again afterwards (木更津市 第7条).
struct AmendContract {
  static constexpr std::string_view kName = "contract.amend";
  std::string contract, note, provisions_version, period_until, work_description;
  static constexpr auto members() {
    using T = AmendContract;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("note", &T::note)
                          .label("変更の内容と理由", "What changed and why")
                          .help("変更契約の件名、締結日など", "the amendment's title, the day it was concluded…")
                          .format(schema::Format::Multiline)
                          .max_length(2000),
                      schema::member("provisions_version", &T::provisions_version, Presence::Optional)
                          .label("特記事項の新しい版", "New provisions version")
                          .help("同じ特記事項の取り込み済みの版。変わらない場合は空欄",
                                "an imported version of the same set; empty when unchanged")
                          .max_length(64),
                      schema::member("period_until", &T::period_until, Presence::Optional)
                          .label("新しい契約期間（終了）", "New period until")
                          .help("変わらない場合は空欄", "empty when unchanged")
                          .format(schema::Format::Date),
                      schema::member("work_description", &T::work_description, Presence::Optional)
                          .label("新しい業務内容", "New work")
                          .help("変わらない場合は空欄", "empty when unchanged")
                          .format(schema::Format::Multiline)
                          .max_length(4000)};
  }
};

Result<std::vector<Event>> decide_contract(const State& state, const ImportProvisions& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_contract(const State& state, const CreateContract& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_contract(const State& state, const AddSubcontractor& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_contract(const State& state, const ChangeContractState& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_contract(const State& state, const AmendContract& c, const Actor& actor,
                                           Timestamp now);

}  // namespace itaku::domain
