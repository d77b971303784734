#include "itaku/domain/authorization.hpp"

#include <map>

#include "itaku/domain/account_events.hpp"
#include "itaku/domain/approval_events.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/badge_events.hpp"
#include "itaku/domain/contract_events.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/domain/device_events.hpp"
#include "itaku/domain/disposal_events.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/domain/training_events.hpp"

#include <algorithm>
#include <initializer_list>
#include <optional>

#include <nlohmann/json.hpp>

namespace itaku::domain {

namespace {

// The party and every subcontractor engaged below it, to any depth.
std::set<std::string> party_and_descendants(const Contract& contract, const std::string& organisation) {
  std::set<std::string> out{organisation};
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& party : contract.parties)
      if (party.role == PartyRole::Subcontractor && out.contains(party.parent) && out.insert(party.organisation).second)
        grew = true;
  }
  return out;
}

}  // namespace

std::string principal_organisation(const State& state, const Principal& principal) {
  if (principal.kind == PrincipalKind::Token) return principal.token_organisation;
  const auto* person = state.person(principal.person);
  return person ? person->organisation : std::string();
}

ContractAccess contract_access(const State& state, const Principal& principal, const Contract& contract) {
  ContractAccess access;
  if (principal.admin) {
    access.visible = access.city = access.city_writer = access.city_approver = true;
    for (const auto& party : contract.parties) {
      access.readable_parties.insert(party.organisation);
      if (party.role != PartyRole::City) access.writable_parties.insert(party.organisation);
    }
    return access;
  }
  const auto organisation = principal_organisation(state, principal);
  const auto* party = contract.party(organisation);
  if (!party) return access;

  if (principal.kind == PrincipalKind::Token) {
    if (!principal.token_contract.empty() && principal.token_contract != contract.id) return access;
    if (party->role == PartyRole::City) return access;  // machine clients act for contractors
    access.visible = true;
    access.readable_parties = party_and_descendants(contract, organisation);
    return access;
  }

  const auto* person = state.person(principal.person);
  if (!person || !person->active()) return access;
  const auto roles = state.roles_of(principal.person, contract.id);
  if (party->role == PartyRole::City) {
    const bool any_city_role =
        std::any_of(roles.begin(), roles.end(), [](const std::string& role) { return is_city_role(role); });
    if (!any_city_role) return access;
    access.visible = access.city = true;
    access.city_writer = std::any_of(roles.begin(), roles.end(),
                                     [](const std::string& r) { return r == "city_officer" || r == "city_approver"; });
    access.city_approver = std::find(roles.begin(), roles.end(), kRoleCityApprover) != roles.end();
    for (const auto& p : contract.parties) access.readable_parties.insert(p.organisation);
    return access;
  }
  if (roles.empty()) return access;
  access.visible = true;
  access.readable_parties = party_and_descendants(contract, organisation);
  if (std::find(roles.begin(), roles.end(), "responsible") != roles.end() ||
      std::find(roles.begin(), roles.end(), "information_manager") != roles.end())
    access.writable_parties.insert(organisation);
  return access;
}

namespace {
// A person reads their own organisation's records. A token reads only through the contracts
// it may see: that of a city organisation, which sees no contract, sees no one (docs/AUTH.md).
bool reads_own_organisation(const State& state, const Principal& principal, const std::string& organisation) {
  return principal.kind == PrincipalKind::Session && principal_organisation(state, principal) == organisation;
}
}  // namespace

bool may_read_person(const State& state, const Principal& principal, const Person& person) {
  if (principal.admin || reads_own_organisation(state, principal, person.organisation)) return true;
  for (const auto& [id, contract] : state.contracts) {
    const auto access = contract_access(state, principal, contract);
    if (!access.visible) continue;
    if (access.readable_parties.contains(person.organisation)) return true;
    // The city's staff are every party's counterparts on the contract (長野市 第12: contacts
    // are exchanged), so they are visible to all its parties.
    if (contract.city() && contract.city()->organisation == person.organisation) return true;
  }
  return false;
}

bool may_read_organisation(const State& state, const Principal& principal, const std::string& organisation) {
  if (principal.admin || reads_own_organisation(state, principal, organisation)) return true;
  for (const auto& [id, contract] : state.contracts)
    if (contract.party(organisation) && contract_access(state, principal, contract).visible) return true;
  return false;
}

bool may_read_notification(const State& state, const Principal& principal, const Notification& notification) {
  if (principal.admin) return true;
  if (notification.recipient != principal_organisation(state, principal)) return false;
  const auto* contract = state.contract(notification.contract);
  return contract != nullptr && contract_access(state, principal, *contract).visible;
}

