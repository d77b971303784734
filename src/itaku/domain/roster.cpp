#include "itaku/domain/roster.hpp"

#include <chrono>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "itaku/domain/badges.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

Result<void> check_roster(const State& state, const Contract& contract, const std::string& organisation,
                          const Roster& roster) {
  auto member = [&](const std::string& person_id, const char* field) -> Result<const Person*> {
    const auto* person = state.person(person_id);
    if (!person)
      return std::move(not_found("roster.person_unknown", "体制表に未登録の人がいます",
                                 "a person on the roster is unknown", person_id))
          .with("person", person_id)
          .with("field", field);
    if (person->organisation != organisation)
      return invalid("roster.person_not_in_party", "体制表には当該事業者の所属者だけを記載できます",
                     "a roster lists only people of that party's organisation")
          .with("person", person_id)
          .with("field", field);
    return person;
  };
  // 長野市 第1 / 木更津市 第4条: a responsible person and an information manager are named.
  if (roster.responsible.empty())
    return invalid("roster.responsible_missing", "責任者を指定してください（長野市 第1）",
                   "name the responsible person (Nagano 第1)");
  if (roster.information_manager.empty())
    return invalid("roster.manager_missing", "情報管理責任者を指定してください（木更津市 第4条）",
                   "name the information manager (Kisarazu 第4条)");
  for (const auto& [id, field] :
       {std::pair{roster.responsible, "responsible"}, std::pair{roster.information_manager, "information_manager"}}) {
    const auto* person = TRY(member(id, field));
    if (!person->active())
      return invalid("roster.person_departed", "退任した人を責任者に指定することはできません",
                     "a person who has left cannot be named responsible")
          .with("person", id)
          .with("field", field);
  }
  std::set<std::string> listed = {roster.responsible, roster.information_manager};
  std::set<std::string> workers;
  for (const auto& worker : roster.workers) {
    const auto* person = TRY(member(worker.person, "workers"));
    if (!workers.insert(worker.person).second)
      return invalid("roster.duplicate_worker", "同じ作業者が重複しています", "a worker is listed twice")
          .with("person", worker.person);
    // Each refusal names the worker's row by person (the edit page shows it there).
    if (auto text = check_text(worker.work, "workers.work"); !text)
      return std::move(text.release_error()).with("person", worker.person);
    auto from = parse_date(worker.from);
    if (!from) return std::move(from.release_error()).with("field", "workers.from").with("person", worker.person);
    if (!worker.until.empty()) {
      auto until = parse_date(worker.until);
      if (!until) return std::move(until.release_error()).with("field", "workers.until").with("person", worker.person);
      if (std::chrono::sys_days(*until) < std::chrono::sys_days(*from))
        return invalid("roster.period_reversed", "作業期間の終了日が開始日より前です",
                       "a worker's period ends before it starts")
            .with("person", worker.person);
    } else if (!person->active()) {
      return invalid("roster.person_departed", "退任した人は終了日なしで作業者にできません",
                     "a person who has left can be listed only with an end date")
          .with("person", worker.person);
    }
    listed.insert(worker.person);
  }
  std::set<std::string> location_ids;
  for (const auto& location : roster.locations) {
    TRY(check_id(location.id, "locations.id"));
    if (!location_ids.insert(location.id).second)
      return invalid("roster.duplicate_location", "作業場所のIDが重複しています", "a work location id is listed twice")
          .with("location", location.id);
    for (const auto& [text, field] :
         {std::pair{&location.name, "locations.name"}, std::pair{&location.address, "locations.address"}})
      if (auto checked = check_text(*text, field); !checked)
        return std::move(checked.release_error()).with("location", location.id);
    if (!location.hours.empty() && !parse_work_hours(location.hours))
      return invalid("roster.location_hours_invalid",
                     "作業場所の勤務時間は 08:30-17:30 のように書き、開始を終了より前にしてください",
                     "a work location's hours are written like 08:30-17:30, the start before the end")
          .with("location", location.id)
          .with("hours", location.hours);
  }
  if (roster.locations.empty())
    return invalid("roster.locations_missing", "作業場所を1か所以上指定してください（長野市 第1）",
                   "name at least one work location (Nagano 第1)");
  for (const auto& access : roster.access) {
    // Each refusal names the row by class and person (the edit page shows it there).
    auto row = [&](Error error) {
      return std::move(error).with("asset_class", access.asset_class).with("person", access.person);
    };
    if (auto text = check_text(access.asset_class, "access.asset_class", 100); !text) return row(text.release_error());
    // The classes are the contract's own (木更津市 第11条(3)(4)): a typed name matching none would
    // allow nothing, silently.
    if (!contract.asset_class(access.asset_class))
      return row(invalid("roster.class_unknown", "この契約に定義されていない情報資産の区分です（木更津市 第11条(4)）",
                         "the contract defines no such asset class (Kisarazu 第11条(4))"))
          .with("field", "access.asset_class");
    if (access.permission != "view" && access.permission != "use")
      return row(invalid("roster.permission_invalid", "権限は view（閲覧）か use（利用）です",
                         "permission is view or use"))
          .with("value", access.permission);
    if (!listed.contains(access.person))
      return row(invalid("roster.access_not_on_roster",
                         "情報資産を閲覧・利用できる者は体制表に記載された者に限ります（木更津市 第11条(4)）",
                         "only people on the roster may be allowed to view or use assets (Kisarazu 第11条(4))"));
  }
  return ok();
}

}  // namespace

