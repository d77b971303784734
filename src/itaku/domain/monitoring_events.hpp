#pragma once
// Events of the city's review of a contract's monitoring (長野市 第3; domain/monitoring.hpp).

#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

// monitoring.reviewed: `by` of the city reviewed the contract's monitoring — every entry before
// this one — with `note`.
struct MonitoringReviewed {
  static constexpr std::string_view kType = "monitoring.reviewed";
  std::string by, note;
  static constexpr auto members() {
    using T = MonitoringReviewed;
    return std::tuple{schema::member("by", &T::by), schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};

void register_monitoring_events(EventTypes& types);

}  // namespace itaku::domain
