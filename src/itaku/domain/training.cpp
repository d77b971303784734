#include "itaku/domain/training.hpp"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <map>
#include <set>

#include <fmt/format.h>

#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/rules.hpp"
#include "itaku/domain/training_events.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

// An attendance import holds at most this many rows (an organisation's whole staff).
constexpr std::size_t kRowsMax = 10'000;

bool sha256_hex(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "1", "1.5", "12.25": a number of hours as people write it.
bool hours_text(const std::string& text) {
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  const auto part = dot == std::string::npos ? std::string() : text.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(whole) && (dot == std::string::npos || digits(part));
}

// A contractor's or subcontractor's party of the contract: whose workers are trained and sign.
bool worker_party(const Contract& contract, const std::string& organisation) {
  const auto* party = contract.party(organisation);
  return party != nullptr && party->role != PartyRole::City;
}

bool on_latest_roster(const State& state, const Contract& contract, const std::string& person_id) {
  const auto* person = state.person(person_id);
  if (!person) return false;
  const auto* latest = state.latest_roster(contract.id, person->organisation);
  if (!latest) return false;
  const auto& r = latest->roster;
  return r.responsible == person_id || r.information_manager == person_id ||
         std::any_of(r.workers.begin(), r.workers.end(), [&](const RosterWorker& w) { return w.person == person_id; });
}

std::string today_in_japan(Timestamp now) { return format_date(jst_date(now)); }

// A date member: a date, and not after today (what is recorded has happened).
Result<void> past_date(const std::string& text, const char* field, const std::string& today) {
  auto date = parse_date(text);
  if (!date) return std::move(date.release_error()).with("field", field);
  if (text > today)
    return invalid("training.date_in_future", "まだ来ていない日付は記録できません", "the date has not come yet")
        .with("field", field)
        .with("value", text);
  return ok();
}

template <class Map>
std::string next_id(const Map& existing, std::string_view prefix) {
  for (std::size_t n = existing.size() + 1;; ++n) {
    auto id = fmt::format("{}-{:04d}", prefix, n);
    if (!existing.contains(id)) return id;
  }
}

// What both ways of recording a session check, and its event.
Result<std::vector<Event>> record_session(const State& state, const Contract& contract, const std::string& id_given,
                                          const std::string& course_id, const std::string& date,
                                          const std::string& place, const std::string& instructor,
                                          std::vector<TrainingAttendance> attendees, const char* attendees_field,
                                          const Actor& actor, Timestamp now) {
  const auto id = id_given.empty() ? next_id(contract.training_sessions, "ts") : id_given;
  TRY(check_id(id, "id"));
  if (contract.training_sessions.contains(id))
    return conflict("training.session_exists", "そのIDの実施回はすでに記録されています",
                    "a session with that id is already recorded")
        .with("field", "id")
        .with("id", id);
  if (!contract.courses.contains(course_id))
    return not_found("training.course_unknown", "講座が見つかりません", "no such course", course_id)
        .with("field", "course");
  const auto today = today_in_japan(now);
  TRY(past_date(date, "date", today));
  if (attendees.empty())
    return invalid("training.no_attendees", "受講者を一人以上選んでください", "choose at least one attendee")
        .with("field", attendees_field);
  if (attendees.size() > kRowsMax)
    return invalid("training.too_many_rows", fmt::format("受講記録は一度に{}件までです", kRowsMax),
                   fmt::format("at most {} attendance rows at once", kRowsMax))
        .with("field", attendees_field);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < attendees.size(); ++i) {
    const auto& row = attendees[i];
    auto checked = check_attendance(state, contract, row, today);
    if (!checked)
      return std::move(checked.release_error()).with("field", attendees_field).with("row", std::to_string(i + 1));
    if (!seen.insert(row.person).second)
      return invalid("training.attendee_duplicate", "同じ人が二度記載されています", "a person is listed twice")
          .with("field", attendees_field)
          .with("row", std::to_string(i + 1))
          .with("person", row.person);
  }
  std::vector<AttendanceRecord> records;
  records.reserve(attendees.size());
  for (auto& a : attendees)
    records.push_back({std::move(a.person), std::move(a.completed), a.passed, std::move(a.certificate_sha256)});
  return std::vector{make_event(TrainingSessionRecorded{id, course_id, date, place, instructor, std::move(records)},
                                actor, now, contract.id)};
}

