#include "itaku/domain/people.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "itaku/domain/badges.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/roster.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

Result<Timestamp> effective_time(const std::string& text) {
  if (text.size() == 10) {
    // A date alone means the start of that day in Japan.
    auto date = TRY(parse_date(text));
    return Timestamp(std::chrono::sys_days(date) - std::chrono::hours(9));
  }
  return parse_utc(text);
}

}  // namespace

Result<std::vector<Event>> decide_person(const State& state, const RegisterPerson& c, const Actor& actor,
                                         Timestamp now) {
  TRY(check_id(c.id, "id"));
  if (state.person(c.id))
    return conflict("person.exists", "そのIDの人はすでに登録されています", "a person with that id exists")
        .with("id", c.id);
  if (!state.organisation(c.organisation))
    return not_found("organisation.unknown", "所属団体が見つかりません", "no such organisation", c.organisation);
  TRY(check_required(c.name, "name"));
  if (!c.email.empty() && c.email.find('@') == std::string::npos)
    return invalid("person.email_invalid", "メールアドレスの形式が正しくありません", "the e-mail address is malformed");
  return std::vector{make_event(PersonRegistered{c.id, c.organisation, c.name, c.title, c.email}, actor, now, "")};
}

Result<std::vector<Event>> decide_person(const State& state, const RecordDeparture& c, const Actor& actor,
                                         Timestamp now) {
  const auto* person = state.person(c.person);
  if (!person) return not_found("person.unknown", "人が見つかりません", "no such person", c.person);
  if (!person->active())
    return conflict("person.already_departed", "この人はすでに退任・転出しています", "this person has already left")
        .with("id", c.person);
  const auto reason = departure_reason(c.reason);
  if (!reason)
    return invalid("person.reason_invalid", "理由は transferred（転勤）か left（退職）です",
                   "reason is transferred or left")
        .with("value", c.reason);
  const auto effective = TRY(effective_time(c.effective));
  const auto end_date = format_date(jst_date(effective));
  std::vector<Event> events{make_event(PersonDeparted{c.person, *reason, effective}, actor, now, "")};
  // Access ends at once (長野市 第5-2): every open assignment gets its end date, as a new
  // roster version the city is notified of. Obligations and history stay with the person.
  std::size_t notifications = 0;
  for (const auto& [id, contract] : state.contracts) {
    if (contract.state == ContractState::Closed) continue;
    const auto* latest = state.latest_roster(id, person->organisation);
    if (!latest) continue;
    Roster next = latest->roster;
    bool changed = false;
    for (auto& worker : next.workers)
      if (worker.person == c.person && (worker.until.empty() || worker.until > end_date)) {
        worker.until = std::max(end_date, worker.from);
        changed = true;
      }
    if (!changed) continue;
    std::erase_if(next.access, [&](const AssetAccess& a) { return a.person == c.person; });
    RosterVersion version;
    version.contract = id;
    version.organisation = person->organisation;
    version.version = latest->version + 1;
    version.roster = next;
    version.note = fmt::format("{}の{}（{}付）", person->name, c.reason == "transferred" ? "転勤" : "退職", end_date);
    events.push_back(
        make_event(RosterVersionSubmitted{version.organisation, version.version, next, version.note}, actor, now, id));
    const auto changes = describe_roster_changes(state, latest->roster, next);
    events.push_back(roster_notification(state, contract, version, changes, actor, now, notifications++));
  }
  // The badges they still hold are due back, and the city is told (木更津市 第11条(1)).
  for (auto& due : badges_due_after_departure(state, *person, actor, now, notifications))
    events.push_back(std::move(due));
  // What else they leave open is told to each city: information assets in their custody and
  // hand-overs from or to them not yet acknowledged (長野市 第5-2, 第9; 木更津市 第5条).
  for (const auto& [id, contract] : state.contracts) {
    if (contract.state == ContractState::Closed || !contract.city()) continue;
    std::string open;
    for (const auto& [asset_id, asset] : contract.assets)
      if (asset.custodian == c.person)
        open += fmt::format("・保管中の情報資産: {}（{}）\n", asset.description.empty() ? asset_id : asset.description,
                            asset_id);
    for (const auto& [transfer_id, transfer] : contract.transfers)
      if (transfer.pending() && (transfer.from == c.person || transfer.to == c.person))
        open += fmt::format("・受領未了の授受: {}（{}）\n", transfer_id,
                            transfer.from == c.person ? "引き渡した側" : "受け取る側");
    if (open.empty()) continue;
    const auto body = fmt::format(
        "{}（{}）が{}付で{}しましたが、次の事項が残っています。\n契約: {} {}\n{}"
        "情報資産の引継ぎ又は返還と、授受の記録を求めてください（長野市 第5-2、第9; 木更津市 第5条）。",
        person->name, c.person, end_date, c.reason == "transferred" ? "転勤" : "退職", contract.number, contract.title,
        open);
    events.push_back(make_event(
        NotificationCreated{notification_id(state, notifications++), "person.departed", contract.city()->organisation,
                            fmt::format("【退任・転出 未了事項】{} {}", contract.number, person->name),
                            fmt::format("{} left {} with assets or hand-overs open", c.person, contract.number), body,
                            fmt::format("departure:{}:{}", id, c.person)},
        actor, now, id));
  }
  return events;
}

}  // namespace itaku::domain
