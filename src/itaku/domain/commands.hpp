#pragma once
// Commands: what a user asks for. decide() checks a command against the current state and
// either refuses it with a clear error (nothing changes) or returns the events that record
// it. Pure: no I/O; `now` is passed in.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RegisterOrganisation {
  std::string id, kind, name, name_en;
};
struct RegisterPerson {
  std::string id, organisation, name, title, email;
};
// 転勤・退職: ends the person's assignments from `effective` (YYYY-MM-DD, or a UTC time) and
// submits a new roster version for each contract they were on; the person stays.
struct RecordDeparture {
  std::string person, reason, effective;
};
struct RegisterUser {
  std::string login, person;
};
struct ImportProvisions {
  std::string source;  // TOML text
};
struct CreateContract {
  std::string id, number, title, department, city, contractor, period_from, period_until, work_description;
  std::string provisions_name;
  std::string provisions_version;  // empty: the newest imported version
};
struct AddSubcontractor {
  std::string contract, organisation, parent;
};
struct ChangeContractState {
  std::string contract;
  ContractState target = ContractState::Active;
};
struct SubmitRoster {
  std::string contract, organisation;
  Roster roster;
  std::string note;
};
struct AcknowledgeRoster {
  std::string contract, organisation;
  int version = 0;
  std::string by;  // a person of the contract's city
};

// --- Authentication and roles (docs/AUTH.md). Secrets never appear in these commands or
// their events: the password hash, TOTP secret and token hashes live outside the ledger.

// Makes a user an administrator (user.admin_granted).
struct GrantAdmin {
  std::string login;
};
// The user can no longer sign in or use API tokens (user.disabled).
struct DisableUser {
  std::string login;
};
// Records that a credential changed: user.password_set, user.totp_enabled, user.totp_disabled.
enum class CredentialChange { PasswordSet, TotpEnabled, TotpDisabled };
struct RecordCredentialChange {
  std::string login;
  CredentialChange change = CredentialChange::PasswordSet;
};
// role.granted / role.revoked: city_officer, city_approver or city_auditor, for a person of
// the contract's city.
struct GrantRole {
  std::string person, contract, role;
};
struct RevokeRole {
  std::string person, contract, role;
};
// Audit records of sign-ins (auth.signed_in, auth.sign_in_failed); they change no state.
struct RecordSignIn {
  std::string login, remote, method;  // method: "password" or "password+totp"
};
struct RecordSignInFailure {
  std::string login;  // empty when no such user exists (the text typed may be a password)
  std::string remote, reason;
};
// API tokens: the record of a token (token.created), its revocation and, at most once a
// minute per token, its use (token.used).
struct CreateToken {
  std::string id, login, organisation, contract, label;
};
struct RevokeToken {
  std::string id;
};
struct RecordTokenUse {
  std::string id;
};

using Command = std::variant<RegisterOrganisation, RegisterPerson, RecordDeparture, RegisterUser, ImportProvisions,
                             CreateContract, AddSubcontractor, ChangeContractState, SubmitRoster, AcknowledgeRoster,
                             GrantAdmin, DisableUser, RecordCredentialChange, GrantRole, RevokeRole, RecordSignIn,
                             RecordSignInFailure, CreateToken, RevokeToken, RecordTokenUse>;

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now);

// Identifiers chosen by users: 1–64 of [a-z0-9._-], starting with a letter or digit.
bool valid_id(std::string_view id);

}  // namespace itaku::domain
