#include "itaku/policy/policy.hpp"

#include <algorithm>
#include <chrono>

#include "itaku/domain/training.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::policy {

namespace {

using domain::Action;
using domain::ConditionKind;

struct Message {
  std::string_view code;
  std::string_view ja;
  std::string_view en;
};

// Every reason a decision can give. The codes are stable: contractors' systems match on them.
constexpr Message kContractInactive{"decision.contract_inactive", "契約が有効期間中ではありません",
                                    "the contract is not active"};
constexpr Message kContractUnknown{"decision.contract_unknown", "契約が見つかりません", "no such contract"};
constexpr Message kPersonUnknown{"decision.person_unknown", "体制表に記載のない人です",
                                 "the person is not on any roster of the contract"};
constexpr Message kFormerWorkerMessage{"decision.former_worker", "転勤・退職により業務に従事しなくなった人です",
                                       "the person has been transferred or has left"};
constexpr Message kOutsidePeriod{"decision.outside_period", "体制表の作業期間外です",
                                 "the time is outside the person's period on the roster"};
constexpr Message kNotInScope{"decision.class_not_in_scope",
                              "この種類の情報資産を閲覧・利用できる者に指定されていません",
                              "the person is not named as one who may view or use this class"};
constexpr Message kViewOnly{"decision.view_only", "閲覧のみが認められています", "the person may only view this class"};
constexpr Message kLocationMissing{"decision.location_missing", "作業場所が示されていません",
                                   "no work location was given"};
constexpr Message kLocationUnregistered{"decision.location_unregistered", "登録された作業場所ではありません",
                                        "the work location is not registered on the roster"};
constexpr Message kDeviceUnmanaged{"decision.device_unmanaged", "登録・管理された機器ではありません",
                                   "the device is not registered and managed"};
constexpr Message kDeviceMissing{"decision.device_missing", "使用する機器が示されていません", "no device was given"};
constexpr Message kDeviceUnconfirmed{"decision.device_unconfirmed", "情報セキュリティ対策が確認されていない機器です",
                                     "the device's security measures have not been confirmed"};
constexpr Message kTrainingMissing{"decision.training_missing", "有効な情報セキュリティ教育の受講記録がありません",
                                   "there is no valid information-security training on record"};
constexpr Message kTrainingExpired{"decision.training_expired", "情報セキュリティ教育の有効期限が切れています",
                                   "the person's information-security training has expired"};
constexpr Message kAcknowledgementOutdated{"decision.acknowledgement_outdated",
                                           "確認したのは特記事項の以前の版です。現在の版の確認が必要です",
                                           "the person acknowledged an earlier version of the provisions"};
constexpr Message kUnacknowledged{"decision.provisions_unacknowledged", "特記事項の確認記録がありません",
                                  "the person has not acknowledged the provisions"};
constexpr Message kNdaMissing{"decision.nda_missing", "秘密保持契約の締結記録がありません",
                              "the person has no non-disclosure agreement on record"};
constexpr Message kApprovalMissing{"decision.approval_missing", "市の承認がありません",
                                   "there is no live approval from the city"};
constexpr Message kApprovalOutsidePeriod{"decision.approval_outside_period", "承認された期間の外です",
                                         "outside the period the city approved"};
constexpr Message kApprovalDevice{"decision.approval_device", "承認された機器・媒体ではありません",
                                  "not a device or medium the city approved"};
constexpr Message kApprovalExhausted{"decision.approval_exhausted", "承認された部数をすべて使いました",
                                     "the copies the city approved are used up"};
constexpr Message kPurposeMissing{"decision.purpose_missing", "利用目的が示されていません", "no purpose was given"};
constexpr Message kPurposeMismatch{"decision.purpose_mismatch", "契約の業務以外の目的での利用はできません",
                                   "the purpose is not this contract's work"};
constexpr Message kActionNotAllowed{"decision.action_not_allowed", "この種類の情報資産にはこの操作は認められていません",
                                    "this action is not allowed for this class"};
constexpr Message kThirdPartyProhibited{"decision.third_party_prohibited", "第三者への提供は禁止されています",
                                        "provision to a third party is prohibited"};
constexpr Message kAssetUnknown{"decision.asset_unknown", "登録されていない情報資産です",
                                "the asset is not in the register"};
constexpr Message kClassUnknown{"decision.class_unknown", "定義されていない情報資産の種類です",
                                "the asset class is not defined"};

constexpr Message kRecordTransfer{"obligation.record_transfer", "持ち出した先と授受を記録してください",
                                  "record where it goes and the hand-over"};
constexpr Message kRegisterCopy{"obligation.register_copy", "作成した複製を情報資産として登録してください",
                                "register the copy as an information asset"};
constexpr Message kReportAccess{"obligation.report_access", "このアクセスをアクセス記録として報告してください",
                                "report this access as an access event"};

Reason reason(const Message& m, const std::string& clause, std::string detail = {}) {
  return Reason{m.code, clause, m.ja, m.en, std::move(detail)};
}

int day_of(const std::string& date, int fallback) {
  if (date.empty()) return fallback;
  auto parsed = parse_date(date);
  if (!parsed) return fallback;
  return static_cast<int>(std::chrono::sys_days(*parsed).time_since_epoch().count());
}

}  // namespace

