#include "itaku/domain/roster_diff.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace itaku::domain {

namespace {

std::string period(const RosterWorker& w) { return w.from + "〜" + w.until; }

std::string permission_ja(const std::string& p) { return p == "view" ? "閲覧" : p == "use" ? "利用" : p; }

std::string location_text(const WorkLocation& l) {
  return fmt::format("{}（{}{}{}）", l.name, l.address, l.city_premises ? "、市の施設内" : "",
                     l.hours.empty() ? "" : "、勤務時間 " + l.hours);
}

// The rows of `rows` by key.
template <typename Row, typename Key>
std::map<std::string, const Row*> by_key(const std::vector<Row>& rows, const Key& key) {
  std::map<std::string, const Row*> out;
  for (const auto& row : rows) out.emplace(key(row), &row);
  return out;
}

const auto* find_row(const auto& rows, const std::string& key) {
  auto it = rows.find(key);
  return it == rows.end() ? nullptr : it->second;
}

bool same(const auto* a, const auto* b) { return a == b || (a && b && *a == *b); }

// A row both sides kept, merged member by member: the edit's value where it changed one, else
// the other's; `clash` is set when both changed a member differently.
RosterWorker merge_row(const RosterWorker& b, const RosterWorker& m, const RosterWorker& t, bool& clash) {
  RosterWorker out = t;
  for (auto member : {&RosterWorker::work, &RosterWorker::from, &RosterWorker::until})
    if (m.*member != b.*member) {
      clash = clash || (t.*member != b.*member && t.*member != m.*member);
      out.*member = m.*member;
    }
  return out;
}
WorkLocation merge_row(const WorkLocation& b, const WorkLocation& m, const WorkLocation& t, bool& clash) {
  WorkLocation out = t;
  for (auto member : {&WorkLocation::name, &WorkLocation::address, &WorkLocation::hours})
    if (m.*member != b.*member) {
      clash = clash || (t.*member != b.*member && t.*member != m.*member);
      out.*member = m.*member;
    }
  if (m.city_premises != b.city_premises) {
    clash = clash || (t.city_premises != b.city_premises && t.city_premises != m.city_premises);
    out.city_premises = m.city_premises;
  }
  return out;
}
AssetAccess merge_row(const AssetAccess&, const AssetAccess& m, const AssetAccess&, bool&) { return m; }

// One list merged (see rebase_roster): `theirs`' order, then the rows only the edit added.
// `overlap(row)` is told of a row both changed differently.
template <typename Row, typename Key, typename Overlap>
std::vector<Row> merge_rows(const std::vector<Row>& base, const std::vector<Row>& mine, const std::vector<Row>& theirs,
                            const Key& key, const Overlap& overlap) {
  const auto base_rows = by_key(base, key), mine_rows = by_key(mine, key), their_rows = by_key(theirs, key);
  std::vector<Row> out;
  for (const auto& t : theirs) {
    const auto k = key(t);
    const auto* b = find_row(base_rows, k);
    const auto* m = find_row(mine_rows, k);
    if (same(m, b)) {  // the edit left it alone
      out.push_back(t);
    } else if (!m) {  // the edit removed it; the other changed it meanwhile
      if (!same(b, &t)) overlap(t);
    } else if (!b) {  // both added it
      if (!(*m == t)) overlap(*m);
      out.push_back(*m);
    } else {
      bool clash = false;
      out.push_back(merge_row(*b, *m, t, clash));
      if (clash) overlap(out.back());
    }
  }
  for (const auto& m : mine) {
    const auto k = key(m);
    if (their_rows.contains(k)) continue;
    const auto* b = find_row(base_rows, k);
    if (!b) {
      out.push_back(m);  // the edit added it
    } else if (!(*b == m)) {
      overlap(m);  // the other removed it, the edit changed it: kept
      out.push_back(m);
    }
  }
  return out;
}

}  // namespace