const provisions::Control* set_control(const State& state, const Contract& contract, std::string_view id) {
  const auto* set = state.provision_set(contract.provisions.name, contract.provisions.version);
  if (!set) return nullptr;
  for (const auto& clause : set->clauses)
    for (const auto& control : clause.controls)
      if (control.id == id) return &control;
  return nullptr;
}

}  // namespace

Result<void> check_attendance(const State& state, const Contract& contract, const TrainingAttendance& row,
                              const std::string& today) {
  const auto* person = state.person(row.person);
  if (!person) return not_found("person.unknown", "人が見つかりません", "no such person", row.person);
  if (!worker_party(contract, person->organisation))
    return invalid("training.attendee_not_party", "受講者は契約の乙又は丙の人です",
                   "an attendee is a person of the contractor or a subcontractor of the contract")
        .with("person", row.person);
  if (auto date = parse_date(row.completed); !date) return std::move(date.release_error()).with("person", row.person);
  if (row.completed > today)
    return invalid("training.date_in_future", "まだ来ていない日付は記録できません", "the date has not come yet")
        .with("person", row.person)
        .with("value", row.completed);
  if (!row.certificate_sha256.empty() && !sha256_hex(row.certificate_sha256))
    return invalid("training.certificate_invalid", "修了証のSHA-256は64桁の16進数（小文字）です",
                   "a certificate's SHA-256 is 64 lowercase hex digits")
        .with("person", row.person);
  return ok();
}

Result<std::vector<Event>> decide_training(const State& state, const DefineCourse& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto id = c.id.empty() ? next_id(contract->courses, "course") : c.id;
  TRY(check_id(id, "id"));
  if (contract->courses.contains(id))
    return conflict("training.course_exists", "そのIDの講座はすでにあります", "a course with that id exists")
        .with("field", "id")
        .with("id", id);
  if (!worker_party(*contract, c.organisation))
    return invalid("training.organisation_invalid", "講座は契約の乙又は丙が従事者に実施するものです（長野市 第4）",
                   "a course is given by the contractor or a subcontractor of the contract to its workers")
        .with("field", "organisation")
        .with("value", c.organisation);
  TRY(check_required(c.title, "title"));
  if (!c.hours.empty() && !hours_text(c.hours))
    return invalid("training.hours_invalid", "時間は数字で書いてください（例: 1.5）", "hours are a number (e.g. 1.5)")
        .with("field", "hours");
  std::vector<std::string> classes;
  for (const auto& name : c.classes) {
    const auto* asset_class = contract->asset_class(name);
    if (!asset_class)
      return not_found("asset_class.unknown", "情報資産の種類が見つかりません", "no such asset class", name)
          .with("field", "classes");
    if (std::find(classes.begin(), classes.end(), asset_class->id) == classes.end()) classes.push_back(asset_class->id);
  }
  if (!c.valid_for.empty()) {
    const auto duration = provisions::parse_duration(c.valid_for);
    if (!duration || *duration == provisions::Duration{})
      return invalid("training.valid_for_invalid", "有効期間は P1Y（1年）、P6M（6か月）のように書いてください",
                     "write the validity as an ISO 8601 duration such as P1Y or P6M")
          .with("field", "valid_for")
          .with("value", c.valid_for);
  }
  return std::vector{make_event(TrainingCourseDefined{id, c.organisation, c.title, c.outline, c.provider, c.hours,
                                                      std::move(classes), c.valid_for},
                                actor, now, contract->id)};
}

