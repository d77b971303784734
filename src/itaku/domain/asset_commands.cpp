#include "itaku/domain/asset_commands.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "itaku/domain/approvals.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

Result<const Person*> party_person(const State& state, const Contract& contract, const std::string& id,
                                   const char* field) {
  const auto* person = state.person(id);
  if (!person)
    return std::move(not_found("person.unknown", "人が見つかりません", "no such person", id)).with("field", field);
  if (!contract.party(person->organisation))
    return invalid("asset.person_not_party", "契約の当事者に所属する人を指定してください",
                   "the person must belong to a party of the contract")
        .with("person", id)
        .with("field", field);
  if (!person->active())
    return invalid("asset.person_departed", "退任・転出した人に情報資産を預けることはできません（長野市 第5-2）",
                   "a person who has left cannot hold information assets (Nagano 第5-2)")
        .with("person", id)
        .with("field", field);
  return person;
}

bool is_city(const Contract& contract, const Person& person) {
  return contract.city() && contract.city()->organisation == person.organisation;
}

// True when `person` may act for one side of a hand-over — `side` (its giver or receiver) of
// `organisation`: that person themself, the city's staff for the city's side, or the
// responsible person or information manager of that party's roster.
bool may_act_for_side(const State& state, const Contract& contract, const std::string& person, const std::string& side,
                      const std::string& organisation) {
  if (person == side) return true;
  const auto* p = state.person(person);
  if (!p || !p->active() || p->organisation != organisation) return false;
  if (is_city(contract, *p)) return true;
  const auto* roster = state.latest_roster(contract.id, organisation);
  return roster && (roster->roster.responsible == person || roster->roster.information_manager == person);
}

Result<const Transfer*> find_transfer(const Contract& contract, const std::string& id) {
  auto it = contract.transfers.find(id);
  if (it == contract.transfers.end())
    return not_found("custody.transfer_unknown", "授受の記録が見つかりません", "no such hand-over", id);
  return &it->second;
}

std::string display_name(const State& state, const std::string& person) {
  const auto* p = state.person(person);
  return p ? p->name : person;
}

std::string title_of(const State& state, const std::string& person) {
  const auto* p = state.person(person);
  return p ? p->title : std::string();
}

}  // namespace

Result<std::vector<Event>> decide_asset(const State& state, const DefineAssetClass& c, const Actor& actor,
                                        Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto d = without_repeated_conditions(c.definition);
  TRY(check_id(d.id, "id"));
  TRY(check_text(d.name, "name", 100));
  if (d.name_en.size() > 200)
    return invalid("field.too_long", "項目が長すぎます", "a field is too long").with("field", "name_en");
  for (const auto& [id, existing] : contract->asset_classes)
    if (id != d.id && (existing.name == d.name || existing.id == d.name))
      return conflict("asset_class.name_taken", "同じ名前の情報資産の種類がすでにあります",
                      "another class of this contract has that name")
          .with("name", d.name);
  for (const auto& [action, conditions] : d.actions)
    for (const auto& condition : conditions)
      if (condition.kind == ConditionKind::Approval &&
          std::ranges::find(provisions::approval_types(), condition.parameter) == provisions::approval_types().end())
        return invalid("asset_class.approval_type_invalid", "未知の承認の種類です",
                       "unknown approval type (docs/POLICY.md lists them)")
            .with("action", std::string(to_string(action)))
            .with("approval", condition.parameter);
  if (const auto* existing = contract->asset_class(d.id);
      existing && existing->id == d.id && schema::encode(*existing) == schema::encode(d))
    return conflict("asset_class.unchanged", "定義に変更がありません", "the definition is unchanged").with("id", d.id);
  return std::vector{make_event(AssetClassDefined{d}, actor, now, c.contract)};
}

