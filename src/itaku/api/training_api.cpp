// JSON API for people's obligations (長野市 第4 教育, 第10 秘密保持; 木更津市 第7条 周知, 第2条-2
// 秘密保持契約): courses and sessions of training, each worker's standing, and recording
// attendance, acknowledgements of the provisions and pledges. Who may read or do what is the
// domain's (may_read_course, may_read_obligations, may_execute); docs/API.md.

#include <fmt/format.h>

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/training.hpp"
#include "itaku/service/training_documents.hpp"

namespace itaku::api {

namespace {

using namespace routes;

std::string reports_url(const std::string& contract) {
  return "/api/v1/contracts/" + http::percent_encode(contract) + "/training/reports/";
}

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

  // Training reports (長野市 第4): issuing one records it (training.reported, then its PDF as
  // document.issued); who may issue and read is the domain's (may_issue_training_report,
  // may_read_training_report).
  router.post(
      c + "/training/reports", "training.report",
      guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        const auto& id = request.params.at("id");
        const auto body = TRY(body_json(request));
        const auto organisation = TRY(text_field(body, "organisation"));
        const auto issued =
            TRY(service::issue_training_report(app.service, id, organisation, p, document_base_url(app, request)));
        const auto base = reports_url(id) + std::to_string(issued.index);
        return Response::json(
            201, {{"ledger_index", issued.index},
                  {"files",
                   {{"pdf", base + "/report.pdf"}, {"csv", base + "/report.csv"}, {"xlsx", base + "/report.xlsx"}}}});
      }));
  router.get(c + "/training/reports", "training.reports",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               const auto& id = request.params.at("id");
               TRY(app.service.read([&](const State& s) { return visible_contract(s, p, id); }));
               std::vector<std::pair<std::string, json>> items;
               for (const auto& r : TRY(service::training_reports(app.service, id, p))) {
                 json files = json::array();
                 for (const auto& f : r.record.files)
                   files.push_back({{"format", f.format},
                                    {"sha256", f.sha256},
                                    {"size", f.size},
                                    {"url", reports_url(id) + std::to_string(r.record.index) + "/report." + f.format}});
                 json counts = json::object();
                 for (const auto& [status, n] : r.record.counts) counts[status] = n;
                 // Sorted by id as every list is: the ledger index, zero-padded.
                 items.emplace_back(fmt::format("{:020d}", r.record.index), json{{"ledger_index", r.record.index},
                                                                                 {"party", r.record.party},
                                                                                 {"as_of", format_utc(r.record.as_of)},
                                                                                 {"workers", r.record.workers},
                                                                                 {"counts", counts},
                                                                                 {"files", files},
                                                                                 {"verify", r.verify_path}});
               }
               return Response::json(200, TRY(page(request, std::move(items))));
             }));
  router.get(c + "/training/reports/{index}/{file}", "training.report_file",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               const auto index = http::url_number(request.params.at("index")).value_or(0);
               auto found =
                   TRY(service::training_report_file(app.service, request.params.at("id"), index,
                                                     service::report_file_format(request.params.at("file")), p));
               return attachment(std::move(found.bytes), found.media_type, found.filename);
             }));
  for (const auto* route : {"training.report", "training.report_file"}) router.set_pace(route, http::Pace::Slow);
}

}  // namespace itaku::api
