#include "itaku/domain/event_types.hpp"

#include "itaku/core/assert.hpp"
#include "itaku/domain/account_events.hpp"
#include "itaku/domain/approval_events.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/badge_events.hpp"
#include "itaku/domain/contract_events.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/domain/device_events.hpp"
#include "itaku/domain/disposal_events.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/monitoring_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/domain/training_events.hpp"

namespace itaku::domain {

void EventTypes::insert(std::string_view type, Entry entry) {
  // Two capabilities claiming one name is a bug in the code, found by the first test.
  ITAKU_CHECK(!types_.contains(type));
  types_.emplace(std::string(type), std::move(entry));
}

const EventTypes::Entry* EventTypes::find(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> EventTypes::names() const {
  std::vector<std::string_view> names;
  for (const auto& [name, entry] : types_) names.emplace_back(name);
  return names;
}

const EventTypes& event_types() {
  static const EventTypes kTypes = [] {
    EventTypes t;
    register_organisation_events(t);
    register_account_events(t);
    register_contract_events(t);
    register_roster_events(t);
    register_notification_events(t);
    register_asset_events(t);
    register_decision_events(t);
    register_document_events(t);
    register_badge_events(t);
    register_device_events(t);
    register_disposal_events(t);
    register_approval_events(t);
    register_monitoring_events(t);
    register_training_events(t);
    return t;
  }();
  return kTypes;
}

Error cannot_apply(const Event& event, std::string detail) {
  return make_error(ErrorKind::Internal, "event.cannot_apply", "イベントを状態に反映できません",
                    "an event cannot be applied to the state")
      .with("type", event.type)
      .with("detail", std::move(detail));
}

}  // namespace itaku::domain
