#pragma once
// Events of access decisions and observed accesses (長野市 第3; docs/POLICY.md). They change no
// state: the SQL projection and monitoring read them. The server writes a decision's entry
// straight into canonical bytes (service/decisions.cpp) equal to make_event(DecisionRecorded).

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

// A reason a request was denied, or an obligation an allowed one carries: its code and the
// clause of the contract's provision set it rests on.
struct ReasonRecord {
  std::string code, clause;
  std::string detail;  // written only when there is one
  static constexpr auto members() {
    using T = ReasonRecord;
    return std::tuple{schema::member("code", &T::code), schema::member("clause", &T::clause),
                      schema::member("detail", &T::detail, Presence::OmitEmpty)};
  }
};

// What was asked or done: the members a decision and an observed access share, declared as
// members of the event `Self` that carries them.
struct AccessRequestRecord {
  std::string person, action, asset, device, location, purpose;
  std::string time;  // as format_utc wrote it
  template <class Self>
  static constexpr auto request_members() {
    return std::tuple{schema::member<Self, std::string>("person", &Self::person),
                      schema::member<Self, std::string>("action", &Self::action),
                      schema::member<Self, std::string>("asset", &Self::asset),
                      schema::member<Self, std::string>("device", &Self::device),
                      schema::member<Self, std::string>("location", &Self::location),
                      schema::member<Self, std::string>("purpose", &Self::purpose),
                      schema::member<Self, std::string>("time", &Self::time)};
  }
};

// decision.recorded: a request and its answer.
struct DecisionRecorded : AccessRequestRecord {
  static constexpr std::string_view kType = "decision.recorded";
  std::string asset_class;  // the class it was resolved to
  std::string effect;       // "allow" or "deny"
  std::vector<ReasonRecord> reasons, obligations;
  std::int64_t basis = 0;  // ledger index of the state the decision was made against
  static constexpr auto members() {
    using T = DecisionRecorded;
    return std::tuple_cat(
        request_members<T>(),
        std::tuple{schema::member("class", &T::asset_class), schema::member("effect", &T::effect),
                   schema::member("reasons", &T::reasons), schema::member("obligations", &T::obligations),
                   schema::member("basis", &T::basis)});
  }
};

// access.recorded: an access a contractor's system observed, what the rules say of it, and
// the allow decision it matches (0 when none).
struct AccessRecorded : AccessRequestRecord {
  static constexpr std::string_view kType = "access.recorded";
  std::string asset_class;
  std::string rule_effect;
  std::vector<ReasonRecord> reasons;
  std::int64_t matched_decision = 0;
  static constexpr auto members() {
    using T = AccessRecorded;
    return std::tuple_cat(
        request_members<T>(),
        std::tuple{schema::member("class", &T::asset_class), schema::member("rule_effect", &T::rule_effect),
                   schema::member("reasons", &T::reasons), schema::member("matched_decision", &T::matched_decision)});
  }
};

void register_decision_events(EventTypes& types);

}  // namespace itaku::domain
