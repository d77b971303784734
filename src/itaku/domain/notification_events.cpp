#include "itaku/domain/notification_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_notification_events(EventTypes& types) {
  types.add<NotificationCreated>(
      [](State& state, const NotificationCreated& e, const Event& event, std::uint64_t index) -> Result<void> {
        state.notifications[e.id] = Notification{e.id,         event.contract, e.kind,      e.recipient, e.subject_ja,
                                                 e.subject_en, e.body_ja,      e.reference, event.at,    index};
        return ok();
      });
}

}  // namespace itaku::domain
