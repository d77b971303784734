// The controls of information assets: their classes and access rules (contract-wide), and the
// register, hand-overs and receipts (per party).

#include <algorithm>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"

namespace itaku::compliance {

namespace {

// The contract as a whole has no party of its own: its obligations start with the contract.
Finding no_classes(const Context& context) {
  const auto& deadline = context.contract.period_from;
  return by_deadline(
      context, deadline,
      {{context.contract.created_index},
       fmt::format("情報資産の種類がまだ定義されていません（作業開始 {} までに必要）", deadline),
       fmt::format("no class of information assets is defined yet (needed before the work starts on {})", deadline)});
}

std::vector<std::uint64_t> class_indices(const domain::Contract& contract) {
  std::vector<std::uint64_t> indices;
  for (const auto& [id, cls] : contract.asset_classes) indices.push_back(cls.defined_index);
  return first_indices(indices);
}

// The hand-over still waiting for the receiving side that was made first, among `transfers`.
const domain::Transfer* oldest_pending(const std::vector<const domain::Transfer*>& transfers) {
  const domain::Transfer* oldest = nullptr;
  for (const auto* t : transfers)
    if (!t->acknowledged_at && (!oldest || t->at < oldest->at)) oldest = t;
  return oldest;
}

// A hand-over still waiting for the receiving side: due for the control's `within` after it was made,
// violated after. `what_ja`/`what_en` say whose it is, `act_ja`/`act_en` what it waits for.
Finding waiting(const Context& context, const domain::Transfer& t, const std::string& what_ja,
                const std::string& what_en, std::string_view act_ja, std::string_view act_en) {
  const auto deadline = plus_parameter(context, date_of(t.at), "within");
  return by_deadline(context, deadline,
                     {{t.ledger_index},
                      fmt::format("{} {}（台帳 #{}、{}）{}が未了です（期限 {}）", what_ja, t.id, t.ledger_index,
                                  date_of(t.at), act_ja, deadline),
                      fmt::format("hand-over {} {} (entry #{}, {}) awaits {} (by {})", t.id, what_en, t.ledger_index,
                                  date_of(t.at), act_en, deadline)});
}

}  // namespace

// 長野市 第3: この契約に関わる情報資産の種類を定義し. Met when the contract has classes; due until
// the work starts without one, violated after.
Finding asset_classes_defined(const Context& context, const domain::Party*) {
  const auto& classes = context.contract.asset_classes;
  if (classes.empty()) return no_classes(context);
  std::string names;
  for (const auto& [id, cls] : classes) names += (names.empty() ? "" : "、") + cls.name;
  return met({class_indices(context.contract), fmt::format("情報資産の種類 {} 件（{}）を定義", classes.size(), names),
              fmt::format("{} classes of information assets are defined", classes.size())});
}

// 長野市 第3: 種類ごとのアクセス許可及びアクセス時の情報セキュリティ要求事項. Every action a class
// allows must come with conditions: violated, since the class was defined so, when a class
// allows an action to anyone (no condition at all).
Finding asset_access_rules(const Context& context, const domain::Party*) {
  const auto& classes = context.contract.asset_classes;
  if (classes.empty()) return no_classes(context);
  for (const auto& [id, cls] : classes)
    for (const auto& [action, conditions] : cls.actions)
      if (conditions.empty())
        return violated(cls.defined_at,
                        {{cls.defined_index},
                         fmt::format("情報資産の種類「{}」（台帳 #{}）は「{}」を条件なしに誰にでも許可しています",
                                     cls.name, cls.defined_index, domain::action_label_ja(action)),
                         fmt::format("class {} (entry #{}) allows {} with no condition at all", cls.id,
                                     cls.defined_index, domain::to_string(action))});
  std::size_t actions = 0;
  for (const auto& [id, cls] : classes) actions += cls.actions.size();
  return met({class_indices(context.contract),
              fmt::format("{} 種類の情報資産について、許可する操作 {} 件それぞれに条件を定義", classes.size(), actions),
              fmt::format("each of the {} actions the {} classes allow has its conditions", actions, classes.size())});
}

// 長野市 第8-2: 市から情報資産の提供を受けた場合は、受領証を作成し、提出. Not applicable when the
// city handed nothing to the party; due while a hand-over from the city waits for the party's
// acknowledgement (which issues the receipt), for `within` (7 days); violated after; met when every
// one has its receipt.
Finding receipt_issued(const Context& context, const domain::Party* party) {
  std::vector<const domain::Transfer*> from_city;
  for (const auto& [id, t] : context.contract.transfers)
    if (t.from_city && t.to_organisation == party->organisation) from_city.push_back(&t);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (from_city.empty())
    return not_applicable({{},
                           fmt::format("市から {} への情報資産の引渡しはありません", who),
                           fmt::format("the city has handed nothing over to {}", party->organisation)});
  if (const auto* t = oldest_pending(from_city))
    return waiting(context, *t, "市からの引渡し", "from the city", "の受領確認と受領証",
                   "acknowledgement and its receipt");
  std::vector<std::uint64_t> receipts;
  for (const auto* t : from_city) {
    if (t->receipt_index == 0)
      return violated(*t->acknowledged_at,
                      {{t->acknowledged_index},
                       fmt::format("市からの引渡し {} は受領確認済みですが受領証がありません", t->id),
                       fmt::format("hand-over {} from the city was acknowledged without a receipt", t->id)});
    receipts.push_back(t->receipt_index);
  }
  return met({first_indices(receipts),
              fmt::format("市からの引渡し {} 件すべてに受領証を発行（台帳 {}）", from_city.size(),
                          indices_text(first_indices(receipts))),
              fmt::format("every one of the {} hand-overs from the city has its receipt", from_city.size())});
}

// 木更津市 第11条(3): 授受の状況を管理. Every hand-over to or from the party is recorded and
// acknowledged by the receiving side. Not applicable when the party has had no hand-over and
// holds nothing; due while one to the party waits, for `within` (7 days); violated after.
Finding custody_recorded(const Context& context, const domain::Party* party) {
  std::vector<const domain::Transfer*> theirs, incoming;
  for (const auto& [id, t] : context.contract.transfers) {
    if (t.to_organisation == party->organisation) incoming.push_back(&t);
    if (t.to_organisation == party->organisation || t.from_organisation == party->organisation) theirs.push_back(&t);
  }
  const auto& holdings = context.lookups.held_by(party->organisation);
  const auto held = holdings.size();
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (theirs.empty() && held == 0)
    return not_applicable({{},
                           fmt::format("{} の情報資産の授受・保管はありません", who),
                           fmt::format("{} has had no hand-over and holds no asset", party->organisation)});
  if (const auto* t = oldest_pending(incoming))
    return waiting(context, *t, who + " への引渡し", "to " + party->organisation, "の受領確認", "acknowledgement");
  std::vector<std::uint64_t> indices;
  indices.reserve(theirs.size());
  for (const auto* t : theirs) indices.push_back(t->acknowledged_index ? t->acknowledged_index : t->ledger_index);
  for (const auto& h : holdings) indices.push_back(h.registered_index);
  return met({first_indices(indices),
              fmt::format("{} の授受 {} 件を記録し受領確認済み、保管中の情報資産 {} 件", who, theirs.size(), held),
              fmt::format("{} hand-overs of {} are recorded and acknowledged; it holds {} assets", theirs.size(),
                          party->organisation, held)});
}

// 木更津市 第11条(3): 作成又は取得した情報資産のリストアップ. The register lists what the party's
// people hold, and each holder is still on the work. Not applicable when the party holds
// nothing; due when a holder has left, for `handover_within` (7 days) after (the assets go to someone still on
// the work and the register says so); violated after.
Finding asset_inventory(const Context& context, const domain::Party* party) {
  const auto& held = context.lookups.held_by(party->organisation);
  const auto who = party_name(context.state, context.contract, party->organisation);
  if (held.empty())
    return not_applicable({{},
                           fmt::format("{} が保管する情報資産は登録簿にありません", who),
                           fmt::format("the register lists no asset held by {}", party->organisation)});
  const Lookups::Holding* orphaned = nullptr;
  for (const auto& h : held)
    if (h.holder->departure && (!orphaned || h.holder->departure->effective < orphaned->holder->departure->effective))
      orphaned = &h;
  if (orphaned) {
    const auto* orphan = orphaned->asset;
    const auto& departure = *orphaned->holder->departure;
    const auto deadline = plus_parameter(context, date_of(departure.effective), "handover_within");
    return by_deadline(context, deadline,
                       {{orphan->registered_index, departure.ledger_index},
                        fmt::format("情報資産 {} の保管者 {} は {} に転勤・退職しています（引継ぎ期限 {}）", orphan->id,
                                    name_of(context.state, orphan->custodian), date_of(departure.effective), deadline),
                        fmt::format("the holder of asset {}, {}, left on {} (to be handed on by {})", orphan->id,
                                    orphan->custodian, date_of(departure.effective), deadline)});
  }
  std::vector<std::uint64_t> indices;
  indices.reserve(held.size());
  for (const auto& h : held) indices.push_back(h.registered_index);
  return met({first_indices(indices),
              fmt::format("{} が保管する情報資産 {} 件を登録簿に記載（{} など）、保管者はすべて在任", who, held.size(),
                          held.front().asset->description),
              fmt::format("the register lists the {} assets {} holds; every holder is still on the work", held.size(),
                          party->organisation)});
}

}  // namespace itaku::compliance
