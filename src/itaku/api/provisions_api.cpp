// JSON API for provision sets (特記事項) as data: the list, one set's clauses with their text and
// controls, and importing a new set or version.

#include "itaku/api/routes.hpp"
#include "itaku/domain/authorization.hpp"

namespace itaku::api {

void register_provision_api(http::Router& router, AppContext& app) {
  using namespace routes;
  // --- provision sets (domain::may_read_provision_sets) ---
  router.get("/api/v1/provisions", "provisions.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               if (!domain::may_read_provision_sets(p)) return denied();
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [name, versions] : s.provision_sets)
                   for (const auto& [version, set] : versions)
                     items.emplace_back(name + "@" + version, json{{"name", name},
                                                                   {"version", version},
                                                                   {"municipality", set.municipality},
                                                                   {"title", set.title},
                                                                   {"clauses", set.clauses.size()},
                                                                   {"hash", set.content_hash}});
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  router.post("/api/v1/provisions", "provisions.import",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                return executed(app, p, domain::ImportProvisions{request.body});
              }));
  router.get("/api/v1/provisions/{name}/{version}", "provisions.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               if (!domain::may_read_provision_sets(p)) return denied();
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto* set = s.provision_set(request.params.at("name"), request.params.at("version"));
                 if (!set) return not_found("provisions", request.params.at("name"));
                 json clauses = json::array();
                 for (const auto& c : set->clauses) {
                   json paragraphs = json::array();
                   for (const auto& para : c.paragraphs) {
                     json items = json::array();
                     for (const auto& item : para.items)
                       items.push_back({{"number", item.number}, {"text", item.text}});
                     paragraphs.push_back({{"number", para.number}, {"text", para.text}, {"items", items}});
                   }
                   json controls = json::array();
                   for (const auto& control : c.controls)
                     controls.push_back({{"id", control.id}, {"params", control.params}, {"cites", control.cites}});
                   clauses.push_back({{"number", c.number},
                                      {"title", c.title},
                                      {"summary_en", c.summary_en},
                                      {"paragraphs", paragraphs},
                                      {"controls", controls}});
                 }
                 return Response::json(200, {{"name", set->name},
                                             {"version", set->version},
                                             {"municipality", set->municipality},
                                             {"title", set->title},
                                             {"hash", set->content_hash},
                                             {"clauses", clauses}});
               });
             }));
}

}  // namespace itaku::api
