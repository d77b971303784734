#pragma once
// Commands: what a user asks for. decide() checks a command against the current state and
// either refuses it with a clear error (nothing changes) or returns the events that record
// it. Pure: no I/O; `now` is passed in.
//
// Each command declares its name and its members once (kName, members(); core/schema.hpp),
// and command_types.hpp reads a command written as JSON through that declaration. A name is
// the capability its events belong to and what the command does, as a verb:
// "asset.register" records asset.registered, "custody.transfer" custody.transferred. Names are
// stable: clients and test cases write them. A member that may be left out reads as empty.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/badges.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RegisterOrganisation {
  static constexpr std::string_view kName = "organisation.register";
  std::string id, kind, name, name_en;
  static constexpr auto members() {
    using T = RegisterOrganisation;
    return std::tuple{schema::member("id", &T::id), schema::member("kind", &T::kind), schema::member("name", &T::name),
                      schema::member("name_en", &T::name_en, Presence::Optional)};
  }
};
struct RegisterPerson {
  static constexpr std::string_view kName = "person.register";
  std::string id, organisation, name, title, email;
  static constexpr auto members() {
    using T = RegisterPerson;
    return std::tuple{schema::member("id", &T::id), schema::member("organisation", &T::organisation),
                      schema::member("name", &T::name), schema::member("title", &T::title, Presence::Optional),
                      schema::member("email", &T::email, Presence::Optional)};
  }
};
// 転勤・退職: ends the person's assignments from `effective` (YYYY-MM-DD, or a UTC time) and
// submits a new roster version for each contract they were on; the person stays.
struct RecordDeparture {
  static constexpr std::string_view kName = "person.record_departure";
  std::string person, reason, effective;
  static constexpr auto members() {
    using T = RecordDeparture;
    return std::tuple{schema::member("person", &T::person), schema::member("reason", &T::reason),
                      schema::member("effective", &T::effective)};
  }
};
struct RegisterUser {
  static constexpr std::string_view kName = "user.register";
  std::string login, person;
  static constexpr auto members() {
    using T = RegisterUser;
    return std::tuple{schema::member("login", &T::login), schema::member("person", &T::person)};
  }
};
struct ImportProvisions {
  static constexpr std::string_view kName = "provisions.import";
  std::string source;  // TOML text
  static constexpr auto members() {
    using T = ImportProvisions;
    return std::tuple{schema::member("source", &T::source)};
  }
};
struct CreateContract {
  static constexpr std::string_view kName = "contract.create";
  std::string id, number, title, department, city, contractor, period_from, period_until, work_description;
  std::string provisions_name;
  std::string provisions_version;  // empty: the newest imported version
  static constexpr auto members() {
    using T = CreateContract;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("number", &T::number),
                      schema::member("title", &T::title),
                      schema::member("department", &T::department),
                      schema::member("city", &T::city),
                      schema::member("contractor", &T::contractor),
                      schema::member("period_from", &T::period_from),
                      schema::member("period_until", &T::period_until),
                      schema::member("work_description", &T::work_description),
                      schema::member("provisions_name", &T::provisions_name),
                      schema::member("provisions_version", &T::provisions_version, Presence::Optional)};
  }
};
struct AddSubcontractor {
  static constexpr std::string_view kName = "contract.add_subcontractor";
  std::string contract, organisation, parent;
  static constexpr auto members() {
    using T = AddSubcontractor;
    return std::tuple{schema::member("contract", &T::contract), schema::member("organisation", &T::organisation),
                      schema::member("parent", &T::parent)};
  }
};
struct ChangeContractState {
  static constexpr std::string_view kName = "contract.change_state";
  std::string contract;
  ContractState target = ContractState::Active;
  static constexpr auto members() {
    using T = ChangeContractState;
    return std::tuple{schema::member("contract", &T::contract), schema::member("target", &T::target)};
  }
};
struct SubmitRoster {
  static constexpr std::string_view kName = "roster.submit";
  std::string contract, organisation;
  Roster roster;
  std::string note;
  static constexpr auto members() {
    using T = SubmitRoster;
    return std::tuple{schema::member("contract", &T::contract), schema::member("organisation", &T::organisation),
                      // As people send it, flags as JSON booleans (RosterInputCodec, model.hpp).
                      schema::Member<T, Roster, RosterInputCodec>{"roster", &T::roster, Presence::Required},
                      schema::member("note", &T::note, Presence::Optional)};
  }
};
struct AcknowledgeRoster {
  static constexpr std::string_view kName = "roster.acknowledge";
  std::string contract, organisation;
  int version = 0;
  std::string by;  // a person of the contract's city
  static constexpr auto members() {
    using T = AcknowledgeRoster;
    return std::tuple{schema::member("contract", &T::contract), schema::member("organisation", &T::organisation),
                      schema::member("version", &T::version), schema::member("by", &T::by)};
  }
};

