#include "itaku/api/api.hpp"

#include <algorithm>

#include "itaku/api/authorization.hpp"
#include "itaku/api/handlers.hpp"
#include "itaku/api/session.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/ledger/proof_json.hpp"

namespace itaku::api {

namespace {

using domain::State;
using http::Request;
using http::Response;
using nlohmann::json;
using namespace handlers;

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

json contract_json(const domain::Contract& c, const ContractAccess& access) {
  json parties = json::array();
  for (const auto& p : c.parties)
    parties.push_back({{"organisation", p.organisation},
                       {"role", domain::to_string(p.role)},
                       {"symbol", domain::party_symbol(p.role)},
                       {"parent", p.parent}});
  return {{"id", c.id},
          {"number", c.number},
          {"title", c.title},
          {"department", c.department},
          {"period_from", c.period_from},
          {"period_until", c.period_until},
          {"work_description", c.work_description},
          {"state", domain::to_string(c.state)},
          {"provisions", {{"name", c.provisions.name}, {"version", c.provisions.version}, {"hash", c.provisions.hash}}},
          {"parties", parties},
          {"access",
           {{"city", access.city},
            {"city_writer", access.city_writer},
            {"readable_parties", access.readable_parties},
            {"writable_parties", access.writable_parties}}}};
}

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
              {"acknowledged", v.acknowledged_by.has_value()}};
  if (v.acknowledged_by) {
    out["acknowledged_by"] = *v.acknowledged_by;
    out["acknowledged_at"] = format_utc(*v.acknowledged_at);
  }
  return out;
}

}  // namespace

Result<json> inclusion_proof_for(AppContext& app, const auth::Principal& principal, std::uint64_t index) {
  auto proof = TRY(ledger::inclusion_proof_json(app.ledger, index));
  const auto entry = proof.value("entry", std::string());
  if (!app.service.read([&](const State& s) { return may_read_entry(s, principal, entry); })) proof.erase("entry");
  return proof;
}

