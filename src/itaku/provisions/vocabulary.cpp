#include "itaku/provisions/vocabulary.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

namespace itaku::provisions {

namespace {

// The capabilities are the rows of the clause map in DESIGN.md, spelled exactly as there, so
// that a control can be traced to what the system must do for it.
constexpr std::string_view kRoster = "Roster and notification";
constexpr std::string_view kServiceLevels = "Service levels";
constexpr std::string_view kAssetClasses = "Asset classes and access rules";
constexpr std::string_view kAccessDecisions = "Access decisions and monitoring";
constexpr std::string_view kTraining = "Training";
constexpr std::string_view kPurpose = "Purpose limitation, third-party provision";
constexpr std::string_view kApprovals = "Copy / take-out / bring-in / non-managed computer";
constexpr std::string_view kSafekeeping = "Safekeeping and receipts";
constexpr std::string_view kReturn = "Return, disposal, erasure";
constexpr std::string_view kConfidentiality = "Confidentiality, NDA, acknowledgement";
constexpr std::string_view kFormerWorkers = "Former workers";
constexpr std::string_view kSubcontracting = "Subcontracting and flow-down";
constexpr std::string_view kReporting = "Reporting";
constexpr std::string_view kAudit = "Audit and investigation";
constexpr std::string_view kIncidents = "Incidents and publication";
constexpr std::string_view kLiability = "Liability";
constexpr std::string_view kBadges = "ID badges";
constexpr std::string_view kProcedures = "Handling procedures";
constexpr std::string_view kDevices = "Devices and media";
constexpr std::string_view kChange = "Change management";
constexpr std::string_view kRisk = "Risk analysis";
constexpr std::string_view kCompliance = "Clause compliance";

// The actions that need a live approval from the city. The policy engine denies each of them
// without one, so the list is closed: a new action needs code there as well.
constexpr std::string_view kActions[] = {
    "copy",
    "take_out",
    "bring_in",
    "input_unmanaged_computer",
    "provide_third_party",
    "device_bring_in",
    "network_connect",
    "migrate_to_production",
    "configuration_change",
};
constexpr std::string_view kIntervals[] = {"monthly", "quarterly", "semiannual", "annual"};
constexpr std::string_view kReportSubjects[] = {"work_status", "compliance"};
constexpr std::string_view kDisposalScopes[] = {"all", "copies"};
constexpr std::string_view kEquivalenceLevels[] = {"equal", "equal_or_higher"};
constexpr std::string_view kDamagesBases[] = {"third_party_claim", "intent_or_negligence", "inadequate_measures"};
constexpr std::string_view kProcedureConditions[] = {"facility_management"};
constexpr std::string_view kManagerDeemedFrom[] = {"personal_information_manager"};

// The origins an asset may have (domain/assets.hpp), and "any".
constexpr std::string_view kOrigins[] = {"any", "city", "created", "acquired", "copy"};

constexpr ParameterDefinition kApprovalParams[] = {
    {"action", ParameterType::Choice, kActions, true, "", "承認が必要な行為",
     "the action that needs the city's approval"},
    {"origin", ParameterType::Choice, kOrigins, false, "any",
     "承認が必要な情報資産の由来（city: 市から提供されたものだけ、any: すべて）",
     "which assets need it, by origin (city: only those the city provided; any: all)"},
    {"notice_within",
     ParameterType::Duration,
     {},
     false,
     "P14D",
     "承認による複製が残っているとき、承認の期間の終わりを知らせ始める期間",
     "how long before an approval's period ends, while copies made under it remain, it is shown as due"},
};
constexpr ParameterDefinition kPeriodicParams[] = {
    {"interval", ParameterType::Choice, kIntervals, false, "monthly", "報告の周期", "how often the report is due"},
    {"subject", ParameterType::Choice, kReportSubjects, false, "", "報告の内容（業務の状況、遵守状況）",
     "what is reported (the state of the work, compliance)"},
    {"due",
     ParameterType::DueDay,
     {},
     false,
     "end_of_following_month",
     "期間の報告の提出期限（end_of_month: その月末、end_of_following_month: 翌月末、P10D: 期間の終わりから10日）",
     "when a period's report is due (end_of_month, end_of_following_month, or a duration after the period such as "
     "P10D)"},
};
constexpr ParameterDefinition kDisposalParams[] = {{"scope", ParameterType::Choice, kDisposalScopes, false, "all",
                                                    "証明が必要な廃棄・消去（all: すべて、copies: 複製物だけ）",
                                                    "which disposals need a certificate (all, or copies only)"},
                                                   {"within",
                                                    ParameterType::Deadline,
                                                    {},
                                                    false,
                                                    "P14D",
                                                    "廃棄・消去から証明書を提出するまでの期限",
                                                    "the deadline for the certificate after the disposal or erasure"}};
// How long a written report may wait after what it reports (itaku's default: the provisions name
// no number of days).
constexpr ParameterDefinition kReportParams[] = {{"within",
                                                  ParameterType::Deadline,
                                                  {},
                                                  false,
                                                  "P14D",
                                                  "報告（又は市の受領）までの期限",
                                                  "the deadline for the report (or the city's acknowledgement)"}};
constexpr ParameterDefinition kEquivalenceParams[] = {
    {"level", ParameterType::Choice, kEquivalenceLevels, false, "equal", "再委託先に求める水準（同等、同等以上）",
     "the level required of the subcontractor (equal, equal or higher)"}};
// The clause numbers are checked against the set by lint, not against a fixed list.
constexpr ParameterDefinition kFlowDownParams[] = {{"clauses",
                                                    ParameterType::Clauses,
                                                    {},
                                                    true,
                                                    "",
                                                    "再委託先に適用する条項（all: すべて、又は「第3,第4」）",
                                                    "the clauses that apply to subcontractors (all, or \"第3,第4\")"}};
constexpr ParameterDefinition kDamagesParams[] = {{"basis", ParameterType::Choice, kDamagesBases, false, "",
                                                   "損害賠償の根拠", "the ground on which damages are claimed"}};
constexpr ParameterDefinition kProcedureParams[] = {{"condition", ParameterType::Choice, kProcedureConditions, false,
                                                     "", "要領が必要になる場合（施設管理運営業務）",
                                                     "when procedures are required (facility management)"}};
constexpr ParameterDefinition kManagerParams[] = {{"deemed_from", ParameterType::Choice, kManagerDeemedFrom, false, "",
                                                   "届出があったものとみなす者（個人情報取扱責任者）",
                                                   "who is deemed notified (the personal-information manager)"}};
// Deadlines the provisions do not number: itaku's defaults, which a set may change.
constexpr ParameterDefinition kNotifiedParams[] = {{"acknowledge_within",
                                                    ParameterType::Duration,
                                                    {},
                                                    false,
                                                    "P14D",
                                                    "名簿の版を市が確認するまでの期間",
                                                    "how long the city has to acknowledge a roster version"}};
constexpr ParameterDefinition kHandOverParams[] = {{"within",
                                                    ParameterType::Duration,
                                                    {},
                                                    false,
                                                    "P7D",
                                                    "引渡しを受けた側が受領を確認するまでの期間",
                                                    "how long the receiving side has to acknowledge a hand-over"}};
constexpr ParameterDefinition kInventoryParams[] = {
    {"handover_within",
     ParameterType::Duration,
     {},
     false,
     "P7D",
     "業務を離れた者が保有する情報資産を引き継ぐまでの期間",
     "how long a leaver's assets may wait to be handed to someone still on the work"}};
constexpr ParameterDefinition kMonitoredParams[] = {
    {"review_within",
     ParameterType::Duration,
     {},
     false,
     "P1M",
     "市がアクセスの監視結果（拒否・異常）を確認する間隔",
     "how long may pass between the city's reviews of the monitoring (denials, anomalies)"}};
constexpr ParameterDefinition kRevokedParams[] = {{"badge_return_within",
                                                   ParameterType::Duration,
                                                   {},
                                                   false,
                                                   "P7D",
                                                   "業務を離れた者の身分証明書を回収するまでの期間",
                                                   "how long a leaver's badge may stay out"}};
constexpr ParameterDefinition kTrainingValidParams[] = {
    {"valid_for",
     ParameterType::Duration,
     {},
     false,
     "",
     "受講から教育が有効な期間（P1Y: 1年。省略時は講座が定める期間）",
     "how long training stays valid after attendance (P1Y: one year; without it, the course's own validity)"},
    {"remind_before",
     ParameterType::Duration,
     {},
     false,
     "P30D",
     "有効期限のどれだけ前から再受講を促すか",
     "how long before training expires it is to be taken again"}};
constexpr ParameterDefinition kTrainingDeliveredParams[] = {{"interval", ParameterType::Choice, kIntervals, false, "",
                                                             "教育を実施する周期（annual: 毎年）",
                                                             "how often training is given (annual: every year)"}};
constexpr ParameterDefinition kIncidentParams[] = {
    {"first_report_within",
     ParameterType::Deadline,
     {},
     false,
     "PT24H",
     "事故の発生を知ってから第一報までの期限（immediately: 直ちに、PT2H: 2時間）",
     "the deadline for the first report after the incident is known (immediately, or PT2H for two hours)"}};
constexpr ParameterDefinition kReturnParams[] = {
    {"within",
     ParameterType::Deadline,
     {},
     false,
     "P7D",
     "不要になってから返還・廃棄・消去するまでの期限（immediately: 直ちに）",
     "the deadline for returning, disposing of or erasing assets once no longer needed (immediately, or P30D)"}};
constexpr ParameterDefinition kObligationParams[] = {
    {"summary_ja",
     ParameterType::Text,
     {},
     true,
     "",
     "その義務を一文で（日本語）",
     "the obligation in one sentence, in Japanese"},
    {"summary_en",
     ParameterType::Text,
     {},
     false,
     "",
     "その義務を一文で（英語）",
     "the obligation in one sentence, in English"},
};

constexpr ControlDefinition kVocabulary[] = {
    // Roster and notification.
    {"roster.defined",
     kRoster,
     ControlKind::Enforced,
     "責任者、作業内容、作業者及び作業場所をあらかじめ特定する",
     "The responsible person, the work, the workers and the work locations are identified in advance.",
     {}},
    {"roster.notified", kRoster, ControlKind::Evaluated,
     "名簿（責任者・作業者・作業内容・作業場所）とその変更を市に通知し、市が確認する",
     "The roster and every change to it are notified to the city and acknowledged by it.", kNotifiedParams},
    {"roster.information_manager", kRoster, ControlKind::Evaluated,
     "情報管理責任者を定め、その職・氏名と変更を書面で届け出る",
     "An information manager (情報管理責任者) is appointed; their post and name, and any change, are notified in "
     "writing.",
     kManagerParams},
    {"roster.asset_users_notified",
     kRoster,
     ControlKind::Enforced,
     "作成又は取得した情報資産を閲覧・利用できる者を特定し、届け出る",
     "Who may view or use the information assets created or acquired is identified and notified to the city.",
     {}},

    // Service levels.
    {"sla.presented",
     kServiceLevels,
     ControlKind::Evaluated,
     "市が必要とする場合、保証するサービスレベル（項目と目標値）を提示する",
     "When the city requires it, the service levels guaranteed (metric and target) are presented.",
     {}},
    {"sla.measured",
     kServiceLevels,
     ControlKind::Evaluated,
     "サービスレベルの測定結果を記録し、求めに応じて報告する",
     "Service-level measurements are recorded and reported on request.",
     {}},

    // Asset classes and access rules.
    {"asset.classes_defined",
     kAssetClasses,
     ControlKind::Evaluated,
     "契約に関わる情報資産の種類を定義する",
     "The classes of information assets involved in the contract are defined.",
     {}},
    {"asset.access_rules",
     kAssetClasses,
     ControlKind::Enforced,
     "種類ごとに許可する操作とその条件（教育、登録機器、登録場所、承認）を定める",
     "For each class, the permitted actions and their conditions (training, registered device, registered "
     "location, approval) are defined.",
     {}},

    // Access decisions and monitoring.
    {"access.decided",
     kAccessDecisions,
     ControlKind::Enforced,
     "情報資産へのアクセスごとに許可・拒否を判定し、根拠条項とともに記録する",
     "Every access to an information asset is decided against the rules and recorded with the deciding clause.",
     {}},
    {"access.monitored", kAccessDecisions, ControlKind::Evaluated,
     "アクセス方法を監視・管理し、拒否や異常を市が定期的に確認する",
     "Access is monitored and managed; the city reviews denials and anomalies regularly.", kMonitoredParams},

    // Training.
    {"training.delivered", kTraining, ControlKind::Evaluated, "従業員に情報セキュリティ教育を実施し、受講を記録する",
     "Information-security training is given to the workers and attendance is recorded.", kTrainingDeliveredParams},
    {"training.valid", kTraining, ControlKind::Enforced, "有効な教育を受けていない作業者は情報資産を扱えない",
     "A worker without valid training is denied access to information assets.", kTrainingValidParams},
    {"training.reported",
     kTraining,
     ControlKind::Evaluated,
     "市が必要とする場合、教育の内容及び実施状況を提示する",
     "When the city requires it, the content and status of the training are presented.",
     {}},

    // Purpose limitation, third-party provision.
    {"purpose.limited",
     kPurpose,
     ControlKind::Enforced,
     "情報資産を契約の目的以外に利用しない",
     "Information assets are used only for the purpose of the contract.",
     {}},
    {"third_party.prohibited",
     kPurpose,
     ControlKind::Enforced,
     "市から提供された情報資産を第三者に提供しない",
     "Information assets provided by the city are never provided to a third party.",
     {}},

    // Copy / take-out / bring-in / non-managed computer (and the other approvals).
    {"approval.required", kApprovals, ControlKind::Enforced, "指定の行為は市の有効な承認がなければ行えない",
     "The named action is denied unless the city has given an approval that is still in force.", kApprovalParams},
    {"approval.justified",
     kApprovals,
     ControlKind::Evaluated,
     "承認申請に目的、情報資産の内容及び情報セキュリティ対策を示す",
     "An approval request states the purpose, the assets concerned and the security measures taken.",
     {}},

    // Safekeeping and receipts.
    {"safekeeping.managed",
     kSafekeeping,
     ControlKind::Evaluated,
     "自ら管理する情報資産について紛失、損傷及び焼失等を防ぐ管理体制を整備する",
     "Assets the contractor keeps are kept under arrangements that prevent loss, damage and fire.",
     {}},
    {"receipt.issued", kSafekeeping, ControlKind::Evaluated,
     "市から情報資産の提供を受けたときは受領証を作成し、提出する",
     "A receipt (受領証) is made and submitted for every information asset received from the city.", kHandOverParams},
    {"custody.recorded", kSafekeeping, ControlKind::Evaluated, "情報資産の授受の状況を記録する",
     "Every handover (授受) of an information asset is recorded, giving a chain of custody.", kHandOverParams},
    {"asset.inventory", kSafekeeping, ControlKind::Evaluated, "作成又は取得した情報資産をリストアップし、管理する",
     "The information assets created or acquired are listed and the list is kept current.", kInventoryParams},

    // Return, disposal, erasure.
    {"return.timely", kReturn, ControlKind::Evaluated,
     "不要になったとき及び履行完了後、情報資産を速やかに返還、廃棄又は消去する",
     "When no longer needed, and at the end of the contract, information assets are promptly returned, disposed "
     "of or erased.",
     kReturnParams},
    {"disposal.on_instruction",
     kReturn,
     ControlKind::Evaluated,
     "市の指示に従い情報資産を返還、廃棄又は消去する",
     "Information assets are returned, disposed of or erased when the city so instructs.",
     {}},
    {"disposal.certified", kReturn, ControlKind::Evaluated, "廃棄又は消去したことを証明する書類を市に提出する",
     "Disposal or erasure is certified to the city in writing.", kDisposalParams},
    {"created_assets.reported", kReturn, ControlKind::Evaluated,
     "作成又は取得した情報資産の内容と契約終了後の取扱責任者を書面で報告する",
     "The assets created or acquired during the contract, and who keeps them afterwards, are reported in writing.",
     kReportParams},

    // Confidentiality, NDA, acknowledgement.
    {"confidentiality.kept",
     kConfidentiality,
     ControlKind::Manual,
     "業務上知り得た情報を漏らさず、契約の終了・解除後も同様とする",
     "Information learned in the work is kept confidential, also after the contract ends or is cancelled.",
     {}},
    {"nda.signed",
     kConfidentiality,
     ControlKind::Evaluated,
     "必要に応じて業務従事者と秘密保持契約を締結する",
     "Where required, workers sign a non-disclosure agreement (秘密保持契約) and its hash is recorded.",
     {}},
    {"provisions.acknowledged",
     kConfidentiality,
     ControlKind::Enforced,
     "情報資産を扱う業務従事者に特記事項を周知し、確認を得る",
     "Every worker who handles information assets is informed of the provisions and acknowledges them.",
     {}},

    // Former workers.
    {"former_workers.bound",
     kFormerWorkers,
     ControlKind::Evaluated,
     "転勤・退職等により業務を離れた者にも義務が及び、その行為の責任も残る",
     "Obligations keep binding workers who were transferred or have left, and their acts stay attributable.",
     {}},
    {"former_workers.access_revoked", kFormerWorkers, ControlKind::Enforced,
     "業務を離れた者のアクセスは直ちに終了し、その者と履歴は保持する",
     "A worker who is transferred or leaves loses access at once; the person and their history are kept.",
     kRevokedParams},

    // Subcontracting and flow-down.
    {"subcontract.approved",
     kSubcontracting,
     ControlKind::Evaluated,
     "再委託は市の事前の承諾がなければ行えない",
     "Work is not subcontracted without the city's prior approval.",
     {}},
    {"subcontract.equivalence", kSubcontracting, ControlKind::Evaluated,
     "再委託先の情報セキュリティ対策が受託者と同等（以上）であることを確認する",
     "The subcontractor's security measures are confirmed to be equivalent to (or stronger than) the "
     "contractor's.",
     kEquivalenceParams},
    {"subcontract.flow_down", kSubcontracting, ControlKind::Evaluated, "指定の条項を再委託先に説明し、遵守させる",
     "The named clauses are explained to each subcontractor, who acknowledges and complies with them.",
     kFlowDownParams},
    {"subcontract.chain",
     kSubcontracting,
     ControlKind::Evaluated,
     "再委託先が更に再委託する場合も同じ要件が適用される",
     "The same requirements apply at every level when a subcontractor subcontracts further.",
     {}},
    {"subcontract.liability",
     kSubcontracting,
     ControlKind::Evaluated,
     "受託者は再委託先の全ての行為及びその結果について責任を負う",
     "The contractor answers to the city for all acts of its subcontractors and their results.",
     {}},

    // Reporting.
    {"report.periodic", kReporting, ControlKind::Evaluated, "定められた周期で定期報告を提出し、市が確認する",
     "Periodic reports are submitted on schedule and acknowledged by the city; overdue reports are flagged.",
     kPeriodicParams},
    {"report.emergency",
     kReporting,
     ControlKind::Evaluated,
     "緊急時報告の手順を定め、緊急時には速やかに報告する",
     "An emergency reporting procedure is set up and emergencies are reported promptly.",
     {}},
    {"contacts.exchanged",
     kReporting,
     ControlKind::Evaluated,
     "緊急時の連絡先をあらかじめ相互に通知する",
     "Emergency contacts are exchanged in advance.",
     {}},

    // Audit and investigation.
    {"audit.inspection",
     kAudit,
     ControlKind::Evaluated,
     "市による監査・検査を受け入れ、協力する",
     "The contractor accepts and cooperates with the city's audits and inspections.",
     {}},
    {"audit.investigation",
     kAudit,
     ControlKind::Evaluated,
     "市は情報資産の取扱状況を必要に応じて調査できる",
     "The city may investigate how information assets are being handled.",
     {}},
    {"audit.recommendation",
     kAudit,
     ControlKind::Evaluated,
     "取扱いが不適当なとき市は書面で勧告し、是正措置を完了まで追跡する",
     "Where handling is inadequate the city issues a written recommendation (勧告); corrective actions are "
     "tracked to closure.",
     {}},

    // Incidents and publication.
    {"incident.reported", kIncidents, ControlKind::Evaluated,
     "情報資産の漏えい、毀損、滅失等が発生したときは速やかに市に報告する",
     "A leak, damage, loss or other improper handling of information assets is reported to the city promptly.",
     kIncidentParams},
    {"incident.instructions_followed",
     kIncidents,
     ControlKind::Evaluated,
     "事故について市の指示に従い、その対応を記録する",
     "The city's instructions on an incident are followed and the actions taken are recorded.",
     {}},
    {"incident.publication",
     kIncidents,
     ControlKind::Evaluated,
     "市は必要に応じて事故を公表し、受託者は協力する",
     "The city may publish (公表) an incident and the contractor cooperates.",
     {}},

    // Liability.
    {"liability.attributed",
     kLiability,
     ControlKind::Evaluated,
     "事故を責任のある当事者（受託者又は再委託先）と遵守されなかった条項に帰属させる",
     "Each incident is attributed to the responsible party (contractor or subcontractor) and to the clauses not "
     "met.",
     {}},
    {"liability.damages", kLiability, ControlKind::Evaluated, "市が請求する損害賠償をその根拠とともに記録する",
     "Damages the city claims from the contractor are recorded with their basis.", kDamagesParams},

    // ID badges.
    {"badge.worn",
     kBadges,
     ControlKind::Evaluated,
     "市の施設内で業務を行う業務従事者に身分証明書等を携帯させ、明示させる",
     "Workers on the city's premises carry and display identification.",
     {}},

    // Handling procedures.
    {"procedure.submitted", kProcedures, ControlKind::Evaluated, "情報資産の事務取扱要領等を作成し、市に報告する",
     "Procedures for handling information assets are written and submitted to the city.", kProcedureParams},

    // Devices and media.
    {"device.registered",
     kDevices,
     ControlKind::Enforced,
     "電子計算機及び記録媒体を登録し、使用前に情報セキュリティ対策を確認する",
     "Computers and media are registered with their security measures, which are confirmed before use.",
     {}},
    {"media.destroyed",
     kDevices,
     ControlKind::Evaluated,
     "機器の交換・廃棄時に記録媒体の有無を確認し、物理的に破壊してから廃棄する",
     "On replacement or disposal of equipment, its storage media are found and physically destroyed first.",
     {}},
    {"media.destruction_reported", kDevices, ControlKind::Evaluated, "機器の交換・廃棄の作業完了後、書面で市に報告する",
     "Completion of the replacement or disposal is reported to the city in writing.", kReportParams},

    // Change management.
    {"change.schedule_submitted",
     kChange,
     ControlKind::Evaluated,
     "開発業務の作業工程表を事前に提出する",
     "A work schedule is submitted before development work starts.",
     {}},
    {"change.test_report",
     kChange,
     ControlKind::Evaluated,
     "開発業務の終了時にテスト結果を含む作業報告書を提出する",
     "At the end of development a work report including the test results is submitted.",
     {}},
    {"change.backup_before_migration",
     kChange,
     ControlKind::Evaluated,
     "本番環境への移行前にバックアップを取り、記録媒体等に保管する",
     "A backup is taken and kept on media before each migration to production.",
     {}},
    {"change.segregation",
     kChange,
     ControlKind::Evaluated,
     "開発した者と本番環境に移行する者の権限を分ける",
     "The person who developed a change is never the one who deploys it to production.",
     {}},

    // Risk analysis.
    {"risk.assessed",
     kRisk,
     ControlKind::Evaluated,
     "業務上の情報セキュリティリスクを調査・分析・評価し、管理策を市に提案する",
     "The security risks of the work are identified, analysed and evaluated, and measures are proposed to the "
     "city.",
     {}},
    {"risk.guidance",
     kRisk,
     ControlKind::Evaluated,
     "市は提案を受けて適切な措置を指導・監督する",
     "The city guides and supervises the measures taken against the proposed risks.",
     {}},

    // An obligation no control of the vocabulary records: the set says what it is, and the
    // compliance page shows it as one a person has to check (never met by itself).
    {"obligation.recorded", kCompliance, ControlKind::Manual, "記録はするが強制・確認できない義務（人が確認する）",
     "An obligation itaku records but can neither enforce nor verify; a person checks it.", kObligationParams},

    // Clause compliance: a clause that only declares (趣旨) still needs a status, which is
    // always "not applicable"; mapping it to this control says so explicitly instead of
    // leaving the clause without controls.
    {"informative",
     kCompliance,
     ControlKind::Declaratory,
     "趣旨等の宣言的な条項で、記録すべき事実を求めない",
     "A declaratory clause (such as a statement of purpose) that requires no recorded fact.",
     {}},
};

// The conditions whose denial cites a clause, and the controls that are cited for each when no
// control of the set names it (the first of them the set has).
constexpr std::string_view kOnRoster[] = {"roster.asset_users_notified", "roster.defined"};
constexpr std::string_view kLocation[] = {"roster.defined"};
constexpr std::string_view kDevice[] = {"device.registered"};
constexpr std::string_view kTrainingCited[] = {"training.valid", "training.delivered"};
constexpr std::string_view kAcknowledged[] = {"provisions.acknowledged", "confidentiality.kept", "nda.signed"};
constexpr std::string_view kNda[] = {"nda.signed", "confidentiality.kept"};
constexpr std::string_view kPurposeCited[] = {"purpose.limited"};
constexpr std::string_view kThirdParty[] = {"third_party.prohibited", "purpose.limited"};
constexpr std::string_view kFormer[] = {"former_workers.access_revoked", "former_workers.bound"};
constexpr std::string_view kRules[] = {"asset.access_rules"};
constexpr std::string_view kTerm[] = {"return.timely"};
constexpr std::string_view kCustody[] = {"custody.recorded", "safekeeping.managed"};
constexpr std::string_view kInventory[] = {"asset.inventory", "custody.recorded"};
constexpr std::string_view kMonitored[] = {"access.monitored", "access.decided"};

constexpr CitableCondition kConditions[] = {
    {"contract_active", "契約が有効で期間内であること（終了後は返還の条項）",
     "the contract is active and within its period (after it ends, the clause on return)", kTerm},
    {"on_roster", "名簿に載り、その種類の情報資産を扱う者として届け出られていること",
     "the person is on the roster and named for the class", kOnRoster},
    {"location_registered", "登録された作業場所であること", "the work location is registered", kLocation},
    {"device_managed", "登録され管理された機器であること", "the device is registered and managed", kDevice},
    {"training_valid", "有効な教育を受けていること", "the person's training is valid", kTrainingCited},
    {"provisions_acknowledged", "特記事項を確認していること", "the person has acknowledged the provisions",
     kAcknowledged},
    {"nda_signed", "秘密保持契約を締結していること", "the person has signed a non-disclosure agreement", kNda},
    {"purpose_contract", "契約の目的の利用であること", "the use is for the contract's purpose", kPurposeCited},
    {"third_party", "第三者に提供しないこと", "nothing is provided to a third party", kThirdParty},
    {"former_worker", "業務を離れた者でないこと", "the person has not left the work", kFormer},
    {"action_allowed", "その種類に許された操作であること", "the class allows the action", kRules},
    {"asset_registered", "台帳に登録された情報資産であること", "the asset is in the register", kInventory},
    {"custody_recorded", "授受を記録すること（許可に伴う義務）", "the hand-over is to be recorded (a duty of an allow)",
     kCustody},
    {"access_reported", "機密の情報資産へのアクセスを報告すること（許可に伴う義務）",
     "an access to a sensitive asset is to be reported (a duty of an allow)", kMonitored},
};

// Edit distance, to suggest what a typo meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Up to 4 ASCII digits: the numbers a duration or a day may hold.
std::optional<int> small_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

std::span<const ControlDefinition> vocabulary() { return kVocabulary; }

const ControlDefinition* find_control(std::string_view id) {
  for (const auto& control : kVocabulary)
    if (control.id == id) return &control;
  return nullptr;
}

std::span<const std::string_view> approval_types() { return kActions; }

std::string_view capability_ja(std::string_view capability) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kNames = {{
      {"Roster and notification", "体制表と通知"},
      {"Service levels", "サービスレベル"},
      {"Asset classes and access rules", "情報資産の種類とアクセス規則"},
      {"Access decisions and monitoring", "アクセス判定と監視"},
      {"Training", "教育"},
      {"Purpose limitation, third-party provision", "目的外利用・第三者提供の禁止"},
      {"Copy / take-out / bring-in / non-managed computer", "複写・持出し・持込み・管理外の電子計算機の承認"},
      {"Safekeeping and receipts", "安全管理と受領証"},
      {"Return, disposal, erasure", "返還・廃棄・消去"},
      {"Confidentiality, NDA, acknowledgement", "守秘・秘密保持契約・周知"},
      {"Former workers", "従事しなくなった者"},
      {"Subcontracting and flow-down", "再委託"},
      {"Reporting", "報告"},
      {"Audit and investigation", "監査・調査"},
      {"Incidents and publication", "事故と公表"},
      {"Liability", "損害賠償"},
      {"ID badges", "身分証明書"},
      {"Handling procedures", "事務取扱要領"},
      {"Devices and media", "機器と記録媒体"},
      {"Change management", "変更管理"},
      {"Risk analysis", "リスク分析"},
      {"Clause compliance", "条項の遵守状況"},
  }};
  for (const auto& [en, ja] : kNames)
    if (en == capability) return ja;
  return capability;
}

std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates) {
  // A third of the word may be wrong, and at least two characters: "titel" → "title".
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (const auto candidate : candidates) {
    const auto distance = edit_distance(word, candidate);
    if (distance < best_distance) best = candidate, best_distance = distance;
  }
  return best;
}