namespace {

// Copying `original` needs the approval of a copy: its class's copy conditions include approval:copy.
bool copy_conditioned(const Contract& contract, const Asset& original) {
  const auto* asset_class = contract.asset_class(original.asset_class);
  if (!asset_class) return false;
  const auto copy = asset_class->actions.find(Action::Copy);
  return copy != asset_class->actions.end() &&
         std::ranges::find(copy->second, Condition{ConditionKind::Approval, "copy"}) != copy->second.end();
}

// A copy is made under the city's approval where copying the original needs one — its class's
// copy conditions include approval:copy and the provision set does not leave its origin out (長野市
// 第6-2, 木更津市 第3条(2)): the approval of a copy, approved for the custodian's party, that covers
// the original (by id or by its class), with a copy left of those approved. A copy may name its
// approval even where none is needed; it is then held to the same.
Result<void> check_copy_approval(const State& state, const Contract& contract, const RegisterAsset& c,
                                 const Person& custodian) {
  const auto& original = contract.assets.at(c.copy_of);
  if (c.approval.empty()) {
    const auto clause =
        copy_conditioned(contract, original) ? approval_clause(state, contract, "copy", original.origin) : std::nullopt;
    if (clause)
      return invalid("asset.copy_approval_required",
                     fmt::format("複製には市の承認が必要です（{}）。承認の申請番号を指定してください",
                                 clause->empty() ? "特記事項" : *clause),
                     fmt::format("a copy needs the city's approval ({}): name the approval",
                                 clause->empty() ? "the provisions" : *clause))
          .with("field", "approval")
          .with("clause", *clause);
    return ok();
  }
  const auto found = contract.approvals.find(c.approval);
  if (found == contract.approvals.end())
    return not_found("approval.unknown", "承認申請が見つかりません", "no such approval request", c.approval)
        .with("field", "approval");
  const auto& a = found->second;
  // Revoked later, it still covers the copies made while it was in force.
  if (a.type != "copy" || (a.status != ApprovalStatus::Approved && a.status != ApprovalStatus::Revoked))
    return invalid("asset.copy_approval_invalid", "指定された承認は、承認された複写・複製の申請ではありません",
                   "the approval named is not an approved request to copy")
        .with("field", "approval")
        .with("approval", a.id)
        .with("status", std::string(to_string(a.status)));
  if (a.organisation != custodian.organisation)
    return invalid("asset.copy_approval_other_party", "複製の保管者は、承認を受けた当事者の者です",
                   "the copy is held by someone of the party the approval was given to")
        .with("field", "custodian")
        .with("approval", a.id);
  // A request names classes by id or name (Contract::asset_class).
  const bool covered =
      std::ranges::find(a.assets, original.id) != a.assets.end() || std::ranges::any_of(a.classes, [&](const auto& c) {
        const auto* cls = contract.asset_class(c);
        return cls && cls->id == original.asset_class;
      });
  if (!covered)
    return invalid("asset.copy_outside_approval", "複製元の情報資産は、この承認の対象に含まれていません",
                   "the original is not among what the approval covers")
        .with("field", "copy_of")
        .with("approval", a.id);
  if (a.copies > 0 && static_cast<std::int64_t>(a.copies_registered.size()) >= a.copies)
    return conflict("asset.copies_exhausted", "この承認で認められた部数の複製はすべて登録されています",
                    "every copy the approval allows is registered")
        .with("field", "approval")
        .with("approval", a.id)
        .with("max", std::to_string(a.copies));
  return ok();
}

}  // namespace

