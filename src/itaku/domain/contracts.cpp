#include "itaku/domain/contracts.hpp"

#include <chrono>

#include <fmt/format.h>
#include <optional>

#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/contract_events.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

Result<std::vector<Event>> decide_contract(const State& state, const ImportProvisions& c, const Actor& actor,
                                           Timestamp now) {
  auto set = TRY(provisions::parse_provision_set(c.source));
  if (const auto* existing = state.provision_set(set.name, set.version)) {
    if (existing->content_hash == set.content_hash)
      return conflict("provisions.already_imported", "同じ特記事項はすでに取り込まれています",
                      "this provision set is already imported")
          .with("name", set.name)
          .with("version", set.version);
    return conflict("provisions.version_exists",
                    "同じ版番号で内容の異なる特記事項がすでにあります。版番号を変えてください",
                    "a different set with this name and version exists; give it a new version")
        .with("name", set.name)
        .with("version", set.version);
  }
  return std::vector{
      make_event(ProvisionsImported{set.name, set.version, set.content_hash, set.municipality, set.title, set.source},
                 actor, now, "")};
}

Result<std::vector<Event>> decide_contract(const State& state, const CreateContract& c, const Actor& actor,
                                           Timestamp now) {
  TRY(check_id(c.id, "id"));
  if (state.contract(c.id))
    return conflict("contract.exists", "そのIDの契約はすでにあります", "a contract with that id exists")
        .with("id", c.id);
  TRY(check_required(c.number, "number"));
  if (state.contract_by_number(c.number))
    return conflict("contract.number_taken", "その契約番号はすでに使われています", "that contract number is taken")
        .with("number", c.number);
  TRY(check_required(c.title, "title"));
  TRY(check_required(c.department, "department"));
  TRY(check_required(c.work_description, "work_description"));
  const auto* city = state.organisation(c.city);
  if (!city || city->kind != OrganisationKind::City)
    return invalid("contract.city_invalid", "甲には種別 city の団体を指定してください",
                   "甲 must be an organisation of kind city")
        .with("organisation", c.city);
  const auto* contractor = state.organisation(c.contractor);
  if (!contractor || contractor->kind == OrganisationKind::City)
    return invalid("contract.contractor_invalid", "乙には受託事業者を指定してください",
                   "乙 must be a contractor organisation")
        .with("organisation", c.contractor);
  const auto from = TRY(parse_date(c.period_from));
  const auto until = TRY(parse_date(c.period_until));
  if (std::chrono::sys_days(until) < std::chrono::sys_days(from))
    return invalid("contract.period_reversed", "契約期間の終了日が開始日より前です",
                   "the contract period ends before it starts");
  const auto* set = c.provisions_version.empty() ? state.latest_provision_set(c.provisions_name)
                                                 : state.provision_set(c.provisions_name, c.provisions_version);
  if (!set)
    return not_found("contract.provisions_unknown", "指定の特記事項が取り込まれていません",
                     "no such provision set is imported", c.provisions_name + "@" + c.provisions_version);
  // The contract pins the set's exact content: a later version does not change it. Its
  // asset classes start from what the set requires (docs/POLICY.md); the city edits them.
  std::vector<Event> events{
      make_event(ContractCreated{c.number, c.title, c.department, c.city, c.contractor, c.period_from, c.period_until,
                                 c.work_description, ProvisionRef{set->name, set->version, set->content_hash}},
                 actor, now, c.id)};
  for (auto& asset_class : default_asset_classes(*set))
    events.push_back(make_event(AssetClassDefined{std::move(asset_class)}, actor, now, c.id));
  return events;
}

