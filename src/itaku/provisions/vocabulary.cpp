#include "itaku/provisions/vocabulary.hpp"

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

constexpr ParameterDefinition kApprovalParams[] = {{"action", kActions, true}};
constexpr ParameterDefinition kPeriodicParams[] = {{"interval", kIntervals, false},
                                                   {"subject", kReportSubjects, false}};
constexpr ParameterDefinition kDisposalParams[] = {{"scope", kDisposalScopes, false}};
constexpr ParameterDefinition kEquivalenceParams[] = {{"level", kEquivalenceLevels, false}};
// The clause numbers are checked against the set by lint, not against a fixed list.
constexpr ParameterDefinition kFlowDownParams[] = {{"clauses", {}, true}};
constexpr ParameterDefinition kDamagesParams[] = {{"basis", kDamagesBases, false}};
constexpr ParameterDefinition kProcedureParams[] = {{"condition", kProcedureConditions, false}};
constexpr ParameterDefinition kManagerParams[] = {{"deemed_from", kManagerDeemedFrom, false}};

constexpr ControlDefinition kVocabulary[] = {
    // Roster and notification.
    {"roster.defined",
     kRoster,
     "責任者、作業内容、作業者及び作業場所をあらかじめ特定する",
     "The responsible person, the work, the workers and the work locations are identified in advance.",
     {}},
    {"roster.notified",
     kRoster,
     "名簿（責任者・作業者・作業内容・作業場所）とその変更を市に通知し、市が確認する",
     "The roster and every change to it are notified to the city and acknowledged by it.",
     {}},
    {"roster.information_manager", kRoster, "情報管理責任者を定め、その職・氏名と変更を書面で届け出る",
     "An information manager (情報管理責任者) is appointed; their post and name, and any change, are notified in "
     "writing.",
     kManagerParams},
    {"roster.asset_users_notified",
     kRoster,
     "作成又は取得した情報資産を閲覧・利用できる者を特定し、届け出る",
     "Who may view or use the information assets created or acquired is identified and notified to the city.",
     {}},

    // Service levels.
    {"sla.presented",
     kServiceLevels,
     "市が必要とする場合、保証するサービスレベル（項目と目標値）を提示する",
     "When the city requires it, the service levels guaranteed (metric and target) are presented.",
     {}},
    {"sla.measured",
     kServiceLevels,
     "サービスレベルの測定結果を記録し、求めに応じて報告する",
     "Service-level measurements are recorded and reported on request.",
     {}},

    // Asset classes and access rules.
    {"asset.classes_defined",
     kAssetClasses,
     "契約に関わる情報資産の種類を定義する",
     "The classes of information assets involved in the contract are defined.",
     {}},
    {"asset.access_rules",
     kAssetClasses,
     "種類ごとに許可する操作とその条件（教育、登録機器、登録場所、承認）を定める",
     "For each class, the permitted actions and their conditions (training, registered device, registered "
     "location, approval) are defined.",
     {}},

    // Access decisions and monitoring.
    {"access.decided",
     kAccessDecisions,
     "情報資産へのアクセスごとに許可・拒否を判定し、根拠条項とともに記録する",
     "Every access to an information asset is decided against the rules and recorded with the deciding clause.",
     {}},
    {"access.monitored",
     kAccessDecisions,
     "アクセス方法を監視・管理し、拒否や異常を市が確認できるようにする",
     "Access is monitored and managed; denials and anomalies are visible to the city.",
     {}},

    // Training.
    {"training.delivered",
     kTraining,
     "従業員に情報セキュリティ教育を実施し、受講を記録する",
     "Information-security training is given to the workers and attendance is recorded.",
     {}},
    {"training.valid",
     kTraining,
     "有効な教育を受けていない作業者は情報資産を扱えない",
     "A worker without valid training is denied access to information assets.",
     {}},
    {"training.reported",
     kTraining,
     "市が必要とする場合、教育の内容及び実施状況を提示する",
     "When the city requires it, the content and status of the training are presented.",
     {}},

    // Purpose limitation, third-party provision.
    {"purpose.limited",
     kPurpose,
     "情報資産を契約の目的以外に利用しない",
     "Information assets are used only for the purpose of the contract.",
     {}},
    {"third_party.prohibited",
     kPurpose,
     "市から提供された情報資産を第三者に提供しない",
     "Information assets provided by the city are never provided to a third party.",
     {}},

    // Copy / take-out / bring-in / non-managed computer (and the other approvals).
    {"approval.required", kApprovals, "指定の行為は市の有効な承認がなければ行えない",
     "The named action is denied unless the city has given an approval that is still in force.", kApprovalParams},
    {"approval.justified",
     kApprovals,
     "承認申請に目的、情報資産の内容及び情報セキュリティ対策を示す",
     "An approval request states the purpose, the assets concerned and the security measures taken.",
     {}},

    // Safekeeping and receipts.
    {"safekeeping.managed",
     kSafekeeping,
     "自ら管理する情報資産について紛失、損傷及び焼失等を防ぐ管理体制を整備する",
     "Assets the contractor keeps are kept under arrangements that prevent loss, damage and fire.",
     {}},
    {"receipt.issued",
     kSafekeeping,
     "市から情報資産の提供を受けたときは受領証を作成し、提出する",
     "A receipt (受領証) is made and submitted for every information asset received from the city.",
     {}},
    {"custody.recorded",
     kSafekeeping,
     "情報資産の授受の状況を記録する",
     "Every handover (授受) of an information asset is recorded, giving a chain of custody.",
     {}},
    {"asset.inventory",
     kSafekeeping,
     "作成又は取得した情報資産をリストアップし、管理する",
     "The information assets created or acquired are listed and the list is kept current.",
     {}},

    // Return, disposal, erasure.
    {"return.timely",
     kReturn,
     "不要になったとき及び履行完了後、情報資産を速やかに返還、廃棄又は消去する",
     "When no longer needed, and at the end of the contract, information assets are promptly returned, disposed "
     "of or erased.",
     {}},
    {"disposal.on_instruction",
     kReturn,
     "市の指示に従い情報資産を返還、廃棄又は消去する",
     "Information assets are returned, disposed of or erased when the city so instructs.",
     {}},
    {"disposal.certified", kReturn, "廃棄又は消去したことを証明する書類を市に提出する",
     "Disposal or erasure is certified to the city in writing.", kDisposalParams},
    {"created_assets.reported",
     kReturn,
     "作成又は取得した情報資産の内容と契約終了後の取扱責任者を書面で報告する",
     "The assets created or acquired during the contract, and who keeps them afterwards, are reported in writing.",
     {}},

    // Confidentiality, NDA, acknowledgement.
    {"confidentiality.kept",
     kConfidentiality,
     "業務上知り得た情報を漏らさず、契約の終了・解除後も同様とする",
     "Information learned in the work is kept confidential, also after the contract ends or is cancelled.",
     {}},
    {"nda.signed",
     kConfidentiality,
     "必要に応じて業務従事者と秘密保持契約を締結する",
     "Where required, workers sign a non-disclosure agreement (秘密保持契約) and its hash is recorded.",
     {}},
    {"provisions.acknowledged",
     kConfidentiality,
     "情報資産を扱う業務従事者に特記事項を周知し、確認を得る",
     "Every worker who handles information assets is informed of the provisions and acknowledges them.",
     {}},

    // Former workers.
    {"former_workers.bound",
     kFormerWorkers,
     "転勤・退職等により業務を離れた者にも義務が及び、その行為の責任も残る",
     "Obligations keep binding workers who were transferred or have left, and their acts stay attributable.",
     {}},
    {"former_workers.access_revoked",
     kFormerWorkers,
     "業務を離れた者のアクセスは直ちに終了し、その者と履歴は保持する",
     "A worker who is transferred or leaves loses access at once; the person and their history are kept.",
     {}},

    // Subcontracting and flow-down.
    {"subcontract.approved",
     kSubcontracting,
     "再委託は市の事前の承諾がなければ行えない",
     "Work is not subcontracted without the city's prior approval.",
     {}},
    {"subcontract.equivalence", kSubcontracting,
     "再委託先の情報セキュリティ対策が受託者と同等（以上）であることを確認する",
     "The subcontractor's security measures are confirmed to be equivalent to (or stronger than) the "
     "contractor's.",
     kEquivalenceParams},
    {"subcontract.flow_down", kSubcontracting, "指定の条項を再委託先に説明し、遵守させる",
     "The named clauses are explained to each subcontractor, who acknowledges and complies with them.",
     kFlowDownParams},
    {"subcontract.chain",
     kSubcontracting,
     "再委託先が更に再委託する場合も同じ要件が適用される",
     "The same requirements apply at every level when a subcontractor subcontracts further.",
     {}},
    {"subcontract.liability",
     kSubcontracting,
     "受託者は再委託先の全ての行為及びその結果について責任を負う",
     "The contractor answers to the city for all acts of its subcontractors and their results.",
     {}},

    // Reporting.
    {"report.periodic", kReporting, "定められた周期で定期報告を提出し、市が確認する",
     "Periodic reports are submitted on schedule and acknowledged by the city; overdue reports are flagged.",
     kPeriodicParams},
    {"report.emergency",
     kReporting,
     "緊急時報告の手順を定め、緊急時には速やかに報告する",
     "An emergency reporting procedure is set up and emergencies are reported promptly.",
     {}},
    {"contacts.exchanged",
     kReporting,
     "緊急時の連絡先をあらかじめ相互に通知する",
     "Emergency contacts are exchanged in advance.",
     {}},

    // Audit and investigation.
    {"audit.inspection",
     kAudit,
     "市による監査・検査を受け入れ、協力する",
     "The contractor accepts and cooperates with the city's audits and inspections.",
     {}},
    {"audit.investigation",
     kAudit,
     "市は情報資産の取扱状況を必要に応じて調査できる",
     "The city may investigate how information assets are being handled.",
     {}},
    {"audit.recommendation",
     kAudit,
     "取扱いが不適当なとき市は書面で勧告し、是正措置を完了まで追跡する",
     "Where handling is inadequate the city issues a written recommendation (勧告); corrective actions are "
     "tracked to closure.",
     {}},

    // Incidents and publication.
    {"incident.reported",
     kIncidents,
     "情報資産の漏えい、毀損、滅失等が発生したときは速やかに市に報告する",
     "A leak, damage, loss or other improper handling of information assets is reported to the city promptly.",
     {}},
    {"incident.instructions_followed",
     kIncidents,
     "事故について市の指示に従い、その対応を記録する",
     "The city's instructions on an incident are followed and the actions taken are recorded.",
     {}},
    {"incident.publication",
     kIncidents,
     "市は必要に応じて事故を公表し、受託者は協力する",
     "The city may publish (公表) an incident and the contractor cooperates.",
     {}},

    // Liability.
    {"liability.attributed",
     kLiability,
     "事故を責任のある当事者（受託者又は再委託先）と遵守されなかった条項に帰属させる",
     "Each incident is attributed to the responsible party (contractor or subcontractor) and to the clauses not "
     "met.",
     {}},
    {"liability.damages", kLiability, "市が請求する損害賠償をその根拠とともに記録する",
     "Damages the city claims from the contractor are recorded with their basis.", kDamagesParams},

    // ID badges.
    {"badge.worn",
     kBadges,
     "市の施設内で業務を行う業務従事者に身分証明書等を携帯させ、明示させる",
     "Workers on the city's premises carry and display identification.",
     {}},

    // Handling procedures.
    {"procedure.submitted", kProcedures, "情報資産の事務取扱要領等を作成し、市に報告する",
     "Procedures for handling information assets are written and submitted to the city.", kProcedureParams},

    // Devices and media.
    {"device.registered",
     kDevices,
     "電子計算機及び記録媒体を登録し、使用前に情報セキュリティ対策を確認する",
     "Computers and media are registered with their security measures, which are confirmed before use.",
     {}},
    {"media.destroyed",
     kDevices,
     "機器の交換・廃棄時に記録媒体の有無を確認し、物理的に破壊してから廃棄する",
     "On replacement or disposal of equipment, its storage media are found and physically destroyed first.",
     {}},
    {"media.destruction_reported",
     kDevices,
     "機器の交換・廃棄の作業完了後、書面で市に報告する",
     "Completion of the replacement or disposal is reported to the city in writing.",
     {}},

    // Change management.
    {"change.schedule_submitted",
     kChange,
     "開発業務の作業工程表を事前に提出する",
     "A work schedule is submitted before development work starts.",
     {}},
    {"change.test_report",
     kChange,
     "開発業務の終了時にテスト結果を含む作業報告書を提出する",
     "At the end of development a work report including the test results is submitted.",
     {}},
    {"change.backup_before_migration",
     kChange,
     "本番環境への移行前にバックアップを取り、記録媒体等に保管する",
     "A backup is taken and kept on media before each migration to production.",
     {}},
    {"change.segregation",
     kChange,
     "開発した者と本番環境に移行する者の権限を分ける",
     "The person who developed a change is never the one who deploys it to production.",
     {}},

    // Risk analysis.
    {"risk.assessed",
     kRisk,
     "業務上の情報セキュリティリスクを調査・分析・評価し、管理策を市に提案する",
     "The security risks of the work are identified, analysed and evaluated, and measures are proposed to the "
     "city.",
     {}},
    {"risk.guidance",
     kRisk,
     "市は提案を受けて適切な措置を指導・監督する",
     "The city guides and supervises the measures taken against the proposed risks.",
     {}},

    // Clause compliance: a clause that only declares (趣旨) still needs a status, which is
    // always "not applicable"; mapping it to this control says so explicitly instead of
    // leaving the clause without controls.
    {"informative",
     kCompliance,
     "趣旨等の宣言的な条項で、記録すべき事実を求めない",
     "A declaratory clause (such as a statement of purpose) that requires no recorded fact.",
     {}},
};

}  // namespace

std::span<const ControlDefinition> vocabulary() { return kVocabulary; }

const ControlDefinition* find_control(std::string_view id) {
  for (const auto& control : kVocabulary)
    if (control.id == id) return &control;
  return nullptr;
}

std::span<const std::string_view> approval_types() { return kActions; }

}  // namespace itaku::provisions