void register_api(http::Router& router, AppContext& app) {
  register_asset_api(router, app);
  register_badge_api(router, app);
  router.get("/healthz", "healthz", [&app](Request&) {
    return Response::json(200, {{"status", "ok"}, {"ledger_size", app.ledger.size()}});
  });
  router.get("/metrics", "metrics", [&app](Request& request) {
    // A scraper at a configured address needs no account; anyone else must be an
    // administrator. Coming from loopback proves nothing: behind a reverse proxy on the same
    // host, every request does.
    const auto& allowed = app.metrics_addresses;
    if (std::find(allowed.begin(), allowed.end(), request.remote_address) == allowed.end()) {
      auto principal = require_principal(app, request);
      if (!principal) return Response::error(principal.error());
      if (!principal->admin) return Response::error(denied());
    }
    return Response::text(200, app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.get("/api/v1/openapi.json", "openapi", [](Request&) { return Response::json(200, openapi_document()); });

  // --- session ---
  router.post("/api/v1/session", "session.create", [&app](Request& request) -> Response {
    if (auto json_only = check_json_content_type(request); !json_only) return Response::error(json_only.error());
    auto body = body_json(request);
    if (!body) return Response::error(body.error());
    SignInForm form;
    auto login = text_field(*body, "login");
    auto password = text_field(*body, "password");
    if (!login) return Response::error(login.error());
    if (!password) return Response::error(password.error());
    form.login = *login;
    form.password = *password;
    auto totp = text_field(*body, "totp_code", false);
    if (!totp) return Response::error(totp.error());
    form.totp_code = *totp;
    auto signed_in = sign_in(app, request, form);
    if (!signed_in) return Response::error(signed_in.error());
    auto response = Response::json(201, {{"login", signed_in->principal.login},
                                         {"person", signed_in->principal.person},
                                         {"admin", signed_in->principal.admin},
                                         {"csrf_token", signed_in->principal.csrf_token}});
    response.set_header("Set-Cookie", signed_in->set_cookie);
    return response;
  });
  router.get(
      "/api/v1/session", "session.show",
      guarded(app, Writes::No, [&app](Request&, const auth::Principal& p) -> Result<Response> {
        return app.service.read([&](const State& s) -> Result<Response> {
          json contracts = json::array();
          for (const auto& [id, c] : s.contracts) {
            const auto access = contract_access(s, p, c);
            if (!access.visible) continue;
            contracts.push_back(
                {{"id", id}, {"roles", p.person.empty() ? std::vector<std::string>{} : s.roles_of(p.person, id)}});
          }
          return Response::json(200, {{"login", p.login},
                                      {"person", p.person},
                                      {"admin", p.admin},
                                      {"kind", p.kind == auth::PrincipalKind::Token ? "token" : "session"},
                                      {"organisation", principal_organisation(s, p)},
                                      {"csrf_token", p.csrf_token},
                                      {"contracts", contracts}});
        });
      }));
  // Signing out costs nothing against the rate limit: it is never refused for it.
  router.add(http::Method::Delete, "/api/v1/session", "session.delete",
             guarded(app, Writes::Yes, Metering::ByHandler,
                     [&app](Request& request, const auth::Principal&) -> Result<Response> {
                       Response response = Response::json(200, {{"signed_out", true}});
                       response.set_header("Set-Cookie", sign_out(app, request));
                       return response;
                     }));

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
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                TRY(app.service.authorize(domain::RegisterOrganisation{}, p));
                return executed(app, p, TRY(read_command<domain::RegisterOrganisation>(request)));
              }));
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
  router.post("/api/v1/people", "people.create",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                TRY(app.service.authorize(domain::RegisterPerson{}, p));
                return executed(app, p, TRY(read_command<domain::RegisterPerson>(request)));
              }));
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
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                TRY(app.service.authorize(domain::RecordDeparture{id, "", ""}, p));
                return executed(app, p, TRY(read_command<domain::RecordDeparture>(request, {{"person", id}})));
              }));

  // --- contracts ---
  router.get("/api/v1/contracts", "contracts.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, c] : s.contracts) {
                   const auto access = contract_access(s, p, c);
                   if (access.visible) items.emplace_back(id, contract_json(c, access));
                 }
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));
  router.post("/api/v1/contracts", "contracts.create",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                auto body = TRY(body_json(request));
                domain::CreateContract probe;
                probe.city = TRY(text_field(body, "city"));
                TRY(app.service.authorize(probe, p));
                return executed(app, p, TRY(command_from<domain::CreateContract>(std::move(body))));
              }));
  router.get("/api/v1/contracts/{id}", "contracts.show",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                 return Response::json(200, contract_json(*contract, access));
               });
             }));
  auto transition = [&app](domain::ContractState target) {
    return guarded(app, Writes::Yes, [&app, target](Request& request, const auth::Principal& p) -> Result<Response> {
      const auto& id = request.params.at("id");
      auto state_target = target;
      if (target == domain::ContractState::Closing && !request.body.empty()) {
        const auto body = TRY(body_json(request));
        if (TRY(bool_member(body, "final"))) state_target = domain::ContractState::Closed;
      }
      return executed(app, p, domain::ChangeContractState{id, state_target}, 200);
    });
  };
  router.post("/api/v1/contracts/{id}/activate", "contracts.activate", transition(domain::ContractState::Active));
  router.post("/api/v1/contracts/{id}/close", "contracts.close", transition(domain::ContractState::Closing));

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
                                 {"acknowledged", v.acknowledged_by.has_value()}});
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
  router.post("/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.submit",
              guarded(app, Writes::Yes, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
                const auto& id = request.params.at("id");
                const auto& org = request.params.at("org");
                TRY(app.service.authorize(domain::SubmitRoster{id, org, {}, ""}, p));
                return executed(
                    app, p,
                    TRY(read_command<domain::SubmitRoster>(request, {{"contract", id}, {"organisation", org}})));
              }));
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
                 const int from = TRY(int_param(request.query, "from", to - 1, 0, to - 1));
                 const auto before = from == 0 ? domain::Roster{} : (*versions)[from - 1].roster;
                 json changes = json::array();
                 for (const auto& c : domain::diff_rosters(s, before, (*versions)[to - 1].roster))
                   changes.push_back({{"field", c.field}, {"kind", c.kind}, {"ja", c.ja}, {"en", c.en}});
                 return Response::json(200, {{"from", from}, {"to", to}, {"changes", changes}});
               });
             }));

  // --- notifications ---
  router.get("/api/v1/notifications", "notifications.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               return app.service.read([&](const State& s) -> Result<Response> {
                 std::vector<std::pair<std::string, json>> items;
                 for (const auto& [id, n] : s.notifications) {
                   if (!may_read_notification(s, p, n)) continue;
                   items.emplace_back(id, json{{"id", n.id},
                                               {"contract", n.contract},
                                               {"kind", n.kind},
                                               {"recipient", n.recipient},
                                               {"subject", {{"ja", n.subject_ja}, {"en", n.subject_en}}},
                                               {"body_ja", n.body_ja},
                                               {"reference", n.reference},
                                               {"at", format_utc(n.at)},
                                               {"ledger_index", n.ledger_index}});
                 }
                 return Response::json(200, TRY(page(request, std::move(items))));
               });
             }));

  // --- provision sets (public texts: any signed-in user may read them) ---
  router.get("/api/v1/provisions", "provisions.list",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal&) -> Result<Response> {
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
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal&) -> Result<Response> {
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

  // --- ledger ---
  router.get("/api/v1/ledger/checkpoint", "ledger.checkpoint",
             guarded(app, Writes::No, [&app](Request&, const auth::Principal&) -> Result<Response> {
               auto latest = app.ledger.latest_checkpoint();
               if (!latest) latest = TRY(app.ledger.checkpoint_now());
               return Response::json(200, {{"origin", latest->checkpoint.origin},
                                           {"tree_size", latest->checkpoint.size},
                                           {"root_hash", crypto::base64_encode(latest->checkpoint.root)},
                                           {"note", latest->note},
                                           {"verifier_key", app.ledger.verifier().to_string()}});
             }));
  router.get("/api/v1/ledger/proofs/inclusion/{index}", "ledger.inclusion",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               const int index = TRY(int_param(request.params, "index", 0, 0, std::numeric_limits<int>::max()));
               // Anyone may check that an entry is in the ledger; its content only those who
               // may read what it records.
               return Response::json(200, TRY(inclusion_proof_for(app, p, static_cast<std::uint64_t>(index))));
             }));
  router.get("/api/v1/ledger/proofs/consistency", "ledger.consistency",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal&) -> Result<Response> {
               const int to = TRY(int_param(request.query, "to", 0, 1, std::numeric_limits<int>::max()));
               const int from = TRY(int_param(request.query, "from", 0, 0, std::numeric_limits<int>::max()));
               return Response::json(200,
                                     TRY(ledger::consistency_proof_json(app.ledger, static_cast<std::uint64_t>(from),
                                                                        static_cast<std::uint64_t>(to))));
             }));
}

}  // namespace itaku::api
