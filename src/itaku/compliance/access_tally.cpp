#include "itaku/compliance/access_tally.hpp"

#include <algorithm>

namespace itaku::compliance {

void Breaches::add(std::uint64_t index, Timestamp at) {
  if (count == 0 || at < first_at) first_at = at;
  ++count;
  if (first.size() < kEvidenceIndices) first.push_back(index);
}

void AccessTally::add(const AccessFact& fact) {
  if (decisions + accesses == 0 || fact.at < first_at) {
    first_at = fact.at;
    first_index = fact.index;
  }
  last_index = std::max(last_index, fact.index);
  auto& day_last = last_index_by_day[jst_day(fact.at)];
  day_last = std::max(day_last, fact.index);
  auto& person = people[std::string(fact.person)];
  if (person.decisions + person.accesses == 0 || fact.at < person.first_at) {
    person.first_at = fact.at;
    person.first_index = fact.index;
  }
  const bool access = fact.kind == AccessFact::Kind::Access;
  if (auto found = actions.find(fact.action); found != actions.end() || actions.size() < kMaxActions) {
    auto& action = found != actions.end() ? found->second : actions[std::string(fact.action)];
    if (action.allowed + action.denied + action.accesses == 0 || fact.at < action.first_at) {
      action.first_at = fact.at;
      action.first_index = fact.index;
    }
    if (access) {
      ++action.accesses;
      if (fact.denied || !fact.matched) action.unapproved.add(fact.index, fact.at);
    } else {
      ++(fact.denied ? action.denied : action.allowed);
    }
  }
  if (access) {
    ++accesses;
    ++person.accesses;
    if (!fact.matched) person.unmatched.add(fact.index, fact.at);
    // 長野市 第5-1, 木更津市 第3条(1): a provision that happened although nothing allowed it.
    if (fact.action == "provide_third_party" && (fact.denied || !fact.matched))
      person.third_party.add(fact.index, fact.at);
  } else {
    ++decisions;
    ++person.decisions;
    if (fact.denied) {
      ++denials;
      ++person.denials;
      auto& cls = classes[std::string(fact.asset_class)];
      if (cls.denials == 0 || fact.at < cls.first_denial_at) {
        cls.first_denial_at = fact.at;
        cls.first_denial_index = fact.index;
      }
      ++cls.denials;
    }
  }
  // A use: what was done (an observed access) or let through (an allowed decision).
  if (access || !fact.denied) {
    if (!person.last_use_at || fact.at >= *person.last_use_at) {
      person.last_use_at = fact.at;
      person.last_use_index = fact.index;
    }
    auto purpose = std::string(fact.purpose);
    if (!person.uses_by_purpose.contains(purpose) && person.uses_by_purpose.size() >= kMaxPurposes)
      purpose = std::string(kOtherPurposes);
    person.uses_by_purpose[purpose].add(fact.index, fact.at);
  }
}

}  // namespace itaku::compliance
