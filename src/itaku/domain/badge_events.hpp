#pragma once
// Events of ID badges (身分証明書等; 木更津市 第11条(1)): a badge issued to a worker, returned or
// reported lost, and due back because its holder left while it was out.

#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// badge.issued: badge `number` handed to `person` of party `organisation` on the event's contract.
struct BadgeIssued {
  static constexpr std::string_view kType = "badge.issued";
  std::string number, person, organisation;
  std::string issued, expires;  // YYYY-MM-DD
  static constexpr auto members() {
    using T = BadgeIssued;
    return std::tuple{schema::member("number", &T::number), schema::member("person", &T::person),
                      schema::member("organisation", &T::organisation), schema::member("issued", &T::issued),
                      schema::member("expires", &T::expires)};
  }
};

// badge.returned: the badge came back; it is closed.
struct BadgeReturned {
  static constexpr std::string_view kType = "badge.returned";
  std::string number;
  static constexpr auto members() { return std::tuple{schema::member("number", &BadgeReturned::number)}; }
};

// badge.lost: the badge was reported lost; it is closed, and `note` says how it was lost.
struct BadgeLost {
  static constexpr std::string_view kType = "badge.lost";
  std::string number, note;
  static constexpr auto members() {
    return std::tuple{schema::member("number", &BadgeLost::number), schema::member("note", &BadgeLost::note)};
  }
};

// badge.return_due: the holder left the roster or departed while the badge was out; it stays
// out, marked due, until it is returned or reported lost. Recorded with a notice to the city.
struct BadgeReturnDue {
  static constexpr std::string_view kType = "badge.return_due";
  std::string number;
  BadgeReturnReason reason = BadgeReturnReason::LeftRoster;
  static constexpr auto members() {
    return std::tuple{schema::member("number", &BadgeReturnDue::number),
                      schema::member("reason", &BadgeReturnDue::reason)};
  }
};

void register_badge_events(EventTypes& types);

}  // namespace itaku::domain