Result<std::vector<Event>> decide_asset(const State& state, const RegisterAsset& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  TRY(check_id(c.id, "id"));
  if (contract->assets.contains(c.id))
    return conflict("asset.exists", "そのIDの情報資産はすでに登録されています", "an asset with that id exists")
        .with("id", c.id);
  const auto* asset_class = contract->asset_class(c.asset_class);
  if (!asset_class)
    return not_found("asset_class.unknown", "情報資産の種類が見つかりません", "no such asset class", c.asset_class);
  TRY(check_required(c.description, "description"));
  const auto origin = asset_origin(c.origin);
  if (!origin)
    return invalid("asset.origin_invalid",
                   "由来は city（市から提供）, created（作成）, acquired（取得）, copy（複製）です",
                   "origin is city, created, acquired or copy")
        .with("value", c.origin);
  if (*origin == AssetOrigin::Copy) {
    if (!contract->assets.contains(c.copy_of))
      return not_found("asset.original_unknown", "複製元の情報資産が見つかりません", "the original asset is unknown",
                       c.copy_of);
  } else if (!c.copy_of.empty()) {
    return invalid("asset.copy_of_unexpected", "複製元は由来が copy のときだけ指定します",
                   "copy_of is given only for copies");
  } else if (!c.approval.empty()) {
    return invalid("asset.approval_unexpected", "承認は複製（由来 copy）のときだけ指定します",
                   "an approval is given only for copies")
        .with("field", "approval");
  }
  TRY(check_required(c.media, "media"));
  const auto* custodian = TRY(party_person(state, *contract, c.custodian, "custodian"));
  if (*origin == AssetOrigin::Copy) TRY(check_copy_approval(state, *contract, c, *custodian));
  // What the city hands over starts in the city's custody; the hand-over is recorded next.
  if ((*origin == AssetOrigin::City) != is_city(*contract, *custodian))
    return invalid("asset.custodian_invalid",
                   "市から提供される情報資産は市の職員が、それ以外は受託者側の者が保管者です",
                   "an asset from the city starts with a person of the city; others with the contractor's side")
        .with("custodian", c.custodian);
  return std::vector{make_event(
      AssetRegistered{c.id, asset_class->id, c.description, *origin, c.copy_of, c.media,
                      c.quantity.empty() ? std::string("1") : c.quantity, c.custodian, c.location, c.approval},
      actor, now, c.contract)};
}

Result<std::vector<Event>> decide_asset(const State& state, const TransferAssets& c, const Actor& actor,
                                        Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto id = c.id.empty() ? fmt::format("t-{:04d}", contract->transfers.size() + 1) : c.id;
  TRY(check_id(id, "id"));
  if (contract->transfers.contains(id))
    return conflict("custody.transfer_exists", "そのIDの授受はすでに記録されています",
                    "a hand-over with that id exists")
        .with("id", id);
  if (c.assets.empty())
    return invalid("custody.no_assets", "引き渡す情報資産を指定してください", "name the assets handed over")
        .with("field", "assets");
  const auto* from = TRY(party_person(state, *contract, c.from, "from"));
  const auto* to = TRY(party_person(state, *contract, c.to, "to"));
  if (c.from == c.to)
    return invalid("custody.same_person", "引渡者と受領者が同じです", "the giver and the receiver are the same person")
        .with("field", "to");
  std::set<std::string> seen;
  for (const auto& asset_id : c.assets) {
    auto it = contract->assets.find(asset_id);
    if (it == contract->assets.end())
      return not_found("asset.unknown", "情報資産が見つかりません", "no such asset", asset_id);
    if (!seen.insert(asset_id).second)
      return invalid("custody.duplicate_asset", "同じ情報資産が重複しています", "an asset is listed twice")
          .with("asset", asset_id);
    if (it->second.custodian != c.from)
      return conflict("custody.not_custodian", "引渡者はこの情報資産の保管者ではありません",
                      "the giver does not hold this asset")
          .with("asset", asset_id)
          .with("custodian", it->second.custodian);
    if (!it->second.pending_transfer.empty())
      return conflict("custody.transfer_pending", "この情報資産は受領確認待ちの授受があります",
                      "this asset has a hand-over waiting for acknowledgement")
          .with("asset", asset_id)
          .with("transfer", it->second.pending_transfer);
  }
  // Only people on the roster who may view or use the class may hold it (木更津市 第11条(4)).
  for (const auto& asset_id : c.assets) {
    const auto& asset = contract->assets.at(asset_id);
    const auto* asset_class = contract->asset_class(asset.asset_class);
    if (!asset_class)
      return not_found("asset_class.unknown", "情報資産の区分が見つかりません", "no such class", asset.asset_class);
    if (auto receiver = check_receiver(state, *contract, c.to, *asset_class, jst_date(now)); !receiver)
      return std::move(receiver.release_error()).with("asset", asset_id);
  }
  return std::vector{make_event(CustodyTransferred{id, c.assets, c.from, c.to, from->organisation, to->organisation,
                                                   is_city(*contract, *from), c.note},
                                actor, now, c.contract)};
}