LogScope log_scope(const ContractAccess& access) {
  return LogScope{access.city, {access.readable_parties.begin(), access.readable_parties.end()}};
}

bool may_read_course(const ContractAccess& access, const TrainingCourse& course) {
  return access.city || access.readable_parties.contains(course.organisation);
}

bool may_read_obligations(const State& state, const ContractAccess& access, const std::string& person) {
  return may_read_log_row(state, access, person);
}

bool may_issue_training_report(const ContractAccess& access, const std::string& organisation) {
  return access.city_writer || access.writable_parties.contains(organisation);
}

bool may_read_training_report(const ContractAccess& access, const std::string& organisation) {
  return access.city || access.readable_parties.contains(organisation);
}

bool may_read_log_row(const State& state, const ContractAccess& access, const std::string& person) {
  if (access.city) return true;
  // A row about someone unknown belongs to no party: only the city reads it (as in SQL,
  // where it matches no organisation).
  const auto* p = state.person(person);
  return p != nullptr && access.readable_parties.contains(p->organisation);
}

namespace {
std::string organisation_of(const State& state, const std::string& person) {
  const auto* p = state.person(person);
  return p ? p->organisation : std::string();
}
}  // namespace

bool transfer_visible(const ContractAccess& access, const Transfer& t) {
  return access.city || access.readable_parties.contains(t.from_organisation) ||
         access.readable_parties.contains(t.to_organisation);
}

bool asset_visible(const State& state, const Contract& contract, const ContractAccess& access, const Asset& a) {
  if (access.city || access.readable_parties.contains(organisation_of(state, a.custodian))) return true;
  for (const auto& [id, t] : contract.transfers)
    if (transfer_visible(access, t) && std::find(t.assets.begin(), t.assets.end(), a.id) != t.assets.end()) return true;
  return false;
}

bool may_act_for_holder(const State& state, const Contract& contract, const ContractAccess& access,
                        const std::string& person) {
  const auto organisation = organisation_of(state, person);
  if (organisation.empty()) return false;
  const bool city_side = contract.city() && contract.city()->organisation == organisation;
  return city_side ? access.city_writer : access.writable_parties.contains(organisation);
}

bool may_hand_over_for(const State& state, const Contract& contract, const ContractAccess& access,
                       const Principal& principal, const std::string& from) {
  if (principal.admin || (!principal.person.empty() && principal.person == from)) return true;
  return may_act_for_holder(state, contract, access, from);
}

bool may_read_metrics(const Principal& principal) { return principal.admin; }

bool may_read_provision_sets(const Principal& /*principal*/) { return true; }

Result<void> may_ask_about(const State& state, const Principal& principal, const std::string& contract_id,
                           const std::string& person_id) {
  const auto* contract = state.contract(contract_id);
  if (!contract) return unknown("contract", contract_id);
  const auto access = contract_access(state, principal, *contract);
  if (!access.visible) return unknown("contract", contract_id);
  if (principal.admin) return ok();
  const bool machine = principal.kind == PrincipalKind::Token;
  if (!machine && access.writable_parties.empty()) return forbidden();
  const auto* person = state.person(person_id);
  if (person && !access.readable_parties.contains(person->organisation)) return forbidden();
  return ok();
}

bool may_read_monitoring_reviews(const ContractAccess& access) { return access.visible && access.city; }

bool may_read_badge(const ContractAccess& access, const Badge& badge) {
  return access.city || access.readable_parties.contains(badge.organisation);
}

bool may_read_approval(const ContractAccess& access, const Approval& approval) {
  return access.city || access.readable_parties.contains(approval.organisation);
}

bool may_read_device(const ContractAccess& access, const Device& device) {
  return access.city || access.readable_parties.contains(device.organisation);
}

bool may_read_disposal(const ContractAccess& access, const DisposalRecord& record) {
  return access.city || access.readable_parties.contains(record.organisation);
}

bool may_read_created_assets(const ContractAccess& access, const CreatedAssetsReport& report) {
  return access.city || access.readable_parties.contains(report.organisation);
}

bool may_read_instruction(const State& state, const Contract& contract, const ContractAccess& access,
                          const DisposalInstruction& instruction) {
  if (access.city) return true;
  return std::any_of(instruction.assets.begin(), instruction.assets.end(), [&](const std::string& id) {
    const auto asset = contract.assets.find(id);
    return asset != contract.assets.end() && asset_visible(state, contract, access, asset->second);
  });
}