RosterRebase rebase_roster(const State& state, const Roster& base, const Roster& mine, const Roster& theirs) {
  RosterRebase out;
  auto& r = out.roster;
  auto scalar = [&](auto member, const char* field, const char* ja, const char* en) {
    const auto& b = base.*member;
    const auto& m = mine.*member;
    const auto& t = theirs.*member;
    r.*member = m == b ? t : m;
    if (m != b && t != b && m != t) out.overlaps.push_back({field, "changed", ja, en});
  };
  scalar(&Roster::responsible, "responsible", "責任者", "responsible person");
  scalar(&Roster::information_manager, "information_manager", "情報管理責任者", "information manager");
  scalar(&Roster::manager_is_personal_information_officer, "information_manager",
         "情報管理責任者の個人情報取扱責任者としての届出", "personal-information officer designation");

  r.workers = merge_rows(
      base.workers, mine.workers, theirs.workers, [](const RosterWorker& w) { return w.person; },
      [&](const RosterWorker& w) {
        out.overlaps.push_back({"workers", "changed", "作業者 " + person_label(state, w.person),
                                "worker " + person_label(state, w.person, true)});
      });

  // A location the edit added under an id the other version has taken meanwhile is another one.
  auto my_locations = mine.locations;
  std::set<std::string> taken;
  for (const auto* list : {&base.locations, &mine.locations, &theirs.locations})
    for (const auto& l : *list) taken.insert(l.id);
  const auto base_locations = by_key(base.locations, [](const WorkLocation& l) { return l.id; });
  const auto their_locations = by_key(theirs.locations, [](const WorkLocation& l) { return l.id; });
  int next = 1;
  for (auto& l : my_locations) {
    const auto* t = find_row(their_locations, l.id);
    if (base_locations.contains(l.id) || !t || *t == l) continue;
    while (taken.contains("loc-" + std::to_string(next))) ++next;
    l.id = "loc-" + std::to_string(next);
    taken.insert(l.id);
  }
  r.locations = merge_rows(
      base.locations, my_locations, theirs.locations, [](const WorkLocation& l) { return l.id; },
      [&](const WorkLocation& l) {
        out.overlaps.push_back({"locations", "changed", "作業場所 " + l.name, "work location " + l.name});
      });

  r.access = merge_rows(
      base.access, mine.access, theirs.access,
      [](const AssetAccess& a) { return a.asset_class + "\x1f" + a.person + "\x1f" + a.permission; },
      [&](const AssetAccess& a) {
        out.overlaps.push_back(
            {"access", "changed",
             fmt::format("{}を{}できる者 {}", a.asset_class, permission_ja(a.permission),
                         person_label(state, a.person)),
             fmt::format("may {} {}: {}", a.permission, a.asset_class, person_label(state, a.person, true))});
      });
  return out;
}

std::string person_label(const State& state, const std::string& person_id, bool english) {
  const auto* person = state.person(person_id);
  if (!person) return person_id;
  std::string label = fmt::format("{} ({})", person->name, person_id);
  if (!person->departure) return label;
  const bool transferred = person->departure->reason == DepartureReason::Transferred;
  const auto day = format_date(jst_date(person->departure->effective));
  return label + (english ? fmt::format(" ({} {})", transferred ? "transferred" : "left", day)
                          : fmt::format("（{} {}）", transferred ? "転勤" : "退職", day));
}

