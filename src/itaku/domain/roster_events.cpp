#include "itaku/domain/roster_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_roster_events(EventTypes& types) {
  types.add<RosterVersionSubmitted>(
      [](State& state, const RosterVersionSubmitted& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        auto& versions = it->second.rosters[e.organisation];
        if (e.version != static_cast<int>(versions.size()) + 1) return cannot_apply(event, "version out of order");
        RosterVersion v;
        v.contract = event.contract;
        v.organisation = e.organisation;
        v.version = e.version;
        v.roster = e.roster;
        v.submitted_by = event.actor;
        v.submitted_at = event.at;
        v.ledger_index = index;
        v.note = e.note;
        versions.push_back(std::move(v));
        return ok();
      });
  types.add<RosterAcknowledged>(
      [](State& state, const RosterAcknowledged& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        auto& versions = it->second.rosters[e.organisation];
        if (e.version < 1 || e.version > static_cast<int>(versions.size())) return cannot_apply(event, "version");
        if (versions[e.version - 1].settled())
          return cannot_apply(event, "entry #" + std::to_string(index) + ": roster version already acknowledged");
        for (const int earlier : e.settles)
          if (earlier < 1 || earlier >= e.version || versions[earlier - 1].settled())
            return cannot_apply(event, "entry #" + std::to_string(index) + ": settles a version it cannot");
        versions[e.version - 1].acknowledged_by = e.by;
        versions[e.version - 1].acknowledged_at = event.at;
        versions[e.version - 1].acknowledged_index = index;
        for (const int earlier : e.settles) versions[earlier - 1].settled_by = e.version;
        return ok();
      });
}

}  // namespace itaku::domain
