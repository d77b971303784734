#pragma once
// Events of the organisations and people a contract involves (docs/EVENTS.md): a party
// registered, a person registered, a person transferred or gone (転勤・退職; 長野市 第5-2).

#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// organisation.registered: a city, contractor or subcontractor.
struct OrganisationRegistered {
  static constexpr std::string_view kType = "organisation.registered";
  std::string id;
  OrganisationKind kind = OrganisationKind::Contractor;
  std::string name, name_en;
  static constexpr auto members() {
    using T = OrganisationRegistered;
    return std::tuple{schema::member("id", &T::id), schema::member("kind", &T::kind), schema::member("name", &T::name),
                      schema::member("name_en", &T::name_en)};
  }
};

// person.registered: someone of an organisation (職・氏名, 木更津市 第4条).
struct PersonRegistered {
  static constexpr std::string_view kType = "person.registered";
  std::string id, organisation, name, title, email;
  static constexpr auto members() {
    using T = PersonRegistered;
    return std::tuple{schema::member("id", &T::id), schema::member("organisation", &T::organisation),
                      schema::member("name", &T::name), schema::member("title", &T::title),
                      schema::member("email", &T::email)};
  }
};

// person.departed: the person's assignments end from `effective`; they stay, with their history.
struct PersonDeparted {
  static constexpr std::string_view kType = "person.departed";
  std::string id;
  DepartureReason reason = DepartureReason::Left;
  Timestamp effective{};
  static constexpr auto members() {
    using T = PersonDeparted;
    return std::tuple{schema::member("id", &T::id), schema::member("reason", &T::reason),
                      schema::member("effective", &T::effective)};
  }
};

void register_organisation_events(EventTypes& types);

}  // namespace itaku::domain
