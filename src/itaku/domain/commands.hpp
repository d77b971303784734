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
  std::vector<std::string> scopes = {};  // "read", "decide", "access_report"; none: the default ones
};
struct RevokeToken {
  std::string id;
};
struct RecordTokenUse {
  std::string id;
};

// --- Information assets (長野市 第3, 第8; 木更津市 第3条, 第11条(3)(4)); docs/POLICY.md.

// asset_class.defined: the city defines a class of a contract's information assets or
// changes one (the whole definition each time).
struct DefineAssetClass {
  std::string contract;
  AssetClass definition;
};
// asset.registered: an entry in the register of the contract's information assets.
struct RegisterAsset {
  std::string contract, id, asset_class, description, origin, copy_of, media, quantity, custodian, location;
};
// custody.transferred: a hand-over (授受) of assets from their custodian to another person.
// `id` may be empty: the next "t-NNNN" of the contract is used.
struct TransferAssets {
  std::string contract, id;
  std::vector<std::string> assets;
  std::string from, to, note;
};
// custody.acknowledged: the receiving side confirms the hand-over and custody moves; for a
// hand-over from the city this also issues the receipt (receipt.issued, 長野市 第8-2).
struct AcknowledgeTransfer {
  std::string contract, transfer, by;
};
// notification.created for a denial on a sensitive class (長野市 第3: the city sees denials).
struct NotifyDenial {
  std::string contract, person, action, asset_class, reason_code, clause;
  std::uint64_t decision_index = 0;
};

// --- Issued documents (docs/EVENTS.md, document.issued) ---

// document.issued: a printed document (a receipt; later certificates and reports) was handed
// out as a file. The SHA-256 of its exact bytes binds that file to the fact it documents
// (the ledger index `of`), so a file changed in any byte no longer verifies.
struct IssueDocument {
  std::string contract, kind;  // kind: "receipt" (of: the receipt.issued entry)
  std::uint64_t of = 0;
  std::string sha256;  // 64 lowercase hexadecimal digits
  std::uint64_t size = 0;
};

using Command = std::variant<RegisterOrganisation, RegisterPerson, RecordDeparture, RegisterUser, ImportProvisions,
                             CreateContract, AddSubcontractor, ChangeContractState, SubmitRoster, AcknowledgeRoster,
                             GrantAdmin, DisableUser, RecordCredentialChange, GrantRole, RevokeRole, RecordSignIn,
                             RecordSignInFailure, CreateToken, RevokeToken, RecordTokenUse, DefineAssetClass,
                             RegisterAsset, TransferAssets, AcknowledgeTransfer, NotifyDenial, IssueDocument>;

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now);

// Identifiers chosen by users: 1–64 of [a-z0-9._-], starting with a letter or digit.
bool valid_id(std::string_view id);

}  // namespace itaku::domain