Result<std::vector<Event>> decide_contract(const State& state, const AddSubcontractor& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* org = state.organisation(c.organisation);
  if (!org) return not_found("organisation.unknown", "団体が見つかりません", "no such organisation", c.organisation);
  if (org->kind == OrganisationKind::City)
    return invalid("contract.subcontractor_invalid", "市を再委託先にすることはできません",
                   "a city cannot be a subcontractor");
  if (contract->party(c.organisation))
    return conflict("contract.party_exists", "この団体はすでに契約の当事者です",
                    "this organisation is already a party");
  const auto* parent = contract->party(c.parent);
  if (!parent || parent->role == PartyRole::City)
    return invalid("contract.parent_invalid", "再委託元には乙または丙を指定してください（長野市 第11-3）",
                   "the engaging party must be the contractor or a subcontractor (Nagano 第11-3)")
        .with("parent", c.parent);
  return std::vector{make_event(SubcontractorAdded{c.organisation, c.parent}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_contract(const State& state, const ChangeContractState& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  const auto from = contract->state;
  std::optional<Event> step;
  if (from == ContractState::Draft && c.target == ContractState::Active)
    step = make_event(ContractActivated{}, actor, now, c.contract);
  if (from == ContractState::Active && c.target == ContractState::Closing)
    step = make_event(ContractClosingStarted{}, actor, now, c.contract);
  if (from == ContractState::Closing && c.target == ContractState::Closed) {
    // Nothing of the city's data may be left anywhere (長野市 第9, 木更津市 第5条, 第14条).
    if (const auto outstanding = closing_outstanding(state, *contract); !outstanding.empty()) {
      std::string ja, en;
      for (const auto& item : outstanding) {
        ja += fmt::format("\n・{}{}", item.ja, item.clause.empty() ? "" : "（" + item.clause + "）");
        en += fmt::format("\n- {}{}", item.en, item.clause.empty() ? "" : " (" + item.clause + ")");
      }
      return conflict(
                 "contract.outstanding",
                 fmt::format("返還・廃棄・消去等が済んでいないため契約を終了できません（{}件）:{}", outstanding.size(),
                             ja),
                 fmt::format("the contract cannot close while {} item(s) are outstanding:{}", outstanding.size(), en))
          .with("outstanding", std::to_string(outstanding.size()));
    }
    step = make_event(ContractClosed{}, actor, now, c.contract);
  }
  if (!step)
    return conflict("contract.invalid_transition", "契約の状態をその状態へは変更できません",
                    "the contract cannot move to that state from its current one")
        .with("from", std::string(to_string(from)))
        .with("to", std::string(to_string(c.target)));
  return std::vector{std::move(*step)};
}

Result<std::vector<Event>> decide_contract(const State& state, const AmendContract& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  TRY(check_required(c.note, "note"));
  ContractAmended amended{c.note, std::nullopt, "", ""};
  if (!c.provisions_version.empty() && c.provisions_version != contract->provisions.version) {
    const auto* set = state.provision_set(contract->provisions.name, c.provisions_version);
    if (!set)
      return not_found("contract.provisions_unknown", "指定の版の特記事項が取り込まれていません",
                       "no such version of the contract's provision set is imported",
                       contract->provisions.name + "@" + c.provisions_version)
          .with("field", "provisions_version");
    amended.provisions = ProvisionRef{set->name, set->version, set->content_hash};
  }
  if (!c.period_until.empty() && c.period_until != contract->period_until) {
    auto until = parse_date(c.period_until);
    if (!until) return until.release_error().with("field", "period_until");
    if (std::chrono::sys_days(*until) < std::chrono::sys_days(*parse_date(contract->period_from)))
      return invalid("contract.period_reversed", "契約期間の終了日が開始日より前です",
                     "the contract period ends before it starts")
          .with("field", "period_until");
    amended.period_until = c.period_until;
  }
  if (!c.work_description.empty() && c.work_description != contract->work_description)
    amended.work_description = c.work_description;
  std::vector<Event> events{make_event(amended, actor, now, c.contract)};
  // The contractor and each subcontractor are told that their workers acknowledge the
  // provisions again (木更津市 第7条: 周知).
  std::size_t offset = 0;
  const auto version = amended.provisions ? amended.provisions->version : contract->provisions.version;
  // The clause of the set that asks for the acknowledgement, where it does.
  std::string clause;
  if (const auto* set = state.provision_set(contract->provisions.name, version))
    for (const auto& k : set->clauses)
      for (const auto& control : k.controls)
        if (control.id == "provisions.acknowledged")
          clause = fmt::format("（{} {}）", set->municipality, control.cites);
  for (const auto& party : contract->parties) {
    if (party.role == PartyRole::City) continue;
    const auto body = fmt::format(
        "契約 {} {} の変更が記録されました。\n変更の内容: {}\n"
        "業務従事者は特記事項（{} {}）をあらためて確認してください{}。"
        "確認するまで、確認を条件とする情報資産の取扱いは許可されません。",
        contract->number, contract->title, c.note, contract->provisions.name, version, clause);
    events.push_back(make_event(
        NotificationCreated{notification_id(state, offset++), "contract.amended", party.organisation,
                            fmt::format("【変更契約】{} 特記事項の再確認", contract->number),
                            fmt::format("Contract {} amended: acknowledge the provisions again", contract->number),
                            body, fmt::format("amendment:{}:{}", contract->id, contract->amendments.size() + 1)},
        actor, now, c.contract));
  }
  return events;
}

}  // namespace itaku::domain
