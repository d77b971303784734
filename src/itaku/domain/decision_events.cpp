#include "itaku/domain/decision_events.hpp"

namespace itaku::domain {

void register_decision_events(EventTypes& types) {
  // Decisions are appended without the command lock and replayed by the million: the state
  // keeps nothing of them, so their data is not even read here.
  types.add_record_only<DecisionRecorded>();
  types.add_record_only<AccessRecorded>();
}

}  // namespace itaku::domain
