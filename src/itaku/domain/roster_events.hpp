#pragma once
// Events of rosters (体制表; 長野市 第1, 木更津市 第4条, 第11条(4)): a party submits a whole new
// version, and the city acknowledges it.

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// roster.version_submitted: version N of `organisation`'s roster on the event's contract.
struct RosterVersionSubmitted {
  static constexpr std::string_view kType = "roster.version_submitted";
  std::string organisation;
  int version = 0;
  Roster roster;
  std::string note;  // why it changed
  static constexpr auto members() {
    using T = RosterVersionSubmitted;
    return std::tuple{schema::member("organisation", &T::organisation), schema::member("version", &T::version),
                      schema::member("roster", &T::roster), schema::member("note", &T::note)};
  }
};

// roster.acknowledged: a person of the city (`by`) acknowledged version N, having read what
// changed since the last version the city acknowledged (長野市 第1: 変更する場合についても同様).
// `settles` names the versions submitted in between that were never acknowledged on their own:
// their changes are in what the city read, and they are settled by this one.
struct RosterAcknowledged {
  static constexpr std::string_view kType = "roster.acknowledged";
  std::string organisation;
  int version = 0;
  std::string by;
  std::vector<int> settles = {};
  static constexpr auto members() {
    using T = RosterAcknowledged;
    return std::tuple{schema::member("organisation", &T::organisation), schema::member("version", &T::version),
                      schema::member("by", &T::by), schema::member("settles", &T::settles, Presence::OmitEmpty)};
  }
};

void register_roster_events(EventTypes& types);

}  // namespace itaku::domain
