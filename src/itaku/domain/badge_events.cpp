#include "itaku/domain/badge_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// Registers a badge event E whose change is made to a badge of the event's contract.
template <class E, class F>
void add_to_badge(EventTypes& types, F change) {
  types.add<E>([change](State& state, const E& e, const Event& event, std::uint64_t index) -> Result<void> {
    auto contract = state.contracts.find(event.contract);
    if (contract == state.contracts.end()) return cannot_apply(event, "contract");
    auto badge = contract->second.badges.find(e.number);
    if (badge == contract->second.badges.end()) return cannot_apply(event, "badge");
    return change(badge->second, e, event, index);
  });
}

}  // namespace

void register_badge_events(EventTypes& types) {
  types.add<BadgeIssued>(
      [](State& state, const BadgeIssued& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        Badge b;
        b.number = e.number;
        b.person = e.person;
        b.organisation = e.organisation;
        b.issued = e.issued;
        b.expires = e.expires;
        b.issued_at = event.at;
        b.issued_index = index;
        it->second.badges[b.number] = std::move(b);
        return ok();
      });
  add_to_badge<BadgeReturned>(types, [](Badge& badge, const BadgeReturned&, const Event& event, std::uint64_t index) {
    badge.status = BadgeStatus::Returned;
    badge.closed_at = event.at;
    badge.closed_index = index;
    return ok();
  });
  add_to_badge<BadgeLost>(types, [](Badge& badge, const BadgeLost& e, const Event& event, std::uint64_t index) {
    badge.status = BadgeStatus::Lost;
    badge.lost_note = e.note;
    badge.closed_at = event.at;
    badge.closed_index = index;
    return ok();
  });
  add_to_badge<BadgeReturnDue>(types, [](Badge& badge, const BadgeReturnDue& e, const Event& event, std::uint64_t) {
    badge.return_due = event.at;
    badge.return_due_reason = e.reason;
    return ok();
  });
}

}  // namespace itaku::domain