// --- Authentication and roles (docs/AUTH.md). Secrets never appear in these commands or
// their events: the password hash, TOTP secret and token hashes live outside the ledger.

// Makes a user an administrator (user.admin_granted).
struct GrantAdmin {
  static constexpr std::string_view kName = "user.grant_admin";
  std::string login;
  static constexpr auto members() {
    using T = GrantAdmin;
    return std::tuple{schema::member("login", &T::login)};
  }
};
// The user can no longer sign in or use API tokens (user.disabled).
struct DisableUser {
  static constexpr std::string_view kName = "user.disable";
  std::string login;
  static constexpr auto members() {
    using T = DisableUser;
    return std::tuple{schema::member("login", &T::login)};
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
    return std::tuple{schema::member("login", &T::login), schema::member("change", &T::change)};
  }
};
// role.granted / role.revoked: city_officer, city_approver or city_auditor, for a person of
// the contract's city.
struct GrantRole {
  static constexpr std::string_view kName = "role.grant";
  std::string person, contract, role;
  static constexpr auto members() {
    using T = GrantRole;
    return std::tuple{schema::member("person", &T::person), schema::member("contract", &T::contract),
                      schema::member("role", &T::role)};
  }
};
struct RevokeRole {
  static constexpr std::string_view kName = "role.revoke";
  std::string person, contract, role;
  static constexpr auto members() {
    using T = RevokeRole;
    return std::tuple{schema::member("person", &T::person), schema::member("contract", &T::contract),
                      schema::member("role", &T::role)};
  }
};
// Audit records of sign-ins (auth.signed_in, auth.sign_in_failed); they change no state.
struct RecordSignIn {
  static constexpr std::string_view kName = "auth.record_sign_in";
  std::string login, remote, method;  // method: "password" or "password+totp"
  static constexpr auto members() {
    using T = RecordSignIn;
    return std::tuple{schema::member("login", &T::login), schema::member("remote", &T::remote, Presence::Optional),
                      schema::member("method", &T::method)};
  }
};
struct RecordSignInFailure {
  static constexpr std::string_view kName = "auth.record_sign_in_failure";
  std::string login;  // empty when no such user exists (the text typed may be a password)
  std::string remote, reason;
  static constexpr auto members() {
    using T = RecordSignInFailure;
    return std::tuple{schema::member("login", &T::login, Presence::Optional),
                      schema::member("remote", &T::remote, Presence::Optional), schema::member("reason", &T::reason)};
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
    return std::tuple{schema::member("id", &T::id),
                      schema::member("login", &T::login),
                      schema::member("organisation", &T::organisation),
                      schema::member("contract", &T::contract, Presence::Optional),
                      schema::member("label", &T::label, Presence::Optional),
                      schema::member("scopes", &T::scopes, Presence::Optional)};
  }
};
struct RevokeToken {
  static constexpr std::string_view kName = "token.revoke";
  std::string id;
  static constexpr auto members() {
    using T = RevokeToken;
    return std::tuple{schema::member("id", &T::id)};
  }
};
struct RecordTokenUse {
  static constexpr std::string_view kName = "token.record_use";
  std::string id;
  static constexpr auto members() {
    using T = RecordTokenUse;
    return std::tuple{schema::member("id", &T::id)};
  }
};

// --- Information assets (長野市 第3, 第8; 木更津市 第3条, 第11条(3)(4)); docs/POLICY.md.

