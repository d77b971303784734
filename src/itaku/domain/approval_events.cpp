#include "itaku/domain/approval_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// Registers an approval event E whose change is made to an approval of the event's contract.
template <class E, class F>
void add_to_approval(EventTypes& types, F change) {
  types.add<E>([change](State& state, const E& e, const Event& event, std::uint64_t index) -> Result<void> {
    auto contract = state.contracts.find(event.contract);
    if (contract == state.contracts.end()) return cannot_apply(event, "contract");
    auto approval = contract->second.approvals.find(e.id);
    if (approval == contract->second.approvals.end()) return cannot_apply(event, "approval");
    return change(approval->second, e, event, index);
  });
}

}  // namespace

void register_approval_events(EventTypes& types) {
  types.add<ApprovalRequested>(
      [](State& state, const ApprovalRequested& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        // One request per id (approval.id_taken).
        if (it->second.approvals.contains(e.id)) return cannot_apply(event, "approval");
        Approval a;
        a.id = e.id;
        a.type = e.type;
        a.organisation = e.organisation;
        a.purpose = e.purpose;
        a.assets = e.assets;
        a.classes = e.classes;
        a.people = e.people;
        a.devices = e.devices;
        a.destination = e.destination;
        a.from = e.from;
        a.until = e.until;
        a.copies = e.copies;
        a.measures = e.measures;
        a.note = e.note;
        if (event.actor.starts_with("person:")) a.requested_by = event.actor.substr(7);
        a.requested_at = event.at;
        a.requested_index = index;
        it->second.approvals.emplace(a.id, std::move(a));
        return ok();
      });
  add_to_approval<ApprovalDecided>(
      types, [](Approval& a, const ApprovalDecided& e, const Event& event, std::uint64_t index) -> Result<void> {
        // Decided once, and only while asked (approval.already_decided).
        if (a.status != ApprovalStatus::Requested) return cannot_apply(event, "approval");
        a.status = e.outcome == ApprovalOutcome::Approved ? ApprovalStatus::Approved : ApprovalStatus::Refused;
        a.number = e.number;
        a.conditions = e.conditions;
        a.reasons = e.reasons;
        a.decided_by = event.actor;
        a.decided_at = event.at;
        a.decided_index = index;
        return ok();
      });
  add_to_approval<ApprovalWithdrawn>(
      types, [](Approval& a, const ApprovalWithdrawn& e, const Event& event, std::uint64_t index) -> Result<void> {
        if (a.status != ApprovalStatus::Requested) return cannot_apply(event, "approval");
        a.status = ApprovalStatus::Withdrawn;
        a.closed_reason = e.reason;
        a.closed_at = event.at;
        a.closed_index = index;
        return ok();
      });
  add_to_approval<ApprovalRevoked>(
      types, [](Approval& a, const ApprovalRevoked& e, const Event& event, std::uint64_t index) -> Result<void> {
        if (a.status != ApprovalStatus::Approved) return cannot_apply(event, "approval");
        a.status = ApprovalStatus::Revoked;
        a.closed_reason = e.reason;
        a.closed_at = event.at;
        a.closed_index = index;
        return ok();
      });
  add_to_approval<ApprovalUsed>(
      types, [](Approval& a, const ApprovalUsed& e, const Event& event, std::uint64_t) -> Result<void> {
        // Used only while in force, and never beyond the copies approved.
        if (a.status != ApprovalStatus::Approved || (a.copies > 0 && a.used() >= a.copies))
          return cannot_apply(event, "approval");
        a.uses.push_back(static_cast<std::uint64_t>(e.decision));
        return ok();
      });
}

}  // namespace itaku::domain