std::string_view nearest_control(std::string_view id) {
  std::vector<std::string_view> ids;
  for (const auto& control : kVocabulary) ids.push_back(control.id);
  return nearest(id, ids);
}

std::span<const CitableCondition> citable_conditions() { return kConditions; }

const CitableCondition* find_condition(std::string_view name) {
  for (const auto& condition : kConditions)
    if (condition.name == name) return &condition;
  return nullptr;
}

const ParameterDefinition* find_parameter(std::string_view control, std::string_view name) {
  const auto* definition = find_control(control);
  if (definition == nullptr) return nullptr;
  for (const auto& parameter : definition->parameters)
    if (parameter.name == name) return &parameter;
  return nullptr;
}

std::string_view to_string(ParameterType type) {
  switch (type) {
    case ParameterType::Choice: return "choice";
    case ParameterType::Text: return "text";
    case ParameterType::Duration: return "duration";
    case ParameterType::Deadline: return "deadline";
    case ParameterType::DueDay: return "due_day";
    case ParameterType::Clauses: return "clauses";
  }
  return "text";
}

std::string_view to_string(ControlKind kind) {
  switch (kind) {
    case ControlKind::Enforced: return "enforced";
    case ControlKind::Evaluated: return "evaluated";
    case ControlKind::Manual: return "manual";
    case ControlKind::Declaratory: return "declaratory";
  }
  return "evaluated";
}

