#pragma once
// notification.created: a notice to an organisation (a roster version to acknowledge, a
// denial on a sensitive class); the mail itself goes through the outbox.

#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

struct NotificationCreated {
  static constexpr std::string_view kType = "notification.created";
  std::string id;
  std::string kind;       // "roster.version", "decision.denied"
  std::string recipient;  // organisation id
  std::string subject_ja, subject_en, body_ja;
  std::string reference;  // what it is about: "roster:c-1:org-x:3", "decision:42"
  static constexpr auto members() {
    using T = NotificationCreated;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("kind", &T::kind),
                      schema::member("recipient", &T::recipient),
                      schema::member("subject_ja", &T::subject_ja),
                      schema::member("subject_en", &T::subject_en),
                      schema::member("body_ja", &T::body_ja),
                      schema::member("reference", &T::reference)};
  }
};

void register_notification_events(EventTypes& types);

}  // namespace itaku::domain
