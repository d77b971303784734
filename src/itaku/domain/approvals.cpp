#include "itaku/domain/approvals.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "itaku/domain/approval_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

constexpr std::int64_t kMaxCopies = 1000;

// The date member `field` of the command.
Result<std::chrono::year_month_day> date_member(const std::string& text, const char* field) {
  auto date = parse_date(text);
  if (!date) return std::move(date.release_error()).with("field", field);
  return date;
}

// The approval, unless the contract has no such request.
Result<const Approval*> find_approval(const Contract& contract, const std::string& id) {
  const auto it = contract.approvals.find(id);
  if (it == contract.approvals.end())
    return not_found("approval.unknown", "承認申請が見つかりません", "no such approval request", id);
  return &it->second;
}

std::string organisation_name(const State& state, const std::string& id) {
  const auto* org = state.organisation(id);
  return org ? org->name : id;
}

// A notice about approval `a` to `recipient` (the city, or the requesting party).
Event approval_notice(const State& state, const Contract& contract, const Approval& a, std::string_view kind,
                      const std::string& recipient, std::string_view what_ja, std::string_view what_en,
                      const std::string& body, const Actor& actor, Timestamp now) {
  return make_event(
      NotificationCreated{
          notification_id(state, 0), std::string(kind), recipient,
          fmt::format("【{}】{} {} {}", what_ja, contract.number, approval_type_label_ja(a.type), a.id),
          fmt::format("{}: {} {} ({})", what_en, contract.number, a.type, a.id),
          fmt::format("{}\n契約: {} {}\n申請: {}（{}）\n当事者: {}", body, contract.number, contract.title, a.id,
                      approval_type_label_ja(a.type), organisation_name(state, a.organisation)),
          fmt::format("approval:{}:{}", contract.id, a.id)},
      actor, now, contract.id);
}

// The requester's party: the one named, else the acting person's organisation; it must be the
// contractor or a subcontractor of the contract.
Result<std::string> requesting_party(const State& state, const Contract& contract, const RequestApproval& c,
                                     const Actor& actor) {
  return acting_party(state, contract, c.organisation, actor, "approval.party_invalid",
                      "承認を申請するのは契約の乙又は丙です",
                      "an approval is asked for by the contractor or a subcontractor of the contract");
}

}  // namespace

std::string_view approval_type_label_ja(std::string_view type) {
  if (type == "copy") return "複写・複製";
  if (type == "take_out") return "持ち出し";
  if (type == "bring_in") return "持ち込み";
  if (type == "input_unmanaged_computer") return "管理外の電子計算機への入力";
  if (type == "provide_third_party") return "第三者への提供";
  if (type == "device_bring_in") return "機器等の持ち込み";
  if (type == "network_connect") return "ネットワークへの接続";
  if (type == "migrate_to_production") return "本番環境への移行";
  if (type == "configuration_change") return "設定の変更";
  return type;
}

ApprovalRequirements approval_requirements(std::string_view type) {
  ApprovalRequirements r;
  const auto types = provisions::approval_types();
  // Change management (migrate_to_production, configuration_change) comes with its own
  // capability; until then it cannot be asked for here.
  if (type == "migrate_to_production" || type == "configuration_change" ||
      std::find(types.begin(), types.end(), type) == types.end())
    return r;
  r.known = true;
  r.target = type == "copy" || type == "take_out" || type == "bring_in" || type == "input_unmanaged_computer" ||
             type == "provide_third_party";
  r.destination = type == "take_out" || type == "provide_third_party";
  r.copies = type == "copy";
  r.devices = type == "device_bring_in" || type == "network_connect" || type == "input_unmanaged_computer";
  return r;
}

std::optional<std::string> approval_clause(const State& state, const Contract& contract, std::string_view type,
                                           AssetOrigin origin) {
  const auto* set = state.provision_set(contract.provisions.name, contract.provisions.version);
  if (!set) return std::string();
  for (const auto& clause : set->clauses)
    for (const auto& control : clause.controls) {
      if (control.id != "approval.required") continue;
      const auto action = control.params.find("action");
      if (action == control.params.end() || action->second != type) continue;
      const auto scope = asset_origin(provisions::parameter_value(control.id, control.params, "origin"));
      if (scope && *scope != origin) continue;  // "any" reads as no origin: every asset
      return set->municipality + " " + (control.cites.empty() ? clause.number : control.cites);
    }
  return std::string();
}

