#pragma once
// What compliance needs to know of a contract's access decisions and observed accesses
// (decision.recorded, access.recorded; 長野市 第3, 第5, 木更津市 第3条), summed per person and per
// class as they are recorded. The domain state keeps nothing of decisions (they are appended
// without the command lock, by the million), so the service keeps a tally per contract beside
// its monitoring index and builds one while it replays the ledger for a past date; both feed
// it the same facts through add(). Pure.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/clock.hpp"

namespace itaku::compliance {

// One decision or observed access, as the ledger records it.
struct AccessFact {
  enum class Kind { Decision, Access };
  Kind kind = Kind::Decision;
  std::uint64_t index = 0;
  Timestamp at{};  // the time the request or the access names
  std::string_view person, action, asset_class, purpose;
  // A decision: it was denied. An access: the rules, as they stood, deny it.
  bool denied = false;
  bool matched = false;  // an access: it matches an allow decision (matched_decision != 0)
};

// Facts of one kind that break a rule: how many, since when, and the first few indices.
struct Breaches {
  std::uint64_t count = 0;
  Timestamp first_at{};
  std::vector<std::uint64_t> first;  // at most kEvidenceIndices, in ledger order
  void add(std::uint64_t index, Timestamp at);
};
// How many indices a status cites as its evidence, at most: enough to open, few enough to read.
inline constexpr std::size_t kEvidenceIndices = 5;

struct PersonTally {
  std::uint64_t decisions = 0, denials = 0, accesses = 0;
  std::uint64_t first_index = 0;  // of their first decision or access
  Timestamp first_at{};
  // The latest observed access and allowed decision: whether access went on after a departure.
  std::uint64_t last_use_index = 0;
  std::optional<Timestamp> last_use_at;
  Breaches unmatched;    // observed accesses no allow decision matches
  Breaches third_party;  // provision to a third party observed that the rules deny or nothing allowed
  // Allowed decisions and observed accesses by the purpose they name ("" when none): whether
  // the purpose is the contract's is decided when it is evaluated, against the contract.
  std::map<std::string, Breaches> uses_by_purpose;
};

struct ClassTally {
  std::uint64_t denials = 0;
  std::uint64_t first_denial_index = 0;
  Timestamp first_denial_at{};
};

// What was decided and done per action (copy, take_out, …): approval.required reads it.
struct ActionTally {
  std::uint64_t allowed = 0, denied = 0, accesses = 0;
  std::uint64_t first_index = 0;  // of the first decision or access of the action
  Timestamp first_at{};
  // Observed accesses of the action that the rules, as they stood, deny or that no allow
  // decision matches: done without what the rules ask, an approval among them.
  Breaches unapproved;
};

// The tally of one contract.
struct AccessTally {
  std::uint64_t decisions = 0, denials = 0, accesses = 0;
  // The earliest fact by the time it names, and the ledger index of the latest recorded.
  std::uint64_t first_index = 0, last_index = 0;
  Timestamp first_at{};
  // Per day in Japan that facts name (jst_day), the largest ledger index of its facts: which day
  // the first fact after a given index is of (access.monitored's review).
  std::map<int, std::uint64_t> last_index_by_day;
  std::map<std::string, PersonTally> people;                // by person id as the requests name them
  std::map<std::string, ClassTally> classes;                // by class id
  std::map<std::string, ActionTally, std::less<>> actions;  // by action, at most kMaxActions
  void add(const AccessFact& fact);
};

// The most distinct purposes a person's tally keeps apart; further ones are counted together
// under kOtherPurposes (a caller cannot make the tally grow without bound).
inline constexpr std::size_t kMaxPurposes = 32;
// Actions are the vocabulary's (domain::Action), checked when a request is read; the tally keeps
// no more than this many apart all the same.
inline constexpr std::size_t kMaxActions = 32;
inline constexpr std::string_view kOtherPurposes = "\x01other";

}  // namespace itaku::compliance