Decision contract_unknown(const std::string& contract) {
  Decision d;
  d.reasons.push_back(reason(kContractUnknown, "", contract));
  return d;
}

std::string_view to_string(Effect effect) { return effect == Effect::Allow ? "allow" : "deny"; }

const std::string& ContractSnapshot::clause_for(std::string_view control) const {
  if (auto it = control_clauses_.find(std::string(control)); it != control_clauses_.end()) return it->second;
  return cite(Citation::Rules);
}

const std::string& ContractSnapshot::approval_clause(const std::string& type) const {
  if (auto it = approval_clauses_.find(type); it != approval_clauses_.end()) return it->second;
  return cite(Citation::Rules);
}

std::shared_ptr<const ContractSnapshot> ContractSnapshot::build(const domain::State& state,
                                                                const std::string& contract_id) {
  const auto* contract = state.contract(contract_id);
  if (!contract) return nullptr;
  auto s = std::make_shared<ContractSnapshot>();
  s->contract_ = contract->id;
  s->number_ = contract->number;
  s->state_ = contract->state;
  s->first_day_ = day_of(contract->period_from, INT_MIN);
  s->last_day_ = day_of(contract->period_until, INT_MAX);
  s->basis_ = state.next_index;

  // Citations: the clause of this contract's own provision set for each control, and for each
  // condition the part of a clause that a control of the set names for it (`conditions`), else
  // that of the first control the vocabulary lists for it (provisions::citable_conditions).
  if (const auto* set = state.provision_set(contract->provisions.name, contract->provisions.version)) {
    std::string first;
    std::unordered_map<std::string, std::string> named;  // condition → clause
    for (const auto& clause : set->clauses)
      for (const auto& control : clause.controls) {
        const auto label = set->municipality + " " + (control.cites.empty() ? clause.number : control.cites);
        if (first.empty()) first = label;
        s->control_clauses_.try_emplace(control.id, label);
        for (const auto& condition : control.conditions) named.try_emplace(condition, label);
        if (control.id == "approval.required")
          if (auto a = control.params.find("action"); a != control.params.end()) {
            s->approval_clauses_.try_emplace(a->second, label);
            const auto origin = provisions::parameter_value(control.id, control.params, "origin");
            if (auto o = domain::asset_origin(origin)) s->approval_origins_.try_emplace(a->second, *o);
          }
      }
    if (first.empty()) first = set->municipality + " " + (set->clauses.empty() ? "" : set->clauses.front().number);
    // The rules in general: what a reason cites when the set has no control for its condition.
    auto general = [&]() -> std::string {
      for (std::string_view control : {"asset.access_rules", "access.decided", "asset.classes_defined"})
        if (auto it = s->control_clauses_.find(std::string(control)); it != s->control_clauses_.end())
          return it->second;
      return first;
    };
    auto pick = [&](std::string_view condition) -> std::string {
      if (auto it = named.find(std::string(condition)); it != named.end()) return it->second;
      if (const auto* definition = provisions::find_condition(condition))
        for (auto control : definition->cited_by)
          if (auto it = s->control_clauses_.find(std::string(control)); it != s->control_clauses_.end())
            return it->second;
      return general();
    };
    for (std::size_t i = 0; i < kCitationConditions.size(); ++i) s->citations_[i] = pick(kCitationConditions[i]);
    // Before the work ends, the contract's term is cited by the rules in general; after it, what
    // is left of the assets is to be returned (長野市 第9).
    const bool ended =
        contract->state == domain::ContractState::Closing || contract->state == domain::ContractState::Closed;
    if (!ended && !named.contains("contract_active")) s->citations_[index(Citation::Term)] = general();
  }

  for (const auto& [id, asset_class] : contract->asset_classes) {
    const auto index = static_cast<std::uint32_t>(s->classes_.size());
    s->classes_.push_back(asset_class);
    s->class_index_.emplace(id, index);
  }
  // Names second: an id always wins over another class's name.
  for (std::uint32_t i = 0; i < s->classes_.size(); ++i) s->class_index_.emplace(s->classes_[i].name, i);
  s->assets_.reserve(contract->assets.size());
  for (const auto& [id, asset] : contract->assets)
    if (auto c = s->class_index_.find(asset.asset_class); c != s->class_index_.end())
      s->assets_.emplace(id, AssetFacts{c->second, asset.origin});

  // People: everyone on the latest roster version of each party, and everyone of a party's
  // organisation who has left (so that a former worker is named as such).
  for (const auto& [party, versions] : contract->rosters) {
    if (versions.empty()) continue;
    // A named reference, not the binding: clang 14 (the fuzzing build) cannot capture a
    // structured binding in a lambda.
    const std::string& organisation = party;
    const auto& roster = versions.back().roster;
    auto& locations = s->locations_[organisation];
    for (const auto& location : roster.locations) locations.insert(location.id);
    auto member = [&](const std::string& person_id) -> Member& {
      auto& m = s->members_[person_id];
      m.organisation = organisation;
      m.listed = true;
      if (const auto* person = state.person(person_id)) m.departed = !person->active();
      return m;
    };
    member(roster.responsible);
    member(roster.information_manager);
    for (const auto& worker : roster.workers) {
      auto& m = member(worker.person);
      m.first_day = day_of(worker.from, INT_MIN);
      m.last_day = day_of(worker.until, INT_MAX);
    }
    for (const auto& access : roster.access) {
      const auto* asset_class = contract->asset_class(access.asset_class);
      if (!asset_class) continue;
      auto& m = member(access.person);
      const auto index = s->class_index_.at(asset_class->id);
      const bool use = access.permission == "use";
      if (index < 64) {
        m.named |= std::uint64_t{1} << index;
        if (use) m.use |= std::uint64_t{1} << index;
      } else {
        auto it = std::find_if(m.more.begin(), m.more.end(), [&](const auto& e) { return e.first == index; });
        if (it == m.more.end())
          m.more.emplace_back(index, use);
        else
          it->second = it->second || use;
      }
    }
  }
  // Training and acknowledgements of the people named above, read once per session and per
  // acknowledgement (an import may hold a whole organisation's staff).
  for (const auto& [session_id, session] : contract->training_sessions) {
    const auto course = contract->courses.find(session.course);
    if (course == contract->courses.end()) continue;
    const auto validity = domain::training_validity(state, *contract, course->second);
    std::vector<std::uint32_t> classes;
    for (const auto& c : course->second.classes)
      if (auto i = s->class_index_.find(c); i != s->class_index_.end()) classes.push_back(i->second);
    for (const auto& row : session.attendees) {
      auto* m = s->members_.find(row.person);
      if (m == nullptr || !row.passed) continue;
      const int until = day_of(domain::last_day_of(row.completed, validity), INT_MAX);
      if (course->second.classes.empty()) {
        m->trained_until = std::max(m->trained_until, until);
        continue;
      }
      for (const auto index : classes) {
        auto it =
            std::find_if(m->trained_for.begin(), m->trained_for.end(), [&](const auto& e) { return e.first == index; });
        if (it == m->trained_for.end())
          m->trained_for.emplace_back(index, until);
        else
          it->second = std::max(it->second, until);
      }
    }
  }
  for (const auto& acknowledgement : contract->acknowledgements) {
    auto* m = s->members_.find(acknowledgement.person);
    if (m == nullptr) continue;
    if (contract->acknowledges_current(acknowledgement))
      m->acknowledged = Member::Acknowledged::Current;
    else if (m->acknowledged == Member::Acknowledged::None)
      m->acknowledged = Member::Acknowledged::Outdated;
  }
  for (const auto& pledge : contract->pledges)
    if (pledge.kind == "nda")
      if (auto* m = s->members_.find(pledge.person)) m->nda = true;

  // The city's approvals in force (approved, not revoked), by type; whether today is within
  // the period is each decision's to ask.
  for (const auto& [id, approval] : contract->approvals) {
    if (approval.status != domain::ApprovalStatus::Approved) continue;
    ApprovalFacts facts;
    facts.id = id;
    facts.people = approval.people;
    facts.assets = approval.assets;
    facts.devices = approval.devices;
    for (const auto& c : approval.classes)
      if (auto i = s->class_index_.find(c); i != s->class_index_.end()) facts.classes.push_back(i->second);
    for (auto* list : {&facts.people, &facts.assets, &facts.devices}) std::sort(list->begin(), list->end());
    std::sort(facts.classes.begin(), facts.classes.end());
    facts.first_day = day_of(approval.from, INT_MIN);
    facts.last_day = day_of(approval.until, INT_MAX);
    facts.copies = approval.copies;
    facts.used = approval.used();
    auto& of_type = s->approvals_[approval.type];
    const auto at = static_cast<std::uint32_t>(of_type.all.size());
    for (const auto& person : facts.people) {
      auto& named = of_type.by_person[person];
      if (named.empty() || named.back() != at) named.push_back(at);  // people are sorted: a repeat is adjacent
    }
    of_type.all.push_back(std::move(facts));
  }

  // Devices in use (木更津市 第12条): whose they are and whether their measures were confirmed.
  for (const auto& [id, device] : contract->devices)
    if (device.in_use()) s->devices_.emplace(id, DeviceFacts{device.organisation, device.managed()});

  for (const auto& [id, person] : state.people) {
    if (person.active() || !contract->party(person.organisation)) continue;
    auto& m = s->members_[id];
    m.organisation = person.organisation;
    m.departed = true;
  }
  return s;
}