Result<std::vector<Event>> decide_approval(const State& state, const RequestApproval& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto needs = approval_requirements(c.type);
  if (!needs.known)
    return invalid("approval.type_unknown", "承認を申請できる行為ではありません", "not an action approvals are for")
        .with("type", c.type)
        .with("field", "type");
  const std::string id = c.id.empty() ? fmt::format("a-{:04d}", contract->approvals.size() + 1) : c.id;
  TRY(check_id(id, "id"));
  if (contract->approvals.contains(id))
    return conflict("approval.id_taken", "その申請番号はこの契約ですでに使われています",
                    "that request id is already used on this contract")
        .with("id", id)
        .with("field", "id");
  const auto organisation = TRY(requesting_party(state, *contract, c, actor));
  TRY(check_required(c.purpose, "purpose"));

  // The period: valid dates, in order, within the contract's.
  const auto from = TRY(date_member(c.from, "from"));
  const auto until = TRY(date_member(c.until, "until"));
  if (std::chrono::sys_days(until) < std::chrono::sys_days(from))
    return invalid("approval.period_invalid", "期間の終了は開始より後の日にしてください",
                   "the period ends on or after the day it begins")
        .with("field", "until");
  if (!contract->period_until.empty() && c.until > contract->period_until)
    return invalid("approval.period_beyond_contract", "期間は契約期間内にしてください",
                   "the period lies within the contract's")
        .with("until", c.until)
        .with("contract_until", contract->period_until)
        .with("field", "until");

  // The people: on their party's roster at the start of the period.
  if (c.people.empty())
    return invalid("approval.people_missing", "行為をする人を1人以上指定してください",
                   "name at least one person who will act")
        .with("field", "people");
  for (const auto& person_id : c.people) {
    const auto* person = state.person(person_id);
    if (!person || person->organisation != organisation || !person->active() ||
        state.roles_of(person_id, c.contract, from).empty())
      return invalid("approval.person_not_on_roster", "行為をする人は申請する当事者の体制表に記載された従事者です",
                     "the people who will act are workers on the requesting party's roster")
          .with("person", person_id)
          .with("field", "people");
  }

  // What the type needs (approval.justified).
  if (needs.target && c.assets.empty() && c.classes.empty())
    return invalid("approval.target_missing", "対象の情報資産又はその種類を指定してください",
                   "name the assets or classes concerned")
        .with("field", "assets");
  if (!needs.target && (!c.assets.empty() || !c.classes.empty()))
    return invalid("approval.target_unexpected", "この行為の申請には情報資産を指定しません",
                   "this action's request names no assets")
        .with("field", "assets");
  for (const auto& asset : c.assets)
    if (!contract->assets.contains(asset))
      return not_found("asset.unknown", "情報資産が見つかりません", "no such asset", asset).with("field", "assets");
  for (const auto& asset_class : c.classes)
    if (!contract->asset_class(asset_class))
      return not_found("asset_class.unknown", "情報資産の種類が見つかりません", "no such asset class", asset_class)
          .with("field", "classes");
  if (needs.destination && c.destination.empty())
    return invalid("approval.destination_missing", "持出先又は提供先を記入してください", "say where it goes or to whom")
        .with("field", "destination");
  if (needs.copies && (c.copies < 1 || c.copies > kMaxCopies))
    return invalid("approval.copies_invalid", "部数は1〜1000にしてください", "copies are 1 to 1000")
        .with("field", "copies");
  if (!needs.copies && c.copies != 0)
    return invalid("approval.copies_unexpected", "部数は複写・複製の申請にだけ指定します",
                   "copies are given for copying only")
        .with("field", "copies");
  if (needs.devices && c.devices.empty())
    return invalid("approval.devices_missing", "使用する機器又は媒体を記入してください",
                   "name the devices or media used")
        .with("field", "devices");
  const bool measured =
      std::any_of(c.measures.begin(), c.measures.end(), [](const std::string& m) { return !m.empty(); });
  if (!measured)
    return invalid("approval.measures_missing", "講じる情報セキュリティ対策を記入してください",
                   "state the security measures taken")
        .with("field", "measures");
  for (const auto& list : {&c.measures, &c.devices})
    for (const auto& item : *list)
      if (schema::code_points(item) > 200) return too_long(list == &c.measures ? "measures" : "devices", 200);

  Approval shown;  // what the notice speaks of
  shown.id = id;
  shown.type = c.type;
  shown.organisation = organisation;
  std::vector<Event> events;
  events.push_back(
      make_event(ApprovalRequested{id, c.type, organisation, c.purpose, c.assets, c.classes, c.people, c.devices,
                                   c.destination, c.from, c.until, c.copies, c.measures, c.note},
                 actor, now, c.contract));
  if (const auto* city = contract->city())
    events.push_back(approval_notice(state, *contract, shown, "approval.requested", city->organisation, "承認申請",
                                     "Approval requested",
                                     fmt::format("{}から承認の申請がありました。内容を確認し、承認又は不承認を"
                                                 "判断してください。\n期間: {} 〜 {}",
                                                 organisation_name(state, organisation), c.from, c.until),
                                     actor, now));
  return events;
}

