#include "itaku/domain/accounts.hpp"

#include <set>
#include <string>
#include <utility>

#include "itaku/domain/account_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

Result<const User*> active_user(const State& state, const std::string& login) {
  const auto* user = state.user(login);
  if (!user) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", login);
  if (user->disabled)
    return conflict("user.disabled", "このユーザーは無効にされています", "this user is disabled").with("login", login);
  return user;
}

// The person, contract and role of a grant or revocation, checked.
Result<void> check_grant(const State& state, const std::string& person_id, const std::string& contract_id,
                         const std::string& role) {
  if (!is_city_role(role))
    return invalid("role.invalid", "役割は city_officer, city_approver, city_auditor のいずれかです",
                   "role is one of city_officer, city_approver, city_auditor")
        .with("value", role);
  const auto* contract = state.contract(contract_id);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", contract_id);
  if (!state.person(person_id)) return not_found("person.unknown", "人が見つかりません", "no such person", person_id);
  return ok();
}

bool granted(const State& state, const std::string& person, const std::string& contract, const std::string& role) {
  auto by_contract = state.role_grants.find(contract);
  if (by_contract == state.role_grants.end()) return false;
  auto roles = by_contract->second.find(person);
  return roles != by_contract->second.end() && roles->second.contains(role);
}

}  // namespace

