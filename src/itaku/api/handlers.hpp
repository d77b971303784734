#pragma once
// The pieces every JSON handler is made of: reading bodies and parameters, paging,
// authentication with CSRF for writes, contract visibility, and running a command.
// Internal to the api module (its *_api.cpp files).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/api/authorization.hpp"
#include "itaku/api/context.hpp"
#include "itaku/auth/principal.hpp"
#include "itaku/core/json_member.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/http/router.hpp"

namespace itaku::api::handlers {

Error not_found(const std::string& what, const std::string& id);
Error denied();

// The body as a JSON object.
Result<nlohmann::json> body_json(const http::Request& request);
// The members a route's path gives a command ({"contract", id}, …): they are put into the body,
// where a member of the same name must agree with them (api.path_mismatch).
using PathMembers = std::vector<std::pair<std::string, std::string>>;
Result<void> put_path_members(nlohmann::json& body, const PathMembers& from_path);

// The command C read from `body` (a JSON object) with the members the path gives, through C's
// declaration (domain::decode_command): one reading of every command's body, whose errors
// name the member.
template <class C>
Result<C> command_from(nlohmann::json body, const PathMembers& from_path = {}) {
  TRY(put_path_members(body, from_path));
  return domain::decode_command<C>(body);
}
// The command C from a request's body; an empty body is an empty object, so that a command whose
// members the URL gives needs none and a missing member is refused by its name.
template <class C>
Result<C> read_command(const http::Request& request, const PathMembers& from_path = {}) {
  return command_from<C>(request.body.empty() ? nlohmann::json::object() : TRY(body_json(request)), from_path);
}

// A string member; absent and not required gives "".
Result<std::string> text_field(const nlohmann::json& body, const char* key, bool required = true);
// An integer parameter within [min, max]; absent gives `fallback`.
Result<int> int_param(const std::map<std::string, std::string>& params, const char* key, int fallback, int min,
                      int max);
// Pages of items sorted by id: ?limit=1..500 (default 100) &cursor=<last id of the previous page>.
Result<nlohmann::json> page(const http::Request& request, std::vector<std::pair<std::string, nlohmann::json>> items);

using Guarded = std::function<Result<http::Response>(http::Request&, const auth::Principal&)>;
enum class Writes { No, Yes };
// What a request costs against the caller's rate limit: one unit, or what the handler counts
// (a unit per decision or reported access, charged with admit() once the body is read).
enum class Metering { PerRequest, ByHandler };
// Authenticates, checks CSRF for writes, checks what an API token may do, charges the caller's
// rate limit, and turns errors into JSON error responses. A route that does not write is read
// by tokens with the `read` scope; one that writes is a person's act, which tokens may not do
// (auth.person_required).
http::Handler guarded(AppContext& app, Writes writes, Metering metering, Guarded handler);
inline http::Handler guarded(AppContext& app, Writes writes, Guarded handler) {
  return guarded(app, writes, Metering::PerRequest, std::move(handler));
}
// A write that API tokens with `scope` may do besides people (deciding, reporting accesses).
http::Handler guarded(AppContext& app, domain::TokenScope scope, Metering metering, Guarded handler);
// Whether the principal may use a route that tokens may use with `scope` (nullopt: only people
// may): people always, tokens issued with that scope. The one check of a token's scopes.
Result<void> token_may(const auth::Principal& principal, std::optional<domain::TokenScope> scope);
// Charges `units` to the principal's rate limit (auth::RateLimiter): rate.limited (429, with
// Retry-After) when they are not available, and nothing is taken.
Result<void> admit(AppContext& app, const auth::Principal& principal, std::uint64_t units);

// The contract and the principal's access to it; invisible contracts are not found.
Result<std::pair<const domain::Contract*, ContractAccess>> visible_contract(const domain::State& s,
                                                                            const auth::Principal& principal,
                                                                            const std::string& id);
Result<const std::vector<domain::RosterVersion>*> readable_versions(const domain::Contract& contract,
                                                                    const ContractAccess& access,
                                                                    const std::string& organisation);
// The actor a principal acts as: the person, or "token:<id>".
domain::Actor actor_of(const auth::Principal& principal);
// Runs a command and answers {"ledger_index": N}.
Result<http::Response> executed(AppContext& app, const auth::Principal& principal, const domain::Command& command,
                                int status = 201);

// A file to download as `filename` (content-disposition: attachment).
http::Response attachment(std::string bytes, const std::string& media_type, std::string_view filename);

// --- routes written once ---

// The command C with the members `members` names set (text members only), the others empty:
// what a route asks Service::authorize about before it reads a body.
template <class C>
C command_with(const PathMembers& members) {
  C command{};
  auto set = [&](const auto& m) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(command.*(m.pointer))>, std::string>)
      for (const auto& [name, value] : members)
        if (name == m.name) command.*(m.pointer) = value;
  };
  std::apply([&](const auto&... m) { (set(m), ...); }, C::members());
  return command;
}

// When a route asks who may: when the command runs (the rule needs the body: who may issue a
// badge depends on the worker named), or first, from the members the URL gives, so that a caller
// who may not gets 404 or 403 whatever they sent (nothing about a body is said to them).
enum class Authorize { WhenRun, BeforeBody };

// The "parameter" of a member that is the signed-in person's id rather than the URL's: a command
// its caller records as themself (`{"by", kSignedInPerson}`; a body naming another person is
// refused, api.path_mismatch).
inline constexpr std::string_view kSignedInPerson = "@signed-in";

// A write that runs the command C read from its body (read_command), the members `from_url`
// names taken from the URL's parameters ({member, parameter}: {"contract", "id"}) or the caller
// (kSignedInPerson). Who may run it is the command's rule.
template <class C>
http::Handler command_route(AppContext& app, std::vector<std::pair<std::string, std::string>> from_url,
                            Authorize authorize = Authorize::WhenRun) {
  return guarded(app, Writes::Yes,
                 [&app, from_url = std::move(from_url), authorize](http::Request& request,
                                                                   const auth::Principal& p) -> Result<http::Response> {
                   PathMembers members;
                   for (const auto& [member, parameter] : from_url)
                     members.emplace_back(member,
                                          parameter == kSignedInPerson ? p.person : request.params.at(parameter));
                   if (authorize == Authorize::BeforeBody) TRY(app.service.authorize(command_with<C>(members), p));
                   return executed(app, p, TRY(read_command<C>(request, members)));
                 });
}

// What a contract's list shows: its items the principal may see, by id, as JSON.
using ContractItems = std::function<std::vector<std::pair<std::string, nlohmann::json>>(
    const domain::State&, const domain::Contract&, const ContractAccess&)>;
// A read of the items of the contract the URL names ({id}), paged (page()); a contract the
// principal may not see is not found.
http::Handler contract_list_route(AppContext& app, ContractItems items);

}  // namespace itaku::api::handlers