// The city is notified of every roster version (長野市 第1: 変更する場合についても同様とする).
Event roster_notification(const State& state, const Contract& contract, const RosterVersion& version,
                          const std::vector<std::string>& changes, const Actor& actor, Timestamp now,
                          std::size_t offset) {
  const auto* org = state.organisation(version.organisation);
  const std::string org_name = org ? org->name : version.organisation;
  std::string body = fmt::format("{}（{}）の体制表（第{}版）が提出されました。\n契約: {} {}\n", org_name,
                                 version.organisation, version.version, contract.number, contract.title);
  if (!version.note.empty()) body += "理由: " + version.note + "\n";
  body += "変更点:\n";
  for (const auto& change : changes) body += "・" + change + "\n";
  body += "内容を確認し、受領を記録してください。";
  return make_event(
      NotificationCreated{
          notification_id(state, offset), "roster.version", contract.city() ? contract.city()->organisation : "",
          fmt::format("【体制表 第{}版】{} {}", version.version, contract.number, org_name),
          fmt::format("Roster version {} for {} ({})", version.version, contract.number, version.organisation), body,
          fmt::format("roster:{}:{}:{}", contract.id, version.organisation, version.version)},
      actor, now, contract.id);
}

Result<std::vector<Event>> decide_roster(const State& state, const SubmitRoster& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* party = contract->party(c.organisation);
  if (!party || party->role == PartyRole::City)
    return invalid("roster.party_invalid", "体制表は乙または丙が提出します",
                   "rosters are kept by the contractor or a subcontractor")
        .with("organisation", c.organisation);
  TRY(check_roster(state, *contract, c.organisation, c.roster));
  const auto* latest = state.latest_roster(c.contract, c.organisation);
  const auto next_json = to_json(c.roster);
  if (latest && to_json(latest->roster) == next_json)
    return conflict("roster.unchanged", "前の版から変更がありません", "nothing changed since the previous version");
  RosterVersion version;
  version.contract = c.contract;
  version.organisation = c.organisation;
  version.version = latest ? latest->version + 1 : 1;
  version.roster = c.roster;
  version.note = c.note;
  const auto changes = describe_roster_changes(state, latest ? latest->roster : Roster{}, c.roster);
  std::vector events{
      make_event(RosterVersionSubmitted{c.organisation, version.version, c.roster, c.note}, actor, now, c.contract),
      roster_notification(state, *contract, version, changes, actor, now, 0)};
  // Whoever the new version leaves out returns their badge (木更津市 第11条(1)).
  std::size_t notifications = 1;
  for (auto& due : badges_due_after_roster(state, *contract, c.organisation, c.roster, actor, now, notifications))
    events.push_back(std::move(due));
  return events;
}

Result<std::vector<Event>> decide_roster(const State& state, const AcknowledgeRoster& c, const Actor& actor,
                                         Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  auto it = contract->rosters.find(c.organisation);
  if (it == contract->rosters.end() || c.version < 1 || c.version > static_cast<int>(it->second.size()))
    return not_found("roster.version_unknown", "その版の体制表はありません", "no such roster version",
                     fmt::format("{}:{}", c.organisation, c.version));
  const auto& versions = it->second;
  const auto& version = versions[c.version - 1];
  if (version.acknowledged_by)
    return conflict("roster.already_acknowledged", "この版はすでに受領済みです",
                    "this version is already acknowledged");
  if (version.settled_by)
    return conflict("roster.already_settled",
                    fmt::format("この版の変更は第{}版の受領で確認済みです", version.settled_by),
                    fmt::format("this version's changes were acknowledged with version {}", version.settled_by))
        .with("settled_by", std::to_string(version.settled_by));
  const auto* person = state.person(c.by);
  if (!person || !contract->city() || person->organisation != contract->city()->organisation || !person->active())
    return invalid("roster.acknowledger_invalid", "受領を記録できるのは甲（市）の職員です",
                   "only a person of the city (甲) can acknowledge a roster")
        .with("by", c.by);
  // The city read every change since the version it last acknowledged: the versions in between
  // are settled by this acknowledgement, and the event says which.
  std::vector<int> settles;
  for (int n = last_acknowledged(versions, c.version) + 1; n < c.version; ++n)
    if (!versions[n - 1].settled()) settles.push_back(n);
  return std::vector{
      make_event(RosterAcknowledged{c.organisation, c.version, c.by, std::move(settles)}, actor, now, c.contract)};
}

}  // namespace itaku::domain
