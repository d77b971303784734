#pragma once
// Authentication and roles (docs/AUTH.md): users, their credentials, city roles, sign-ins and
// API tokens. Secrets never appear in these commands or their events: the password hash, TOTP
// secret and token hashes live outside the ledger.
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_account, are internal to the domain module: callers use decide().

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// user.registered: a login for a registered person.
struct RegisterUser {
  static constexpr std::string_view kName = "user.register";
  std::string login, person;
  static constexpr auto members() {
    using T = RegisterUser;
    return std::tuple{schema::member("login", &T::login).label("ログイン名", "Login").max_length(64),
                      schema::member("person", &T::person).label("利用者本人", "Person").refers("person")};
  }
};
// Makes a user an administrator (user.admin_granted).
struct GrantAdmin {
  static constexpr std::string_view kName = "user.grant_admin";
  std::string login;
  static constexpr auto members() {
    using T = GrantAdmin;
    return std::tuple{schema::member("login", &T::login).label("ログイン名", "Login").max_length(64)};
  }
};
// The user can no longer sign in or use API tokens (user.disabled).
struct DisableUser {
  static constexpr std::string_view kName = "user.disable";
  std::string login;
  static constexpr auto members() {
    using T = DisableUser;
    return std::tuple{schema::member("login", &T::login).label("ログイン名", "Login").max_length(64)};
  }
};
// Records that a credential changed: user.password_set, user.totp_enabled, user.totp_disabled.
enum class CredentialChange { PasswordSet, TotpEnabled, TotpDisabled };
// "password_set", "totp_enabled", "totp_disabled": the end of the event's type.
constexpr std::string_view to_string(CredentialChange change) {
  switch (change) {
    case CredentialChange::PasswordSet: return "password_set";
    case CredentialChange::TotpEnabled: return "totp_enabled";
    case CredentialChange::TotpDisabled: return "totp_disabled";
  }
  return "password_set";
}
constexpr std::optional<CredentialChange> credential_change(std::string_view text) {
  if (text == "password_set") return CredentialChange::PasswordSet;
  if (text == "totp_enabled") return CredentialChange::TotpEnabled;
  if (text == "totp_disabled") return CredentialChange::TotpDisabled;
  return std::nullopt;
}
struct RecordCredentialChange {
  static constexpr std::string_view kName = "user.record_credential_change";
  std::string login;
  CredentialChange change = CredentialChange::PasswordSet;
  static constexpr auto members() {
    using T = RecordCredentialChange;
    return std::tuple{schema::member("login", &T::login).label("ログイン名", "Login").max_length(64),
                      schema::member("change", &T::change).label("変更", "Change")};
  }
};
// role.granted / role.revoked: city_officer, city_approver or city_auditor, for a person of
// the contract's city. Both commands have the same members.
template <class T>
constexpr auto role_members() {
  return std::tuple{schema::member("person", &T::person).label("人", "Person").refers("person"),
                    schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                    schema::member("role", &T::role)
                        .label("役割", "Role")
                        .help("city_officer（担当職員）、city_approver（承認者）または city_auditor（監査）",
                              "city_officer, city_approver or city_auditor")};
}
struct GrantRole {
  static constexpr std::string_view kName = "role.grant";
  std::string person, contract, role;
  static constexpr auto members() { return role_members<GrantRole>(); }
};
struct RevokeRole {
  static constexpr std::string_view kName = "role.revoke";
  std::string person, contract, role;
  static constexpr auto members() { return role_members<RevokeRole>(); }
};
// Audit records of sign-ins (auth.signed_in, auth.sign_in_failed); they change no state.
struct RecordSignIn {
  static constexpr std::string_view kName = "auth.record_sign_in";
  std::string login, remote, method;  // method: "password" or "password+totp"
  static constexpr auto members() {
    using T = RecordSignIn;
    return std::tuple{
        schema::member("login", &T::login).label("ログイン名", "Login").max_length(64),
        schema::member("remote", &T::remote, Presence::Optional).label("接続元", "Remote address").max_length(200),
        schema::member("method", &T::method)
            .label("方式", "Method")
            .help("password または password+totp", "password or password+totp")};
  }
};
struct RecordSignInFailure {
  static constexpr std::string_view kName = "auth.record_sign_in_failure";
  std::string login;  // empty when no such user exists (the text typed may be a password)
  std::string remote, reason;
  static constexpr auto members() {
    using T = RecordSignInFailure;
    return std::tuple{
        schema::member("login", &T::login, Presence::Optional)
            .label("入力されたログイン名", "Login typed")
            .help("該当する利用者がないときは空", "empty when no such user exists"),
        schema::member("remote", &T::remote, Presence::Optional).label("接続元", "Remote address").max_length(200),
        schema::member("reason", &T::reason).label("理由", "Reason")};
  }
};
// API tokens: the record of a token (token.created), its revocation and, at most once a
// minute per token, its use (token.used).
struct CreateToken {
  static constexpr std::string_view kName = "token.create";
  std::string id, login, organisation, contract, label;
  std::vector<std::string> scopes = {};  // "read", "decide", "access_report"; none: the default ones
  static constexpr auto members() {
    using T = CreateToken;
    return std::tuple{
        schema::member("id", &T::id).label("トークンID", "Token id").format(schema::Format::Id),
        schema::member("login", &T::login)
            .label("所有者", "Owner")
            .help("トークンで操作する利用者のログイン名", "the login of the user the token acts as"),
        schema::member("organisation", &T::organisation).label("組織", "Organisation").refers("organisation"),
        schema::member("contract", &T::contract, Presence::Optional)
            .label("契約", "Contract")
            .help("省略すると組織のすべての契約", "every contract of the organisation when left out")
            .refers("contract"),
        schema::member("label", &T::label, Presence::Optional).label("用途", "Label").max_length(200),
        schema::member("scopes", &T::scopes, Presence::Optional)
            .label("権限範囲", "Scopes")
            .help("read、decide、access_report（省略すると既定の範囲）",
                  "read, decide, access_report (the default ones when left out)")};
  }
};
struct RevokeToken {
  static constexpr std::string_view kName = "token.revoke";
  std::string id;
  static constexpr auto members() {
    using T = RevokeToken;
    return std::tuple{schema::member("id", &T::id).label("トークンID", "Token id")};
  }
};
// Refused with token.use_recorded (Conflict) within kTokenUseInterval of the token's last
// recorded use, whichever instance recorded it: the caller goes on without recording.
inline constexpr std::chrono::seconds kTokenUseInterval{60};
struct RecordTokenUse {
  static constexpr std::string_view kName = "token.record_use";
  std::string id;
  static constexpr auto members() {
    using T = RecordTokenUse;
    return std::tuple{schema::member("id", &T::id).label("トークンID", "Token id")};
  }
};

Result<std::vector<Event>> decide_account(const State& state, const RegisterUser& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const GrantAdmin& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const DisableUser& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RecordCredentialChange& c, const Actor& actor,
                                          Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const GrantRole& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RevokeRole& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RecordSignIn& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RecordSignInFailure& c, const Actor& actor,
                                          Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const CreateToken& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RevokeToken& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_account(const State& state, const RecordTokenUse& c, const Actor& actor,
                                          Timestamp now);

}  // namespace itaku::domain

namespace itaku::schema {

template <>
struct Codec<domain::CredentialChange>
    : EnumCodec<domain::CredentialChange,
                static_cast<std::string_view (*)(domain::CredentialChange)>(&domain::to_string),
                &domain::credential_change> {};

}  // namespace itaku::schema
