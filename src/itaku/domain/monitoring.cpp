#include "itaku/domain/monitoring.hpp"

#include "itaku/domain/monitoring_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

Result<std::vector<Event>> decide_monitoring(const State& state, const ReviewMonitoring& c, const Actor& actor,
                                             Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* person = state.person(c.by);
  const auto* city = contract->city();
  // 長野市 第3: the review is what the city saw of the contractor's access.
  if (!person || !city || person->organisation != city->organisation || !person->active())
    return invalid("monitoring.reviewer_invalid", "監視結果の確認を記録できるのは甲（市）の職員です（長野市 第3）",
                   "only a person of the city (甲) can record a review of the monitoring (長野市 第3)")
        .with("field", "by")
        .with("by", c.by);
  return std::vector{make_event(MonitoringReviewed{c.by, c.note}, actor, now, c.contract)};
}

}  // namespace itaku::domain
