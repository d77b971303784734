// JSON API for people's obligations (長野市 第4 教育, 第10 秘密保持; 木更津市 第7条 周知, 第2条-2
// 秘密保持契約): courses and sessions of training, each worker's standing, and recording
// attendance, acknowledgements of the provisions and pledges. Who may read or do what is the
// domain's (may_read_course, may_read_obligations, may_execute); docs/API.md.

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/training.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json course_json(const domain::TrainingCourse& c) {
  return {{"id", c.id},           {"organisation", c.organisation}, {"title", c.title},
          {"outline", c.outline}, {"provider", c.provider},         {"hours", c.hours},
          {"classes", c.classes}, {"valid_for", c.valid_for},       {"ledger_index", c.defined_index}};
}

json session_json(const State& s, const domain::TrainingSession& session) {
  json attendees = json::array();
  for (const auto& a : session.attendees) {
    const auto* person = s.person(a.person);
    attendees.push_back({{"person", a.person},
                         {"person_name", person ? person->name : std::string()},
                         {"completed", a.completed},
                         {"passed", a.passed},
                         {"certificate_sha256", a.certificate_sha256}});
  }
  return {{"id", session.id},
          {"course", session.course},
          {"date", session.date},
          {"place", session.place},
          {"instructor", session.instructor},
          {"attendees", std::move(attendees)},
          {"at", format_utc(session.at)},
          {"ledger_index", session.ledger_index}};
}

json pledge_json(const domain::Pledge* p) {
  if (!p) return nullptr;
  return {{"kind", p->kind},
          {"document_sha256", p->document_sha256},
          {"signed_on", p->signed_on},
          {"countersigned_by", p->countersigned_by},
          {"ledger_index", p->ledger_index}};
}

json standing_json(const domain::WorkerStanding& w) {
  json training = nullptr;
  if (w.training)
    training = {{"course", w.training->course->id},
                {"course_title", w.training->course->title},
                {"completed", w.training->completed},
                {"valid_until", w.training->valid_until},
                {"ledger_index", w.training->session->ledger_index}};
  json acknowledgement = nullptr;
  if (w.acknowledgement)
    acknowledgement = {{"version", w.acknowledgement->provisions.version},
                       {"hash", w.acknowledgement->provisions.hash},
                       {"at", format_utc(w.acknowledgement->at)},
                       {"ledger_index", w.acknowledgement->ledger_index}};
  return {{"person", w.person->id},
          {"person_name", w.person->name},
          {"organisation", w.person->organisation},
          {"on_roster", w.on_roster},
          {"departed", w.person->departure.has_value()},
          {"classes", w.classes},
          {"training", std::move(training)},
          {"training_status", domain::to_string(w.training_status)},
          {"acknowledgement", std::move(acknowledgement)},
          {"acknowledgement_status", domain::to_string(w.acknowledgement_status)},
          {"pledge", pledge_json(w.pledge)},
          {"nda", pledge_json(w.nda)}};
}

}  // namespace

void register_training_api(http::Router& router, AppContext& app) {
  const std::string c = "/api/v1/contracts/{id}";
  router.get(c + "/training/courses", "training.courses",
             contract_list_route(app, [](const State&, const domain::Contract& contract, const ContractAccess& access) {
               std::vector<std::pair<std::string, json>> items;
               for (const auto& [id, course] : contract.courses)
                 if (domain::may_read_course(access, course)) items.emplace_back(id, course_json(course));
               return items;
             }));
  router.post(c + "/training/courses", "training.define_course",
              command_route<domain::DefineCourse>(app, {{"contract", "id"}}));
  router.get(
      c + "/training/sessions", "training.sessions",
      contract_list_route(app, [](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        for (const auto& [id, session] : contract.training_sessions) {
          const auto course = contract.courses.find(session.course);
          if (course == contract.courses.end() || !domain::may_read_course(access, course->second)) continue;
          if (!std::ranges::all_of(session.attendees, [&](const domain::TrainingAttendance& a) {
                return domain::may_read_obligations(s, access, a.person);
              }))
            continue;
          items.emplace_back(id, session_json(s, session));
        }
        return items;
      }));
  router.post(c + "/training/sessions", "training.record_session",
              command_route<domain::RecordTrainingSession>(app, {{"contract", "id"}}));
  router.post(c + "/training/imports", "training.import_attendance",
              command_route<domain::ImportTrainingAttendance>(app, {{"contract", "id"}}));
  router.get(
      c + "/workers", "workers.standing",
      contract_list_route(app, [&app](const State& s, const domain::Contract& contract, const ContractAccess& access) {
        std::vector<std::pair<std::string, json>> items;
        const auto today = format_date(jst_date(app.clock.now()));
        for (const auto& w : domain::worker_standings(s, contract, today))
          if (domain::may_read_obligations(s, access, w.person->id)) items.emplace_back(w.person->id, standing_json(w));
        return items;
      }));
  router.post(c + "/acknowledgements", "provisions.acknowledge",
              command_route<domain::AcknowledgeProvisions>(app, {{"contract", "id"}}));
  router.post(c + "/pledges", "pledges.record", command_route<domain::RecordPledge>(app, {{"contract", "id"}}));
}

}  // namespace itaku::api
