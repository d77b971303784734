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
    return std::tuple{schema::member("id", &T::id).label("組織ID", "Organisation id").format(schema::Format::Id),
                      schema::member("kind", &T::kind)
                          .label("種別", "Kind")
                          .help("city（市）、contractor（受託者）または subcontractor（再委託先）",
                                "city, contractor or subcontractor"),
                      schema::member("name", &T::name)
                          .label("名称", "Name")
                          .help("正式な名称（長野市、株式会社…）", "the name as written (長野市, 株式会社…)")
                          .max_length(200),
                      schema::member("name_en", &T::name_en, Presence::Optional)
                          .label("英語の名称", "Name in English")
                          .max_length(200)};
  }
};
struct RegisterPerson {
  static constexpr std::string_view kName = "person.register";
  std::string id, organisation, name, title, email;
  static constexpr auto members() {
    using T = RegisterPerson;
    return std::tuple{
        schema::member("id", &T::id).label("人のID", "Person id").format(schema::Format::Id),
        schema::member("organisation", &T::organisation).label("所属", "Organisation").refers("organisation"),
        schema::member("name", &T::name).label("氏名", "Name").max_length(200),
        schema::member("title", &T::title, Presence::Optional).label("職名", "Title").max_length(100),
        schema::member("email", &T::email, Presence::Optional)
            .label("メールアドレス", "E-mail address")
            .help("通知の送り先", "where notifications are sent")
            .format(schema::Format::Email)
            .max_length(254)};
  }
};
// 転勤・退職: ends the person's assignments from `effective` (YYYY-MM-DD, or a UTC time) and
// submits a new roster version for each contract they were on; the person stays.
struct RecordDeparture {
  static constexpr std::string_view kName = "person.record_departure";
  std::string person, reason, effective;
  static constexpr auto members() {
    using T = RecordDeparture;
    return std::tuple{schema::member("person", &T::person).label("人", "Person").refers("person"),
                      schema::member("reason", &T::reason)
                          .label("事由", "Reason")
                          .help("transferred（転勤）または left（退職）", "transferred or left"),
                      schema::member("effective", &T::effective)
                          .label("効力発生日", "Effective")
                          .help("この日（日本時間）またはこの時刻（UTC）からアクセスを終える",
                                "access ends from this date (JST) or UTC time")
                          .format(schema::Format::DateOrTime)};
  }
};
struct RegisterUser {
  static constexpr std::string_view kName = "user.register";
  std::string login, person;
  static constexpr auto members() {
    using T = RegisterUser;
    return std::tuple{schema::member("login", &T::login).label("ログイン名", "Login").max_length(64),
                      schema::member("person", &T::person).label("利用者本人", "Person").refers("person")};
  }
};
struct ImportProvisions {
  static constexpr std::string_view kName = "provisions.import";
  std::string source;  // TOML text
  static constexpr auto members() {
    using T = ImportProvisions;
    return std::tuple{schema::member("source", &T::source)
                          .label("特記事項（TOML）", "Provisions (TOML)")
                          .help("docs/PROVISIONS.md の形式", "in the format of docs/PROVISIONS.md")
                          .format(schema::Format::Multiline)};
  }
};
struct CreateContract {
  static constexpr std::string_view kName = "contract.create";
  std::string id, number, title, department, city, contractor, period_from, period_until, work_description;
  std::string provisions_name;
  std::string provisions_version;  // empty: the newest imported version
  static constexpr auto members() {
    using T = CreateContract;
    return std::tuple{
        schema::member("id", &T::id).label("契約ID", "Contract id").format(schema::Format::Id),
        schema::member("number", &T::number).label("契約番号", "Contract number").max_length(100),
        schema::member("title", &T::title).label("件名", "Title").max_length(300),
        schema::member("department", &T::department).label("担当課", "Department").max_length(200),
        schema::member("city", &T::city).label("発注者（市）", "City").refers("organisation"),
        schema::member("contractor", &T::contractor).label("受託者", "Contractor").refers("organisation"),
        schema::member("period_from", &T::period_from)
            .label("契約期間（開始）", "Period from")
            .format(schema::Format::Date),
        schema::member("period_until", &T::period_until)
            .label("契約期間（終了）", "Period until")
            .format(schema::Format::Date),
        schema::member("work_description", &T::work_description)
            .label("業務内容", "Work")
            .help("委託する業務とその目的（長野市 第5-1: 目的外利用の禁止）", "the work and its purpose (長野市 第5-1)")
            .format(schema::Format::Multiline)
            .max_length(4000),
        schema::member("provisions_name", &T::provisions_name)
            .label("特記事項", "Provisions")
            .help("取り込み済みの特記事項の名前", "the name of an imported provision set")
            .refers("provisions"),
        schema::member("provisions_version", &T::provisions_version, Presence::Optional)
            .label("特記事項の版", "Provisions version")
            .help("省略すると最新の版", "the newest when left out")};
  }
};
struct AddSubcontractor {
  static constexpr std::string_view kName = "contract.add_subcontractor";
  std::string contract, organisation, parent;
  static constexpr auto members() {
    using T = AddSubcontractor;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("再委託先", "Subcontractor").refers("organisation"),
        schema::member("parent", &T::parent)
            .label("委託元", "Commissioned by")
            .help("受託者または上位の再委託先", "the contractor or the subcontractor above")
            .refers("organisation")};
  }
};
struct ChangeContractState {
  static constexpr std::string_view kName = "contract.change_state";
  std::string contract;
  ContractState target = ContractState::Active;
  static constexpr auto members() {
    using T = ChangeContractState;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("target", &T::target).label("新しい状態", "New state")};
  }
};
struct SubmitRoster {
  static constexpr std::string_view kName = "roster.submit";
  std::string contract, organisation;
  Roster roster;
  std::string note;
  static constexpr auto members() {
    using T = SubmitRoster;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("提出する組織", "Organisation").refers("organisation"),
        // As people send it, flags as JSON booleans (RosterInputCodec, model.hpp).
        schema::Member<T, Roster, RosterInputCodec>{"roster", &T::roster, Presence::Required}
            .label("従事者名簿", "Roster")
            .help("長野市 第1、木更津市 第11条(4)", "長野市 第1, 木更津市 第11条(4)"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(2000)};
  }
};
struct AcknowledgeRoster {
  static constexpr std::string_view kName = "roster.acknowledge";
  std::string contract, organisation;
  int version = 0;
  std::string by;  // a person of the contract's city
  static constexpr auto members() {
    using T = AcknowledgeRoster;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("提出した組織", "Organisation").refers("organisation"),
        schema::member("version", &T::version).label("版", "Version"),
        schema::member("by", &T::by)
            .label("確認者", "Acknowledged by")
            .help("市の職員", "a person of the city")
            .refers("person")};
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
struct RecordTokenUse {
  static constexpr std::string_view kName = "token.record_use";
  std::string id;
  static constexpr auto members() {
    using T = RecordTokenUse;
    return std::tuple{schema::member("id", &T::id).label("トークンID", "Token id")};
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
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("definition", &T::definition)
                          .label("分類の定義", "Definition")
                          .help("docs/POLICY.md の形式", "as docs/POLICY.md describes")};
  }
};
// asset.registered: an entry in the register of the contract's information assets.
struct RegisterAsset {
  static constexpr std::string_view kName = "asset.register";
  std::string contract, id, asset_class, description, origin, copy_of, media, quantity, custodian, location;
  static constexpr auto members() {
    using T = RegisterAsset;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id).label("資産番号", "Asset id").format(schema::Format::Id),
        schema::member("class", &T::asset_class).label("分類", "Class").refers("asset_class"),
        schema::member("description", &T::description).label("内容", "Description").max_length(1000),
        schema::member("origin", &T::origin)
            .label("由来", "Origin")
            .help("city（市から受領）、created（作成）、acquired（取得）または copy（複製）",
                  "city, created, acquired or copy"),
        schema::member("copy_of", &T::copy_of, Presence::Optional)
            .label("複製元", "Copy of")
            .help("複製のとき、元の資産", "for a copy, the original asset")
            .refers("asset"),
        schema::member("media", &T::media)
            .label("媒体", "Media")
            .help("紙、USBメモリ、ファイルなど", "paper, USB stick, file, …")
            .max_length(100),
        schema::member("quantity", &T::quantity, Presence::Optional).label("数量", "Quantity").max_length(100),
        schema::member("custodian", &T::custodian)
            .label("管理者", "Custodian")
            .help("資産を保管する人", "the person who holds it")
            .refers("person"),
        schema::member("location", &T::location, Presence::Optional).label("保管場所", "Location").max_length(300)};
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
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id, Presence::Optional)
                          .label("授受番号", "Hand-over id")
                          .help("省略すると t-NNNN", "t-NNNN when left out")
                          .format(schema::Format::Id),
                      schema::member("assets", &T::assets).label("資産", "Assets").refers("asset"),
                      schema::member("from", &T::from).label("引渡者", "From").refers("person"),
                      schema::member("to", &T::to).label("受領者", "To").refers("person"),
                      schema::member("note", &T::note, Presence::Optional)
                          .label("備考", "Note")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};