const ContractSnapshot::ApprovalFacts* ContractSnapshot::approval_for(const std::string& type, const Request& request,
                                                                      std::uint32_t class_index, int today,
                                                                      Reason& miss) const {
  const auto found = approvals_.find(type);
  if (found == approvals_.end()) return nullptr;
  const auto named = found->second.by_person.find(request.person);
  if (named == found->second.by_person.end()) return nullptr;
  auto holds = [](const auto& sorted, const auto& value) {
    return std::binary_search(sorted.begin(), sorted.end(), value);
  };
  // What it names: its people (those naming the person, in the order given), and the asset
  // itself or its class.
  for (const auto at : named->second) {
    const auto& a = found->second.all[at];
    const bool names_asset = !request.asset.empty() && holds(a.assets, request.asset);
    if (!names_asset && !holds(a.classes, class_index)) continue;
    if (today < a.first_day || today > a.last_day) {
      if (miss.code.empty()) miss = reason(kApprovalOutsidePeriod, "", a.id);
      continue;
    }
    if (!a.devices.empty() && !holds(a.devices, request.device)) {
      if (miss.code.empty()) miss = reason(kApprovalDevice, "", a.id);
      continue;
    }
    if (a.copies > 0 && a.used >= a.copies) {
      if (miss.code.empty()) miss = reason(kApprovalExhausted, "", a.id);
      continue;
    }
    return &a;
  }
  return nullptr;
}

