#include "itaku/domain/monitoring_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_monitoring_events(EventTypes& types) {
  types.add<MonitoringReviewed>(
      [](State& state, const MonitoringReviewed& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        it->second.monitoring_reviews.push_back({e.by, e.note, event.at, index});
        return ok();
      });
}

}  // namespace itaku::domain
