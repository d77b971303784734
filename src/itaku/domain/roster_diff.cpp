#include "itaku/domain/roster_diff.hpp"

#include <map>

#include <fmt/format.h>

namespace itaku::domain {

namespace {

std::string period(const RosterWorker& w) { return w.from + "〜" + w.until; }

std::string permission_ja(const std::string& p) { return p == "view" ? "閲覧" : p == "use" ? "利用" : p; }

std::string location_text(const WorkLocation& l) {
  return fmt::format("{}（{}{}{}）", l.name, l.address, l.city_premises ? "、市の施設内" : "",
                     l.hours.empty() ? "" : "、勤務時間 " + l.hours);
}

}  // namespace

std::string person_label(const State& state, const std::string& person_id) {
  const auto* person = state.person(person_id);
  if (!person) return person_id;
  std::string label = fmt::format("{} ({})", person->name, person_id);
  if (person->departure)
    label += fmt::format("（{} {}）", person->departure->reason == DepartureReason::Transferred ? "転勤" : "退職",
                         format_date(jst_date(person->departure->effective)));
  return label;
}

std::vector<RosterChange> diff_rosters(const State& state, const Roster& before, const Roster& after) {
  std::vector<RosterChange> out;
  auto label = [&](const std::string& id) { return person_label(state, id); };
  auto role_change = [&](const char* field, const char* ja, const char* en, const std::string& a,
                         const std::string& b) {
    if (a == b) return;
    if (a.empty())
      out.push_back({field, "added", fmt::format("{}: {}", ja, label(b)), fmt::format("{}: {}", en, b)});
    else
      out.push_back({field, "changed", fmt::format("{}の変更: {} → {}", ja, label(a), label(b)),
                     fmt::format("{} changed: {} → {}", en, a, b)});
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
                     fmt::format("worker added: {} ({}, {})", id, w->work, period(*w))});
      continue;
    }
    const auto* o = it->second;
    if (o->until != w->until && !w->until.empty() && o->until.empty())
      out.push_back({"workers", "changed", fmt::format("作業者の従事終了: {}（{}まで）", label(id), w->until),
                     fmt::format("worker's assignment ends: {} (until {})", id, w->until)});
    else if (o->from != w->from || o->until != w->until)
      out.push_back({"workers", "changed",
                     fmt::format("作業期間の変更: {}（{} → {}）", label(id), period(*o), period(*w)),
                     fmt::format("worker's period changed: {} ({} → {})", id, period(*o), period(*w))});
    if (o->work != w->work)
      out.push_back({"workers", "changed", fmt::format("作業内容の変更: {}（{} → {}）", label(id), o->work, w->work),
                     fmt::format("worker's work changed: {} ({} → {})", id, o->work, w->work)});
  }
  for (const auto& [id, w] : old_workers)
    if (!new_workers.contains(id))
      out.push_back({"workers", "removed", fmt::format("作業者の削除: {}（{}）", label(id), w->work),
                     fmt::format("worker removed: {} ({})", id, w->work)});

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
           fmt::format("may {} {}: {} added", a->permission, a->asset_class, a->person)});
  for (const auto& [k, a] : old_access)
    if (!new_access.contains(k))
      out.push_back(
          {"access", "removed",
           fmt::format("{}を{}できる者の削除: {}", a->asset_class, permission_ja(a->permission), label(a->person)),
           fmt::format("may {} {}: {} removed", a->permission, a->asset_class, a->person)});
  return out;
}

std::vector<std::string> describe_roster_changes(const State& state, const Roster& before, const Roster& after) {
  std::vector<std::string> out;
  for (const auto& change : diff_rosters(state, before, after)) out.push_back(change.ja);
  return out;
}

}  // namespace itaku::domain