bool may_read_outstanding(const ContractAccess& access, const Contract& contract, const Outstanding& item) {
  if (!access.visible) return false;
  if (access.city) return true;
  const auto* contractor = contract.contractor();
  if (contractor && access.readable_parties.contains(contractor->organisation)) return true;
  return access.readable_parties.contains(item.organisation);
}

ComplianceScope compliance_scope(const ContractAccess& access, const Contract& contract) {
  ComplianceScope scope;
  if (!access.visible) return scope;
  scope.visible = true;
  const auto* contractor = contract.contractor();
  scope.every_control = access.city || (contractor && access.readable_parties.contains(contractor->organisation));
  scope.parties = access.readable_parties;
  return scope;
}

bool may_read_compliance_report(const ContractAccess& access, const Contract& contract,
                                const std::set<std::string>& parties) {
  const auto scope = compliance_scope(access, contract);
  if (!scope.visible) return false;
  if (scope.every_control) return true;
  return !parties.empty() &&
         std::all_of(parties.begin(), parties.end(), [&](const auto& party) { return scope.parties.contains(party); });
}

bool may_handle_badge(const ContractAccess& access, const std::string& organisation) {
  return access.city_writer || access.writable_parties.contains(organisation);
}

namespace {

// The event's data read into its type, or nullopt when it does not read (entries come from
// this ledger, but a shape this code does not expect must hide the entry, not throw).
template <class E>
std::optional<E> typed(const Event& event) {
  auto data = read_event<E>(event);
  if (!data) return std::nullopt;
  return data.release_value();
}

// The approval or device an event of type E names (each of those events names its id).
template <class E>
std::optional<std::string> approval_id(const Event& event) {
  const auto e = typed<E>(event);
  if (!e) return std::nullopt;
  return e->id;
}

// The badge an event of type E names (every badge event names its number).
template <class E>
std::optional<std::string> badge_number(const Event& event) {
  const auto e = typed<E>(event);
  return e ? std::optional(e->number) : std::nullopt;
}

bool is_one_of(std::string_view type, std::initializer_list<std::string_view> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

bool may_read_event(const State& state, const Principal& principal, const Event& event) {
  // Administrators read everything, including sign-ins, users' credentials and API tokens
  // (auth.*, user.*, token.*), which nobody else reads: no rule below admits them.
  if (may_read_every_entry(principal)) return true;
  const auto& type = event.type;
  const auto readable_person = [&](const std::string& id) {
    const auto* person = state.person(id);
    return person != nullptr && may_read_person(state, principal, *person);
  };

  // Records about no contract, each read as its object's own route reads it.
  if (type == OrganisationRegistered::kType) {
    const auto e = typed<OrganisationRegistered>(event);
    return e && may_read_organisation(state, principal, e->id);
  }
  if (type == PersonRegistered::kType) {
    const auto e = typed<PersonRegistered>(event);
    return e && readable_person(e->id);
  }
  if (type == PersonDeparted::kType) {
    const auto e = typed<PersonDeparted>(event);
    return e && readable_person(e->id);
  }
  // Provision sets are public texts, read by every signed-in caller (GET /api/v1/provisions).
  if (type == ProvisionsImported::kType) return true;
  if (type == NotificationCreated::kType) {
    const auto e = typed<NotificationCreated>(event);
    if (!e) return false;
    const auto it = state.notifications.find(e->id);
    return it != state.notifications.end() && may_read_notification(state, principal, it->second);
  }

  // Records about one contract: nothing of a contract the principal may not see.
  const auto* contract = state.contract(event.contract);
  if (contract == nullptr) return false;
  const auto access = contract_access(state, principal, *contract);
  if (!access.visible) return false;
  // The contract itself and its asset classes: every reader of the contract.
  if (is_one_of(type, {ContractCreated::kType, SubcontractorAdded::kType, ContractActivated::kType,
                       ContractClosingStarted::kType, ContractClosed::kType, AssetClassDefined::kType,
                       ContractAmended::kType}))
    return true;
  // A party's roster: readers of that party (its own people, those above it, the city).
  if (type == RosterVersionSubmitted::kType) {
    const auto e = typed<RosterVersionSubmitted>(event);
    return e && access.readable_parties.contains(e->organisation);
  }
  if (type == RosterAcknowledged::kType) {
    const auto e = typed<RosterAcknowledged>(event);
    return e && access.readable_parties.contains(e->organisation);
  }
  if (type == AssetRegistered::kType) {
    const auto e = typed<AssetRegistered>(event);
    if (!e) return false;
    const auto it = contract->assets.find(e->id);
    return it != contract->assets.end() && asset_visible(state, *contract, access, it->second);
  }
  const auto transfer_readable = [&](const std::optional<std::string>& id) {
    if (!id) return false;
    const auto it = contract->transfers.find(*id);
    return it != contract->transfers.end() && transfer_visible(access, it->second);
  };
  if (type == CustodyTransferred::kType) {
    const auto e = typed<CustodyTransferred>(event);
    return transfer_readable(e ? std::optional(e->id) : std::nullopt);
  }
  if (type == CustodyAcknowledged::kType) {
    const auto e = typed<CustodyAcknowledged>(event);
    return transfer_readable(e ? std::optional(e->transfer) : std::nullopt);
  }
  if (type == ReceiptIssued::kType) {
    const auto e = typed<ReceiptIssued>(event);
    return transfer_readable(e ? std::optional(e->transfer) : std::nullopt);
  }
  if (type == ComplianceReported::kType) {
    const auto e = typed<ComplianceReported>(event);
    return e && may_read_compliance_report(access, *contract, {e->parties.begin(), e->parties.end()});
  }
  const auto report_readable = [&](std::uint64_t index) {
    const auto it = contract->compliance_reports.find(index);
    return it != contract->compliance_reports.end() &&
           may_read_compliance_report(access, *contract, it->second.parties);
  };
  // An issued file by the rule of the fact it documents.
  if (type == DocumentIssued::kType) {
    const auto e = typed<DocumentIssued>(event);
    if (!e) return false;
    if (e->kind == "compliance_report") return report_readable(e->of);
    if (e->kind == "training_report") {
      const auto report = contract->training_reports.find(e->of);
      return report != contract->training_reports.end() &&
             may_read_training_report(access, report->second.organisation);
    }
    if (e->kind == "approval") {
      const auto approval = std::find_if(contract->approvals.begin(), contract->approvals.end(),
                                         [&](const auto& a) { return a.second.decided_index == e->of; });
      return approval != contract->approvals.end() && may_read_approval(access, approval->second);
    }
    if (e->kind == "disposal_certificate") {
      const auto record = std::find_if(contract->disposals.begin(), contract->disposals.end(),
                                       [&](const auto& d) { return d.second.ledger_index == e->of; });
      return record != contract->disposals.end() && may_read_disposal(access, record->second);
    }
    if (e->kind == "destruction_report") {
      for (const auto& [id, device] : contract->devices)
        for (const auto& destruction : device.destructions)
          if (destruction.ledger_index == e->of) return may_read_device(access, device);
      return false;
    }
    if (e->kind != "receipt") return false;
    const auto receipt = std::find_if(contract->transfers.begin(), contract->transfers.end(),
                                      [&](const auto& t) { return t.second.receipt_index == e->of; });
    return receipt != contract->transfers.end() && transfer_visible(access, receipt->second);
  }
  // An approval event by the rule of the request it names.
  using ApprovalId = std::optional<std::string> (*)(const Event&);
  static const std::map<std::string_view, ApprovalId> kApprovalEvents = {
      {ApprovalRequested::kType, &approval_id<ApprovalRequested>},
      {ApprovalDecided::kType, &approval_id<ApprovalDecided>},
      {ApprovalWithdrawn::kType, &approval_id<ApprovalWithdrawn>},
      {ApprovalRevoked::kType, &approval_id<ApprovalRevoked>},
      {ApprovalUsed::kType, &approval_id<ApprovalUsed>}};
  if (const auto approval_event = kApprovalEvents.find(type); approval_event != kApprovalEvents.end()) {
    const auto id = approval_event->second(event);
    if (!id) return false;
    const auto approval = contract->approvals.find(*id);
    return approval != contract->approvals.end() && may_read_approval(access, approval->second);
  }
  // A badge event by the badge's rule.
  using BadgeNumber = std::optional<std::string> (*)(const Event&);
  static const std::map<std::string_view, BadgeNumber> kBadgeEvents = {
      {BadgeIssued::kType, &badge_number<BadgeIssued>},
      {BadgeReturned::kType, &badge_number<BadgeReturned>},
      {BadgeLost::kType, &badge_number<BadgeLost>},
      {BadgeReturnDue::kType, &badge_number<BadgeReturnDue>}};
  if (const auto badge_event = kBadgeEvents.find(type); badge_event != kBadgeEvents.end()) {
    const auto number = badge_event->second(event);
    if (!number) return false;
    const auto badge = contract->badges.find(*number);
    return badge != contract->badges.end() && may_read_badge(access, badge->second);
  }
  // Devices by the device's rule; disposal by the rule of the act, the report or the instruction.
  using DeviceId = std::optional<std::string> (*)(const Event&);
  static const std::map<std::string_view, DeviceId> kDeviceEvents = {
      {DeviceRegistered::kType, &approval_id<DeviceRegistered>},
      {DeviceMeasuresConfirmed::kType, &approval_id<DeviceMeasuresConfirmed>},
      {MediaDestroyed::kType, &approval_id<MediaDestroyed>},
      {DeviceRetired::kType, &approval_id<DeviceRetired>}};
  if (const auto device_event = kDeviceEvents.find(type); device_event != kDeviceEvents.end()) {
    const auto id = device_event->second(event);
    if (!id) return false;
    const auto device = contract->devices.find(*id);
    return device != contract->devices.end() && may_read_device(access, device->second);
  }
  if (type == AssetsDisposed::kType) {
    const auto e = typed<AssetsDisposed>(event);
    const auto record = e ? contract->disposals.find(e->id) : contract->disposals.end();
    return record != contract->disposals.end() && may_read_disposal(access, record->second);
  }
  if (type == DisposalInstructed::kType) {
    const auto e = typed<DisposalInstructed>(event);
    const auto instruction = e ? contract->disposal_instructions.find(e->id) : contract->disposal_instructions.end();
    return instruction != contract->disposal_instructions.end() &&
           may_read_instruction(state, *contract, access, instruction->second);
  }
  if (type == CreatedAssetsReported::kType) {
    const auto e = typed<CreatedAssetsReported>(event);
    return e && (access.city || access.readable_parties.contains(e->organisation));
  }
  if (type == CreatedAssetsAcknowledged::kType) {
    const auto e = typed<CreatedAssetsAcknowledged>(event);
    return e && (access.city || access.readable_parties.contains(e->organisation));
  }
  // Training, acknowledgements and pledges by the rule of the people they are about.
  if (type == TrainingCourseDefined::kType) {
    const auto e = typed<TrainingCourseDefined>(event);
    const auto course = e ? contract->courses.find(e->id) : contract->courses.end();
    return course != contract->courses.end() && may_read_course(access, course->second);
  }
  if (type == TrainingSessionRecorded::kType) {
    const auto e = typed<TrainingSessionRecorded>(event);
    const auto course = e ? contract->courses.find(e->course) : contract->courses.end();
    return course != contract->courses.end() && may_read_course(access, course->second) &&
           std::all_of(e->attendees.begin(), e->attendees.end(),
                       [&](const AttendanceRecord& a) { return may_read_obligations(state, access, a.person); });
  }
  if (type == ProvisionsAcknowledged::kType) {
    const auto e = typed<ProvisionsAcknowledged>(event);
    return e && may_read_obligations(state, access, e->person);
  }
  if (type == PledgeSigned::kType) {
    const auto e = typed<PledgeSigned>(event);
    return e && may_read_obligations(state, access, e->person);
  }
  if (type == TrainingExpiryNotified::kType) {
    const auto e = typed<TrainingExpiryNotified>(event);
    return e && may_read_obligations(state, access, e->person);
  }
  if (type == TrainingReported::kType) {
    const auto e = typed<TrainingReported>(event);
    return e && may_read_training_report(access, e->organisation);
  }
  if (type == DecisionRecorded::kType) {
    const auto e = typed<DecisionRecorded>(event);
    return e && may_read_log_row(state, access, e->person);
  }
  if (type == AccessRecorded::kType) {
    const auto e = typed<AccessRecorded>(event);
    return e && may_read_log_row(state, access, e->person);
  }
  // Who acts for the city on a contract is the city's business, and the grantee's own.
  if (type == RoleGranted::kType || type == RoleRevoked::kType) {
    const auto e = typed<RoleGranted>(event);  // both carry person and role
    return e && (access.city || (!principal.person.empty() && e->person == principal.person));
  }
  return false;  // a type this rule does not know is shown to nobody
}

bool may_read_every_entry(const Principal& principal) { return principal.admin; }

bool may_read_entry(const State& state, const Principal& principal, std::string_view entry) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(entry);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  if (!value.is_object() || !value.contains("event") || !value["event"].is_object()) return false;
  const auto& event = value["event"];
  // The genesis entry names the ledger's origin and verifier key, which every signed-in
  // caller reads on the ledger page and in GET /api/v1/ledger/checkpoint.
  if (event.contains("type") && event["type"] == "ledger.initialised" && !event.contains("data")) return true;
  const auto parsed = event_from_json(event);
  return parsed.ok() && may_read_event(state, principal, *parsed);
}

}  // namespace itaku::domain

