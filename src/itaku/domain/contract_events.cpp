#include "itaku/domain/contract_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// The lifecycle step E moves the event's contract to `target`.
template <class E>
void add_lifecycle_step(EventTypes& types, ContractState target) {
  types.add<E>([target](State& state, const E&, const Event& event, std::uint64_t index) -> Result<void> {
    auto it = state.contracts.find(event.contract);
    if (it == state.contracts.end()) return cannot_apply(event, "contract");
    it->second.state = target;
    if (target == ContractState::Closing) {
      it->second.closing_at = event.at;
      it->second.closing_index = index;
    }
    return ok();
  });
}

}  // namespace

void register_contract_events(EventTypes& types) {
  types.add<ProvisionsImported>(
      [](State& state, const ProvisionsImported& e, const Event& event, std::uint64_t) -> Result<void> {
        auto set = provisions::parse_provision_set(e.source, e.name);
        if (!set) return cannot_apply(event, set.error().describe());
        // Take the set out first: in `a[k] = std::move(v)` the right side is evaluated first
        // (C++17), which would leave the keys read from a moved-from set.
        auto value = set.release_value();
        const auto name = value.name;
        const auto version = value.version;
        state.provision_sets[name][version] = std::move(value);
        return ok();
      });
  types.add<ContractCreated>(
      [](State& state, const ContractCreated& e, const Event& event, std::uint64_t index) -> Result<void> {
        Contract c;
        c.id = event.contract;
        c.number = e.number;
        c.title = e.title;
        c.department = e.department;
        c.period_from = e.period_from;
        c.period_until = e.period_until;
        c.work_description = e.work_description;
        c.provisions = e.provisions;
        c.parties.push_back(Party{e.city, PartyRole::City, "", event.at, index});
        c.parties.push_back(Party{e.contractor, PartyRole::Contractor, "", event.at, index});
        c.created_index = index;
        state.contracts[c.id] = std::move(c);
        return ok();
      });
  types.add<SubcontractorAdded>(
      [](State& state, const SubcontractorAdded& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        it->second.parties.push_back(Party{e.organisation, PartyRole::Subcontractor, e.parent, event.at, index});
        return ok();
      });
  types.add<ContractAmended>(
      [](State& state, const ContractAmended& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        auto& c = it->second;
        ContractAmendment amendment{e.note, "", e.period_until, e.work_description, event.actor, event.at, index};
        if (e.provisions) {
          if (!state.provision_set(e.provisions->name, e.provisions->version)) return cannot_apply(event, "provisions");
          c.provisions = *e.provisions;
          amendment.provisions_version = e.provisions->version;
        }
        if (!e.period_until.empty()) c.period_until = e.period_until;
        if (!e.work_description.empty()) c.work_description = e.work_description;
        c.amendments.push_back(std::move(amendment));
        return ok();
      });
  add_lifecycle_step<ContractActivated>(types, ContractState::Active);
  add_lifecycle_step<ContractClosingStarted>(types, ContractState::Closing);
  add_lifecycle_step<ContractClosed>(types, ContractState::Closed);
}

}  // namespace itaku::domain
