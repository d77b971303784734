#pragma once
// A domain event: what happened, who did it, when, in which contract, and its data. Events
// are the only way state changes; each becomes one ledger entry. Every type and field is
// listed in docs/EVENTS.md with the clause it serves.

#include <string>

#include <nlohmann/json.hpp>

#include "itaku/core/canonical_json.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"

namespace itaku::domain {

// Who caused an event: a person of an organisation, or the system itself (demo loader,
// migrations). The CLI acts as "cli:<login>" unless told to act as a person.
struct Actor {
  std::string id;  // "person:p-yamada", "token:tok-…", "cli:root", "system"
  // Who actually did it when it is recorded as someone else's act: the operating-system user
  // who ran `itaku --as p-yamada …` ("cli:root"). Empty otherwise.
  std::string via = {};
  static Actor system() { return {"system"}; }
  static Actor person(const std::string& person_id) { return {"person:" + person_id}; }
  // An API token, acting for the user it was issued to (its token.created entry names them).
  static Actor token(const std::string& token_id) { return {"token:" + token_id}; }
};

struct Event {
  std::string type;  // "roster.version_submitted"
  int version = 1;   // of this type's data shape
  std::string actor;
  Timestamp at{};
  std::string contract;  // empty when not about one contract
  nlohmann::json data = nlohmann::json::object();
  std::string via = {};  // Actor::via; written only when not empty
};

// {"actor":…,"at":…,"contract":…,"data":{…},"type":…,"v":1} as canonical JSON.
Result<CanonicalJson> to_canonical(const Event& event);
// The same, taking the event's data instead of copying it.
Result<CanonicalJson> to_canonical(Event&& event);
// The event recording `data`, a typed event (a struct with kType and members(), e.g.
// PersonDeparted): its type and data come from that one declaration.
template <class E>
Event make_event(const E& data, const Actor& actor, Timestamp at, std::string contract) {
  return Event{std::string(E::kType), 1, actor.id, at, std::move(contract), schema::encode(data), actor.via};
}

// event.malformed naming the member of `event`'s data that does not read (its path).
Error malformed_event(const Event& event, const schema::Problem& problem);

// The typed data of `event`, which must be of type E; a missing or mistyped member is
// event.malformed naming it.
template <class E>
Result<E> read_event(const Event& event) {
  E data{};
  if (auto problem = schema::decode_into(event.data, data, "data")) return malformed_event(event, *problem);
  return data;
}

// Reads the "event" member of a stored ledger entry; entries that are not domain events
// (the ledger's own genesis) give an error with code "event.not_domain".
Result<Event> event_from_json(const nlohmann::json& value);

}  // namespace itaku::domain
