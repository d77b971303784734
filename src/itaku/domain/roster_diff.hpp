#pragma once
// What changed between two roster versions, in words a city officer reads: 「作業者の追加:
// 山田 太郎（データ入力、2026-04-01〜）」. Pure.

#include <string>
#include <vector>

#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RosterChange {
  std::string field;  // responsible, information_manager, workers, locations, access
  std::string kind;   // added, removed, changed
  std::string ja;
  std::string en;
};

std::vector<RosterChange> diff_rosters(const State& state, const Roster& before, const Roster& after);
// The Japanese lines of diff_rosters.
std::vector<std::string> describe_roster_changes(const State& state, const Roster& before, const Roster& after);

// "山田 太郎 (p-yamada)" or the id when unknown; "（退職 2026-05-01）" appended for leavers.
std::string person_label(const State& state, const std::string& person_id);

}  // namespace itaku::domain
