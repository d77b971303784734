#pragma once
// Events of users, their credentials, city roles, sign-ins and API tokens (docs/AUTH.md).
// Secrets never appear in them: password hashes, TOTP secrets and token hashes live in tables
// outside the ledger, written in the same transaction as the event that records the change.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

// The events that name only a user (user.registered names their person as well). Self is the
// event: its members are declared as members of it, not of this base.
template <class Self>
struct UserEvent {
  std::string login;
  static constexpr auto members() { return std::tuple{schema::member<Self, std::string>("login", &Self::login)}; }
};

struct UserRegistered {
  static constexpr std::string_view kType = "user.registered";
  std::string login, person;
  static constexpr auto members() {
    return std::tuple{schema::member("login", &UserRegistered::login),
                      schema::member("person", &UserRegistered::person)};
  }
};
// May manage users, tokens and roles.
struct UserAdminGranted : UserEvent<UserAdminGranted> {
  static constexpr std::string_view kType = "user.admin_granted";
};
// Can no longer sign in or use API tokens.
struct UserDisabled : UserEvent<UserDisabled> {
  static constexpr std::string_view kType = "user.disabled";
};
struct UserPasswordSet : UserEvent<UserPasswordSet> {
  static constexpr std::string_view kType = "user.password_set";
};
struct UserTotpEnabled : UserEvent<UserTotpEnabled> {
  static constexpr std::string_view kType = "user.totp_enabled";
};
struct UserTotpDisabled : UserEvent<UserTotpDisabled> {
  static constexpr std::string_view kType = "user.totp_disabled";
};

// role.granted / role.revoked: a city role (city_officer, city_approver, city_auditor) on the
// event's contract.
template <class Self>
struct RoleEvent {
  std::string person, role;
  static constexpr auto members() {
    return std::tuple{schema::member<Self, std::string>("person", &Self::person),
                      schema::member<Self, std::string>("role", &Self::role)};
  }
};
struct RoleGranted : RoleEvent<RoleGranted> {
  static constexpr std::string_view kType = "role.granted";
};
struct RoleRevoked : RoleEvent<RoleRevoked> {
  static constexpr std::string_view kType = "role.revoked";
};

// auth.signed_in: method "password" or "password+totp".
struct SignedIn {
  static constexpr std::string_view kType = "auth.signed_in";
  std::string login, remote, method;
  static constexpr auto members() {
    using T = SignedIn;
    return std::tuple{schema::member("login", &T::login), schema::member("remote", &T::remote),
                      schema::member("method", &T::method)};
  }
};
// auth.sign_in_failed: `login` is empty when no such user exists (what was typed may be a password).
struct SignInFailed {
  static constexpr std::string_view kType = "auth.sign_in_failed";
  std::string login, remote, reason;
  static constexpr auto members() {
    using T = SignInFailed;
    return std::tuple{schema::member("login", &T::login), schema::member("remote", &T::remote),
                      schema::member("reason", &T::reason)};
  }
};

// token.created: the record of an API token (never its secret). A token recorded before
// scopes existed has none here, and has the default ones.
struct TokenCreated {
  static constexpr std::string_view kType = "token.created";
  std::string id, login, organisation, contract, label;
  std::optional<std::vector<std::string>> scopes;
  static constexpr auto members() {
    using T = TokenCreated;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("login", &T::login),
                      schema::member("organisation", &T::organisation),
                      schema::member("contract", &T::contract),
                      schema::member("label", &T::label),
                      schema::member("scopes", &T::scopes)};
  }
};
template <class Self>
struct TokenEvent {
  std::string id;
  static constexpr auto members() { return std::tuple{schema::member<Self, std::string>("id", &Self::id)}; }
};
struct TokenRevoked : TokenEvent<TokenRevoked> {
  static constexpr std::string_view kType = "token.revoked";
};
// At most once a minute per token.
struct TokenUsed : TokenEvent<TokenUsed> {
  static constexpr std::string_view kType = "token.used";
};

void register_account_events(EventTypes& types);

}  // namespace itaku::domain
