// People's obligations (training, acknowledgements, pledges; domain/training.hpp) have no SQL
// tables yet: every read goes through the state, which holds them whole. Listed here so that a
// ledger holding them replays (an unregistered type fails the replay).

#include "itaku/domain/training_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_training_projections(Projections& p) {
  using namespace domain;
  p.add_unprojected<TrainingCourseDefined>();
  p.add_unprojected<TrainingSessionRecorded>();
  p.add_unprojected<ProvisionsAcknowledged>();
  p.add_unprojected<PledgeSigned>();
  p.add_unprojected<TrainingExpiryNotified>();
  p.add_unprojected<TrainingReported>();
}

}  // namespace itaku::service
