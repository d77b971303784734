// JSON API for signing in and out: POST, GET and DELETE /api/v1/session (docs/AUTH.md).

#include "itaku/api/routes.hpp"
#include "itaku/api/session.hpp"

namespace itaku::api {

void register_session_api(http::Router& router, AppContext& app) {
  using namespace routes;
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
}

}  // namespace itaku::api
