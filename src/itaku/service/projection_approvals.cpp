// The city's written approvals (domain/approvals.hpp) have no SQL tables yet: every read goes
// through the state, which holds them whole. Listed here so that a ledger holding them replays
// (an unregistered type fails the replay).

#include "itaku/domain/approval_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_approval_projections(Projections& p) {
  using namespace domain;
  p.add_unprojected<ApprovalRequested>();
  p.add_unprojected<ApprovalDecided>();
  p.add_unprojected<ApprovalWithdrawn>();
  p.add_unprojected<ApprovalRevoked>();
  p.add_unprojected<ApprovalUsed>();
}

}  // namespace itaku::service
