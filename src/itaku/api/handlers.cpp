#include "itaku/api/handlers.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "itaku/api/session.hpp"
#include "itaku/auth/rate_limiter.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/core/json_member.hpp"
#include "itaku/domain/authorization.hpp"

namespace itaku::api::handlers {

using http::Request;
using http::Response;
using nlohmann::json;

Error not_found(const std::string& what, const std::string& id) { return domain::unknown(what, id); }

Error denied() { return domain::forbidden(); }

Response attachment(std::string bytes, const std::string& media_type, std::string_view filename) {
  auto response = Response::text(200, std::move(bytes), media_type);
  response.set_header("content-disposition", fmt::format("attachment; filename=\"{}\"", filename));
  return response;
}

Result<void> put_path_members(json& body, const PathMembers& from_path) {
  if (!body.is_object()) return field_type_error("body");
  for (const auto& [name, value] : from_path) {
    const auto found = body.find(name);
    if (found != body.end() && *found != value)
      return make_error(ErrorKind::Invalid, "api.path_mismatch", "本文の項目がURLと一致しません",
                        "a member of the body disagrees with the URL")
          .with("field", name);
    body[name] = value;
  }
  return ok();
}

Result<json> body_json(const Request& request) {
  auto value = TRY(parse_json_input(request.body));
  if (!value.is_object())
    return make_error(ErrorKind::Invalid, "api.bad_json", "本文はJSONオブジェクトにしてください",
                      "the body must be a JSON object");
  return value;
}

Result<std::string> text_field(const json& body, const char* key, bool required) {
  return string_member(body, key, required ? Presence::Required : Presence::Optional);
}

Result<int> int_param(const std::map<std::string, std::string>& params, const char* key, int fallback, int min,
                      int max) {
  auto it = params.find(key);
  if (it == params.end() || it->second.empty()) return fallback;
  char* end = nullptr;
  const long v = std::strtol(it->second.c_str(), &end, 10);
  if (*end != '\0' || v < min || v > max)
    return make_error(ErrorKind::Invalid, "api.bad_parameter", "パラメータの値が正しくありません",
                      "a parameter has an invalid value")
        .with("parameter", key)
        .with("value", it->second);
  return static_cast<int>(v);
}

// Pages of items sorted by id: ?limit=1..500 (default 100) &cursor=<last id of the previous page>.
Result<json> page(const Request& request, std::vector<std::pair<std::string, json>> items) {
  const int limit = TRY(int_param(request.query, "limit", 100, 1, 500));
  const auto cursor = request.query.contains("cursor") ? request.query.at("cursor") : std::string();
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json out = json::array();
  std::string last;
  bool more = false;
  for (const auto& [id, item] : items) {
    if (!cursor.empty() && id <= cursor) continue;
    if (static_cast<int>(out.size()) == limit) {
      more = true;
      break;
    }
    out.push_back(item);
    last = id;
  }
  return json{{"items", out}, {"next_cursor", more ? json(last) : json(nullptr)}};
}

Result<void> token_may(const auth::Principal& principal, std::optional<domain::TokenScope> scope) {
  if (principal.kind != auth::PrincipalKind::Token) return ok();
  if (!scope)
    return make_error(ErrorKind::Denied, "auth.person_required",
                      "この操作は本人がサインインして行います。APIトークンではできません",
                      "a person signed in does this, not an API token");
  if (!principal.token_scopes.contains(*scope))
    return make_error(ErrorKind::Denied, "auth.token_scope", "このAPIトークンはこの用途に発行されていません",
                      "this API token was not issued for this")
        .with("scope", std::string(domain::to_string(*scope)));
  return ok();
}

namespace {
// Authenticates, checks CSRF for writes and what a token may do, charges the rate limit, and
// turns errors into JSON error responses.
http::Handler guarded_for(AppContext& app, Writes writes, std::optional<domain::TokenScope> scope, Metering metering,
                          Guarded handler) {
  return [&app, writes, scope, metering, handler = std::move(handler)](Request& request) -> Response {
    auto principal = require_principal(app, request);
    if (!principal) return Response::error(principal.error());
    if (auto allowed = token_may(*principal, scope); !allowed) return Response::error(allowed.error());
    if (writes == Writes::Yes)
      if (auto csrf = check_csrf(*principal, request); !csrf) return Response::error(csrf.error());
    if (metering == Metering::PerRequest)
      if (auto admitted = admit(app, *principal, 1); !admitted) return Response::error(admitted.error());
    auto response = handler(request, *principal);
    return response ? response.release_value() : Response::error(response.error());
  };
}
}  // namespace

http::Handler guarded(AppContext& app, Writes writes, Metering metering, Guarded handler) {
  // Reading needs the `read` scope; any write not declared with a scope is a person's.
  const auto scope = writes == Writes::No ? std::optional(domain::TokenScope::Read) : std::nullopt;
  return guarded_for(app, writes, scope, metering, std::move(handler));
}

http::Handler guarded(AppContext& app, domain::TokenScope scope, Metering metering, Guarded handler) {
  return guarded_for(app, Writes::Yes, scope, metering, std::move(handler));
}

Result<void> admit(AppContext& app, const auth::Principal& principal, std::uint64_t units) {
  return app.limiter.take(principal, units);
}

// The contract and the principal's access to it; invisible contracts are not found.
Result<std::pair<const domain::Contract*, ContractAccess>> visible_contract(const domain::State& s,
                                                                            const auth::Principal& principal,
                                                                            const std::string& id) {
  const auto* contract = s.contract(id);
  if (!contract) return not_found("contract", id);
  auto access = contract_access(s, principal, *contract);
  if (!access.visible) return not_found("contract", id);
  return std::pair{contract, access};
}

Result<const std::vector<domain::RosterVersion>*> readable_versions(const domain::Contract& contract,
                                                                    const ContractAccess& access,
                                                                    const std::string& organisation) {
  if (!access.readable_parties.contains(organisation)) return not_found("roster", organisation);
  auto it = contract.rosters.find(organisation);
  if (it == contract.rosters.end() || it->second.empty()) return not_found("roster", organisation);
  return &it->second;
}

domain::Actor actor_of(const auth::Principal& principal) { return principal.actor(); }

http::Handler contract_list_route(AppContext& app, ContractItems items) {
  return guarded(app, Writes::No,
                 [&app, items = std::move(items)](Request& request, const auth::Principal& p) -> Result<Response> {
                   return app.service.read([&](const domain::State& s) -> Result<Response> {
                     const auto [contract, access] = TRY(visible_contract(s, p, request.params.at("id")));
                     return Response::json(200, TRY(page(request, items(s, *contract, access))));
                   });
                 });
}

Result<Response> executed(AppContext& app, const auth::Principal& principal, const domain::Command& command,
                          int status) {
  const auto index = TRY(app.service.execute(command, principal));
  return Response::json(status, {{"ledger_index", index}});
}

}  // namespace itaku::api::handlers

namespace itaku::api {

std::string document_base_url(const AppContext& app, const http::Request& request) {
  if (!app.public_url.empty()) return app.public_url;
  const auto host = request.header("host");
  if (!host) return "";
  return std::string(request.secure ? "https://" : "http://") + std::string(*host);
}

}  // namespace itaku::api
