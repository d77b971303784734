#include "itaku/domain/contracts.hpp"

#include <chrono>
#include <optional>

#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/contract_events.hpp"
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
  if (from == ContractState::Closing && c.target == ContractState::Closed)
    step = make_event(ContractClosed{}, actor, now, c.contract);
  if (!step)
    return conflict("contract.invalid_transition", "契約の状態をその状態へは変更できません",
                    "the contract cannot move to that state from its current one")
        .with("from", std::string(to_string(from)))
        .with("to", std::string(to_string(c.target)));
  return std::vector{std::move(*step)};
}

}  // namespace itaku::domain