namespace itaku::domain {

Error forbidden() {
  return make_error(ErrorKind::Denied, "auth.forbidden", "この操作をする権限がありません",
                    "you are not allowed to do this");
}

Error unknown(const std::string& what, const std::string& id) {
  return make_error(ErrorKind::NotFound, what + ".unknown", "見つかりません", "not found").with("id", id);
}

namespace {

Result<void> allowed_if(bool allowed) {
  if (!allowed) return forbidden();
  return ok();
}

// Each command's rule for a signed-in person; an administrator passes every rule.
struct PersonRules {
  const State& state;
  const Principal& principal;

  // The contract and what the principal may do on it; a contract they may not see does not exist.
  Result<std::pair<const Contract*, ContractAccess>> visible(const std::string& id) const {
    const auto* contract = state.contract(id);
    if (!contract) return unknown("contract", id);
    auto access = contract_access(state, principal, *contract);
    if (!access.visible) return unknown("contract", id);
    return std::pair{contract, std::move(access)};
  }
  // A city act on a visible contract (acknowledge, activate, close, define classes): the
  // city's officers and approvers (長野市 第1, 第3; 木更津市 第4条).
  Result<void> city_act(const std::string& contract) const {
    const auto [c, access] = TRY(visible(contract));
    return allowed_if(access.city_writer);
  }
  // `by` names the person acting: a person records acts as themself only.
  Result<void> acting_as(const std::string& by) const { return allowed_if(by == principal.person); }
  // Returning a badge or reporting it lost: a badge the principal may not read does not exist.
  Result<void> act_on_badge(const std::string& contract_id, const std::string& number) const {
    const auto [contract, access] = TRY(visible(contract_id));
    const auto badge = contract->badges.find(number);
    if (badge == contract->badges.end() || !may_read_badge(access, badge->second)) return unknown("badge", number);
    return allowed_if(may_handle_badge(access, badge->second.organisation));
  }