Result<std::vector<Event>> decide_approval(const State& state, const DecideApproval& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* a = TRY(find_approval(*contract, c.id));
  if (a->status != ApprovalStatus::Requested)
    return conflict("approval.already_decided", "この申請はすでに判断済み又は取下げ済みです",
                    "this request is already decided or withdrawn")
        .with("id", c.id)
        .with("status", std::string(to_string(a->status)));
  if (!a->requested_by.empty() && actor_person(actor) == a->requested_by)
    return denied("approval.own_request", "自分の申請を承認・不承認にすることはできません",
                  "no one decides their own request");
  std::string number;
  if (c.outcome == ApprovalOutcome::Refused) {
    TRY(check_required(c.reasons, "reasons"));
  } else {
    const auto approved = std::count_if(contract->approvals.begin(), contract->approvals.end(),
                                        [](const auto& entry) { return !entry.second.number.empty(); });
    number = fmt::format("{}-A{:04d}", contract->number, approved + 1);
  }
  const bool approved = c.outcome == ApprovalOutcome::Approved;
  std::vector<Event> events;
  events.push_back(
      make_event(ApprovalDecided{c.id, c.outcome, number, approved ? c.conditions : "", approved ? "" : c.reasons},
                 actor, now, c.contract));
  events.push_back(
      approval_notice(state, *contract, *a, approved ? "approval.approved" : "approval.refused", a->organisation,
                      approved ? "承認" : "不承認", approved ? "Approved" : "Refused",
                      approved ? fmt::format("申請が承認されました（承認番号 {}）。期間: {} 〜 {}{}", number, a->from,
                                             a->until, c.conditions.empty() ? "" : "\n条件: " + c.conditions)
                               : fmt::format("申請は承認されませんでした。\n理由: {}", c.reasons),
                      actor, now));
  return events;
}

Result<std::vector<Event>> decide_approval(const State& state, const WithdrawApproval& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* a = TRY(find_approval(*contract, c.id));
  if (a->status != ApprovalStatus::Requested)
    return conflict("approval.not_pending", "判断前の申請だけを取り下げられます",
                    "only a request not yet decided can be withdrawn")
        .with("id", c.id)
        .with("status", std::string(to_string(a->status)));
  std::vector<Event> events;
  events.push_back(make_event(ApprovalWithdrawn{c.id, c.reason}, actor, now, c.contract));
  if (const auto* city = contract->city())
    events.push_back(approval_notice(
        state, *contract, *a, "approval.withdrawn", city->organisation, "申請取下げ", "Request withdrawn",
        "承認の申請が取り下げられました。" + (c.reason.empty() ? std::string() : "\n理由: " + c.reason), actor, now));
  return events;
}

Result<std::vector<Event>> decide_approval(const State& state, const RevokeApproval& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* a = TRY(find_approval(*contract, c.id));
  if (a->status != ApprovalStatus::Approved)
    return conflict("approval.not_in_force", "取り消せるのは承認済みの申請だけです",
                    "only an approval in force can be revoked")
        .with("id", c.id)
        .with("status", std::string(to_string(a->status)));
  TRY(check_required(c.reason, "reason"));
  std::vector<Event> events;
  events.push_back(make_event(ApprovalRevoked{c.id, c.reason}, actor, now, c.contract));
  events.push_back(approval_notice(state, *contract, *a, "approval.revoked", a->organisation, "承認取消し",
                                   "Approval revoked",
                                   fmt::format("承認（承認番号 {}）が取り消されました。以後この承認による行為は"
                                               "できません。\n理由: {}",
                                               a->number, c.reason),
                                   actor, now));
  return events;
}

}  // namespace itaku::domain
