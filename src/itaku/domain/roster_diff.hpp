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

// An edit started from version `base`, and someone else's version `theirs` was recorded
// meanwhile: the edit's own changes (`mine` against `base`) laid over `theirs`, so that
// resubmitting undoes nothing of the other's. Rows are matched by a worker's person, a
// location's id and an access row's class, person and permission, and merged member by member.
// Where both changed the same member differently (or one removed a row the other changed), the
// edit's value is kept and `overlaps` names the row (field "responsible",
// "information_manager", "workers", "locations" or "access"; ja and en say what) for the editor
// to check. A location the edit added whose id the other version took gets a fresh id.
struct RosterRebase {
  Roster roster;
  std::vector<RosterChange> overlaps;
};
RosterRebase rebase_roster(const State& state, const Roster& base, const Roster& mine, const Roster& theirs);

// "山田 太郎 (p-yamada)" or the id when unknown; "（退職 2026-05-01）" appended for leavers
// (" (left 2026-05-01)" in English).
std::string person_label(const State& state, const std::string& person_id, bool english = false);

}  // namespace itaku::domain
