#pragma once
// Every event type, registered once with how applying it changes the state. apply()
// (state.cpp) dispatches through this registry; each capability registers its own events in
// its *_events.cpp (register_…_events), and event_types() lists the capabilities. The SQL
// projection registers its writers the same way, keyed by the same names (service/projection.hpp).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"

namespace itaku::domain {

struct State;

class EventTypes {
 public:
  using Apply = std::function<Result<void>(State&, const Event&, std::uint64_t index)>;
  // The event's data read into its struct and written out again (tests compare the bytes).
  using Reencode = std::function<Result<nlohmann::json>(const Event&)>;
  struct Entry {
    Apply apply;  // empty for events recorded only
    Reencode reencode;
  };

  // Registers E (a struct with kType and members()) with what it changes:
  // `apply(State&, const E& data, const Event& event, std::uint64_t index) -> Result<void>`.
  // The event's data is read into E first, so a missing or mistyped member never reaches it.
  template <class E, class F>
  void add(F apply) {
    insert(E::kType, {[apply](State& state, const Event& event, std::uint64_t index) -> Result<void> {
                        auto data = TRY(read_event<E>(event));
                        return apply(state, data, event, index);
                      },
                      &reencode<E>});
  }

  // Registers E as recorded for the audit trail and monitoring only: the state does not
  // change, and the data is not read (a replay reads a million decisions).
  template <class E>
  void add_record_only() {
    insert(E::kType, {nullptr, &reencode<E>});
  }

  // The entry for `type`, or nullptr when no capability registered it.
  const Entry* find(std::string_view type) const;
  std::vector<std::string_view> names() const;

 private:
  template <class E>
  static Result<nlohmann::json> reencode(const Event& event) {
    return schema::encode(TRY(read_event<E>(event)));
  }
  void insert(std::string_view type, Entry entry);
  std::map<std::string, Entry, std::less<>> types_;
};

// The registry of every event type itaku records, built once.
const EventTypes& event_types();

// "event.cannot_apply": an event the state cannot hold (a bug or a foreign ledger).
Error cannot_apply(const Event& event, std::string detail);

}  // namespace itaku::domain
