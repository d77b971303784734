#pragma once
// The parties, people, contracts and rosters of the domain, as held in memory. Plain data:
// the rules live in commands.cpp, the changes in state.cpp.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/assets.hpp"

namespace itaku::domain {

enum class OrganisationKind { City, Contractor, Subcontractor };
std::string_view to_string(OrganisationKind kind);
std::optional<OrganisationKind> organisation_kind(std::string_view text);

struct Organisation {
  std::string id;
  OrganisationKind kind = OrganisationKind::Contractor;
  std::string name;  // 長野市, 株式会社…
  std::string name_en;
};

// What an API token may be used for (token.created's `scopes`; docs/AUTH.md): reading (the
// API's GET routes), asking for access decisions, reporting observed accesses. Nothing else: every
// other change is a person's act, which no token does.
enum class TokenScope { Read, Decide, AccessReport };
std::string_view to_string(TokenScope scope);
std::optional<TokenScope> token_scope(std::string_view text);
// The scopes of a token issued without naming any, and of every token issued before scopes
// existed: what tokens were documented for, deciding and reporting accesses — not reading.
std::set<TokenScope> default_token_scopes();

// 転勤 (transferred: no longer on this work, still employed) or 退職 (left the organisation).
enum class DepartureReason { Transferred, Left };
std::string_view to_string(DepartureReason reason);
std::optional<DepartureReason> departure_reason(std::string_view text);

struct Departure {
  DepartureReason reason = DepartureReason::Left;
  Timestamp effective{};
  std::uint64_t ledger_index = 0;
};

// A person is never deleted: one who leaves keeps their history and their continuing
// obligations (長野市 第5-2, 第9-3, 第10-2, 第15-2).
struct Person {
  std::string id;
  std::string organisation;
  std::string name;
  std::string title;  // 職 (木更津市 第4条: the information manager's 職・氏名)
  std::string email;
  std::uint64_t registered_index = 0;
  std::optional<Departure> departure;
  bool active() const { return !departure.has_value(); }
};

// draft → active → closing (work ended; return, disposal and reports outstanding) → closed.
enum class ContractState { Draft, Active, Closing, Closed };
std::string_view to_string(ContractState state);
std::optional<ContractState> contract_state(std::string_view text);

struct ProvisionRef {
  std::string name;
  std::string version;
  std::string hash;
  static constexpr auto members() {
    using T = ProvisionRef;
    return std::tuple{schema::member("name", &T::name), schema::member("version", &T::version),
                      schema::member("hash", &T::hash)};
  }
};

// An organisation's place in a contract: 甲 (city), 乙 (contractor) or 丙 (an approved
// subcontractor, engaged by `parent`, which may itself be a subcontractor).
enum class PartyRole { City, Contractor, Subcontractor };
std::string_view to_string(PartyRole role);
std::string_view party_symbol(PartyRole role);  // 甲 乙 丙

struct Party {
  std::string organisation;
  PartyRole role = PartyRole::Contractor;
  std::string parent;  // for subcontractors
  // When the party joined the contract (contract.created, subcontractor.added): what a
  // party's obligations are counted from (docs/COMPLIANCE.md).
  Timestamp added_at{};
  std::uint64_t added_index = 0;
};

// One person on a roster (長野市 第1: 作業者; 木更津市 第11条(4)).
struct RosterWorker {
  std::string person;
  std::string work;   // 作業内容
  std::string from;   // YYYY-MM-DD
  std::string until;  // YYYY-MM-DD, empty while open-ended
  friend bool operator==(const RosterWorker&, const RosterWorker&) = default;
  static constexpr auto members() {
    using T = RosterWorker;
    return std::tuple{schema::member("person", &T::person).label("氏名", "Name").refers("person"),
                      schema::member("work", &T::work).label("作業内容", "Work"),
                      schema::member("from", &T::from).label("従事開始日", "From").format(schema::Format::Date),
                      schema::member("until", &T::until)
                          .label("従事終了日", "Until")
                          .help("YYYY-MM-DD。空欄: 定めなし", "YYYY-MM-DD; empty: open-ended")};
  }
};

// Working hours registered for a work location, JST, in minutes after midnight: [from, until).
struct WorkHours {
  int from = 0;
  int until = 0;
  friend bool operator==(const WorkHours&, const WorkHours&) = default;
};
// "08:30-17:30" (HH:MM-HH:MM, the start before the end; "24:00" may end a day) → WorkHours.
std::optional<WorkHours> parse_work_hours(std::string_view text);
// The same form back: "08:30-17:30".
std::string to_string(const WorkHours& hours);

// 作業場所 (長野市 第1).
struct WorkLocation {
  std::string id;
  std::string name;
  std::string address;
  bool city_premises = false;  // 本市の施設内 (木更津市 第11条(1), 第12条)
  // Registered working hours ("08:30-17:30", JST); access outside them is flagged by
  // monitoring (長野市 第3). Empty: none registered, the contract-wide default applies.
  std::string hours;
  friend bool operator==(const WorkLocation&, const WorkLocation&) = default;
  static constexpr auto members() {
    using T = WorkLocation;
    return std::tuple{schema::member("id", &T::id).label("識別子", "Identifier").format(schema::Format::Id),
                      schema::member("name", &T::name).label("名称", "Name"),
                      schema::member("address", &T::address).label("所在地", "Address"),
                      schema::yes_no("city_premises", &T::city_premises)
                          .label("市の施設内", "On city premises")
                          .help("木更津市 第11条(1), 第12条", "Kisarazu 第11条(1), 第12条"),
                      // Added later: rosters recorded before hours existed keep their bytes.
                      schema::member("hours", &T::hours, Presence::OmitEmpty)
                          .label("勤務時間", "Working hours")
                          .help("08:30-17:30（日本時間）。時間外のアクセスを市に知らせる（長野市 第3）",
                                "08:30-17:30 (JST); access outside them is flagged to the city (Nagano 第3)")};
  }
};

// Who may view or use an asset class (木更津市 第11条(4), 長野市 第3).
struct AssetAccess {
  std::string asset_class;
  std::string person;
  std::string permission;  // "view" (閲覧) or "use" (利用)
  friend bool operator==(const AssetAccess&, const AssetAccess&) = default;
  static constexpr auto members() {
    using T = AssetAccess;
    return std::tuple{schema::member("asset_class", &T::asset_class).label("情報資産の区分", "Asset class"),
                      schema::member("person", &T::person).label("氏名", "Name").refers("person"),
                      schema::member("permission", &T::permission)
                          .label("権限", "Permission")
                          .help("view（閲覧）又は use（利用）", "view or use")};
  }
};

// A roster version: the whole roster as it stands after one change, for one party of one
// contract. Versions count from 1 per (contract, party).
struct Roster {
  std::string responsible;          // 責任者
  std::string information_manager;  // 情報管理責任者
  // When a 個人情報取扱責任者 is designated, that person is deemed the information manager
  // (木更津市 第4条2).
  bool manager_is_personal_information_officer = false;
  std::vector<RosterWorker> workers;
  std::vector<WorkLocation> locations;
  std::vector<AssetAccess> access;
  // As events hold it: flags as "yes" / "no".
  static constexpr auto members() {
    using T = Roster;
    return std::tuple{
        schema::member("responsible", &T::responsible).label("責任者", "Responsible person").refers("person"),
        schema::member("information_manager", &T::information_manager)
            .label("情報管理責任者", "Information manager")
            .refers("person"),
        schema::yes_no("manager_is_personal_information_officer", &T::manager_is_personal_information_officer)
            .label("情報管理責任者は個人情報取扱責任者を兼ねる",
                   "The information manager is also the personal information officer")
            .help("木更津市 第4条2", "Kisarazu 第4条2"),
        schema::member("workers", &T::workers).label("作業者", "Workers"),
        schema::member("locations", &T::locations).label("作業場所", "Work locations"),
        schema::member("access", &T::access)
            .label("情報資産を閲覧・利用できる者", "Who may view or use information assets")};
  }
};

struct RosterVersion {
  std::string contract;
  std::string organisation;
  int version = 0;
  Roster roster;
  std::string submitted_by;
  Timestamp submitted_at{};
  std::uint64_t ledger_index = 0;
  std::string note;  // why it changed
  std::optional<std::string> acknowledged_by;
  std::optional<Timestamp> acknowledged_at;
  std::uint64_t acknowledged_index = 0;  // of roster.acknowledged, 0 while none
  // The later version whose acknowledgement settled this one (the city read this version's
  // changes in that one's), 0 while none.
  int settled_by = 0;
  // Acknowledged, on its own or with a later version: nothing of it waits for the city.
  bool settled() const { return acknowledged_by.has_value() || settled_by != 0; }
};

// The last version of `versions` (a party's roster, oldest first) the city acknowledged before
// version `before`, 0 when none: what the city last saw, that the changes it reads start from.
int last_acknowledged(const std::vector<RosterVersion>& versions, int before);

// An ID badge (身分証明書等) a worker carries and shows on the city's premises (木更津市 第11条(1)).
// It is out until it is returned or reported lost.
enum class BadgeStatus { Issued, Returned, Lost };
std::string_view to_string(BadgeStatus status);

// Why a badge must come back: its holder left the roster of their party, or departed (転勤・退職).
enum class BadgeReturnReason { LeftRoster, Departed };
std::string_view to_string(BadgeReturnReason reason);
std::optional<BadgeReturnReason> badge_return_reason(std::string_view text);

struct Badge {
  std::string number;  // unique within the contract
  std::string person;
  std::string organisation;  // the holder's party
  std::string issued;        // YYYY-MM-DD
  std::string expires;       // YYYY-MM-DD
  BadgeStatus status = BadgeStatus::Issued;
  Timestamp issued_at{};
  std::uint64_t issued_index = 0;
  // Set when the holder left while the badge was out (badge.return_due); the city was told.
  std::optional<Timestamp> return_due;
  std::optional<BadgeReturnReason> return_due_reason;
  std::optional<Timestamp> closed_at;  // returned or reported lost
  std::uint64_t closed_index = 0;
  std::string lost_note;
  bool out() const { return status == BadgeStatus::Issued; }
  // A leaver's badge not yet back: what the city follows up.
  bool return_outstanding() const { return out() && return_due.has_value(); }
};

// The city's answer to a request for approval (approval.decided).
enum class ApprovalOutcome { Approved, Refused };
std::string_view to_string(ApprovalOutcome outcome);
std::optional<ApprovalOutcome> approval_outcome(std::string_view text);
// Where a request for the city's approval stands: asked; approved or refused by the city, or
// withdrawn by the party; an approval may then be revoked by the city.
enum class ApprovalStatus { Requested, Approved, Refused, Withdrawn, Revoked };
std::string_view to_string(ApprovalStatus status);

// A request for the city's prior written approval and what became of it (approvals.hpp).
struct Approval {
  std::string id;
  std::string type;          // an approval type of the provisions' vocabulary ("copy", "take_out", …)
  std::string organisation;  // the requesting party
  std::string purpose;
  std::vector<std::string> assets, classes, people, devices;
  std::string destination;
  std::string from, until;  // YYYY-MM-DD, both days included
  std::int64_t copies = 0;  // copy: how many; 0 when not counted
  std::vector<std::string> measures;
  std::string note;
  std::string requested_by;  // the person who asked ("" when recorded by the system)
  Timestamp requested_at{};
  std::uint64_t requested_index = 0;
  ApprovalStatus status = ApprovalStatus::Requested;
  std::string number;      // the city's approval number, once approved
  std::string conditions;  // attached to the approval
  std::string reasons;     // of a refusal
  std::string decided_by;  // the actor
  Timestamp decided_at{};
  std::uint64_t decided_index = 0;
  std::string closed_reason;  // withdrawn or revoked, why
  Timestamp closed_at{};
  std::uint64_t closed_index = 0;
  std::vector<std::uint64_t> uses;             // ledger indices of the decisions allowed under it (approval.used)
  std::vector<std::string> copies_registered;  // copy: the assets registered as copies made under it
  std::int64_t used() const { return static_cast<std::int64_t>(uses.size()); }
  // In force on `day` (YYYY-MM-DD): approved, not revoked, and the day within its period.
  bool in_force_on(const std::string& day) const {
    return status == ApprovalStatus::Approved && from <= day && day <= until;
  }
};

// A computer, server, phone or storage medium used for the contract (木更津市 第12条, 第14条;
// 長野市 第7: a computer the city has not seen is 管理外). A device whose security measures a
// responsible person or information manager confirmed is managed until it is retired; decisions
// read it (docs/POLICY.md "Devices"). Storage media it holds must be physically destroyed
// before it is replaced or disposed of (木更津市 第14条-1) and that reported in writing (-2).
struct MediaDestruction {
  std::vector<std::string> media;          // the device's storage media destroyed, as registered
  std::string method;                      // 物理破壊の方法: 穿孔, 破砕, 溶解, …
  std::string performed_by, witnessed_by;  // people ("" witness: none)
  std::string performed_on;                // YYYY-MM-DD
  std::string evidence_sha256;             // of a photo or record kept by the party, optional
  std::string note;
  std::string recorded_by;  // the actor
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};
struct Device {
  std::string id;                    // unique within the contract: PC-0012
  std::string kind;                  // computer, server, mobile, media, other (device_kinds())
  std::string identifier;            // serial number or asset tag
  std::string description;           // ノートPC ThinkPad X1, 暗号化USBメモリ 32GB
  std::string organisation;          // the party that uses it for the contract
  std::string owner;                 // whose it is: the city's organisation, or a party's
  std::string location;              // where it is used or kept
  std::vector<std::string> storage;  // storage media inside (SSD 512GB S/N …); empty: none
  std::uint64_t registered_index = 0;
  Timestamp registered_at{};
  // The measures last confirmed (device_measures()), by whom and when; 0: never confirmed.
  std::vector<std::string> measures;
  std::string measures_note;
  std::string confirmed_by;  // person
  Timestamp confirmed_at{};
  std::uint64_t confirmed_index = 0;
  std::vector<MediaDestruction> destructions;
  // Retired: replaced, disposed of, or released from the contract (its data erased, the device
  // kept by its owner for other work).
  std::string retired;  // "" while in use; replaced, disposed, released
  std::string retired_note;
  Timestamp retired_at{};
  std::uint64_t retired_index = 0;
  bool in_use() const { return retired.empty(); }
  bool managed() const { return in_use() && confirmed_index != 0; }
  // The storage media not yet destroyed.
  std::vector<std::string> media_left() const;
};

// 返還・廃棄・消去 (長野市 第9, 木更津市 第5条). The city instructs the return, disposal or
// erasure of assets by a date (disposal.instructed); a party records what it did with assets
// (assets.disposed: one act covering one or many assets — returned to the city, disposed of, or
// erased, with the method, who did it and who witnessed it); a certificate (廃棄・消去証明書)
// is issued for an act of disposal or erasure. An asset handed back to the city (its custodian
// is the city's) is returned.
struct DisposalInstruction {
  std::string id;                   // i-0001
  std::vector<std::string> assets;  // the assets it concerns, as they stood when instructed
  std::string disposition;          // "" any, returned, disposed, erased
  std::string due;                  // YYYY-MM-DD, the last day
  std::string note;
  std::string by;  // the city's person
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};
struct DisposalRecord {
  std::string id;            // d-0001
  std::string organisation;  // the party that did it
  std::vector<std::string> assets;
  std::string disposition;                 // disposed, erased
  std::string method;                      // NIST SP 800-88 clear/purge/destroy, or the city's own wording
  std::string media;                       // the media the assets were on
  std::string performed_by, witnessed_by;  // people
  std::string performed_on;                // YYYY-MM-DD
  std::string instruction;                 // the city's instruction it answers, if any
  std::string note;
  std::string recorded_by;  // the actor
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};
// 作成・取得した情報資産と契約終了後の取扱責任者 (木更津市 第5条-2): what a party created or
// acquired for the contract and who keeps each after it ends; the city acknowledges it.
struct CreatedAssetKeeper {
  std::string asset;
  std::string keeper;  // person who keeps it after the contract
  std::string note;
  static constexpr auto members() {
    using T = CreatedAssetKeeper;
    return std::tuple{schema::member("asset", &T::asset), schema::member("keeper", &T::keeper),
                      schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};
struct CreatedAssetsReport {
  std::string organisation;  // the reporting party
  std::vector<CreatedAssetKeeper> items;
  std::string note;
  std::string by;  // person
  Timestamp at{};
  std::uint64_t ledger_index = 0;
  std::string acknowledged_by;  // the city's person
  Timestamp acknowledged_at{};
  std::uint64_t acknowledged_index = 0;
};

// A compliance report issued for a contract (compliance.reported): when it was evaluated at,
// whose findings it holds (empty: the whole contract), who issued it and when.
struct ComplianceReportRecord {
  Timestamp as_of{};
  std::set<std::string> parties;
  std::string actor;
  Timestamp at{};
};

// The city looked at the contract's monitoring — its denials, unmatched accesses and anomalies —
// as recorded before this review's own entry (monitoring.reviewed; 長野市 第3 アクセス方法の監視及び管理).
struct MonitoringReview {
  std::string person;  // who reviewed, for the city
  std::string note;
  Timestamp at{};
  std::uint64_t ledger_index = 0;  // every entry before it is covered
};

// 教育 (長野市 第4; 木更津市 第11条(2)): a course a party gives its workers for the contract.
// `classes` are the asset classes it qualifies for (empty: every class); `valid_for` how long
// attendance counts (ISO 8601, "P1Y"), unless the provision set's training.valid says.
struct TrainingCourse {
  std::string id, organisation, title, outline, provider;
  std::string hours;  // 受講時間, as written ("1.5")
  std::vector<std::string> classes;
  std::string valid_for;
  std::string defined_by;
  Timestamp defined_at{};
  std::uint64_t defined_index = 0;
};

// One person's attendance of a session: when they completed it, whether they passed, and the
// SHA-256 of their certificate (修了証) when one was kept.
struct TrainingAttendance {
  std::string person;
  std::string completed;  // YYYY-MM-DD
  bool passed = true;
  std::string certificate_sha256;
  static constexpr auto members() {
    using T = TrainingAttendance;
    return std::tuple{
        schema::member("person", &T::person).label("受講者", "Attendee").refers("person"),
        schema::member("completed", &T::completed).label("修了日", "Completed").format(schema::Format::Date),
        schema::member("passed", &T::passed).label("合格", "Passed"),
        schema::member("certificate_sha256", &T::certificate_sha256, Presence::OmitEmpty)
            .label("修了証のSHA-256", "Certificate SHA-256")
            .max_length(64)};
  }
};

// A session of a course (its date, place or "オンライン", instructor) and who attended it; an
// import from an e-learning system is a session whose attendees completed on their own days.
struct TrainingSession {
  std::string id, course, date, place, instructor;
  std::vector<TrainingAttendance> attendees;
  std::string recorded_by;
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

// A worker acknowledged the contract's provisions (長野市 第10; 木更津市 第7条 周知): exactly the
// set, version and hash they saw. A new version or another hash asks for it again.
struct ProvisionsAcknowledgement {
  std::string person;
  ProvisionRef provisions;
  std::string recorded_by;  // the person themself, or who recorded their signed copy
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

// 誓約書 (a pledge) or 秘密保持契約 (an NDA, 木更津市 第2条-2) a worker signed: the document's
// SHA-256, the day it was signed and who countersigned it. It binds after the person leaves
// and after the contract ends (長野市 第10-2).
struct Pledge {
  std::string person;
  std::string kind;  // "pledge" or "nda"
  std::string document_sha256;
  std::string signed_on;  // YYYY-MM-DD
  std::string countersigned_by;
  std::string recorded_by;
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

// A change to a concluded contract (変更契約), in the order recorded: why, and what it changed —
// the provision set's version, the end of the period or the work — each empty when unchanged.
// Every amendment asks the workers to acknowledge the provisions again (木更津市 第7条).
struct ContractAmendment {
  std::string note;
  std::string provisions_version, period_until, work_description;
  std::string recorded_by;
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

// A training report issued for the city (長野市 第4: 教育の内容及び実施状況の提示): whose
// training it shows (a party's organisation, or empty for the whole contract), as of when, and
// the hashes of its files.
struct TrainingReportRecord {
  std::string organisation;
  Timestamp as_of{};
  std::uint64_t workers = 0;
  std::string issued_by;
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

struct Contract {
  std::string id;
  std::string number;      // 契約番号
  std::string title;       // 件名
  std::string department;  // 所管課
  std::string period_from;
  std::string period_until;
  std::string work_description;  // 作業内容
  ContractState state = ContractState::Draft;
  ProvisionRef provisions;
  std::vector<Party> parties;
  // Per party organisation: every version, oldest first.
  std::map<std::string, std::vector<RosterVersion>> rosters;
  std::uint64_t created_index = 0;
  // Information assets (長野市 第3, 木更津市 第11条(3)): classes by id, the register by id and
  // every hand-over by id.
  std::map<std::string, AssetClass> asset_classes;
  std::map<std::string, Asset> assets;
  std::map<std::string, Transfer> transfers;
  // ID badges by number (木更津市 第11条(1)).
  std::map<std::string, Badge> badges;
  // Requests for the city's written approval by id (長野市 第5〜第7, 木更津市 第3条, 第12条).
  std::map<std::string, Approval> approvals;
  // Compliance reports issued (compliance.reported), by ledger index.
  std::map<std::uint64_t, ComplianceReportRecord> compliance_reports;
  // Reviews of the monitoring by the city (monitoring.reviewed), oldest first.
  std::vector<MonitoringReview> monitoring_reviews;
  // Training (長野市 第4): courses by id, sessions with their attendance by id.
  std::map<std::string, TrainingCourse> courses;
  std::map<std::string, TrainingSession> training_sessions;
  // Acknowledgements of the provisions and pledges or NDAs signed, oldest first.
  std::vector<ProvisionsAcknowledgement> acknowledgements;
  std::vector<Pledge> pledges;
  // Amendments (contract.amended), oldest first.
  std::vector<ContractAmendment> amendments;
  // Per person, the last valid day of the training they were last reminded of
  // (training.expiry_notified), so that one expiry is notified once.
  std::map<std::string, std::string> training_reminders;
  // Training reports issued (training.reported), by ledger index.
  std::map<std::uint64_t, TrainingReportRecord> training_reports;
  // Devices and media by id (木更津市 第12条, 第14条).
  std::map<std::string, Device> devices;
  // 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): the city's instructions and the acts recorded,
  // by id; the created-assets reports, latest per party last.
  std::map<std::string, DisposalInstruction> disposal_instructions;
  std::map<std::string, DisposalRecord> disposals;
  std::vector<CreatedAssetsReport> created_assets_reports;
  // When the work ended (contract.closing_started): what is left is then due back.
  Timestamp closing_at{};
  std::uint64_t closing_index = 0;

  const Party* party(const std::string& organisation) const;
  // A class by id or by name (rosters name classes as the city wrote them: 個人情報).
  const AssetClass* asset_class(const std::string& id_or_name) const;
  const Party* city() const;
  const Party* contractor() const;
  // Whether an acknowledgement is of the provisions as they stand: the contract's set, version
  // and hash, given after the last amendment.
  bool acknowledges_current(const ProvisionsAcknowledgement& acknowledgement) const;
};

struct Notification {
  std::string id;
  std::string contract;
  std::string kind;       // "roster.version"
  std::string recipient;  // organisation id
  std::string subject_ja;
  std::string subject_en;
  std::string body_ja;
  std::string reference;  // what it is about, e.g. "roster:c-1:org-x:3"
  Timestamp at{};
  std::uint64_t ledger_index = 0;
};

// Roles a person holds on one contract (read by authorization). The city's roles are granted
// (role.granted) to people of the contract's city; the others follow from the latest roster
// version of the person's own party.
inline constexpr std::string_view kRoleCityOfficer = "city_officer";                // 担当職員
inline constexpr std::string_view kRoleCityApprover = "city_approver";              // 承認者
inline constexpr std::string_view kRoleCityAuditor = "city_auditor";                // 監査担当
inline constexpr std::string_view kRoleResponsible = "responsible";                 // 責任者
inline constexpr std::string_view kRoleInformationManager = "information_manager";  // 情報管理責任者
inline constexpr std::string_view kRoleWorker = "worker";                           // 作業者
// True for the roles role.granted may give.
inline bool is_city_role(std::string_view role) {
  return role == kRoleCityOfficer || role == kRoleCityApprover || role == kRoleCityAuditor;
}

// The roster as events hold it (flags as "yes"/"no"); events read it back through Roster::members.
nlohmann::json to_json(const Roster& roster);
// A roster as people send it (the API's body, the CLI's file): the roster's own declaration,
// with flags as JSON booleans and the lists, the people at the top, a worker's end date and a
// location's hours optional. A missing or mistyped member is api.field_missing /
// api.field_type naming it with its row ("locations.0.hours"). The domain's rules are checked
// when it is submitted, not here.
Result<Roster> roster_from_input(const nlohmann::json& value);
// The same form back (JSON booleans, every member written): what roster_from_input reads.
nlohmann::json roster_to_input(const Roster& roster);

// A roster member of a command (SubmitRoster's `roster`), as people send it: put in the events'
// form (flags "yes"/"no", what was left out empty) and read through Roster's own members(), so
// a member added to the roster is read with no change here.
struct RosterInputCodec {
  // The roster's own schema with its flags as booleans, and what may be left out optional.
  static nlohmann::json json_schema();
  static nlohmann::json encode(const Roster& roster) { return roster_to_input(roster); }
  static std::optional<schema::Problem> decode(const nlohmann::json& json, Roster& out, const std::string& path);
};

}  // namespace itaku::domain

namespace itaku::schema {

// How events and commands write these enumerations: by their names ("city", "left", "active", …).
template <>
struct Codec<domain::OrganisationKind>
    : EnumCodec<domain::OrganisationKind,
                static_cast<std::string_view (*)(domain::OrganisationKind)>(&domain::to_string),
                &domain::organisation_kind> {};
template <>
struct Codec<domain::ContractState>
    : EnumCodec<domain::ContractState, static_cast<std::string_view (*)(domain::ContractState)>(&domain::to_string),
                &domain::contract_state> {};
template <>
struct Codec<domain::ApprovalOutcome>
    : EnumCodec<domain::ApprovalOutcome, static_cast<std::string_view (*)(domain::ApprovalOutcome)>(&domain::to_string),
                &domain::approval_outcome> {};
template <>
struct Codec<domain::BadgeReturnReason>
    : EnumCodec<domain::BadgeReturnReason,
                static_cast<std::string_view (*)(domain::BadgeReturnReason)>(&domain::to_string),
                &domain::badge_return_reason> {};
template <>
struct Codec<domain::DepartureReason>
    : EnumCodec<domain::DepartureReason, static_cast<std::string_view (*)(domain::DepartureReason)>(&domain::to_string),
                &domain::departure_reason> {};

}  // namespace itaku::schema