// custody.acknowledged: the receiving side confirms the hand-over and custody moves; for a
// hand-over from the city this also issues the receipt (receipt.issued, 長野市 第8-2).
struct AcknowledgeTransfer {
  static constexpr std::string_view kName = "custody.acknowledge";
  std::string contract, transfer, by;
  static constexpr auto members() {
    using T = AcknowledgeTransfer;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("transfer", &T::transfer).label("授受", "Hand-over").refers("transfer"),
                      schema::member("by", &T::by).label("受領確認者", "Acknowledged by").refers("person")};
  }
};
// notification.created for a denial on a sensitive class (長野市 第3: the city sees denials).
struct NotifyDenial {
  static constexpr std::string_view kName = "decision.notify_denial";
  std::string contract, person, action, asset_class, reason_code, clause;
  std::uint64_t decision_index = 0;
  static constexpr auto members() {
    using T = NotifyDenial;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("person", &T::person).label("拒否された人", "Person refused").refers("person"),
                      schema::member("action", &T::action).label("操作", "Action"),
                      schema::member("class", &T::asset_class).label("分類", "Class").refers("asset_class"),
                      schema::member("reason_code", &T::reason_code).label("拒否の理由", "Reason code"),
                      schema::member("clause", &T::clause).label("条項", "Clause"),
                      schema::member("decision_index", &T::decision_index).label("判定の台帳番号", "Decision entry")};
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
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("kind", &T::kind).label("文書の種類", "Kind").help("receipt（受領証）", "receipt"),
                      schema::member("of", &T::of).label("対象の台帳番号", "Of entry"),
                      schema::member("sha256", &T::sha256).label("SHA-256", "SHA-256").format(schema::Format::Digest),
                      schema::member("size", &T::size).label("バイト数", "Size in bytes")};
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