std::string_view label_ja(ControlKind kind) {
  switch (kind) {
    case ControlKind::Enforced: return "判定で強制";
    case ControlKind::Evaluated: return "記録から評価";
    case ControlKind::Manual: return "人が確認";
    case ControlKind::Declaratory: return "宣言のみ";
  }
  return "記録から評価";
}

std::chrono::year_month_day plus_duration(std::chrono::year_month_day date, const Duration& duration) {
  using namespace std::chrono;
  auto month = year_month(date.year(), date.month()) + years(duration.years) + months(duration.months);
  const auto day = std::min(date.day(), year_month_day_last(month.year(), month_day_last(month.month())).day());
  const auto shifted = sys_days(year_month_day(month.year(), month.month(), day));
  const int days_of_hours = (duration.hours + 23) / 24;
  return year_month_day(shifted + std::chrono::days(duration.days + days_of_hours));
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (!text.starts_with('P')) return std::nullopt;
  text.remove_prefix(1);
  Duration out;
  bool any = false;
  bool in_time = false;
  bool hours_seen = false;
  // The designators in the order ISO 8601 writes them; each at most once.
  constexpr std::string_view kDateOrder = "YMWD";
  std::size_t next_date = 0;
  while (!text.empty()) {
    if (text.front() == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      text.remove_prefix(1);
      if (text.empty()) return std::nullopt;
      continue;
    }
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    const auto n = small_number(text.substr(0, digits));
    if (!n || digits == text.size()) return std::nullopt;
    const char designator = text[digits];
    text.remove_prefix(digits + 1);
    if (in_time) {
      if (designator != 'H' || hours_seen) return std::nullopt;
      hours_seen = true;
      out.hours = *n;
    } else {
      const auto at = kDateOrder.find(designator, next_date);
      if (at == std::string_view::npos) return std::nullopt;
      next_date = at + 1;
      if (designator == 'Y') out.years = *n;
      if (designator == 'M') out.months = *n;
      if (designator == 'W') out.days += *n * 7;
      if (designator == 'D') out.days += *n;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  return out;
}

std::string to_text_ja(const Duration& d) {
  std::string out;
  if (d.years) out += fmt::format("{}年", d.years);
  if (d.months) out += fmt::format("{}か月", d.months);
  if (d.days) out += fmt::format("{}日", d.days);
  if (d.hours) out += fmt::format("{}時間", d.hours);
  return out.empty() ? std::string("即時") : out;
}

std::string to_text_en(const Duration& d) {
  std::string out;
  const auto part = [&](int n, std::string_view unit) {
    if (n == 0) return;
    if (!out.empty()) out += " ";
    out += fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
  };
  part(d.years, "year");
  part(d.months, "month");
  part(d.days, "day");
  part(d.hours, "hour");
  return out.empty() ? std::string("immediately") : out;
}

bool valid_value(const ParameterDefinition& parameter, std::string_view value) {
  switch (parameter.type) {
    case ParameterType::Choice:
      return std::find(parameter.allowed.begin(), parameter.allowed.end(), value) != parameter.allowed.end();
    case ParameterType::Text:
    case ParameterType::Clauses:
      return std::any_of(value.begin(), value.end(), [](char c) { return c != ' ' && c != '\t'; });
    case ParameterType::Duration: return parse_duration(value).has_value();
    case ParameterType::Deadline: return value == kImmediately || parse_duration(value).has_value();
    case ParameterType::DueDay:
      return value == "end_of_month" || value == "end_of_following_month" || parse_duration(value).has_value();
  }
  return false;
}

}  // namespace itaku::provisions