  // The instance's own records and its users, tokens and roles are the administrator's.
  template <class C>
  requires(std::is_same_v<C, RegisterOrganisation> || std::is_same_v<C, RegisterUser> ||
           std::is_same_v<C, ImportProvisions> || std::is_same_v<C, GrantAdmin> || std::is_same_v<C, DisableUser> ||
           std::is_same_v<C, GrantRole> || std::is_same_v<C, RevokeRole> || std::is_same_v<C, CreateToken> ||
           std::is_same_v<C, RevokeToken> || std::is_same_v<C, RecordSignIn> ||
           std::is_same_v<C, RecordSignInFailure> || std::is_same_v<C, RecordTokenUse> ||
           std::is_same_v<C, NotifyDenial> || std::is_same_v<C, IssueDocument> ||
           std::is_same_v<C, RecordComplianceReport> || std::is_same_v<C, SendTrainingReminders> ||
           std::is_same_v<C, RecordTrainingReport>) Result<void>
  operator()(const C&) const { return forbidden(); }
  // A user changes their own credentials.
  Result<void> operator()(const RecordCredentialChange& c) const { return allowed_if(c.login == principal.login); }
  // 転勤・退職 is recorded by the responsible person or information manager of a party the
  // person belongs to on some contract; to whoever may not read the person, they do not exist.
  Result<void> operator()(const RecordDeparture& c) const {
    const auto* person = state.person(c.person);
    if (!person || !may_read_person(state, principal, *person)) return unknown("person", c.person);
    for (const auto& [id, contract] : state.contracts)
      if (contract_access(state, principal, contract).writable_parties.contains(person->organisation)) return ok();
    return forbidden();
  }
  // The city's contract officers create contracts: an active person of that city holding a
  // city_officer role on any contract.
  Result<void> operator()(const CreateContract& c) const {
    const auto* person = state.person(principal.person);
    if (!person || !person->active() || person->organisation != c.city) return forbidden();
    for (const auto& [id, contract] : state.contracts) {
      const auto roles = state.roles_of(principal.person, id);
      if (std::find(roles.begin(), roles.end(), kRoleCityOfficer) != roles.end()) return ok();
    }
    return forbidden();
  }
  // Subcontracting is the city's approval (長野市 第11, 木更津市 第10条).
  Result<void> operator()(const AddSubcontractor& c) const { return city_act(c.contract); }
  Result<void> operator()(const ChangeContractState& c) const { return city_act(c.contract); }
  // A 変更契約 is the city's to record.
  Result<void> operator()(const AmendContract& c) const { return city_act(c.contract); }
  // A party's roster is kept by its responsible person and information manager (長野市 第1).
  Result<void> operator()(const SubmitRoster& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    return allowed_if(access.writable_parties.contains(c.organisation));
  }
  Result<void> operator()(const AcknowledgeRoster& c) const {
    TRY(city_act(c.contract));
    return acting_as(c.by);
  }
  Result<void> operator()(const DefineAssetClass& c) const { return city_act(c.contract); }
  Result<void> operator()(const RegisterAsset& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    return allowed_if(may_act_for_holder(state, *contract, access, c.custodian));
  }
  Result<void> operator()(const TransferAssets& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    return allowed_if(may_hand_over_for(state, *contract, access, principal, c.from));
  }
  // The receiving organisation confirms a hand-over (木更津市 第11条(3)); which of its people
  // may is the command's own rule (custody.acknowledger_invalid).
  Result<void> operator()(const AcknowledgeTransfer& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto* transfer = TRY(readable_transfer(*contract, access, c.transfer));
    TRY(allowed_if(principal_organisation(state, principal) == transfer->to_organisation));
    return acting_as(c.by);
  }
  // Whoever may hand over for the giver may withdraw the hand-over before it is acknowledged;
  // which of the handing side's people may is the command's own rule (custody.canceller_invalid).
  Result<void> operator()(const CancelTransfer& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto* transfer = TRY(readable_transfer(*contract, access, c.transfer));
    TRY(allowed_if(may_hand_over_for(state, *contract, access, principal, transfer->from)));
    return acting_as(c.by);
  }
  // A hand-over the principal may not see does not exist.
  Result<const Transfer*> readable_transfer(const Contract& contract, const ContractAccess& access,
                                            const std::string& id) const {
    const auto it = contract.transfers.find(id);
    if (it == contract.transfers.end() || !transfer_visible(access, it->second)) return unknown("transfer", id);
    return &it->second;
  }
  // The city's written approvals: a party's responsible person or information manager asks for
  // their party and withdraws its requests; the city's approver decides and revokes. A request
  // the principal may not read does not exist.
  Result<void> operator()(const RequestApproval& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto organisation = c.organisation.empty() ? principal_organisation(state, principal) : c.organisation;
    return allowed_if(access.writable_parties.contains(organisation));
  }
  Result<const Approval*> readable_approval(const Contract& contract, const ContractAccess& access,
                                            const std::string& id) const {
    const auto it = contract.approvals.find(id);
    if (it == contract.approvals.end() || !may_read_approval(access, it->second)) return unknown("approval", id);
    return &it->second;
  }
  Result<void> operator()(const DecideApproval& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    TRY(readable_approval(*contract, access, c.id));
    return allowed_if(access.city_approver);
  }
  Result<void> operator()(const RevokeApproval& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    TRY(readable_approval(*contract, access, c.id));
    return allowed_if(access.city_approver);
  }
  Result<void> operator()(const WithdrawApproval& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto* approval = TRY(readable_approval(*contract, access, c.id));
    return allowed_if(access.writable_parties.contains(approval->organisation));
  }
  // ID badges (木更津市 第11条(1)) are handled by the holder's own party, as its roster is, or by
  // the city; a badge the principal may not read does not exist.
  Result<void> operator()(const IssueBadge& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    // The city may name anyone: who may carry a badge is then the command's own rule.
    if (access.city_writer) return ok();
    const auto* person = state.person(c.person);
    return allowed_if(person != nullptr && may_handle_badge(access, person->organisation));
  }
  Result<void> operator()(const ReturnBadge& c) const { return act_on_badge(c.contract, c.number); }
  Result<void> operator()(const ReportBadgeLost& c) const { return act_on_badge(c.contract, c.number); }
  // Devices and media (木更津市 第12条, 第14条) are recorded by the party that uses them; the
  // city's staff may also confirm a device's measures. A device the principal may not read does
  // not exist.
  Result<void> operator()(const RegisterDevice& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto organisation = c.organisation.empty() ? principal_organisation(state, principal) : c.organisation;
    return allowed_if(access.writable_parties.contains(organisation));
  }
  Result<const Device*> readable_device(const Contract& contract, const ContractAccess& access,
                                        const std::string& id) const {
    const auto it = contract.devices.find(id);
    if (it == contract.devices.end() || !may_read_device(access, it->second)) return unknown("device", id);
    return &it->second;
  }
  Result<void> operator()(const ConfirmDeviceMeasures& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto* device = TRY(readable_device(*contract, access, c.id));
    TRY(allowed_if(access.city_writer || access.writable_parties.contains(device->organisation)));
    return acting_as(c.by);
  }
  Result<void> operator()(const DestroyMedia& c) const { return device_act(c.contract, c.id); }
  Result<void> operator()(const RetireDevice& c) const { return device_act(c.contract, c.id); }
  Result<void> device_act(const std::string& contract_id, const std::string& id) const {
    const auto [contract, access] = TRY(visible(contract_id));
    const auto* device = TRY(readable_device(*contract, access, id));
    return allowed_if(access.writable_parties.contains(device->organisation));
  }
  // 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): the city instructs and acknowledges; a party
  // records what it did with what it holds and reports what it created.
  Result<void> operator()(const InstructDisposal& c) const {
    TRY(city_act(c.contract));
    return acting_as(c.by);
  }
  Result<void> operator()(const DisposeAssets& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto organisation = c.organisation.empty() ? principal_organisation(state, principal) : c.organisation;
    return allowed_if(access.writable_parties.contains(organisation));
  }
  Result<void> operator()(const ReportCreatedAssets& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    const auto organisation = c.organisation.empty() ? principal_organisation(state, principal) : c.organisation;
    TRY(allowed_if(access.writable_parties.contains(organisation)));
    return acting_as(c.by);
  }
  Result<void> operator()(const AcknowledgeCreatedAssets& c) const {
    TRY(city_act(c.contract));
    return acting_as(c.by);
  }
  // The city's review of the monitoring (長野市 第3) is the city's, recorded by who reviewed.
  Result<void> operator()(const ReviewMonitoring& c) const {
    TRY(city_act(c.contract));
    return acting_as(c.by);
  }
  // A new hire (長野市 第1: 作業者) is registered by the responsible person or information
  // manager of their own organisation on some contract: a party keeps its own people.
  Result<void> operator()(const RegisterPerson& c) const {
    for (const auto& [id, contract] : state.contracts)
      if (contract_access(state, principal, contract).writable_parties.contains(c.organisation)) return ok();
    return forbidden();
  }
  // Training (長野市 第4) is recorded by the party whose workers attend — its responsible person
  // or information manager — or by the city's officers; a course the principal may not read
  // does not exist. Each attendee is of a party the principal keeps.
  Result<void> operator()(const DefineCourse& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    return allowed_if(access.city_writer || access.writable_parties.contains(c.organisation));
  }
  Result<void> operator()(const RecordTrainingSession& c) const {
    std::vector<std::string> people = c.attendees;
    people.insert(people.end(), c.not_passed.begin(), c.not_passed.end());
    return record_training(c.contract, c.course, people);
  }
  Result<void> operator()(const ImportTrainingAttendance& c) const {
    std::vector<std::string> people;
    for (const auto& row : c.rows) people.push_back(row.person);
    return record_training(c.contract, c.course, people);
  }
  // A worker acknowledges the provisions themself (木更津市 第7条), or their party's responsible
  // person or information manager records the copy they signed.
  Result<void> operator()(const AcknowledgeProvisions& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    if (c.person == principal.person) return ok();
    return allowed_if(keeps_person(access, c.person));
  }
  // A pledge or NDA is recorded by the signer's party, or by the city, which signs NDAs with the
  // workers where the work needs it (木更津市 第2条-2).
  Result<void> operator()(const RecordPledge& c) const {
    const auto [contract, access] = TRY(visible(c.contract));
    return allowed_if(access.city_writer || keeps_person(access, c.person));
  }
  // The person is of a party whose roster the principal keeps (unknown people are the
  // command's own rule: person.unknown).
  bool keeps_person(const ContractAccess& access, const std::string& person_id) const {
    const auto* person = state.person(person_id);
    return person == nullptr || access.writable_parties.contains(person->organisation);
  }
  Result<void> record_training(const std::string& contract_id, const std::string& course_id,
                               const std::vector<std::string>& people) const {
    const auto [contract, access] = TRY(visible(contract_id));
    const auto course = contract->courses.find(course_id);
    if (course == contract->courses.end() || !may_read_course(access, course->second))
      return unknown("course", course_id);
    if (access.city_writer) return ok();
    TRY(allowed_if(access.writable_parties.contains(course->second.organisation)));
    for (const auto& person : people) TRY(allowed_if(keeps_person(access, person)));
    return ok();
  }
};

}  // namespace

Result<void> may_execute(const State& state, const Principal& principal, const Command& command) {
  if (principal.kind == PrincipalKind::System || principal.admin) return ok();
  if (principal.kind == PrincipalKind::Token || principal.person.empty()) return forbidden();
  return std::visit(PersonRules{state, principal}, command);
}

bool permits(const State& state, const Principal& principal, const Command& command, Timestamp now) {
  return may_execute(state, principal, command).ok() && decide(state, command, principal.actor(), now).ok();
}

}  // namespace itaku::domain
