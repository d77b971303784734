// JSON API for rosters (体制表; 長野市 第1): each party's versions, submitting one, the city's
// acknowledgement, and what changed between two versions.

#include "itaku/api/routes.hpp"
#include "itaku/domain/roster_diff.hpp"

namespace itaku::api {

namespace {

using namespace routes;

json roster_version_json(const domain::RosterVersion& v) {
  json roster = domain::to_json(v.roster);
  // The API speaks JSON booleans for the yes/no flags stored as strings in events.
  roster["manager_is_personal_information_officer"] = v.roster.manager_is_personal_information_officer;
  for (std::size_t i = 0; i < v.roster.locations.size(); ++i)
    roster["locations"][i]["city_premises"] = v.roster.locations[i].city_premises;
  json out = {{"organisation", v.organisation},
              {"version", v.version},
              {"roster", roster},
              {"note", v.note},
              {"submitted_by", v.submitted_by},
              {"submitted_at", format_utc(v.submitted_at)},
              {"ledger_index", v.ledger_index},
              {"acknowledged", v.settled()}};
  if (v.acknowledged_by) {
    out["acknowledged_by"] = *v.acknowledged_by;
    out["acknowledged_at"] = format_utc(*v.acknowledged_at);
  }
  if (v.settled_by) out["settled_by"] = v.settled_by;
  return out;
}

}  // namespace

void register_roster_api(http::Router& router, AppContext& app) {
  // --- rosters ---
  router.get(
      "/api/v1/contracts/{id}/rosters", "rosters.list",
      guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
        return app.service.read([&](const State& s) -> Result<Response> {
          const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
          json out = json::array();
          for (const auto& [org, versions] : contract->rosters) {
            if (!access.readable_parties.contains(org) || versions.empty()) continue;
            json summary = json::array();
            for (const auto& v : versions)
              summary.push_back({{"version", v.version},
                                 {"submitted_at", format_utc(v.submitted_at)},
                                 {"acknowledged", v.settled()}});
            out.push_back(
                {{"organisation", org}, {"latest", roster_version_json(versions.back())}, {"versions", summary}});
          }
          return Response::json(200, {{"items", out}, {"next_cursor", nullptr}});
        });
      }));
  router.get("/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.versions",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 const auto* versions = TRY(readable_versions(*contract, access, request.params.at("org")));
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& v : *versions) {
                   char key[16];
                   std::snprintf(key, sizeof(key), "%08d", v.version);
                   items.emplace_back(key, roster_version_json(v));
                 }
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  router.get("/api/v1/contracts/{id}/rosters/{org}/versions/{version}", "rosters.version",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 const auto* versions = TRY(readable_versions(*contract, access, request.params.at("org")));
                 const int n = TRY(int_param(request.params, "version", 0, 1, 1 << 30));
                 if (n > static_cast<int>(versions->size()))
                   return not_found("roster_version", request.params.at("version"));
                 return Response::json(200, roster_version_json((*versions)[n - 1]));
               });
             }));
  router.post(
      "/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.submit",
      command_route<domain::SubmitRoster>(app, {{"contract", "id"}, {"organisation", "org"}}, Authorize::BeforeBody));
  router.post("/api/v1/contracts/{id}/rosters/{org}/versions/{version}/acknowledgement", "rosters.acknowledge",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                TRY(app.service.authorize(domain::AcknowledgeRoster{id, request.params.at("org"), 0, p.person}, p));
                const int n = TRY(int_param(request.params, "version", 0, 1, 1 << 30));
                return executed(app, p, domain::AcknowledgeRoster{id, request.params.at("org"), n, p.person});
              }));
  router.get("/api/v1/contracts/{id}/rosters/{org}/diff", "rosters.diff",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 const auto* versions = TRY(readable_versions(*contract, access, request.params.at("org")));
                 const int count = static_cast<int>(versions->size());
                 const int to = TRY(int_param(request.query, "to", count, 1, count));
                 // By default, since the version the city last acknowledged (what it reads then).
                 const int from =
                     TRY(int_param(request.query, "from", domain::last_acknowledged(*versions, to), 0, to - 1));
                 const auto before = from == 0 ? domain::Roster{} : (*versions)[from - 1].roster;
                 json changes = json::array();
                 for (const auto& c : domain::diff_rosters(s, before, (*versions)[to - 1].roster))
                   changes.push_back({{"field", c.field}, {"kind", c.kind}, {"ja", c.ja}, {"en", c.en}});
                 return Response::json(200, {{"from", from}, {"to", to}, {"changes", changes}});
               });
             }));
}

}  // namespace itaku::api
