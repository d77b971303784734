// The workers' obligations page: every person of the rosters the principal may read with the
// training that decides for them (valid until when), their acknowledgement of the contract's
// provisions and the pledges and NDAs they signed; and the forms for what the principal may
// record. Fields come from the commands' declarations (command_form.hpp); who may see or do
// what is the domain's (may_read_obligations, may_read_course, may_execute).

#include "itaku/web/training_pages.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "itaku/api/context.hpp"
#include "itaku/api/session.hpp"
#include "itaku/documents/table.hpp"
#include "itaku/documents/xlsx_table.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/training_documents.hpp"
#include "itaku/web/command_form.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

std::string workers_url(const std::string& contract) { return contract_url(contract) + "/workers"; }

// Attendance lines as CSV the importer reads back; when a line is wrong, the sheet itself.
std::string attendance_csv(const std::vector<domain::AttendanceLine>& lines,
                           const std::vector<std::vector<std::string>>& sheet) {
  const bool all_good = std::ranges::none_of(lines, [](const auto& l) { return l.error.has_value(); });
  documents::Table table;
  if (all_good) {
    table.header = {"person", "completed", "passed", "certificate_sha256"};
    for (const auto& line : lines)
      table.rows.push_back(
          {line.row.person, line.row.completed, line.row.passed ? "yes" : "no", line.row.certificate_sha256});
  } else if (!sheet.empty()) {
    table.header = sheet.front();
    table.rows.assign(sheet.begin() + 1, sheet.end());
  }
  return documents::to_csv(table);
}

// Which form a refusal belongs under.
struct Sent {
  std::string form;
  std::map<std::string, std::string> values;
  const Error* error = nullptr;
  std::optional<std::vector<domain::AttendanceLine>> preview = std::nullopt;
};

class TrainingPages : public PageViews {
 public:
  explicit TrainingPages(api::AppContext& app)
      : PageViews(app, {"provisions_acknowledged", "course_defined", "session_recorded", "attendance_imported",
                        "pledge_recorded"}) {}

  void register_routes(http::Router& router, const std::shared_ptr<TrainingPages>& self) const;

 private:
  std::string today() const { return format_date(jst_date(app_.clock.now())); }

  json standing_row(const Page& page, const State& s, const domain::Contract& c, const domain::WorkerStanding& w,
                    bool asks_acknowledgement) const {
    json classes = json::array();
    for (const auto& id : w.classes) classes.push_back(class_name(page, c, id));
    const auto status = std::string(domain::to_string(w.training_status));
    const auto ack = std::string(domain::to_string(w.acknowledgement_status));
    auto signed_text = [&](const domain::Pledge* p) {
      return p ? f(page, "workers.signed_on", {{"date", date_text(catalog_, page.language, p->signed_on)}})
               : t(page, "workers.not_signed");
    };
    return {{"person", person_ref(page, s, w.person->id, PersonDetail::Organisation)},
            {"anchor", "worker-" + w.person->id},
            {"on_roster", w.on_roster},
            {"departed", w.person->departure.has_value()},
            {"classes", classes},
            {"training_status", t(page, "workers.training_" + status)},
            {"training_class", status == "valid"      ? "ok"
                               : status == "expiring" ? "warn"
                                                      : "bad"},
            {"training_detail", w.training
                                    ? f(page, "workers.training_detail",
                                        {{"course", w.training->course->title},
                                         {"completed", date_text(catalog_, page.language, w.training->completed)},
                                         {"until", w.training->valid_until == domain::kNoExpiry
                                                       ? t(page, "workers.no_expiry")
                                                       : date_text(catalog_, page.language, w.training->valid_until)}})
                                    : std::string()},
            {"acknowledgement", t(page, "workers.ack_" + ack)},
            {"acknowledgement_class", ack == "current"       ? "ok"
                                      : asks_acknowledgement ? "bad"
                                                             : "neutral"},
            {"acknowledgement_detail", w.acknowledgement ? f(page, "workers.ack_detail",
                                                             {{"version", w.acknowledgement->provisions.version},
                                                              {"at", time_text(w.acknowledgement->at)}})
                                                         : std::string()},
            {"pledge", signed_text(w.pledge)},
            {"nda", signed_text(w.nda)}};
  }