Result<std::vector<Event>> decide_training(const State& state, const RecordTrainingSession& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  std::vector<TrainingAttendance> attendees;
  for (const auto& person : c.attendees) attendees.push_back({person, c.date, true, ""});
  for (const auto& person : c.not_passed) attendees.push_back({person, c.date, false, ""});
  return record_session(state, *contract, c.id, c.course, c.date, c.place, c.instructor, std::move(attendees),
                        "attendees", actor, now);
}

Result<std::vector<Event>> decide_training(const State& state, const ImportTrainingAttendance& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  // Each row first: the session's date below is made of theirs.
  const auto today = today_in_japan(now);
  for (std::size_t i = 0; i < c.rows.size() && i < kRowsMax; ++i)
    if (auto checked = check_attendance(state, *contract, c.rows[i], today); !checked)
      return std::move(checked.release_error()).with("field", "rows").with("row", std::to_string(i + 1));
  // The session's date is the last day anyone completed it.
  std::string date;
  for (const auto& row : c.rows) date = std::max(date, row.completed);
  return record_session(state, *contract, c.id, c.course, date.empty() ? today_in_japan(now) : date,
                        c.source.empty() ? "eラーニング" : c.source, "", c.rows, "rows", actor, now);
}

Result<std::vector<Event>> decide_training(const State& state, const AcknowledgeProvisions& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* person = state.person(c.person);
  if (!person)
    return not_found("person.unknown", "人が見つかりません", "no such person", c.person).with("field", "person");
  if (!person->active() || !on_latest_roster(state, *contract, c.person))
    return invalid("acknowledgement.not_on_roster",
                   "特記事項を確認するのは体制表に記載された従事者です（木更津市 第7条）",
                   "the provisions are acknowledged by a person on a roster of the contract")
        .with("field", "person")
        .with("person", c.person);
  if (c.hash != contract->provisions.hash)
    return conflict("acknowledgement.stale",
                    "確認した特記事項は契約の現在の版ではありません。現在の版を読んで確認してください",
                    "the provisions acknowledged are not the contract's current version: read it and acknowledge "
                    "that")
        .with("field", "hash")
        .with("version", contract->provisions.version)
        .with("hash", contract->provisions.hash);
  if (current_acknowledgement(*contract, c.person))
    return conflict("acknowledgement.exists", "この人はこの版の特記事項をすでに確認しています",
                    "this person has already acknowledged this version of the provisions")
        .with("person", c.person);
  const auto& p = contract->provisions;
  return std::vector{make_event(ProvisionsAcknowledged{c.person, p.name, p.version, p.hash}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_training(const State& state, const RecordPledge& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* person = state.person(c.person);
  if (!person)
    return not_found("person.unknown", "人が見つかりません", "no such person", c.person).with("field", "person");
  if (!worker_party(*contract, person->organisation))
    return invalid("pledge.person_not_party", "誓約書・秘密保持契約に署名するのは契約の乙又は丙の人です",
                   "a pledge or NDA is signed by a person of the contractor or a subcontractor")
        .with("field", "person");
  if (c.kind != "pledge" && c.kind != "nda")
    return invalid("pledge.kind_invalid", "種類は pledge（誓約書）か nda（秘密保持契約）です", "kind is pledge or nda")
        .with("field", "kind")
        .with("value", c.kind);
  if (!sha256_hex(c.document_sha256))
    return invalid("pledge.document_invalid", "文書のSHA-256は64桁の16進数（小文字）です",
                   "the document's SHA-256 is 64 lowercase hex digits")
        .with("field", "document_sha256");
  TRY(past_date(c.signed_on, "signed_on", today_in_japan(now)));
  if (!c.countersigned_by.empty()) {
    const auto* other = state.person(c.countersigned_by);
    if (!other || c.countersigned_by == c.person || !contract->party(other->organisation))
      return invalid("pledge.countersigner_invalid", "相手方の署名者は契約の当事者の別の人です",
                     "the countersigner is another person of a party of the contract")
          .with("field", "countersigned_by");
  }
  return std::vector{make_event(PledgeSigned{c.person, c.kind, c.document_sha256, c.signed_on, c.countersigned_by},
                                actor, now, c.contract)};
}

namespace {

std::string printed(const std::string& date) {
  const auto parsed = parse_date(date);
  return parsed ? format_wareki(*parsed) : date;
}

// The reminders due on one contract: a notification to each party whose workers' training
// ends within the reminder horizon, naming them, and a training.expiry_notified per worker.
void remind(const State& state, const Contract& contract, const Actor& actor, Timestamp now, std::size_t& notifications,
            std::vector<Event>& events) {
  const auto today = today_in_japan(now);
  std::map<std::string, std::vector<const WorkerStanding*>> due;  // party → workers
  const auto standings = worker_standings(state, contract, today);
  for (const auto& w : standings) {
    if (!w.on_roster || w.training_status != TrainingStatus::Expiring) continue;
    const auto reminded = contract.training_reminders.find(w.person->id);
    if (reminded != contract.training_reminders.end() && reminded->second == w.training->valid_until) continue;
    due[w.person->organisation].push_back(&w);
  }
  for (const auto& [organisation, workers] : due) {
    std::string lines;
    for (const auto* w : workers) {
      lines +=
          fmt::format("・{}（{}）: {}まで\n", w->person->name, w->person->title, printed(w->training->valid_until));
      events.push_back(
          make_event(TrainingExpiryNotified{w->person->id, w->training->valid_until}, actor, now, contract.id));
    }
    // The clause of the contract's own set that asks for valid training.
    std::string clause;
    if (const auto* set = state.provision_set(contract.provisions.name, contract.provisions.version))
      if (const auto* control = set_control(state, contract, "training.valid"))
        clause = fmt::format("（{} {}）", set->municipality, control->cites);
    const auto body = fmt::format(
        "契約 {} {} の次の従事者の情報セキュリティ教育の有効期限が近づいています。\n{}"
        "期限を過ぎると、教育を条件とする情報資産の取扱いは許可されません。"
        "期限までに受講させ、受講を記録してください{}。",
        contract.number, contract.title, lines, clause);
    events.push_back(make_event(
        NotificationCreated{notification_id(state, notifications++), "training.expiring", organisation,
                            fmt::format("【教育の期限】{} {}名", contract.number, workers.size()),
                            fmt::format("Training of {} worker(s) on {} expires soon", workers.size(), contract.number),
                            body, fmt::format("training:{}:{}:{}", contract.id, organisation, today)},
        actor, now, contract.id));
  }
}

}  // namespace

Result<std::vector<Event>> decide_training(const State& state, const SendTrainingReminders& c, const Actor& actor,
                                           Timestamp now) {
  std::vector<Event> events;
  std::size_t notifications = 0;
  if (!c.contract.empty()) {
    const auto* contract = TRY(open_contract(state, c.contract));
    remind(state, *contract, actor, now, notifications, events);
  } else {
    for (const auto& [id, contract] : state.contracts)
      if (contract.state == ContractState::Active) remind(state, contract, actor, now, notifications, events);
  }
  if (events.empty())
    return conflict("training.no_reminders_due", "期限が近づいて未通知の教育はありません",
                    "no training is about to expire that has not been notified");
  return events;
}

Result<std::vector<Event>> decide_training(const State& state, const RecordTrainingReport& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  if (!worker_party(*contract, c.organisation))
    return invalid("training.report_party_invalid", "報告書の対象は契約の乙又は丙です",
                   "a training report is of the contractor or a subcontractor")
        .with("organisation", c.organisation);
  for (const auto& file : c.files)
    if ((file.format != "csv" && file.format != "xlsx") || !sha256_hex(file.sha256) || file.size == 0)
      return invalid("document.hash_invalid", "文書のハッシュ値が正しくありません",
                     "the document's hash is not a SHA-256 in hexadecimal")
          .with("format", file.format);
  if (c.as_of > now)
    return invalid("training.report_ahead", "報告書が記録より先の時点を示しています",
                   "the report is of a time not reached yet");
  return std::vector{
      make_event(TrainingReported{c.organisation, c.as_of, c.workers, c.counts, c.files}, actor, now, c.contract)};
}

std::string last_day_of(const std::string& date, const std::string& duration) {
  const auto parsed = parse_date(date);
  const auto length = provisions::parse_duration(duration);
  if (!parsed || !length || *length == provisions::Duration{}) return std::string(kNoExpiry);
  const auto end = std::chrono::sys_days(provisions::plus_duration(*parsed, *length)) - std::chrono::days(1);
  return format_date(std::chrono::year_month_day(end));
}

std::string training_validity(const State& state, const Contract& contract, const TrainingCourse& course) {
  if (const auto* control = set_control(state, contract, "training.valid"))
    if (auto it = control->params.find("valid_for"); it != control->params.end() && !it->second.empty())
      return it->second;
  return course.valid_for;
}

std::map<std::string, std::vector<TrainingCredit>, std::less<>> training_credits_by_person(const State& state,
                                                                                           const Contract& contract) {
  std::map<std::string, std::vector<TrainingCredit>, std::less<>> out;
  std::vector<const TrainingSession*> sessions;
  for (const auto& [id, session] : contract.training_sessions) sessions.push_back(&session);
  std::sort(sessions.begin(), sessions.end(),
            [](const TrainingSession* a, const TrainingSession* b) { return a->ledger_index < b->ledger_index; });
  for (const auto* session : sessions) {
    const auto course = contract.courses.find(session->course);
    if (course == contract.courses.end()) continue;
    const auto validity = training_validity(state, contract, course->second);
    for (const auto& row : session->attendees)
      if (row.passed)
        out[row.person].push_back({&course->second, session, row.completed, last_day_of(row.completed, validity)});
  }
  return out;
}

std::vector<TrainingCredit> training_credits(const State& state, const Contract& contract, const std::string& person) {
  auto all = training_credits_by_person(state, contract);
  auto it = all.find(person);
  return it == all.end() ? std::vector<TrainingCredit>{} : std::move(it->second);
}

std::optional<TrainingCredit> best_credit(const std::vector<TrainingCredit>& credits, const std::string& asset_class) {
  std::optional<TrainingCredit> best;
  for (const auto& credit : credits) {
    const auto& classes = credit.course->classes;
    if (!classes.empty() && std::find(classes.begin(), classes.end(), asset_class) == classes.end()) continue;
    if (!best || credit.valid_until >= best->valid_until) best = credit;
  }
  return best;
}

std::optional<TrainingCredit> credit_for_classes(const std::vector<TrainingCredit>& credits,
                                                 const std::vector<std::string>& classes) {
  if (classes.empty()) {
    std::optional<TrainingCredit> best;
    for (const auto& credit : credits)
      if (!best || credit.valid_until >= best->valid_until) best = credit;
    return best;
  }
  std::optional<TrainingCredit> binding;
  for (const auto& asset_class : classes) {
    auto best = best_credit(credits, asset_class);
    if (!best) return std::nullopt;
    if (!binding || best->valid_until < binding->valid_until) binding = std::move(best);
  }
  return binding;
}

const ProvisionsAcknowledgement* current_acknowledgement(const Contract& contract, const std::string& person) {
  for (auto it = contract.acknowledgements.rbegin(); it != contract.acknowledgements.rend(); ++it)
    if (it->person == person && contract.acknowledges_current(*it)) return &*it;
  return nullptr;
}

const ProvisionsAcknowledgement* latest_acknowledgement(const Contract& contract, const std::string& person) {
  for (auto it = contract.acknowledgements.rbegin(); it != contract.acknowledgements.rend(); ++it)
    if (it->person == person) return &*it;
  return nullptr;
}

const Pledge* latest_pledge(const Contract& contract, const std::string& person, std::string_view kind) {
  for (auto it = contract.pledges.rbegin(); it != contract.pledges.rend(); ++it)
    if (it->person == person && it->kind == kind) return &*it;
  return nullptr;
}

std::string_view to_string(TrainingStatus status) {
  switch (status) {
    case TrainingStatus::Valid: return "valid";
    case TrainingStatus::Expiring: return "expiring";
    case TrainingStatus::Expired: return "expired";
    case TrainingStatus::Missing: break;
  }
  return "missing";
}

std::string_view to_string(AcknowledgementStatus status) {
  switch (status) {
    case AcknowledgementStatus::Current: return "current";
    case AcknowledgementStatus::Outdated: return "outdated";
    case AcknowledgementStatus::Missing: break;
  }
  return "missing";
}

std::string training_reminder_horizon(const State& state, const Contract& contract, const std::string& today) {
  std::map<std::string, std::string> none;
  const auto* control = set_control(state, contract, "training.valid");
  const auto duration =
      provisions::duration_parameter("training.valid", control ? control->params : none, "remind_before");
  const auto parsed = parse_date(today);
  if (!duration || !parsed) return today;
  return format_date(provisions::plus_duration(*parsed, *duration));
}

std::vector<WorkerStanding> worker_standings(const State& state, const Contract& contract, const std::string& today) {
  const auto credits = training_credits_by_person(state, contract);
  const auto horizon = training_reminder_horizon(state, contract, today);
  std::vector<WorkerStanding> out;
  std::set<std::string> seen;
  for (const auto& party : contract.parties) {
    const auto versions = contract.rosters.find(party.organisation);
    if (versions == contract.rosters.end() || versions->second.empty()) continue;
    const auto& latest = versions->second.back().roster;
    auto add = [&](const std::string& id) {
      const auto* person = state.person(id);
      if (!person || !seen.insert(id).second) return;
      WorkerStanding w;
      w.person = person;
      w.on_roster = person->active() && (latest.responsible == id || latest.information_manager == id);
      for (const auto& row : latest.workers)
        if (row.person == id) {
          w.from = row.from;
          w.until = row.until;
          w.on_roster = person->active() && (row.until.empty() || row.until >= today);
        }
      for (const auto& access : latest.access)
        if (access.person == id)
          if (const auto* asset_class = contract.asset_class(access.asset_class)) w.classes.push_back(asset_class->id);
      static const std::vector<TrainingCredit> kNone;
      const auto found = credits.find(id);
      w.training = credit_for_classes(found == credits.end() ? kNone : found->second, w.classes);
      if (w.training)
        w.training_status = w.training->valid_until < today      ? TrainingStatus::Expired
                            : w.training->valid_until <= horizon ? TrainingStatus::Expiring
                                                                 : TrainingStatus::Valid;
      if ((w.acknowledgement = current_acknowledgement(contract, id)))
        w.acknowledgement_status = AcknowledgementStatus::Current;
      else if ((w.acknowledgement = latest_acknowledgement(contract, id)))
        w.acknowledgement_status = AcknowledgementStatus::Outdated;
      w.pledge = latest_pledge(contract, id, "pledge");
      w.nda = latest_pledge(contract, id, "nda");
      out.push_back(std::move(w));
    };
    add(latest.responsible);
    add(latest.information_manager);
    for (const auto& row : latest.workers) add(row.person);
    for (auto v = versions->second.rbegin(); v != versions->second.rend(); ++v)
      for (const auto& row : v->roster.workers) add(row.person);
  }
  return out;
}

}  // namespace itaku::domain