Result<void> check_receiver(const State& state, const Contract& contract, const std::string& person_id,
                            const AssetClass& asset_class, std::chrono::year_month_day today) {
  const auto* person = state.person(person_id);
  if (person && is_city(contract, *person)) return ok();
  if (!person || state.roles_of(person_id, contract.id, today).empty())
    return invalid("custody.receiver_not_on_roster",
                   "受領者は体制表に記載され、現に従事している者に限ります（木更津市 第11条(4)）",
                   "the receiver must be on the roster and working on the contract (Kisarazu 第11条(4))")
        .with("to", person_id)
        .with("field", "to");
  const auto* roster = state.latest_roster(contract.id, person->organisation);
  const bool permitted = roster && std::ranges::any_of(roster->roster.access, [&](const AssetAccess& a) {
                           const auto* named = contract.asset_class(a.asset_class);
                           return a.person == person_id && named && named->id == asset_class.id;
                         });
  if (!permitted)
    return invalid("custody.receiver_not_permitted",
                   fmt::format("受領者は体制表で「{}」を閲覧・利用できる者とされていません（木更津市 第11条(4)）",
                               asset_class.name),
                   fmt::format("the roster does not let the receiver view or use {} (Kisarazu 第11条(4))",
                               asset_class.name_en.empty() ? asset_class.name : asset_class.name_en))
        .with("to", person_id)
        .with("class", asset_class.id)
        .with("field", "to");
  return ok();
}