  // A form of command C under `name`, or null when the principal may do nothing with it.
  template <class C>
  json form(const Page& page, const std::string& action, const std::string& name, const Sent& sent,
            const FormShape& shape) const {
    const bool mine = sent.form == name;
    const Error* error = mine ? sent.error : nullptr;
    auto fields =
        form_fields<C>(page.language, mine ? sent.values : std::map<std::string, std::string>{}, error, shape);
    // Several forms on the page name the same members: each form's ids are its own.
    own_field_ids(fields, name);
    return {{"action", action}, {"error", form_error(page, error, fields)}, {"fields", std::move(fields)}};
  }

  Response list(const Page& page, const std::string& id, int status = 200, const Sent& sent = {}) const {
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      // Not a structured binding: clang 14 (clang-tidy, the fuzzing build) cannot capture one.
      const auto scoped = scope(page, s, id);
      const auto* c = scoped.contract;
      const auto& access = scoped.access;
      if (!c) return std::nullopt;
      const auto day = today();
      // Whether the contract's set asks for acknowledgements (木更津市 第7条): where it does not, a
      // missing one is shown without alarm.
      bool asks_acknowledgement = false;
      if (const auto* set = s.provision_set(c->provisions.name, c->provisions.version))
        for (const auto& clause : set->clauses)
          for (const auto& control : clause.controls)
            asks_acknowledgement = asks_acknowledgement || control.id == "provisions.acknowledged";
      json rows = json::array();
      const auto standings = domain::worker_standings(s, *c, day);
      for (const auto& w : standings)
        if (domain::may_read_obligations(s, access, w.person->id))
          rows.push_back(standing_row(page, s, *c, w, asks_acknowledgement));
      json out{{"contract", contract_head(page, *c)},
               {"notice", notice(page)},
               {"workers", rows},
               {"has_workers", !rows.empty()},
               {"provisions_url", provisions_url(c->provisions.name, c->provisions.version)},
               {"provisions_version", c->provisions.version},
               {"provisions_hash", c->provisions.hash}};

      const auto may = [&](const domain::Command& command) {
        return domain::may_execute(s, *page.principal, command).ok();
      };
      // The people on a roster whom the command `for_person` makes for each may be recorded for,
      // by the command's own rule (domain::may_execute). The rule looks at the person's party
      // (and whether they are the principal), so it is asked once per party and for oneself.
      const auto person_choices = [&](const std::function<domain::Command(const std::string&)>& for_person) {
        json choices = json::array();
        std::map<std::string, bool, std::less<>> by_party;
        for (const auto& w : standings) {
          if (!w.on_roster) continue;
          const auto& person = w.person->id;
          bool allowed = false;
          if (person == page.principal->person) {
            allowed = may(for_person(person));
          } else {
            const auto [cached, fresh] = by_party.try_emplace(w.person->organisation, false);
            if (fresh) cached->second = may(for_person(person));
            allowed = cached->second;
          }
          if (allowed) choices.push_back({{"value", person}, {"label", person_option(page, s, *w.person)}});
        }
        return choices;
      };

      // Acknowledging the provisions.
      FormShape ack{.set_by_page = {"contract", "hash"}};
      ack.choices["person"] = person_choices([&](const std::string& person) -> domain::Command {
        return domain::AcknowledgeProvisions{id, person, c->provisions.hash};
      });
      if (!ack.choices["person"].empty()) {
        if (ack.choices["person"].size() == 1) ack.preselected["person"] = ack.choices["person"][0]["value"];
        out["ack_form"] = form<domain::AcknowledgeProvisions>(page, workers_url(id) + "/acknowledge", "ack", sent, ack);
      }

      // Courses: the parties the principal keeps give them.
      FormShape course{.set_by_page = {"contract"}};
      auto& organisations = course.choices["organisation"] = json::array();
      for (const auto& party : c->parties)
        if (party.role != domain::PartyRole::City &&
            may(domain::DefineCourse{id, "", party.organisation, "", "", "", "", {}, ""}))
          organisations.push_back({{"value", party.organisation}, {"label", party_label(page, s, party)}});
      auto& classes = course.choices["classes"] = json::array();
      for (const auto& [class_id, asset_class] : c->asset_classes)
        classes.push_back({{"value", class_id}, {"label", asset_class.name}});
      if (!organisations.empty())
        out["course_form"] =
            form<domain::DefineCourse>(page, contract_url(id) + "/training/courses", "course", sent, course);

      // Sessions and imports: of the courses the principal may record attendance of.
      json courses = json::array();
      json course_rows = json::array();
      for (const auto& [course_id, co] : c->courses) {
        if (!domain::may_read_course(access, co)) continue;
        course_rows.push_back({{"title", co.title},
                               {"organisation", organisation_name(page, s, co.organisation)},
                               {"provider", co.provider},
                               {"hours", co.hours},
                               {"validity", domain::training_validity(s, *c, co)},
                               {"outline", co.outline}});
        domain::RecordTrainingSession probe;
        probe.contract = id;
        probe.course = course_id;
        if (may(probe)) courses.push_back({{"value", course_id}, {"label", co.title}});
      }
      out["courses"] = course_rows;
      out["has_courses"] = !course_rows.empty();
      json sessions = json::array();
      for (auto it = c->training_sessions.rbegin(); it != c->training_sessions.rend(); ++it) {
        const auto& session = it->second;
        const auto co = c->courses.find(session.course);
        if (co == c->courses.end() || !domain::may_read_course(access, co->second)) continue;
        std::size_t shown = 0, passed = 0;
        for (const auto& a : session.attendees)
          if (domain::may_read_obligations(s, access, a.person)) {
            ++shown;
            if (a.passed) ++passed;
          }
        if (shown == 0) continue;
        sessions.push_back({{"course", co->second.title},
                            {"date", date_text(catalog_, page.language, session.date)},
                            {"place", session.place},
                            {"instructor", session.instructor},
                            {"attendance", f(page, "workers.attendance_value",
                                             {{"passed", std::to_string(passed)}, {"count", std::to_string(shown)}})},
                            {"ledger_index", session.ledger_index}});
      }
      out["sessions"] = sessions;
      out["has_sessions"] = !sessions.empty();
      if (!courses.empty()) {
        FormShape session{.set_by_page = {"contract"}};
        session.choices["course"] = courses;
        const auto first_course = courses.front()["value"].get<std::string>();
        session.choices["attendees"] = person_choices([&](const std::string& person) -> domain::Command {
          return domain::RecordTrainingSession{id, "", first_course, "", "", "", {person}, {}};
        });
        session.choices["not_passed"] = session.choices["attendees"];
        session.preselected["date"] = day;
        out["session_form"] = form<domain::RecordTrainingSession>(page, contract_url(id) + "/training/sessions",
                                                                  "session", sent, session);
        FormShape import{.set_by_page = {"contract"}};
        import.choices["course"] = courses;
        auto import_form =
            form<domain::ImportTrainingAttendance>(page, contract_url(id) + "/training/import", "import", sent, import);
        import_form["csv"] = sent.form == "import" ? sent.values.count("csv") ? sent.values.at("csv") : "" : "";
        if (sent.form == "import" && sent.preview) {
          json lines = json::array();
          bool bad = false;
          for (const auto& line : *sent.preview) {
            const auto* p = s.person(line.row.person);
            bad = bad || line.error.has_value();
            lines.push_back({{"line", line.line},
                             {"who", p ? p->name : line.who},
                             {"completed", line.row.completed},
                             {"passed", t(page, line.row.passed ? "workers.passed" : "workers.not_passed")},
                             {"error", line.error ? message_with_detail(page, *line.error) : std::string()}});
          }
          import_form["preview"] = {{"lines", lines}, {"ready", !bad}};
        }
        out["import_form"] = import_form;
      }

      // Pledges and NDAs.
      FormShape pledge{.set_by_page = {"contract"}};
      pledge.choices["person"] = person_choices([&](const std::string& person) -> domain::Command {
        return domain::RecordPledge{id, person, "", "", "", ""};
      });
      pledge.choices["kind"] = json::array({{{"value", "pledge"}, {"label", t(page, "workers.kind_pledge")}},
                                            {{"value", "nda"}, {"label", t(page, "workers.kind_nda")}}});
      auto& counter = pledge.choices["countersigned_by"] = json::array({{{"value", ""}, {"label", "—"}}});
      for (const auto& [person_id, p] : s.people)
        if (p.active() && c->party(p.organisation) && domain::may_read_person(s, *page.principal, p) &&
            (c->party(p.organisation)->role == domain::PartyRole::City || !s.roles_of(person_id, c->id).empty()))
          counter.push_back({{"value", person_id}, {"label", person_option(page, s, p)}});
      pledge.preselected["signed_on"] = day;
      if (!pledge.choices["person"].empty())
        out["pledge_form"] = form<domain::RecordPledge>(page, contract_url(id) + "/pledges", "pledge", sent, pledge);

      // Training reports: issued for the parties the principal may issue them for.
      json parties = json::array();
      for (const auto& party : c->parties)
        if (party.role != domain::PartyRole::City && domain::may_issue_training_report(access, party.organisation))
          parties.push_back({{"value", party.organisation}, {"label", party_label(page, s, party)}});
      // The reports issued (長野市 第4) that the principal may read, newest first, from the state:
      // the page reads no ledger entry.
      json report_rows = json::array();
      for (auto it = c->training_reports.rbegin(); it != c->training_reports.rend(); ++it)
        if (domain::may_read_training_report(access, it->second.organisation))
          report_rows.push_back({{"url", reports_url(id) + "/" + std::to_string(it->first)},
                                 {"party", organisation_name(page, s, it->second.organisation)},
                                 {"as_of", time_text(it->second.as_of)},
                                 {"index", it->first}});
      if (!parties.empty() || !report_rows.empty()) {
        json section{{"reports", report_rows}, {"has_reports", !report_rows.empty()}};
        if (!parties.empty())
          section["report_form"] = {
              {"action", reports_url(id)},
              {"parties", parties},
              {"error", sent.form == "report" && sent.error ? message_with_detail(page, *sent.error) : std::string()}};
        out["reports_section"] = section;
      }
      return out;
    });
    return contract_page(page, status, "workers", "workers.title", std::move(data));
  }

  // Issues the training report of the party the form names (長野市 第4) and shows it.
  Response issue_report(const Page& original, const std::string& id) const {
    Page page = original;
    page.self = workers_url(id);
    if (auto csrf = api::check_csrf(*page.principal, page.request); !csrf) return failed(page, csrf.error());
    const auto values = page.request.form();
    const auto organisation = values.count("organisation") ? values.at("organisation") : std::string();
    auto issued = service::issue_training_report(app_.service, id, organisation, *page.principal,
                                                 api::document_base_url(app_, page.request));
    if (issued) return redirect(page.request, reports_url(id) + "/" + std::to_string(issued->index));
    const auto& error = issued.error();
    if (error.kind == ErrorKind::NotFound) return not_found(page);
    if (error.kind == ErrorKind::Denied) return forbidden(page, "workers.denied");
    if (error.kind == ErrorKind::Invalid) return list(page, id, 422, Sent{"report", values, &error, std::nullopt});
    return failed(page, error);
  }

  // An issued report: what the ledger holds of it, its three files and its public check.
  Response report(const Page& page, const std::string& id, const std::string& index_text) const {
    const auto index = http::url_number(index_text);
    if (!index) return not_found(page);
    auto found = service::training_report_record(app_.service, id, *index, *page.principal);
    if (!found) return found.error().kind == ErrorKind::NotFound ? not_found(page) : failed(page, found.error());
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto scoped = scope(page, s, id);
      if (!scoped.contract) return std::nullopt;
      auto view = record_view(page, found->record);
      view["contract"] = contract_head(page, *scoped.contract);
      view["workers_url"] = workers_url(id);
      view["verify_url"] = found->verify_path;
      const auto files_base = reports_url(id) + "/" + std::to_string(*index) + "/report.";
      for (auto& file : view["files"]) file["href"] = files_base + file["format"].get<std::string>();
      return view;
    });
    return contract_page(page, 200, "training_report", "training_report.title", std::move(data));
  }

  Response report_file(const Page& page, const std::string& id, const std::string& index_text,
                       const std::string& file) const {
    const auto index = http::url_number(index_text).value_or(0);
    return download(page, service::training_report_file(app_.service, id, index, service::report_file_format(file),
                                                        *page.principal));
  }

  // The public check a report's QR code leads to: what the ledger holds of it, to compare with
  // the paper.
  Response verify(const Page& page) const {
    const auto link = document_link(page.request);
    auto found =
        link
            ? service::public_training_report(app_.service, link->index, link->token)
            : Result<service::PublicTrainingReport>(make_error(ErrorKind::NotFound, "training.report_unknown", "", ""));
    json data = json::object();
    int status = 200;
    if (found) {
      data = record_view(page, *found);
      data["public"] = true;
    } else if (found.error().kind == ErrorKind::NotFound) {
      data["record_unknown"] = true;
      status = 404;
    } else {
      return failed(page, found.error());
    }
    return render(page, status, "training_report", t(page, "training_report.title"), std::move(data));
  }

  static std::string reports_url(const std::string& id) { return contract_url(id) + "/training-reports"; }

  json record_view(const Page& page, const service::PublicTrainingReport& record) const {
    json counts = json::array();
    for (const auto& [status, count] : record.counts)
      counts.push_back({{"label", t(page, "workers.training_" + status)},
                        {"class", status == "valid"      ? "ok"
                                  : status == "expiring" ? "warn"
                                                         : "bad"},
                        {"count", std::to_string(count)}});
    json files = json::array();
    for (const auto& file : record.files)
      files.push_back({{"format", file.format},
                       {"label", t(page, "training_report.format." + file.format)},
                       {"sha256", file.sha256},
                       {"size", std::to_string(file.size)}});
    return {{"index", std::to_string(record.index)},
            {"origin", record.origin},
            {"city", record.city},
            {"contract_number", record.contract_number},
            {"contract_title", record.contract_title},
            {"party", record.party},
            {"as_of", time_text(record.as_of)},
            {"issued_at", moment_text(catalog_, page.language, record.issued_at)},
            {"workers", std::to_string(record.workers)},
            {"counts", counts},
            {"files", files},
            {"record", true}};
  }

  template <class C>
  Response record(const Page& original, const std::string& id, const std::string& form_name, C command,
                  const std::map<std::string, std::string>& values, const char* notice_key) const {
    Page page = original;
    page.self = workers_url(id);
    const auto allowed = app_.service.read(
        [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
    return run_form(
        page, allowed, command, "workers.denied",
        [&](const Error& error) {
          return list(page, id, http_status(error.kind), Sent{form_name, values, &error, std::nullopt});
        },
        workers_url(id) + "?notice=" + notice_key + "#" + form_name);
  }

  // The CSV is read and shown line by line; only a file without a bad line is offered to
  // record, and recording it reads it again (nothing is kept between the two requests).
  Response import(const Page& original, const std::string& id) const {
    Page page = original;
    page.self = workers_url(id);
    auto values = page.request.form();
    auto command = command_from_form<domain::ImportTrainingAttendance>(values, {{"contract", id}});
    // A file chosen comes before the pasted text: an .xlsx workbook (its first sheet) or CSV.
    std::optional<std::vector<std::vector<std::string>>> table;
    if (values.count("file") && !values.at("file").empty()) {
      const auto& bytes = values.at("file");
      if (bytes.starts_with("PK")) {
        auto read = documents::read_xlsx_table(bytes);
        if (!read) {
          values.erase("file");
          const auto error = read.release_error().with("field", "file");
          return list(page, id, http_status(error.kind), Sent{"import", values, &error, std::nullopt});
        }
        table = std::move(*read);
      } else {
        values["csv"] = bytes;
      }
      if (command.source.empty() && values.count("file.filename")) command.source = values.at("file.filename");
      values.erase("file");
    }
    const auto csv = values.count("csv") ? values.at("csv") : std::string();
    auto lines = app_.service.read([&](const State& s) -> Result<std::vector<domain::AttendanceLine>> {
      const auto* c = s.contract(id);
      if (!c) return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract");
      if (table) return domain::read_attendance_table(s, *c, *table, today(), documents::xlsx_serial_date);
      return domain::read_attendance_csv(s, *c, csv, today());
    });
    // What a workbook said goes back into the text box, so that recording it reads the same
    // lines again: the rows as read when every line is right, else the sheet as it is.
    if (table && lines) values["csv"] = attendance_csv(*lines, *table);
    const bool confirmed = values.count("confirm") && values.at("confirm") == "yes";
    const bool all_good = lines && std::ranges::none_of(*lines, [](const auto& l) { return l.error.has_value(); });
    if (lines && (!confirmed || !all_good)) {
      const auto allowed = app_.service.read(
          [&](const State& s) { return this->allowed(s, page, scope(page, s, id).contract != nullptr, command); });
      if (allowed == Allowed::Hidden) return not_found(page);
      return list(page, id, all_good ? 200 : 422, Sent{"import", values, nullptr, *lines});
    }
    if (lines)
      for (auto& line : *lines) command.rows.push_back(line.row);
    if (!lines) {
      const auto error = lines.release_error();
      return list(page, id, http_status(error.kind), Sent{"import", values, &error, std::nullopt});
    }
    return record(page, id, "import", command, values, "attendance_imported");
  }
};

void TrainingPages::register_routes(http::Router& router, const std::shared_ptr<TrainingPages>& self) const {
  auto page = [self](std::function<Response(const TrainingPages&, const Page&)> body) {
    return signed_in_route(self, std::move(body), "dashboard");
  };
  router.get("/contracts/{id}/workers", "pages.workers",
             page([](const TrainingPages& p, const Page& pg) { return p.list(pg, pg.param("id")); }));
  router.post("/contracts/{id}/training-reports", "pages.training_report_issue",
              page([](const TrainingPages& p, const Page& pg) { return p.issue_report(pg, pg.param("id")); }));
  router.get(
      "/contracts/{id}/training-reports/{index}", "pages.training_report",
      page([](const TrainingPages& p, const Page& pg) { return p.report(pg, pg.param("id"), pg.param("index")); }));
  router.get("/contracts/{id}/training-reports/{index}/{file}", "pages.training_report_file",
             page([](const TrainingPages& p, const Page& pg) {
               return p.report_file(pg, pg.param("id"), pg.param("index"), pg.param("file"));
             }));
  router.get("/training-reports/verify", "pages.training_report_verify", [self](http::Request& r) {
    return self->public_page(r, [&](const Page& page) { return self->verify(page); });
  });
  // Documents take long to draw: off the I/O threads.
  for (const auto* route : {"pages.training_report_issue", "pages.training_report_file"})
    router.set_pace(route, http::Pace::Slow);
  router.post(
      "/contracts/{id}/workers/acknowledge", "pages.acknowledge", page([](const TrainingPages& p, const Page& pg) {
        const auto values = pg.request.form();
        return p.record(pg, pg.param("id"), "ack",
                        command_from_form<domain::AcknowledgeProvisions>(values, {{"contract", pg.param("id")}}),
                        values, "provisions_acknowledged");
      }));
  router.post("/contracts/{id}/training/courses", "pages.course_define",
              page([](const TrainingPages& p, const Page& pg) {
                const auto values = pg.request.form();
                return p.record(pg, pg.param("id"), "course",
                                command_from_form<domain::DefineCourse>(values, {{"contract", pg.param("id")}}), values,
                                "course_defined");
              }));
  router.post(
      "/contracts/{id}/training/sessions", "pages.session_record", page([](const TrainingPages& p, const Page& pg) {
        const auto values = pg.request.form();
        return p.record(pg, pg.param("id"), "session",
                        command_from_form<domain::RecordTrainingSession>(values, {{"contract", pg.param("id")}}),
                        values, "session_recorded");
      }));
  router.post("/contracts/{id}/training/import", "pages.attendance_import",
              page([](const TrainingPages& p, const Page& pg) { return p.import(pg, pg.param("id")); }));
  router.post("/contracts/{id}/pledges", "pages.pledge_record", page([](const TrainingPages& p, const Page& pg) {
                const auto values = pg.request.form();
                return p.record(pg, pg.param("id"), "pledge",
                                command_from_form<domain::RecordPledge>(values, {{"contract", pg.param("id")}}), values,
                                "pledge_recorded");
              }));
}

}  // namespace

void register_training_pages(http::Router& router, api::AppContext& app) {
  auto pages = std::make_shared<TrainingPages>(app);
  pages->register_routes(router, pages);
}

}  // namespace itaku::web