std::vector<RosterChange> diff_rosters(const State& state, const Roster& before, const Roster& after) {
  std::vector<RosterChange> out;
  auto label = [&](const std::string& id) { return person_label(state, id); };
  auto label_en = [&](const std::string& id) { return person_label(state, id, true); };
  auto role_change = [&](const char* field, const char* ja, const char* en, const std::string& a,
                         const std::string& b) {
    if (a == b) return;
    if (a.empty())
      out.push_back({field, "added", fmt::format("{}: {}", ja, label(b)), fmt::format("{}: {}", en, label_en(b))});
    else
      out.push_back({field, "changed", fmt::format("{}の変更: {} → {}", ja, label(a), label(b)),
                     fmt::format("{} changed: {} → {}", en, label_en(a), label_en(b))});
  };
  role_change("responsible", "責任者", "responsible person", before.responsible, after.responsible);
  role_change("information_manager", "情報管理責任者", "information manager", before.information_manager,
              after.information_manager);
  if (before.manager_is_personal_information_officer != after.manager_is_personal_information_officer)
    out.push_back({"information_manager", "changed",
                   after.manager_is_personal_information_officer
                       ? "情報管理責任者を個人情報取扱責任者として届出（木更津市 第4条2）"
                       : "情報管理責任者の個人情報取扱責任者としての届出を取消し",
                   after.manager_is_personal_information_officer
                       ? "information manager designated as personal-information officer"
                       : "personal-information officer designation withdrawn"});

  std::map<std::string, const RosterWorker*> old_workers, new_workers;
  for (const auto& w : before.workers) old_workers[w.person] = &w;
  for (const auto& w : after.workers) new_workers[w.person] = &w;
  for (const auto& [id, w] : new_workers) {
    auto it = old_workers.find(id);
    if (it == old_workers.end()) {
      out.push_back({"workers", "added", fmt::format("作業者の追加: {}（{}、{}）", label(id), w->work, period(*w)),
                     fmt::format("worker added: {} ({}, {})", label_en(id), w->work, period(*w))});
      continue;
    }
    const auto* o = it->second;
    if (o->until != w->until && !w->until.empty() && o->until.empty())
      out.push_back({"workers", "changed", fmt::format("作業者の従事終了: {}（{}まで）", label(id), w->until),
                     fmt::format("worker's assignment ends: {} (until {})", label_en(id), w->until)});
    else if (o->from != w->from || o->until != w->until)
      out.push_back({"workers", "changed",
                     fmt::format("作業期間の変更: {}（{} → {}）", label(id), period(*o), period(*w)),
                     fmt::format("worker's period changed: {} ({} → {})", label_en(id), period(*o), period(*w))});
    if (o->work != w->work)
      out.push_back({"workers", "changed", fmt::format("作業内容の変更: {}（{} → {}）", label(id), o->work, w->work),
                     fmt::format("worker's work changed: {} ({} → {})", label_en(id), o->work, w->work)});
  }
  for (const auto& [id, w] : old_workers)
    if (!new_workers.contains(id))
      out.push_back({"workers", "removed", fmt::format("作業者の削除: {}（{}）", label(id), w->work),
                     fmt::format("worker removed: {} ({})", label_en(id), w->work)});

  std::map<std::string, const WorkLocation*> old_locations, new_locations;
  for (const auto& l : before.locations) old_locations[l.id] = &l;
  for (const auto& l : after.locations) new_locations[l.id] = &l;
  for (const auto& [id, l] : new_locations) {
    auto it = old_locations.find(id);
    if (it == old_locations.end())
      out.push_back({"locations", "added", "作業場所の追加: " + location_text(*l), "work location added: " + l->name});
    else if (it->second->name != l->name || it->second->address != l->address ||
             it->second->city_premises != l->city_premises || it->second->hours != l->hours)
      out.push_back({"locations", "changed",
                     fmt::format("作業場所の変更: {} → {}", location_text(*it->second), location_text(*l)),
                     "work location changed: " + l->name});
  }
  for (const auto& [id, l] : old_locations)
    if (!new_locations.contains(id))
      out.push_back(
          {"locations", "removed", "作業場所の削除: " + location_text(*l), "work location removed: " + l->name});

  auto key = [](const AssetAccess& a) { return a.asset_class + "\x1f" + a.person + "\x1f" + a.permission; };
  std::map<std::string, const AssetAccess*> old_access, new_access;
  for (const auto& a : before.access) old_access[key(a)] = &a;
  for (const auto& a : after.access) new_access[key(a)] = &a;
  for (const auto& [k, a] : new_access)
    if (!old_access.contains(k))
      out.push_back(
          {"access", "added",
           fmt::format("{}を{}できる者の追加: {}", a->asset_class, permission_ja(a->permission), label(a->person)),
           fmt::format("may {} {}: {} added", a->permission, a->asset_class, label_en(a->person))});
  for (const auto& [k, a] : old_access)
    if (!new_access.contains(k))
      out.push_back(
          {"access", "removed",
           fmt::format("{}を{}できる者の削除: {}", a->asset_class, permission_ja(a->permission), label(a->person)),
           fmt::format("may {} {}: {} removed", a->permission, a->asset_class, label_en(a->person))});
  return out;
}

std::vector<std::string> describe_roster_changes(const State& state, const Roster& before, const Roster& after) {
  std::vector<std::string> out;
  for (const auto& change : diff_rosters(state, before, after)) out.push_back(change.ja);
  return out;
}

}  // namespace itaku::domain