// asset_class.defined: the city defines a class of a contract's information assets or
// changes one (the whole definition each time).
struct DefineAssetClass {
  static constexpr std::string_view kName = "asset_class.define";
  std::string contract;
  AssetClass definition;
  static constexpr auto members() {
    using T = DefineAssetClass;
    return std::tuple{schema::member("contract", &T::contract), schema::member("definition", &T::definition)};
  }
};
// asset.registered: an entry in the register of the contract's information assets.
struct RegisterAsset {
  static constexpr std::string_view kName = "asset.register";
  std::string contract, id, asset_class, description, origin, copy_of, media, quantity, custodian, location;
  static constexpr auto members() {
    using T = RegisterAsset;
    return std::tuple{
        schema::member("contract", &T::contract),   schema::member("id", &T::id),
        schema::member("class", &T::asset_class),   schema::member("description", &T::description),
        schema::member("origin", &T::origin),       schema::member("copy_of", &T::copy_of, Presence::Optional),
        schema::member("media", &T::media),         schema::member("quantity", &T::quantity, Presence::Optional),
        schema::member("custodian", &T::custodian), schema::member("location", &T::location, Presence::Optional)};
  }
};
// custody.transferred: a hand-over (授受) of assets from their custodian to another person.
// `id` may be empty: the next "t-NNNN" of the contract is used.
struct TransferAssets {
  static constexpr std::string_view kName = "custody.transfer";
  std::string contract, id;
  std::vector<std::string> assets;
  std::string from, to, note;
  static constexpr auto members() {
    using T = TransferAssets;
    return std::tuple{schema::member("contract", &T::contract),
                      schema::member("id", &T::id, Presence::Optional),
                      schema::member("assets", &T::assets),
                      schema::member("from", &T::from),
                      schema::member("to", &T::to),
                      schema::member("note", &T::note, Presence::Optional)};
  }
};
// custody.acknowledged: the receiving side confirms the hand-over and custody moves; for a
// hand-over from the city this also issues the receipt (receipt.issued, 長野市 第8-2).
struct AcknowledgeTransfer {
  static constexpr std::string_view kName = "custody.acknowledge";
  std::string contract, transfer, by;
  static constexpr auto members() {
    using T = AcknowledgeTransfer;
    return std::tuple{schema::member("contract", &T::contract), schema::member("transfer", &T::transfer),
                      schema::member("by", &T::by)};
  }
};
// notification.created for a denial on a sensitive class (長野市 第3: the city sees denials).
struct NotifyDenial {
  static constexpr std::string_view kName = "decision.notify_denial";
  std::string contract, person, action, asset_class, reason_code, clause;
  std::uint64_t decision_index = 0;
  static constexpr auto members() {
    using T = NotifyDenial;
    return std::tuple{schema::member("contract", &T::contract),
                      schema::member("person", &T::person),
                      schema::member("action", &T::action),
                      schema::member("class", &T::asset_class),
                      schema::member("reason_code", &T::reason_code),
                      schema::member("clause", &T::clause),
                      schema::member("decision_index", &T::decision_index)};
  }
};

// --- Issued documents (docs/EVENTS.md, document.issued) ---

// document.issued: a printed document (a receipt; later certificates and reports) was handed
// out as a file. The SHA-256 of its exact bytes binds that file to the fact it documents
// (the ledger index `of`), so a file changed in any byte no longer verifies.
struct IssueDocument {
  static constexpr std::string_view kName = "document.issue";
  std::string contract, kind;  // kind: "receipt" (of: the receipt.issued entry)
  std::uint64_t of = 0;
  std::string sha256;  // 64 lowercase hexadecimal digits
  std::uint64_t size = 0;
  static constexpr auto members() {
    using T = IssueDocument;
    return std::tuple{schema::member("contract", &T::contract), schema::member("kind", &T::kind),
                      schema::member("of", &T::of), schema::member("sha256", &T::sha256),
                      schema::member("size", &T::size)};
  }
};

using Command =
    std::variant<RegisterOrganisation, RegisterPerson, RecordDeparture, RegisterUser, ImportProvisions, CreateContract,
                 AddSubcontractor, ChangeContractState, SubmitRoster, AcknowledgeRoster, GrantAdmin, DisableUser,
                 RecordCredentialChange, GrantRole, RevokeRole, RecordSignIn, RecordSignInFailure, CreateToken,
                 RevokeToken, RecordTokenUse, DefineAssetClass, RegisterAsset, TransferAssets, AcknowledgeTransfer,
                 NotifyDenial, IssueDocument, IssueBadge, ReturnBadge, ReportBadgeLost>;

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now);

// Identifiers chosen by users: 1–64 of [a-z0-9._-], starting with a letter or digit.
bool valid_id(std::string_view id);

}  // namespace itaku::domain

namespace itaku::schema {

template <>
struct Codec<domain::CredentialChange>
    : EnumCodec<domain::CredentialChange,
                static_cast<std::string_view (*)(domain::CredentialChange)>(&domain::to_string),
                &domain::credential_change> {};

}  // namespace itaku::schema