Result<std::vector<Event>> decide_asset(const State& state, const CancelTransfer& c, const Actor& actor,
                                        Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto& transfer = *TRY(find_transfer(*contract, c.transfer));
  if (transfer.acknowledged_by)
    return conflict("custody.already_acknowledged", "この授受はすでに受領確認済みのため取り消せません",
                    "this hand-over is already acknowledged and cannot be cancelled");
  if (transfer.cancelled_by)
    return conflict("custody.already_cancelled", "この授受はすでに取り消されています",
                    "this hand-over is already cancelled");
  if (!may_act_for_side(state, *contract, c.by, transfer.from, transfer.from_organisation))
    return denied("custody.canceller_invalid", "授受を取り消せるのは引渡者又は引渡側の責任者・情報管理責任者です",
                  "only the giver or the handing party's responsible person or information manager can cancel")
        .with("by", c.by);
  TRY(check_text(c.reason, "reason", 1000));
  return std::vector{make_event(CustodyCancelled{c.transfer, c.by, c.reason}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_asset(const State& state, const AcknowledgeTransfer& c, const Actor& actor,
                                        Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto& transfer = *TRY(find_transfer(*contract, c.transfer));
  if (transfer.acknowledged_by)
    return conflict("custody.already_acknowledged", "この授受はすでに受領確認済みです",
                    "this hand-over is already acknowledged");
  if (transfer.cancelled_by)
    return conflict("custody.cancelled", "この授受は引渡側が取り消しています",
                    "the handing side cancelled this hand-over");
  if (!may_act_for_side(state, *contract, c.by, transfer.to, transfer.to_organisation))
    return denied("custody.acknowledger_invalid", "受領確認ができるのは受領者又は受領側の責任者・情報管理責任者です",
                  "only the receiver or the receiving party's responsible person or information manager can "
                  "acknowledge")
        .with("by", c.by);
  std::vector<Event> events{make_event(CustodyAcknowledged{c.transfer, c.by}, actor, now, c.contract)};
  if (transfer.from_city) {
    // 長野市 第8-2: what the city provides is received with a receipt. The event holds the
    // receipt's whole content, so the printed receipt can be verified against the ledger.
    ReceiptIssued receipt;
    for (const auto& asset_id : transfer.assets) {
      const auto& asset = contract->assets.at(asset_id);
      const auto* asset_class = contract->asset_class(asset.asset_class);
      receipt.items.push_back(ReceiptItem{asset_id, asset.description,
                                          asset_class ? asset_class->name : asset.asset_class, asset.media,
                                          asset.quantity});
    }
    const auto* city = state.organisation(transfer.from_organisation);
    const auto* receiver = state.organisation(transfer.to_organisation);
    const auto receipts = std::count_if(contract->transfers.begin(), contract->transfers.end(),
                                        [](const auto& t) { return t.second.receipt_index != 0; });
    receipt.number = fmt::format("{}-R{:04d}", contract->number, receipts + 1);
    receipt.transfer = c.transfer;
    receipt.contract_number = contract->number;
    receipt.contract_title = contract->title;
    receipt.city = city ? city->name : transfer.from_organisation;
    receipt.receiver_organisation = receiver ? receiver->name : transfer.to_organisation;
    receipt.handed_over_by = transfer.from;
    receipt.handed_over_by_name = display_name(state, transfer.from);
    receipt.handed_over_by_title = title_of(state, transfer.from);
    receipt.received_by = transfer.to;
    receipt.received_by_name = display_name(state, transfer.to);
    receipt.received_by_title = title_of(state, transfer.to);
    receipt.acknowledged_by = c.by;
    receipt.date = format_date(jst_date(now));
    events.push_back(make_event(receipt, actor, now, c.contract));
  }
  return events;
}

Result<std::vector<Event>> decide_asset(const State& state, const NotifyDenial& c, const Actor& actor, Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  // The mail names only what the contract defines: a person registered to one of its parties, one
  // of its classes, a known action. Anything else is described, never quoted: the request that
  // was denied may carry any text its sender likes (a phishing line, a link), and this mail
  // goes to the city under the system's name.
  const auto* person = state.person(c.person);
  if (person && !contract->party(person->organisation)) person = nullptr;
  const auto* asset_class = contract->asset_class(c.asset_class);
  const auto action = action_from(c.action);
  if (!asset_class || !action)
    return make_error(ErrorKind::Invalid, "notification.subject_unknown", "通知の対象が契約に定義されていません",
                      "a notice names only a class and an action the contract defines")
        .with("class", c.asset_class)
        .with("action", c.action);
  const std::string who = person ? fmt::format("{}（{}）", person->name, person->id) : "体制表に記載のない者";
  const std::string who_en = person ? person->id : "a person not on the roster";
  const std::string class_name = asset_class->name;
  const std::string action_ja(action_label_ja(*action));
  std::string body = fmt::format(
      "{}による「{}」の{}が拒否されました。\n契約: {} {}\n根拠: {}（{}）\n台帳記録番号: {}\n"
      "監視画面で内容を確認してください。",
      who, class_name, action_ja, contract->number, contract->title, c.clause, c.reason_code, c.decision_index);
  return std::vector{
      make_event(NotificationCreated{notification_id(state, 0), "decision.denied",
                                     contract->city() ? contract->city()->organisation : "",
                                     fmt::format("【アクセス拒否】{} {} {}", contract->number, class_name, action_ja),
                                     fmt::format("Access denied: {} {} {} by {}", contract->number, asset_class->id,
                                                 domain::to_string(*action), who_en),
                                     body, fmt::format("decision:{}", c.decision_index)},
                 actor, now, c.contract)};
}

}  // namespace itaku::domain
