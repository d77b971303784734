#include "itaku/domain/badges.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "itaku/domain/badge_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

// Badge numbers are printed on the badge: 1–32 letters, digits and hyphens ("KS-0012").
constexpr std::size_t kNumberMax = 32;
// How a loss happened, in the report.

bool valid_number(const std::string& number) {
  if (number.empty() || number.size() > kNumberMax || number.front() == '-') return false;
  return std::all_of(number.begin(), number.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool on_roster(const Roster& roster, const std::string& person) {
  return roster.responsible == person || roster.information_manager == person ||
         std::any_of(roster.workers.begin(), roster.workers.end(),
                     [&](const RosterWorker& w) { return w.person == person; });
}

// A date member of the command, naming the field when it does not read.
Result<std::chrono::year_month_day> date_member(const std::string& text, const char* field) {
  auto date = parse_date(text);
  if (!date) return std::move(date.release_error()).with("field", field);
  return date;
}

// The badge, unless it is unknown or no longer out (returned or lost).
Result<const Badge*> out_badge(const Contract& contract, const std::string& number) {
  const auto it = contract.badges.find(number);
  if (it == contract.badges.end())
    return not_found("badge.unknown", "身分証明書等が見つかりません", "no such badge", number);
  if (!it->second.out())
    return conflict("badge.not_out", "この身分証明書等はすでに返却済み又は紛失届出済みです",
                    "this badge has already been returned or reported lost")
        .with("number", number)
        .with("status", std::string(to_string(it->second.status)));
  return &it->second;
}

// badge.return_due for `badge`, and the notice to the city that asks for it back.
void return_due(const State& state, const Contract& contract, const Badge& badge, BadgeReturnReason reason,
                const Actor& actor, Timestamp now, std::size_t& notifications, std::vector<Event>& events) {
  const auto* person = state.person(badge.person);
  const auto* org = state.organisation(badge.organisation);
  const std::string who = person ? person->name : badge.person;
  const std::string org_name = org ? org->name : badge.organisation;
  const std::string_view why = reason == BadgeReturnReason::Departed ? "転勤・退職しました" : "体制表から外れました";
  const auto body = fmt::format(
      "{}の{}（{}）が{}が、身分証明書等（番号 {}）が返却されていません。\n契約: {} {}\n"
      "返却を求め、返却又は紛失を記録してください（木更津市 第11条(1)）。",
      org_name, who, badge.person, why, badge.number, contract.number, contract.title);
  events.push_back(make_event(BadgeReturnDue{badge.number, reason}, actor, now, contract.id));
  events.push_back(make_event(
      NotificationCreated{notification_id(state, notifications++), "badge.return_due",
                          contract.city() ? contract.city()->organisation : "",
                          fmt::format("【身分証明書等 返却未了】{} {} {}", contract.number, badge.number, who),
                          fmt::format("Badge {} of {} due back ({})", badge.number, contract.number, badge.person),
                          body, fmt::format("badge:{}:{}", contract.id, badge.number)},
      actor, now, contract.id));
}

}  // namespace

Result<std::vector<Event>> decide_badge(const State& state, const IssueBadge& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  if (!valid_number(c.number))
    return invalid("badge.number_invalid", "身分証明書等の番号は英数字とハイフンの1〜32文字にしてください",
                   "a badge number is 1–32 letters, digits and hyphens")
        .with("number", c.number)
        .with("field", "number");
  if (contract->badges.contains(c.number))
    return conflict("badge.number_taken", "その番号の身分証明書等はこの契約ですでに発行されています",
                    "a badge with that number was already issued for this contract")
        .with("number", c.number)
        .with("field", "number");
  const auto* person = state.person(c.person);
  if (!person) return not_found("person.unknown", "人が見つかりません", "no such person", c.person);
  if (!person->active())
    return invalid("badge.person_departed",
                   "退任・転出した人に身分証明書等を発行することはできません（木更津市 第11条(1)）",
                   "a badge cannot be issued to a person who has left (Kisarazu 第11条(1))")
        .with("person", c.person)
        .with("field", "person");
  const auto issued = TRY(date_member(c.issued, "issued"));
  const auto expires = TRY(date_member(c.expires, "expires"));
  if (std::chrono::sys_days(expires) <= std::chrono::sys_days(issued))
    return invalid("badge.expiry_invalid", "有効期限は発行日より後の日にしてください",
                   "a badge expires after the day it is issued")
        .with("issued", c.issued)
        .with("expires", c.expires)
        .with("field", "expires");
  // 業務従事者: a worker of the contractor or a subcontractor, on their party's roster on the
  // day the badge is issued (木更津市 第11条(1)).
  const auto* party = contract->party(person->organisation);
  if (!party || party->role == PartyRole::City || state.roles_of(c.person, c.contract, issued).empty())
    return invalid("badge.person_not_on_roster",
                   "身分証明書等は乙又は丙の体制表に記載された業務従事者に発行します（木更津市 第11条(1)）",
                   "badges are issued to workers on the roster of the contractor or a subcontractor "
                   "(Kisarazu 第11条(1))")
        .with("person", c.person)
        .with("field", "person");
  // One badge to carry: a lost one is reported before another is issued.
  for (const auto& [number, badge] : contract->badges)
    if (badge.person == c.person && badge.out())
      return conflict("badge.already_held", "この人にはこの契約の身分証明書等が発行されたままです",
                      "this person already holds a badge for this contract")
          .with("person", c.person)
          .with("field", "person")
          .with("number", number);
  return std::vector{
      make_event(BadgeIssued{c.number, c.person, person->organisation, c.issued, c.expires}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_badge(const State& state, const ReturnBadge& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  TRY(out_badge(*contract, c.number));
  return std::vector{make_event(BadgeReturned{c.number}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_badge(const State& state, const ReportBadgeLost& c, const Actor& actor,
                                        Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  TRY(out_badge(*contract, c.number));
  return std::vector{make_event(BadgeLost{c.number, c.note}, actor, now, c.contract)};
}

std::vector<Event> badges_due_after_roster(const State& state, const Contract& contract,
                                           const std::string& organisation, const Roster& next, const Actor& actor,
                                           Timestamp now, std::size_t& notifications) {
  std::vector<Event> events;
  for (const auto& [number, badge] : contract.badges)
    if (badge.organisation == organisation && badge.out() && !badge.return_due && !on_roster(next, badge.person))
      return_due(state, contract, badge, BadgeReturnReason::LeftRoster, actor, now, notifications, events);
  return events;
}

std::vector<Event> badges_due_after_departure(const State& state, const Person& person, const Actor& actor,
                                              Timestamp now, std::size_t& notifications) {
  std::vector<Event> events;
  for (const auto& [id, contract] : state.contracts) {
    if (contract.state == ContractState::Closed) continue;
    for (const auto& [number, badge] : contract.badges)
      if (badge.person == person.id && badge.out() && !badge.return_due)
        return_due(state, contract, badge, BadgeReturnReason::Departed, actor, now, notifications, events);
  }
  return events;
}

}  // namespace itaku::domain