Decision ContractSnapshot::decide(const Request& request) const {
  Decision d;
  d.basis = basis_;
  const int today = jst_day(request.at);

  // The class: from the register when an asset is named, else as given (id or name).
  std::uint32_t class_index = 0;
  const AssetFacts* asset = nullptr;
  if (!request.asset.empty()) {
    asset = assets_.find(request.asset);
    if (asset == nullptr) {
      d.reasons.push_back(reason(kAssetUnknown, cite(Citation::Inventory), request.asset));
      return d;
    }
    class_index = asset->class_index;
  } else {
    auto c = class_index_.find(request.asset_class);
    if (c == class_index_.end()) {
      d.reasons.push_back(reason(kClassUnknown, cite(Citation::Rules), request.asset_class));
      return d;
    }
    class_index = c->second;
  }
  const domain::AssetClass* asset_class = &classes_[class_index];
  d.asset_class = asset_class->id;
  d.sensitive = asset_class->sensitive;

  auto rule = asset_class->actions.find(request.action);
  if (rule == asset_class->actions.end()) {
    if (request.action == Action::ProvideThirdParty)
      d.reasons.push_back(reason(kThirdPartyProhibited, cite(Citation::ThirdParty)));
    else
      d.reasons.push_back(
          reason(kActionNotAllowed, cite(Citation::Rules), std::string(domain::to_string(request.action))));
    return d;
  }

  const Member* member = members_.find(request.person);
  for (const auto& condition : rule->second) {
    switch (condition.kind) {
      case ConditionKind::ContractActive:
        if (state_ != domain::ContractState::Active || today < first_day_ || today > last_day_)
          d.reasons.push_back(reason(kContractInactive, cite(Citation::Term), std::string(domain::to_string(state_))));
        break;
      case ConditionKind::OnRoster:
        if (!member) {
          d.reasons.push_back(reason(kPersonUnknown, cite(Citation::Roster), request.person));
        } else if (member->departed) {
          d.reasons.push_back(reason(kFormerWorkerMessage, cite(Citation::FormerWorker), request.person));
        } else if (!member->listed || today < member->first_day || today > member->last_day) {
          d.reasons.push_back(reason(member->listed ? kOutsidePeriod : kPersonUnknown, cite(Citation::Roster)));
        } else {
          bool named = false, use = false;
          if (class_index < 64) {
            named = (member->named >> class_index) & 1;
            use = (member->use >> class_index) & 1;
          } else {
            for (const auto& [index, may_use] : member->more)
              if (index == class_index) named = true, use = may_use;
          }
          if (!named)
            d.reasons.push_back(reason(kNotInScope, cite(Citation::Roster), asset_class->name));
          else if (!use && request.action != Action::Read)
            d.reasons.push_back(reason(kViewOnly, cite(Citation::Roster), asset_class->name));
        }
        break;
      case ConditionKind::LocationRegistered: {
        if (request.location.empty()) {
          d.reasons.push_back(reason(kLocationMissing, cite(Citation::Location)));
          break;
        }
        const auto l = member ? locations_.find(member->organisation) : locations_.end();
        if (l == locations_.end() || !l->second.contains(request.location))
          d.reasons.push_back(reason(kLocationUnregistered, cite(Citation::Location), request.location));
        break;
      }
      // A registered device of the person's party whose measures were confirmed; anything else is
      // an unmanaged computer (管理外の電子計算機), used only under the city's approval for it
      // where the set asks for one (木更津市 第3条(3)).
      case ConditionKind::DeviceManaged: {
        if (request.device.empty()) {
          d.reasons.push_back(reason(kDeviceMissing, cite(Citation::Device)));
          break;
        }
        const auto device = devices_.find(request.device);
        const bool ours =
            device != devices_.end() && member != nullptr && device->second.organisation == member->organisation;
        if (ours && device->second.managed) break;
        static const std::string kUnmanaged(kUnmanagedApproval);
        if (approval_clauses_.contains(kUnmanaged)) {
          Reason miss;
          if (const auto* approval = approval_for(kUnmanaged, request, class_index, today, miss)) {
            if (d.approval.empty()) d.approval = approval->id;
            break;
          }
        }
        d.reasons.push_back(
            reason(ours ? kDeviceUnconfirmed : kDeviceUnmanaged, cite(Citation::Device), request.device));
        break;
      }
      // Valid on the day of the request: training expires by itself, with no event.
      case ConditionKind::TrainingValid: {
        int until = member ? member->trained_until : INT_MIN;
        if (member)
          for (const auto& [index, day] : member->trained_for)
            if (index == class_index) until = std::max(until, day);
        if (until == INT_MIN)
          d.reasons.push_back(reason(kTrainingMissing, cite(Citation::Training)));
        else if (today > until)
          d.reasons.push_back(reason(kTrainingExpired, cite(Citation::Training), jst_day_text(until)));
        break;
      }
      case ConditionKind::ProvisionsAcknowledged: {
        const auto acknowledged = member ? member->acknowledged : Member::Acknowledged::None;
        if (acknowledged == Member::Acknowledged::None)
          d.reasons.push_back(reason(kUnacknowledged, cite(Citation::Acknowledged)));
        else if (acknowledged == Member::Acknowledged::Outdated)
          d.reasons.push_back(reason(kAcknowledgementOutdated, cite(Citation::Acknowledged)));
        break;
      }
      case ConditionKind::NdaSigned:
        if (!member || !member->nda) d.reasons.push_back(reason(kNdaMissing, cite(Citation::Nda)));
        break;
      case ConditionKind::Approval: {
        // A set may require the approval only for assets of one origin (the city's provided
        // assets, 長野市 第5-1: 市から提供された情報資産); an asset named by class alone has no
        // known origin and needs it.
        if (asset != nullptr) {
          const auto scope = approval_origins_.find(condition.parameter);
          if (scope != approval_origins_.end() && asset->origin != scope->second) break;
        }
        Reason miss;
        if (const auto* approval = approval_for(condition.parameter, request, class_index, today, miss)) {
          d.approval = approval->id;
          break;
        }
        if (miss.code.empty()) miss = reason(kApprovalMissing, "", condition.parameter);
        miss.clause = approval_clause(condition.parameter);
        d.reasons.push_back(std::move(miss));
        break;
      }
      case ConditionKind::PurposeContract:
        if (request.purpose.empty())
          d.reasons.push_back(reason(kPurposeMissing, cite(Citation::Purpose)));
        else if (request.purpose != contract_ && request.purpose != number_)
          d.reasons.push_back(reason(kPurposeMismatch, cite(Citation::Purpose), request.purpose));
        break;
    }
  }
  if (!d.reasons.empty()) return d;

  d.effect = Effect::Allow;
  switch (request.action) {
    case Action::TakeOut:
    case Action::Export:
    case Action::Transmit:
    case Action::ProvideThirdParty: d.obligations.push_back(reason(kRecordTransfer, cite(Citation::Custody))); break;
    case Action::Copy:
    case Action::Print: d.obligations.push_back(reason(kRegisterCopy, cite(Citation::Inventory))); break;
    default: break;
  }
  if (asset_class->sensitive) d.obligations.push_back(reason(kReportAccess, cite(Citation::Monitored)));
  return d;
}

std::shared_ptr<const ContractSnapshot> Snapshots::find(const std::string& contract) const {
  auto it = by_contract_.find(contract);
  return it == by_contract_.end() ? nullptr : it->second;
}

std::shared_ptr<const Snapshots> Snapshots::rebuilt(const domain::State& state,
                                                    const std::set<std::string>& contracts) const {
  auto next = std::make_shared<Snapshots>(*this);
  if (contracts.empty()) {
    next->by_contract_.clear();
    for (const auto& [id, contract] : state.contracts) next->by_contract_[id] = ContractSnapshot::build(state, id);
  } else {
    for (const auto& id : contracts)
      if (auto snapshot = ContractSnapshot::build(state, id)) next->by_contract_[id] = std::move(snapshot);
  }
  return next;
}

}  // namespace itaku::policy
