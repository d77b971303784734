#include "itaku/domain/organisation_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_organisation_events(EventTypes& types) {
  types.add<OrganisationRegistered>([](State& state, const OrganisationRegistered& e, const Event&, std::uint64_t) {
    state.organisations[e.id] = Organisation{e.id, e.kind, e.name, e.name_en};
    return ok();
  });
  types.add<PersonRegistered>([](State& state, const PersonRegistered& e, const Event&, std::uint64_t index) {
    state.people[e.id] = Person{e.id, e.organisation, e.name, e.title, e.email, index, std::nullopt};
    return ok();
  });
  types.add<PersonDeparted>(
      [](State& state, const PersonDeparted& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.people.find(e.id);
        if (it == state.people.end()) return cannot_apply(event, "person");
        it->second.departure = Departure{e.reason, e.effective, index};
        return ok();
      });
}

}  // namespace itaku::domain