Result<std::vector<Event>> decide_account(const State& state, const RegisterUser& c, const Actor& actor,
                                          Timestamp now) {
  TRY(check_id(c.login, "login"));
  if (state.users.contains(c.login))
    return conflict("user.exists", "そのログイン名はすでに使われています", "that login is taken")
        .with("login", c.login);
  if (!state.person(c.person)) return not_found("person.unknown", "人が見つかりません", "no such person", c.person);
  return std::vector{make_event(UserRegistered{c.login, c.person}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const GrantAdmin& c, const Actor& actor, Timestamp now) {
  const auto* user = TRY(active_user(state, c.login));
  if (user->admin)
    return conflict("user.already_admin", "このユーザーはすでに管理者です", "this user is already an administrator")
        .with("login", c.login);
  return std::vector{make_event(UserAdminGranted{{c.login}}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const DisableUser& c, const Actor& actor, Timestamp now) {
  const auto* user = state.user(c.login);
  if (!user) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
  if (user->disabled)
    return conflict("user.already_disabled", "このユーザーはすでに無効です", "this user is already disabled")
        .with("login", c.login);
  return std::vector{make_event(UserDisabled{{c.login}}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const RecordCredentialChange& c, const Actor& actor,
                                          Timestamp now) {
  TRY(active_user(state, c.login));
  switch (c.change) {
    case CredentialChange::PasswordSet: return std::vector{make_event(UserPasswordSet{{c.login}}, actor, now, "")};
    case CredentialChange::TotpEnabled: return std::vector{make_event(UserTotpEnabled{{c.login}}, actor, now, "")};
    case CredentialChange::TotpDisabled: break;
  }
  return std::vector{make_event(UserTotpDisabled{{c.login}}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const GrantRole& c, const Actor& actor, Timestamp now) {
  TRY(check_grant(state, c.person, c.contract, c.role));
  const auto* person = state.person(c.person);
  const auto* city = state.contract(c.contract)->city();
  if (!city || person->organisation != city->organisation)
    return invalid("role.not_city_person", "市の役割を付与できるのは、その契約の甲（市）の職員だけです",
                   "city roles can be granted only to people of the contract's city (甲)")
        .with("person", c.person)
        .with("contract", c.contract);
  if (!person->active())
    return invalid("role.person_departed", "退任・転出した人に役割を付与することはできません",
                   "a person who has left cannot be granted a role")
        .with("person", c.person);
  if (granted(state, c.person, c.contract, c.role))
    return conflict("role.already_granted", "この役割はすでに付与されています", "this role is already granted")
        .with("person", c.person)
        .with("role", c.role);
  return std::vector{make_event(RoleGranted{{c.person, c.role}}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_account(const State& state, const RevokeRole& c, const Actor& actor, Timestamp now) {
  TRY(check_grant(state, c.person, c.contract, c.role));
  if (!granted(state, c.person, c.contract, c.role))
    return not_found("role.not_granted", "その役割は付与されていません", "that role is not granted",
                     c.person + ":" + c.role);
  return std::vector{make_event(RoleRevoked{{c.person, c.role}}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_account(const State& state, const RecordSignIn& c, const Actor& actor,
                                          Timestamp now) {
  if (!state.user(c.login)) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
  if (c.method != "password" && c.method != "password+totp")
    return invalid("auth.method_invalid", "認証方式が正しくありません", "unknown sign-in method")
        .with("value", c.method);
  return std::vector{make_event(SignedIn{c.login, c.remote, c.method}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const RecordSignInFailure& c, const Actor& actor,
                                          Timestamp now) {
  static const std::set<std::string> kReasons = {"unknown_login", "bad_password", "no_password",
                                                 "disabled",      "locked",       "address_throttled",
                                                 "totp_required", "totp_invalid", "totp_reused"};
  // Only the login of an existing user is recorded: what someone typed into the login
  // field may be a password.
  if (!c.login.empty() && !state.user(c.login))
    return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
  if (!kReasons.contains(c.reason))
    return invalid("auth.reason_invalid", "失敗の理由が正しくありません", "unknown sign-in failure reason")
        .with("value", c.reason);
  return std::vector{make_event(SignInFailed{c.login, c.remote, c.reason}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const CreateToken& c, const Actor& actor, Timestamp now) {
  TRY(check_id(c.id, "id"));
  if (state.tokens.contains(c.id))
    return conflict("token.exists", "そのIDのトークンはすでにあります", "a token with that id exists").with("id", c.id);
  const auto* user = TRY(active_user(state, c.login));
  if (!state.organisation(c.organisation))
    return not_found("organisation.unknown", "団体が見つかりません", "no such organisation", c.organisation);
  const auto* person = state.person(user->person);
  if (!user->admin && (!person || person->organisation != c.organisation))
    return invalid("token.not_member", "トークンは利用者本人の所属団体についてだけ発行できます",
                   "a token can be issued only for the user's own organisation")
        .with("login", c.login)
        .with("organisation", c.organisation);
  if (!c.contract.empty()) {
    const auto* contract = state.contract(c.contract);
    if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
    if (!contract->party(c.organisation))
      return invalid("token.contract_not_party", "その団体はこの契約の当事者ではありません",
                     "the organisation is not a party to this contract")
          .with("organisation", c.organisation)
          .with("contract", c.contract);
  }
  std::set<TokenScope> scopes;
  for (const auto& name : c.scopes) {
    const auto scope = token_scope(name);
    if (!scope)
      return invalid("token.scope_invalid", "トークンの用途は read, decide, access_report から選んでください",
                     "a token's scopes are read, decide and access_report")
          .with("scope", name);
    scopes.insert(*scope);
  }
  if (scopes.empty()) scopes = default_token_scopes();
  // Recorded in full, so that the ledger alone says what the token could do.
  std::vector<std::string> names;
  names.reserve(scopes.size());
  for (const auto scope : scopes) names.emplace_back(to_string(scope));
  return std::vector{
      make_event(TokenCreated{c.id, c.login, c.organisation, c.contract, c.label, std::move(names)}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const RevokeToken& c, const Actor& actor, Timestamp now) {
  auto it = state.tokens.find(c.id);
  if (it == state.tokens.end()) return not_found("token.unknown", "トークンが見つかりません", "no such token", c.id);
  if (it->second.revoked)
    return conflict("token.already_revoked", "このトークンはすでに失効しています", "this token is already revoked")
        .with("id", c.id);
  return std::vector{make_event(TokenRevoked{{c.id}}, actor, now, "")};
}

Result<std::vector<Event>> decide_account(const State& state, const RecordTokenUse& c, const Actor& actor,
                                          Timestamp now) {
  auto it = state.tokens.find(c.id);
  if (it == state.tokens.end() || it->second.revoked)
    return not_found("token.unknown", "有効なトークンが見つかりません", "no such valid token", c.id);
  if (it->second.last_used != Timestamp{} && now - it->second.last_used < kTokenUseInterval)
    return conflict("token.use_recorded", "このトークンの使用は1分以内に記録済みです",
                    "this token's use was recorded less than a minute ago")
        .with("id", c.id);
  return std::vector{make_event(TokenUsed{{c.id}}, actor, now, "")};
}

}  // namespace itaku::domain
