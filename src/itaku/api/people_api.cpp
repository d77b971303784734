// JSON API for organisations and their people: who they are, and a person's transfer or
// leaving (転勤・退職; 長野市 第1). Who may read whom is the domain's (may_read_organisation,
// may_read_person).

#include "itaku/api/routes.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json organisation_json(const domain::Organisation& o) {
  return {{"id", o.id}, {"kind", domain::to_string(o.kind)}, {"name", o.name}, {"name_en", o.name_en}};
}

json person_json(const domain::Person& p) {
  json out = {{"id", p.id},
              {"organisation", p.organisation},
              {"name", p.name},
              {"title", p.title},
              {"email", p.email},
              {"status", p.departure ? std::string(domain::to_string(p.departure->reason)) : std::string("active")}};
  if (p.departure) out["departed_at"] = format_utc(p.departure->effective);
  return out;
}

}  // namespace

void register_people_api(http::Router& router, AppContext& app) {
  // --- organisations and people ---
  router.get("/api/v1/organisations", "organisations.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, o] : s.organisations)
                   if (may_read_organisation(s, p, id)) items.emplace_back(id, organisation_json(o));
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  router.post("/api/v1/organisations", "organisations.create",
              command_route<domain::RegisterOrganisation>(app, {}, Authorize::BeforeBody));
  router.get("/api/v1/organisations/{id}", "organisations.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto& id = request.params.at("id");
                 const auto* o = s.organisation(id);
                 if (!o || !may_read_organisation(s, p, id)) return not_found("organisation", id);
                 return Response::json(200, organisation_json(*o));
               });
             }));
  router.get("/api/v1/people", "people.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto org = request.query.contains("organisation") ? request.query.at("organisation") : "";
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, person] : s.people)
                   if ((org.empty() || person.organisation == org) && may_read_person(s, p, person))
                     items.emplace_back(id, person_json(person));
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  // Who may register depends on the organisation the body names (a party keeps its own new
  // hires): the command's rule decides when it runs.
  router.post("/api/v1/people", "people.create", command_route<domain::RegisterPerson>(app, {}));
  router.get("/api/v1/people/{id}", "people.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto& id = request.params.at("id");
                 const auto* person = s.person(id);
                 if (!person || !may_read_person(s, p, *person)) return not_found("person", id);
                 return Response::json(200, person_json(*person));
               });
             }));
  router.post("/api/v1/people/{id}/departure", "people.depart",
              command_route<domain::RecordDeparture>(app, {{"person", "id"}}, Authorize::BeforeBody));
}

}  // namespace itaku::api
