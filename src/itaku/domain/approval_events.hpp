#pragma once
// Events of the city's written approvals (長野市 第5, 第6, 第7; 木更津市 第3条(1)(2)(3), 第12条):
// a party asks, the city approves (with conditions) or refuses, the party may withdraw its
// request, the city may revoke an approval, and each decision an approval allowed is recorded
// as its use.

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// approval.requested: party `organisation` asks the city for approval `id` of `type` (an
// approval type of the provisions' vocabulary: "copy", "take_out", …), with what it needs.
struct ApprovalRequested {
  static constexpr std::string_view kType = "approval.requested";
  std::string id, type, organisation, purpose;
  std::vector<std::string> assets, classes, people, devices;
  std::string destination;
  std::string from, until;  // YYYY-MM-DD
  std::int64_t copies = 0;  // copy: how many copies; 0 when not counted
  std::vector<std::string> measures;
  std::string note;
  static constexpr auto members() {
    using T = ApprovalRequested;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("type", &T::type),
                      schema::member("organisation", &T::organisation),
                      schema::member("purpose", &T::purpose),
                      schema::member("assets", &T::assets, Presence::OmitEmpty),
                      schema::member("classes", &T::classes, Presence::OmitEmpty),
                      schema::member("people", &T::people),
                      schema::member("devices", &T::devices, Presence::OmitEmpty),
                      schema::member("destination", &T::destination, Presence::OmitEmpty),
                      schema::member("from", &T::from),
                      schema::member("until", &T::until),
                      schema::member("copies", &T::copies, Presence::OmitEmpty),
                      schema::member("measures", &T::measures),
                      schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};

// approval.decided: the city approves request `id` — numbered `number`, with `conditions` if
// any — or refuses it for `reasons`.
struct ApprovalDecided {
  static constexpr std::string_view kType = "approval.decided";
  std::string id;
  ApprovalOutcome outcome = ApprovalOutcome::Approved;
  std::string number, conditions, reasons;
  static constexpr auto members() {
    using T = ApprovalDecided;
    return std::tuple{schema::member("id", &T::id), schema::member("outcome", &T::outcome),
                      schema::member("number", &T::number, Presence::OmitEmpty),
                      schema::member("conditions", &T::conditions, Presence::OmitEmpty),
                      schema::member("reasons", &T::reasons, Presence::OmitEmpty)};
  }
};

// approval.withdrawn (by the requesting party, before the city decides) and approval.revoked
// (by the city, of an approval in force), each with the reason given.
struct ApprovalWithdrawn {
  static constexpr std::string_view kType = "approval.withdrawn";
  std::string id, reason;
  static constexpr auto members() {
    return std::tuple{schema::member("id", &ApprovalWithdrawn::id),
                      schema::member("reason", &ApprovalWithdrawn::reason, Presence::OmitEmpty)};
  }
};
struct ApprovalRevoked {
  static constexpr std::string_view kType = "approval.revoked";
  std::string id, reason;
  static constexpr auto members() {
    return std::tuple{schema::member("id", &ApprovalRevoked::id), schema::member("reason", &ApprovalRevoked::reason)};
  }
};

// approval.used: the decision at ledger index `decision` was allowed under approval `id`; an
// approval with a number of copies allows that many.
struct ApprovalUsed {
  static constexpr std::string_view kType = "approval.used";
  std::string id;
  std::int64_t decision = 0;
  static constexpr auto members() {
    return std::tuple{schema::member("id", &ApprovalUsed::id), schema::member("decision", &ApprovalUsed::decision)};
  }
};

void register_approval_events(EventTypes& types);

}  // namespace itaku::domain
