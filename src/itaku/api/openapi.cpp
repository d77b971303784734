#include <algorithm>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/api/api.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/core/assert.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/policy/policy.hpp"

namespace itaku::api {

namespace {

struct Operation {
  std::string_view method;  // lower-case, as OpenAPI keys them
  std::string_view path;
  std::string_view id;  // the route name
  std::string_view summary;
  bool authenticated;
  bool body;
  // A body that holds a command's members: the command, the members the URL gives instead
  // (space-separated), and an example that tests check against the schema and run.
  std::string_view command = {};
  std::string_view from_path = {};
  std::string_view example = {};
  // Any other body: its media type and JSON Schema (JSON text), or the function that makes it.
  std::string_view media = {};
  std::string_view schema = {};
  nlohmann::json (*make_schema)() = nullptr;
};

nlohmann::json asset_class_definition_schema();

// One row per route registered by register_api (the *_api.cpp files); tests/unit/api checks the
// two agree.
constexpr Operation
    kOperations[] =
        {
            {"get", "/healthz", "healthz", "Liveness and ledger size", false, false},
            {"get", "/readyz", "readyz", "Readiness: the database can be reached (503 storage.unavailable otherwise)",
             false, false},
            {"get", "/metrics", "metrics", "Prometheus metrics (loopback or administrators)", false, false},
            {"get", "/api/v1/openapi.json", "openapi", "This document", false, false},
            {"post",
             "/api/v1/session",
             "session.create",
             "Sign in with login, password and optional TOTP code; sets the session cookie",
             false,
             true,
             {},
             {},
             {},
             "application/json",
             R"({"type":"object","required":["login","password"],"properties":{"login":{"type":"string"},"password":{"type":"string"},"totp_code":{"type":"string"}},"additionalProperties":false})"},
            {"get", "/api/v1/session", "session.show",
             "Who is signed in, their CSRF token and visible contracts with roles", true, false},
            {"delete", "/api/v1/session", "session.delete", "Sign out", true, false},
            {"get", "/api/v1/organisations", "organisations.list", "Organisations the caller may see", true, false},
            {"post", "/api/v1/organisations", "organisations.create", "Register an organisation (administrators)", true,
             true, "organisation.register", "",
             R"({"id":"shinano-is","kind":"contractor","name":"信濃情報サービス株式会社","name_en":"Shinano Information Services"})"},
            {"get", "/api/v1/organisations/{id}", "organisations.show", "One organisation", true, false},
            {"get", "/api/v1/people", "people.list", "People the caller may see (?organisation=)", true, false},
            {"post", "/api/v1/people", "people.create",
             "Register a person (administrators; a party's responsible person or information manager: a new hire of "
             "their own organisation)",
             true, true, "person.register", "",
             R"({"id":"suzuki","organisation":"shinano-is","name":"鈴木 一郎","title":"主任","email":"suzuki@example.jp"})"},
            {"get", "/api/v1/people/{id}", "people.show", "One person, including leavers", true, false},
            {"post", "/api/v1/people/{id}/departure", "people.depart",
             "Record a transfer or leaving; access ends, history stays", true, true, "person.record_departure",
             "person", R"({"reason":"transferred","effective":"2026-12-31"})"},
            {"get", "/api/v1/contracts", "contracts.list", "Contracts the caller may see", true, false},
            {"post", "/api/v1/contracts", "contracts.create",
             "Create a contract pinned to a provision set (city officers)", true, true, "contract.create", "",
             R"({"id":"nagano-2026-101","number":"長野市情政第2026-101号","title":"住民情報システム保守","department":"情報政策課","city":"nagano-city","contractor":"shinano-is","period_from":"2026-04-01","period_until":"2027-03-31","work_description":"住民情報システムの保守","provisions_name":"nagano"})"},
            {"get", "/api/v1/contracts/{id}", "contracts.show", "One contract with its parties and the caller's access",
             true, false},
            {"post", "/api/v1/contracts/{id}/activate", "contracts.activate", "draft → active (the city)", true, false},
            {"post", "/api/v1/contracts/{id}/amendments", "contracts.amend",
             "Record an amendment (変更契約, the city): why, and a new provisions version, end of period or work; the "
             "workers acknowledge the provisions again",
             true, true, "contract.amend", "contract",
             R"({"note":"変更契約（令和8年10月1日締結）: 期間の延長","period_until":"2027-09-30"})"},
            {"post",
             "/api/v1/contracts/{id}/close",
             "contracts.close",
             "active → closing; {\"final\":true}: closing → closed (the city)",
             true,
             true,
             {},
             {},
             {},
             "application/json",
             R"({"type":"object","properties":{"final":{"type":"boolean"}},"additionalProperties":false})"},
            {"get", "/api/v1/contracts/{id}/rosters", "rosters.list", "The latest roster of each readable party", true,
             false},
            {"get", "/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.versions",
             "Every version of a party's roster", true, false},
            {"post", "/api/v1/contracts/{id}/rosters/{org}/versions", "rosters.submit",
             "Submit a new roster version; the city is notified", true, true, "roster.submit", "contract organisation",
             R"({"roster":{"responsible":"tanaka","information_manager":"suzuki","workers":[{"person":"suzuki","work":"開発","from":"2026-04-01"}],"locations":[{"id":"hq","name":"本社","address":"長野市","city_premises":false}],"access":[{"asset_class":"personal","person":"suzuki","permission":"read"}]},"note":"4月の体制"})"},
            {"get", "/api/v1/contracts/{id}/rosters/{org}/versions/{version}", "rosters.version", "One roster version",
             true, false},
            {"post", "/api/v1/contracts/{id}/rosters/{org}/versions/{version}/acknowledgement", "rosters.acknowledge",
             "The city acknowledges a roster version, and with it every version submitted since the last one it "
             "acknowledged (its changes are in the diff from that one: settles)",
             true, false},
            {"get", "/api/v1/contracts/{id}/rosters/{org}/diff", "rosters.diff",
             "What changed between two versions (?from=&to=; to defaults to the latest, from to the last version the "
             "city acknowledged before it)",
             true, false},
            {"get", "/api/v1/notifications", "notifications.list",
             "Notifications addressed to the caller's organisation", true, false},
            {"get", "/api/v1/provisions", "provisions.list", "Imported provision sets", true, false},
            {"post",
             "/api/v1/provisions",
             "provisions.import",
             "Import a provision set (TOML body; administrators)",
             true,
             true,
             {},
             {},
             {},
             "application/toml",
             R"({"type":"string","description":"docs/PROVISIONS.md"})"},
            {"get", "/api/v1/provisions/{name}/{version}", "provisions.show",
             "A provision set's clauses, text and controls", true, false},
            {"get", "/api/v1/contracts/{id}/asset-classes", "asset_classes.list",
             "The contract's classes of information assets with each action's conditions", true, false},
            {"post",
             "/api/v1/contracts/{id}/asset-classes",
             "asset_classes.define",
             "Define or change an asset class (the city; docs/POLICY.md)",
             true,
             true,
             {},
             {},
             {},
             "application/json",
             {},
             &asset_class_definition_schema},
            {"get", "/api/v1/contracts/{id}/assets", "assets.list",
             "The register of information assets the caller may see", true, false},
            {"post", "/api/v1/contracts/{id}/assets", "assets.register", "Register an information asset", true, true,
             "asset.register", "contract",
             R"({"id":"a-001","class":"personal","description":"住民票データ","origin":"created","media":"ファイル","custodian":"suzuki","location":"本社サーバ室"})"},
            {"get", "/api/v1/contracts/{id}/assets/{asset}", "assets.show", "One asset with its chain of custody", true,
             false},
            {"get", "/api/v1/contracts/{id}/transfers", "transfers.list", "Hand-overs (授受) the caller may see", true,
             false},
            {"post", "/api/v1/contracts/{id}/transfers", "transfers.create", "Hand assets over to another person", true,
             true, "custody.transfer", "contract",
             R"({"assets":["a-001"],"from":"suzuki","to":"yamada","note":"月次の引継ぎ"})"},
            {"post", "/api/v1/contracts/{id}/transfers/{transfer}/acknowledgement", "transfers.acknowledge",
             "The receiving side acknowledges a hand-over; from the city this issues the receipt", true, false},
            {"post", "/api/v1/contracts/{id}/transfers/{transfer}/cancellation", "transfers.cancel",
             "The handing side withdraws a hand-over the receiver has not acknowledged (custody.cancel)", true, true,
             "custody.cancel", "contract transfer by", R"({"reason":"受領者の誤り"})"},
            {"get", "/api/v1/contracts/{id}/transfers/{transfer}/receipt.pdf", "transfers.receipt",
             "The receipt (受領証) as an A4 PDF with its ledger proof and QR code; the first download issues it "
             "(document.issued with the file's SHA-256, also in X-Itaku-Document-Sha256), later ones give the same "
             "bytes",
             true, false},
            {"post",
             "/api/v1/receipts/verify",
             "receipts.verify",
             "Verify a receipt PDF (the body) against this ledger: the embedded proof, and that the file is byte "
             "for byte "
             "the one issued (422 receipt.altered otherwise); answers what the ledger records, to compare with the "
             "paper. "
             "No sign-in needed",
             false,
             true,
             {},
             {},
             {},
             "application/pdf",
             R"({"type":"string","contentMediaType":"application/pdf"})"},
            {"post",
             "/api/v1/decide",
             "decide",
             "Decide one access: person, action, asset or class, context → allow/deny with clauses; recorded "
             "durably",
             true,
             true,
             {},
             {},
             {},
             "application/json",
             R"({"type":"object","required":["person","action"],"properties":{"contract":{"type":"string","description":"the token's contract when left out"},"person":{"type":"string"},"action":{"type":"string"},"asset":{"type":"string"},"class":{"type":"string"},"context":{"type":"object","properties":{"device":{"type":"string"},"location":{"type":"string"},"purpose":{"type":"string"},"time":{"type":"string"}}}}})"},
            {"post",
             "/api/v1/decide/batch",
             "decide.batch",
             "Decide up to 1000 accesses at once ({\"requests\":[…]})",
             true,
             true,
             {},
             {},
             {},
             "application/json",
             R"({"type":"object","required":["requests"],"properties":{"requests":{"type":"array","minItems":1,"maxItems":1000,"items":{"type":"object","required":["person","action"],"properties":{"contract":{"type":"string","description":"the token's contract when left out"},"person":{"type":"string"},"action":{"type":"string"},"asset":{"type":"string"},"class":{"type":"string"},"context":{"type":"object","properties":{"device":{"type":"string"},"location":{"type":"string"},"purpose":{"type":"string"},"time":{"type":"string"}}}}}}}})"},
            {"post",
             "/api/v1/access-events",
             "access_events.ingest",
             "Report accesses observed by the caller's systems (JSON lines), checked and recorded",
             true,
             true,
             {},
             {},
             {},
             "application/x-ndjson",
             R"({"type":"string","description":"one access per line"})"},
            {"get", "/api/v1/contracts/{id}/badges", "badges.list",
             "ID badges of the contract the caller may read (木更津市 第11条(1)); return_outstanding: a leaver's "
             "badge not back",
             true, false},
            {"post", "/api/v1/contracts/{id}/badges", "badges.issue",
             "Issue an ID badge to a worker on their party's roster (the party's managers or the city)", true, true,
             "badge.issue", "contract",
             R"({"number":"KB-0001","person":"p-suzuki","issued":"2026-05-01","expires":"2027-03-31"})"},
            {"post", "/api/v1/contracts/{id}/badges/{number}/return", "badges.return", "A badge comes back", true,
             false},
            {"post", "/api/v1/contracts/{id}/badges/{number}/lost", "badges.report_lost",
             "Report a badge lost (a note in the body, or no body)", true, true, "badge.report_lost", "contract number",
             R"({"note":"通勤中に紛失"})"},
            {"get", "/api/v1/contracts/{id}/devices", "devices.list",
             "Devices and storage media used for the contract that the caller may read (木更津市 第12条, 第14条), "
             "with their confirmed security measures and the destruction of their media",
             true, false},
            {"post", "/api/v1/contracts/{id}/devices", "devices.register",
             "Register a device a party uses for the contract (the party's responsible person or information "
             "manager)",
             true, true, "device.register", "contract",
             R"({"id":"pc-30","kind":"computer","identifier":"5CG3000ABC","description":"ノートPC（移行作業用）",)"
             R"("location":"本社 開発室","storage":["SSD 256GB S/N S5AB"]})"},
            {"post", "/api/v1/contracts/{id}/devices/{device}/confirm", "devices.confirm",
             "Confirm a device's security measures, as the person signed in (the using party's responsible person "
             "or information manager, or the city's staff); a confirmed device is managed",
             true, true, "device.confirm", "contract id by",
             R"({"measures":["disk_encryption","malware_protection","updates"],"note":"BitLocker 有効を確認"})"},
            {"post", "/api/v1/contracts/{id}/devices/{device}/destroy-media", "devices.destroy_media",
             "Record the physical destruction of a device's storage media (木更津市 第14条-1; every medium not yet "
             "destroyed when media is left out)",
             true, true, "media.destroy", "contract id",
             R"({"method":"穿孔（ドリル）","performed_by":"p-tanaka","witnessed_by":"p-sato",)"
             R"("performed_on":"2026-09-20"})"},
            {"post", "/api/v1/contracts/{id}/devices/{device}/retire", "devices.retire",
             "Retire a device: replaced or disposed of once its media are destroyed, or released with its data "
             "erased",
             true, true, "device.retire", "contract id", R"({"reason":"disposed"})"},
            {"get", "/api/v1/contracts/{id}/devices/{device}/destructions/{n}/report.pdf", "devices.destruction_report",
             "The report to the city of the n-th destruction of the device's storage media (記録媒体破壊報告書, "
             "木更津市 第14条-2) as an A4 PDF with its ledger proof and a QR code to the public check "
             "/destructions/verify; the first download issues it, later ones give the same bytes",
             true, false},
            {"get", "/api/v1/contracts/{id}/disposal-instructions", "disposal_instructions.list",
             "The city's instructions to return, dispose of or erase assets (長野市 第9-1), as far as the caller sees "
             "their assets",
             true, false},
            {"post", "/api/v1/contracts/{id}/disposal-instructions", "disposal.instruct",
             "Instruct the return, disposal or erasure of assets by a day (the city's officers, as the person "
             "signed in; every asset still out when assets is left out)",
             true, true, "disposal.instruct", "contract by",
             R"({"assets":["juminhyo-2026-04"],"disposition":"erased","due":"2026-10-31",)"
             R"("note":"移行作業の完了に伴い消去すること"})"},
            {"get", "/api/v1/contracts/{id}/disposals", "disposals.list",
             "Acts of disposal or erasure the caller may read (長野市 第9, 木更津市 第5条), each with its "
             "certificate once issued",
             true, false},
            {"post", "/api/v1/contracts/{id}/disposals", "disposals.record",
             "Record disposing of or erasing assets a party holds (its responsible person or information manager)",
             true, true, "assets.dispose", "contract",
             R"({"assets":["juminhyo-2026-04"],"disposition":"erased","method":"NIST SP 800-88 Purge（暗号化消去）",)"
             R"("performed_by":"p-sato","witnessed_by":"p-yamada","performed_on":"2026-09-20"})"},
            {"get", "/api/v1/contracts/{id}/disposals/{disposal}/certificate.pdf", "disposals.certificate",
             "The certificate of an act of disposal or erasure (廃棄・消去証明書, 長野市 第9-2, 木更津市 第5条-1) "
             "covering all its assets, as an A4 PDF with its ledger proof and a QR code to the public check "
             "/disposals/verify; the first download issues it, later ones give the same bytes",
             true, false},
            {"get", "/api/v1/contracts/{id}/created-assets-reports", "created_assets.list",
             "Parties' reports of the assets they created or acquired and who keeps them after the contract "
             "(木更津市 第5条-2)",
             true, false},
            {"post", "/api/v1/contracts/{id}/created-assets-reports", "created_assets.report",
             "Report a party's created or acquired assets and their keeper, as the person signed in (every one it "
             "holds when assets is left out)",
             true, true, "created_assets.report", "contract by",
             R"({"keeper":"p-yamada","note":"契約終了後は本社で保管し、保守契約の終了時に消去する"})"},
            {"post", "/api/v1/contracts/{id}/created-assets-reports/{organisation}/acknowledge",
             "created_assets.acknowledge",
             "The city acknowledges a party's latest created-assets report, as the person signed in (no body)", true,
             false},
            {"get", "/api/v1/contracts/{id}/outstanding", "contracts.outstanding",
             "What keeps the contract from closing, with the clause each rests on: assets not returned, disposed of "
             "or erased, certificates not issued, reports, hand-overs, badges, devices (in the domain's order)",
             true, false},
            {"get", "/api/v1/contracts/{id}/approvals", "approvals.list",
             "Requests for the city's written approval the caller may read (長野市 第5〜第7; 木更津市 第3条, 第12条), "
             "with what became of them and the decisions each allowed",
             true, false},
            {"get", "/api/v1/contracts/{id}/approvals/{approval}", "approvals.show", "One request for approval", true,
             false},
            {"post", "/api/v1/contracts/{id}/approvals", "approvals.request",
             "Ask the city for an approval (a party's responsible person or information manager)",
             true, true, "approval.request", "contract", R"({"type":"take_out","purpose":"障害調査のため開発室で解析する","assets":["juminhyo-2026-04"],"people":["p-suzuki"],"devices":["USB-012"],"destination":"本社 開発室","from":"2026-10-01","until":"2026-10-31","measures":["暗号化","施錠保管"]})"},
            {"post", "/api/v1/contracts/{id}/approvals/{approval}/decision", "approvals.decide",
             "Approve (with conditions) or refuse a request (the city's approver)", true, true, "approval.decide",
             "contract id", R"({"outcome":"approved","conditions":"返却時に消去を確認すること"})"},
            {"post", "/api/v1/contracts/{id}/approvals/{approval}/withdrawal", "approvals.withdraw",
             "Withdraw a request not yet decided (the requesting party)", true, true, "approval.withdraw",
             "contract id", R"({"reason":"不要になった"})"},
            {"post", "/api/v1/contracts/{id}/approvals/{approval}/revocation", "approvals.revoke",
             "Revoke an approval in force (the city's approver)", true, true, "approval.revoke", "contract id",
             R"({"reason":"持出簿の記録漏れ"})"},
            {"get", "/api/v1/contracts/{id}/approvals/{approval}/approval.pdf", "approvals.document",
             "The city's approval (承認書) as an A4 PDF with its ledger proof and QR code, once approved; the first "
             "download issues it (document.issued with the file's SHA-256), later ones give the same bytes",
             true, false},
            {"get", "/api/v1/contracts/{id}/training/courses", "training.courses",
             "Training courses of the contract the caller may read (長野市 第4; 木更津市 第11条(2))", true, false},
            {"post", "/api/v1/contracts/{id}/training/courses", "training.define_course",
             "Define a course a party gives its workers (the party's managers or the city)", true, true,
             "training.define_course", "contract",
             R"({"id":"course-security","organisation":"org-shinano","title":"個人情報保護研修","hours":"1.5","valid_for":"P1Y"})"},
            {"get", "/api/v1/contracts/{id}/training/sessions", "training.sessions",
             "Training sessions with their attendance, of the people the caller may read", true, false},
            {"post", "/api/v1/contracts/{id}/training/sessions", "training.record_session",
             "Record a session: who attended and passed, who did not (completed on the session's date)", true, true,
             "training.record_session", "contract",
             R"({"course":"course-security","date":"2026-04-10","place":"本社会議室","attendees":["p-suzuki"]})"},
            {"post", "/api/v1/contracts/{id}/training/imports", "training.import_attendance",
             "Record attendance exported by an e-learning system, a row per person; one bad row refuses all", true,
             true, "training.import_attendance", "contract",
             R"({"course":"course-security","source":"eラーニング 2026年度","rows":[{"person":"p-suzuki","completed":"2026-04-12","passed":true}]})"},
            {"get", "/api/v1/contracts/{id}/workers", "workers.standing",
             "Each person of the rosters the caller may read, with their training, acknowledgement and pledges", true,
             false},
            {"post", "/api/v1/contracts/{id}/acknowledgements", "provisions.acknowledge",
             "A worker acknowledges the contract's provisions: the hash of the version they read", true, true,
             "provisions.acknowledge", "contract",
             R"({"person":"p-suzuki","hash":"0000000000000000000000000000000000000000000000000000000000000000"})"},
            {"post", "/api/v1/contracts/{id}/pledges", "pledges.record",
             "Record a pledge (誓約書) or NDA (秘密保持契約) a worker signed, by the document's SHA-256", true, true,
             "pledge.record", "contract",
             R"({"person":"p-suzuki","kind":"nda","document_sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","signed_on":"2026-04-01"})"},
            {"post",
             "/api/v1/contracts/{id}/training/reports",
             "training.report",
             "Issue the training report of a party (長野市 第4): recorded in the ledger, as an A4 PDF and the table as "
             "CSV "
             "and XLSX (the party's managers or the city)",
             true,
             true,
             {},
             {},
             {},
             "application/json",
             R"({"type":"object","required":["organisation"],"properties":{"organisation":{"type":"string"}},"additionalProperties":false})"},
            {"get", "/api/v1/contracts/{id}/training/reports", "training.reports",
             "Training reports issued that the caller may read, with their files' hashes and public check", true,
             false},
            {"get", "/api/v1/contracts/{id}/training/reports/{index}/{file}", "training.report_file",
             "A file of an issued training report: report.pdf, report.csv or report.xlsx, the very bytes the ledger "
             "records",
             true, false},
            {"get", "/api/v1/contracts/{id}/decisions", "decisions.list",
             "The decision log (?person=&effect=&limit=&before=)", true, false},
            {"get", "/api/v1/contracts/{id}/access-events", "access_events.list",
             "Reported accesses with their check (?person=&effect=&limit=&before=)", true, false},
            {"get", "/api/v1/contracts/{id}/monitoring", "monitoring.show",
             "Denials, accesses with no matching allow, and unusual patterns; the city's reviews of them (the city "
             "only)",
             true, false},
            {"post", "/api/v1/contracts/{id}/monitoring/reviews", "monitoring.review",
             "The city records that it reviewed the monitoring (長野市 第3), as the person signed in, with a note; the "
             "review covers every entry recorded before its own (ledger_index)",
             true, true, "monitoring.review", "contract by", R"({"note":"拒否3件を確認、いずれも操作の誤り"})"},
            {"get", "/api/v1/contracts/{id}/compliance", "compliance.show",
             "Each clause of the contract's provisions with the status and evidence of its controls, now or "
             "?at=YYYY-MM-DD (the start of that day in Japan) or a UTC time",
             true, false},
            {"post", "/api/v1/contracts/{id}/compliance/reports", "compliance.report",
             "Issue a compliance report (now or ?at=): recorded in the ledger, as an A4 PDF and the table as CSV and "
             "XLSX",
             true, false},
            {"get", "/api/v1/contracts/{id}/compliance/reports/{index}/{file}", "compliance.report_file",
             "A file of an issued report: report.pdf, report.csv or report.xlsx, the very bytes the ledger records",
             true, false},
            {"post", "/api/v1/contracts/{id}/evidence-package", "compliance.package",
             "The auditor's evidence package (ZIP): a report issued for it, every document issued for the contract and "
             "the "
             "ledger excerpt proving them (itaku ledger verify --bundle)",
             true, false},
            {"get", "/api/v1/ledger/checkpoint", "ledger.checkpoint",
             "The latest signed checkpoint and the verifier key", true, false},
            {"get", "/api/v1/ledger/proofs/inclusion/{index}", "ledger.inclusion",
             "Inclusion proof of an entry (docs/LEDGER.md)", true, false},
            {"get", "/api/v1/ledger/proofs/consistency", "ledger.consistency",
             "Consistency proof between tree sizes (?from=&to=)", true, false},
            {"get", "/log/checkpoint", "log.checkpoint",
             "C2SP tlog-tiles: the latest signed checkpoint as a signed note (no sign-in in the public hashes-only "
             "mode, ledger.public_hashes)",
             true, false},
            {"get", "/log/tile/entries/{index...}", "log.entries",
             "C2SP tlog-tiles: an entry bundle (administrators; never public): each entry as a big-endian uint16 "
             "length and its bytes",
             true, false},
            {"get", "/log/tile/{level}/{index...}", "log.tile",
             "C2SP tlog-tiles: a tile of the tree's hashes, 32 bytes each, in the tree of the latest checkpoint (no "
             "sign-in in the public hashes-only mode)",
             true, false},
};

// --- What routes answer ---------------------------------------------------------------------
//
// The JSON Schema of every answer other than {ledger_index} (Recorded), read off the JSON each
// route builds: people_api.cpp (organisation_json, person_json), contracts_api.cpp
// (contract_json), rosters_api.cpp (roster_version_json), assets_api.cpp (class_json,
// asset_json, transfer_json), decisions_api.cpp (log_json, write_decision),
// badges_api.cpp (badge_json), disposal_api.cpp (device_json, instruction_json, disposal_json,
// created_assets_json, outstanding_json), handlers.cpp (page) and ledger/proof_json.cpp. Enumerations
// come from the enumerations' own names, rosters and receipts from their declarations.
// tests/unit/api/openapi_test.cpp calls every route on the demo and validates what it answers
// against these, so a route and its description cannot drift apart.

using nlohmann::json;

json text() { return {{"type", "string"}}; }
json text(std::string_view description) { return {{"type", "string"}, {"description", description}}; }
json count() { return {{"type", "integer"}, {"minimum", 0}}; }  // ledger indices, sizes, counts
json boolean() { return {{"type", "boolean"}}; }
json utc_time() { return {{"type", "string"}, {"format", "date-time"}}; }
json date() { return {{"type", "string"}, {"format", "date"}}; }
json base64() { return {{"type", "string"}, {"contentEncoding", "base64"}}; }
json one_of(std::initializer_list<std::string_view> values) {
  json names = json::array();
  for (const auto value : values) names.push_back(value);
  return {{"type", "string"}, {"enum", std::move(names)}};
}
// The ids of one of the domain's word lists (devices.hpp), and "" first where the route writes it
// for "none".
json term_ids(std::span<const domain::Term> terms, std::string_view none_means = {}) {
  json names = json::array();
  if (!none_means.empty()) names.push_back("");
  for (const auto& term : terms) names.push_back(term.id);
  json schema = {{"type", "string"}, {"enum", std::move(names)}};
  if (!none_means.empty()) schema["description"] = "empty: " + std::string(none_means);
  return schema;
}
json list_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json ref(std::string_view component) { return {{"$ref", "#/components/schemas/" + std::string(component)}}; }

// The same value, or null where the route writes null for "none".
json or_null(json schema) {
  schema["type"] = json::array({schema["type"], "null"});
  if (schema.contains("enum")) schema["enum"].push_back(nullptr);
  return schema;
}

// An object with exactly these members, each always written but those named `optional`.
json closed(json properties, std::initializer_list<std::string_view> optional = {}) {
  json required = json::array();
  for (const auto& [name, _] : properties.items())
    if (std::ranges::find(optional, name) == optional.end()) required.push_back(name);
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

// A pledge or NDA a worker signed (WorkerStanding's pledge and nda; training_api.cpp).
json pledge_schema() {
  return closed({{"kind", one_of({"pledge", "nda"})},
                 {"document_sha256", text()},
                 {"signed_on", date()},
                 {"countersigned_by", text()},
                 {"ledger_index", count()}});
}

// A document issued for an entry (a 廃棄・消去証明書, a 破壊報告書; disposal_api.cpp): its
// SHA-256 and the ledger index of its document.issued entry.
// The document of an entry: where its PDF downloads (its first download issues it) and, once
// issued, its file's SHA-256 and its document.issued entry.
json entry_document_schema() {
  return closed(
      {{"path", text("the PDF's path")}, {"issued", or_null(closed({{"sha256", text()}, {"index", count()}}))}});
}

// A map whose keys are data, not member names: what it maps to, and what the keys are.
json free_map(json values, std::string_view description) {
  return {{"type", "object"}, {"description", description}, {"additionalProperties", std::move(values)}};
}

// What every refusal answers (http::Response::error).
json error_schema() {
  return closed({{"error", closed({{"code", text()},
                                   {"message", closed({{"ja", text()}, {"en", text()}})},
                                   {"details", free_map(text(),
                                                        "what the error is about, by name (field, "
                                                        "parameter, limit, …)")}})}});
}

// What a write that records an event answers: the ledger index of the entry (handlers.hpp, executed).
json recorded_schema() { return closed({{"ledger_index", count()}}); }

// A list paged by handlers::page: ?limit=&cursor=, the items sorted by id.
json page_of(json item) { return closed({{"items", list_of(std::move(item))}, {"next_cursor", or_null(text())}}); }

// The names an enumeration without a codec gives its values 0, 1, 2, …: its to_string answers
// a value it does not know with the name of another, so the first name seen twice ends the list.
template <class E>
json names_of(std::string_view (*to_text)(E)) {
  std::vector<std::string_view> names;
  for (int i = 0; i < 64; ++i) {
    const auto name = to_text(static_cast<E>(i));
    if (std::ranges::find(names, name) != names.end()) break;
    names.push_back(name);
  }
  return {{"type", "string"}, {"enum", names}};
}

// A declaration's schema as the API writes the value: its "yes"/"no" flags as JSON booleans,
// and no member it does not declare.
void as_answered(json& schema) {
  if (schema.value("enum", json()) == json({"yes", "no"})) {
    schema.erase("enum");
    schema["type"] = "boolean";
  }
  if (schema.contains("properties")) {
    schema["additionalProperties"] = false;
    for (auto& [_, member] : schema["properties"].items()) as_answered(member);
  }
  if (schema.contains("items")) as_answered(schema["items"]);
}

json roster_schema() {
  auto schema = schema::Codec<domain::Roster>::json_schema();
  as_answered(schema);
  return schema;
}

// A class as the city defines it (asset_classes.define, `itaku asset class set`): its declared
// members, none other.
json asset_class_definition_schema() {
  auto schema = schema::Codec<domain::AssetClass>::json_schema();
  schema["additionalProperties"] = false;
  return schema;
}

json asset_class_schema() {
  // The class as events write it (`sensitive` stays "yes"/"no"), every member written, with the
  // ledger index of its definition.
  auto schema = schema::Codec<domain::AssetClass>::json_schema();
  schema["properties"]["ledger_index"] = count();
  schema["required"] = json::array();
  for (const auto& [name, _] : schema["properties"].items()) schema["required"].push_back(name);
  schema["additionalProperties"] = false;
  return schema;
}

// A reason or obligation of a decision (decisions_api.cpp, reasons_json and write_reasons).
json reason_schema() {
  return closed({{"clause", text("the clause of the contract's provisions it rests on")},
                 {"code", text()},
                 {"detail", text()},
                 {"message", closed({{"ja", text()}, {"en", text()}})}},
                {"detail"});
}

json effect() { return names_of<policy::Effect>(&policy::to_string); }

// What GET …/compliance answers (compliance::to_json; docs/COMPLIANCE.md).
json compliance_schema() {
  json names = json::array();
  for (const auto s : compliance::kStatuses) names.push_back(compliance::to_string(s));
  const json status = {{"type", "string"}, {"enum", names}};
  const auto finding =
      closed({{"party", or_null(text("the organisation; null for the contract as a whole"))},
              {"party_name", or_null(text("乙 or 丙 and the organisation's name"))},
              {"status", status},
              {"due", or_null(date())},
              {"since", or_null(utc_time())},
              {"evidence",
               closed({{"ledger_indices", list_of(count())}, {"message", closed({{"ja", text()}, {"en", text()}})}})}});
  const auto control = closed({{"id", text()},
                               {"params", free_map(text(), "the control's parameters by name")},
                               {"cites", text()},
                               {"subject", one_of({"contract", "party"})},
                               {"status", status},
                               {"findings", list_of(finding)}});
  json counts = json::object();
  for (const auto s : compliance::kStatuses) counts[std::string(compliance::to_string(s))] = count();
  return closed(
      {{"contract", text()},
       {"at", utc_time()},
       {"ledger_size", count()},
       {"provisions", closed({{"name", text()}, {"version", text()}, {"hash", text()}})},
       {"counts", closed(counts)},
       {"clauses",
        list_of(closed({{"number", text()}, {"title", text()}, {"status", status}, {"controls", list_of(control)}}))}});
}

json role() {
  return one_of({domain::kRoleCityOfficer, domain::kRoleCityApprover, domain::kRoleCityAuditor,
                 domain::kRoleResponsible, domain::kRoleInformationManager, domain::kRoleWorker});
}

json components() {
  auto person_status = schema::Codec<domain::DepartureReason>::json_schema();
  person_status["enum"].insert(person_status["enum"].begin(), "active");
  person_status["description"] = "active, or why they left (transferred, left)";
  return {
      {"Error", error_schema()},
      {"Recorded", recorded_schema()},
      {"Organisation", closed({{"id", text()},
                               {"kind", schema::Codec<domain::OrganisationKind>::json_schema()},
                               {"name", text()},
                               {"name_en", text()}})},
      {"Person", closed({{"id", text()},
                         {"organisation", text()},
                         {"name", text()},
                         {"title", text()},
                         {"email", text()},
                         {"status", person_status},
                         {"departed_at", utc_time()}},
                        {"departed_at"})},
      {"Contract",
       closed({{"id", text()},
               {"number", text()},
               {"title", text()},
               {"department", text()},
               {"period_from", date()},
               {"period_until", date()},
               {"work_description", text()},
               {"state", schema::Codec<domain::ContractState>::json_schema()},
               {"provisions", closed({{"name", text()}, {"version", text()}, {"hash", text()}})},
               {"parties", list_of(closed({{"organisation", text()},
                                           {"role", names_of<domain::PartyRole>(&domain::to_string)},
                                           {"symbol", names_of<domain::PartyRole>(&domain::party_symbol)},
                                           {"parent", text("the party that engaged a subcontractor; else empty")}}))},
               {"access", closed({{"city", boolean()},
                                  {"city_writer", boolean()},
                                  {"readable_parties", list_of(text())},
                                  {"writable_parties", list_of(text())}})}})},
      {"Roster", roster_schema()},
      {"RosterVersion",
       closed({{"organisation", text()},
               {"version", {{"type", "integer"}, {"minimum", 1}}},
               {"roster", ref("Roster")},
               {"note", text()},
               {"submitted_by", text()},
               {"submitted_at", utc_time()},
               {"ledger_index", count()},
               {"acknowledged", boolean()},
               {"acknowledged_by", text()},
               {"acknowledged_at", utc_time()},
               {"settled_by",
                {{"type", "integer"}, {"minimum", 1}, {"description", "the later version acknowledged with it"}}}},
              {"acknowledged_by", "acknowledged_at", "settled_by"})},
      {"Notification", closed({{"id", text()},
                               {"contract", text()},
                               {"kind", text("what it is about: roster.version, decision.denied, …")},
                               {"recipient", text("the organisation it is addressed to")},
                               {"subject", closed({{"ja", text()}, {"en", text()}})},
                               {"body_ja", text()},
                               {"reference", text()},
                               {"at", utc_time()},
                               {"ledger_index", count()}})},
      {"ProvisionSetSummary", closed({{"name", text()},
                                      {"version", text()},
                                      {"municipality", text()},
                                      {"title", text()},
                                      {"clauses", count()},
                                      {"hash", text()}})},
      {"AssetClass", asset_class_schema()},
      {"Asset", closed({{"id", text()},
                        {"class", text()},
                        {"description", text()},
                        {"origin", schema::Codec<domain::AssetOrigin>::json_schema()},
                        {"copy_of", text("for an approved copy, the original asset; else empty")},
                        {"media", text()},
                        {"quantity", text()},
                        {"custodian", text()},
                        {"location", text()},
                        {"pending_transfer", or_null(text())},
                        {"ledger_index", count()},
                        {"custody", list_of(closed({{"transfer", text()},
                                                    {"from", text()},
                                                    {"to", text()},
                                                    {"at", utc_time()},
                                                    {"ledger_index", count()},
                                                    {"acknowledged_by", or_null(text())}}))}})},
      {"Transfer", closed({{"id", text()},
                           {"assets", list_of(text())},
                           {"from", text()},
                           {"to", text()},
                           {"from_organisation", text()},
                           {"to_organisation", text()},
                           {"note", text()},
                           {"at", utc_time()},
                           {"ledger_index", count()},
                           {"acknowledged_by", or_null(text())},
                           {"acknowledged_at", or_null(utc_time())},
                           {"receipt_index", or_null(count())},
                           {"cancelled_by", or_null(text())},
                           {"cancelled_at", or_null(utc_time())},
                           {"cancel_reason", or_null(text())}})},
      {"Badge", closed({{"number", text()},
                        {"person", text()},
                        {"person_name", text()},
                        {"organisation", text()},
                        {"issued", date()},
                        {"expires", date()},
                        {"status", names_of<domain::BadgeStatus>(&domain::to_string)},
                        {"return_due", or_null(utc_time())},
                        {"return_due_reason", or_null(schema::Codec<domain::BadgeReturnReason>::json_schema())},
                        {"return_outstanding", boolean()},
                        {"closed_at", or_null(utc_time())},
                        {"lost_note", text()},
                        {"ledger_index", count()}})},
      {"Approval", closed({{"id", text()},
                           {"type", text()},
                           {"type_ja", text()},
                           {"organisation", text()},
                           {"purpose", text()},
                           {"assets", list_of(text())},
                           {"classes", list_of(text())},
                           {"people", list_of(closed({{"id", text()}, {"name", text()}}))},
                           {"devices", list_of(text())},
                           {"destination", text()},
                           {"from", date()},
                           {"until", date()},
                           {"copies", count()},
                           {"measures", list_of(text())},
                           {"note", text()},
                           {"requested_by", text()},
                           {"requested_at", utc_time()},
                           {"status", names_of<domain::ApprovalStatus>(&domain::to_string)},
                           {"number", text()},
                           {"conditions", text()},
                           {"reasons", text()},
                           {"decided_at", or_null(utc_time())},
                           {"closed_reason", text()},
                           {"closed_at", or_null(utc_time())},
                           {"uses", list_of(count())},
                           {"copies_registered", list_of(text())},
                           {"document", or_null(text())},
                           {"ledger_index", count()}})},
      {"Device", closed({{"id", text()},
                         {"kind", term_ids(domain::device_kinds())},
                         {"kind_ja", text()},
                         {"identifier", text()},
                         {"description", text()},
                         {"organisation", text("the party that uses it")},
                         {"organisation_name", text()},
                         {"owner", text("the city's organisation or a party's")},
                         {"owner_name", text()},
                         {"location", text()},
                         {"storage", list_of(text())},
                         {"media_left", list_of(text("a storage medium not yet destroyed"))},
                         {"measures", list_of(term_ids(domain::device_measures()))},
                         {"measures_ja", list_of(text())},
                         {"measures_note", text()},
                         {"confirmed_by", text()},
                         {"confirmed_by_name", text()},
                         {"confirmed_at", or_null(utc_time())},
                         {"managed", boolean()},
                         {"retired", term_ids(domain::device_retirements(), "in use")},
                         {"retired_ja", text()},
                         {"retired_note", text()},
                         {"retired_at", or_null(utc_time())},
                         {"destructions", list_of(closed({{"media", list_of(text())},
                                                          {"method", text()},
                                                          {"performed_by", text()},
                                                          {"performed_by_name", text()},
                                                          {"witnessed_by", text()},
                                                          {"witnessed_by_name", text()},
                                                          {"performed_on", date()},
                                                          {"evidence_sha256", text()},
                                                          {"note", text()},
                                                          {"report", entry_document_schema()},
                                                          {"ledger_index", count()}}))},
                         {"registered_at", utc_time()},
                         {"ledger_index", count()}})},
      {"DisposalInstruction", closed({{"id", text()},
                                      {"assets", list_of(closed({{"id", text()}, {"description", text()}}))},
                                      {"disposition", term_ids(domain::dispositions(), "any of them")},
                                      {"disposition_ja", text()},
                                      {"due", date()},
                                      {"note", text()},
                                      {"by", text()},
                                      {"by_name", text()},
                                      {"at", utc_time()},
                                      {"ledger_index", count()}})},
      {"DisposalRecord", closed({{"id", text()},
                                 {"organisation", text()},
                                 {"organisation_name", text()},
                                 {"assets", list_of(closed({{"id", text()}, {"description", text()}}))},
                                 {"disposition", one_of({"disposed", "erased"})},
                                 {"disposition_ja", text()},
                                 {"method", text()},
                                 {"media", text()},
                                 {"performed_by", text()},
                                 {"performed_by_name", text()},
                                 {"witnessed_by", text()},
                                 {"witnessed_by_name", text()},
                                 {"performed_on", date()},
                                 {"instruction", text("the city's instruction it answers; else empty")},
                                 {"note", text()},
                                 {"recorded_by", text()},
                                 {"at", utc_time()},
                                 {"certificate", entry_document_schema()},
                                 {"ledger_index", count()}})},
      {"CreatedAssetsReport", closed({{"organisation", text()},
                                      {"organisation_name", text()},
                                      {"items", list_of(closed({{"asset", text()},
                                                                {"description", text()},
                                                                {"keeper", text()},
                                                                {"keeper_name", text()},
                                                                {"note", text()}}))},
                                      {"note", text()},
                                      {"by", text()},
                                      {"by_name", text()},
                                      {"at", utc_time()},
                                      {"latest", boolean()},
                                      {"acknowledged_by", text()},
                                      {"acknowledged_by_name", text()},
                                      {"acknowledged_at", or_null(utc_time())},
                                      {"ledger_index", count()}})},
      {"OutstandingItem",
       closed({{"kind", one_of({"asset", "transfer", "certificate", "created_assets", "badge", "device",
                                "destruction_report"})},
               {"id", text("of the asset, hand-over, act of disposal, party, badge or device")},
               {"organisation", text("the party that must act (the city's for a report to acknowledge)")},
               {"organisation_name", text()},
               {"clause", text("the clause of the contract's provisions it rests on")},
               {"ja", text()},
               {"en", text()}})},
      {"TrainingCourse", closed({{"id", text()},
                                 {"organisation", text()},
                                 {"title", text()},
                                 {"outline", text()},
                                 {"provider", text()},
                                 {"hours", text()},
                                 {"classes", list_of(text())},
                                 {"valid_for", text()},
                                 {"ledger_index", count()}})},
      {"TrainingSession", closed({{"id", text()},
                                  {"course", text()},
                                  {"date", date()},
                                  {"place", text()},
                                  {"instructor", text()},
                                  {"attendees", list_of(closed({{"person", text()},
                                                                {"person_name", text()},
                                                                {"completed", date()},
                                                                {"passed", boolean()},
                                                                {"certificate_sha256", text()}}))},
                                  {"at", utc_time()},
                                  {"ledger_index", count()}})},
      {"WorkerStanding",
       closed(
           {{"person", text()},
            {"person_name", text()},
            {"organisation", text()},
            {"on_roster", boolean()},
            {"departed", boolean()},
            {"classes", list_of(text())},
            {"training", or_null(closed({{"course", text()},
                                         {"course_title", text()},
                                         {"completed", date()},
                                         {"valid_until", date()},
                                         {"ledger_index", count()}}))},
            {"training_status", one_of({"valid", "expiring", "expired", "missing"})},
            {"acknowledgement",
             or_null(closed({{"version", text()}, {"hash", text()}, {"at", utc_time()}, {"ledger_index", count()}}))},
            {"acknowledgement_status", one_of({"current", "outdated", "missing"})},
            {"pledge", or_null(pledge_schema())},
            {"nda", or_null(pledge_schema())}})},
      {"Reason", reason_schema()},
      {"Decision", closed({{"class", text()},
                           {"decision", effect()},
                           {"ledger_index", count()},
                           {"obligations", list_of(ref("Reason"))},
                           {"reasons", list_of(ref("Reason"))}})},
      {"LogRow", closed({{"ledger_index", count()},
                         {"person", text()},
                         {"action", text()},
                         {"asset", text()},
                         {"class", text()},
                         {"effect", effect()},
                         {"reason", text()},
                         {"clause", text()},
                         {"device", text()},
                         {"location", text()},
                         {"purpose", text()},
                         {"time", text()},
                         {"actor", text()},
                         {"matched_decision", count()}},
                        {"matched_decision"})},
      // What the ledger's receipt.issued entry holds, as recorded: its declaration, open to members
      // a later release may add.
      {"Receipt", schema::Codec<domain::ReceiptIssued>::json_schema()},
  };
}

// What a route answers when it succeeds: its status, media type and schema.
struct Answer {
  std::string_view status = "200";
  std::string_view media = "application/json";  // or several, separated by spaces
  json schema;
};

// Bytes that are not text (a tile of hashes, an entry bundle).
json octets(std::string_view description) {
  return {{"type", "string"}, {"contentMediaType", "application/octet-stream"}, {"description", description}};
}

// A PDF to download.
Answer pdf_response() {
  return {.media = "application/pdf", .schema = {{"type", "string"}, {"contentMediaType", "application/pdf"}}};
}

std::map<std::string_view, Answer> answers() {
  const json log_page = closed({{"items", list_of(ref("LogRow"))}, {"next_before", or_null(count())}});
  return {
      {"healthz", {.schema = closed({{"status", one_of({"ok"})}, {"ledger_size", count()}})}},
      {"readyz", {.schema = closed({{"status", one_of({"ready"})}, {"ledger_size", count()}})}},
      {"metrics", {.media = "text/plain", .schema = text("Prometheus text format")}},
      {"openapi",
       {.schema =
            {{"type", "object"},
             {"required", {"openapi", "info", "paths", "components"}},
             {"properties",
              {{"openapi", text()},
               {"info", closed({{"title", text()}, {"version", text()}, {"description", text()}})},
               {"paths", free_map({{"type", "object"}, {"description", "OpenAPI path item"}},
                                  "one path item per route, by its path")},
               {"components",
                closed({{"schemas", free_map({{"type", "object"}, {"description", "JSON Schema"}}, "schemas by name")},
                        {"securitySchemes", free_map({{"type", "object"}, {"description", "OpenAPI security scheme"}},
                                                     "security schemes by name")}})}}}}}},
      {"session.create",
       {.status = "201",
        .schema = closed({{"login", text()}, {"person", text()}, {"admin", boolean()}, {"csrf_token", text()}})}},
      {"session.show",
       {.schema = closed({{"login", text()},
                          {"person", text("the person signed in; empty for an API token")},
                          {"admin", boolean()},
                          {"kind", one_of({"session", "token"})},
                          {"organisation", text()},
                          {"csrf_token", text("send it in X-CSRF-Token with every state-changing request")},
                          {"contracts", list_of(closed({{"id", text()}, {"roles", list_of(role())}}))}})}},
      {"session.delete", {.schema = closed({{"signed_out", {{"type", "boolean"}, {"enum", {true}}}}})}},
      {"organisations.list", {.schema = page_of(ref("Organisation"))}},
      {"organisations.show", {.schema = ref("Organisation")}},
      {"people.list", {.schema = page_of(ref("Person"))}},
      {"people.show", {.schema = ref("Person")}},
      {"contracts.list", {.schema = page_of(ref("Contract"))}},
      {"contracts.show", {.schema = ref("Contract")}},
      {"rosters.list",
       {.schema = page_of(closed({{"organisation", text()},
                                  {"latest", ref("RosterVersion")},
                                  {"versions", list_of(closed({{"version", {{"type", "integer"}, {"minimum", 1}}},
                                                               {"submitted_at", utc_time()},
                                                               {"acknowledged", boolean()}}))}}))}},
      {"rosters.versions", {.schema = page_of(ref("RosterVersion"))}},
      {"rosters.version", {.schema = ref("RosterVersion")}},
      {"rosters.diff",
       {.schema = closed({{"from", count()},
                          {"to", {{"type", "integer"}, {"minimum", 1}}},
                          {"changes", list_of(closed({{"field", one_of({"responsible", "information_manager", "workers",
                                                                        "locations", "access"})},
                                                      {"kind", one_of({"added", "removed", "changed"})},
                                                      {"ja", text()},
                                                      {"en", text()}}))}})}},
      {"notifications.list", {.schema = page_of(ref("Notification"))}},
      {"provisions.list", {.schema = page_of(ref("ProvisionSetSummary"))}},
      {"provisions.show",
       {.schema =
            closed({{"name", text()},
                    {"version", text()},
                    {"municipality", text()},
                    {"title", text()},
                    {"hash", text()},
                    {"clauses",
                     list_of(closed(
                         {{"number", text()},
                          {"title", text()},
                          {"summary_en", text()},
                          {"paragraphs",
                           list_of(closed({{"number", text()},
                                           {"text", text()},
                                           {"items", list_of(closed({{"number", text()}, {"text", text()}}))}}))},
                          {"controls",
                           list_of(closed(
                               {{"id", text()},
                                {"params", free_map(text(), "the control's parameters by name (docs/PROVISIONS.md)")},
                                {"cites", text()}}))}}))}})}},
      {"asset_classes.list", {.schema = page_of(ref("AssetClass"))}},
      {"assets.list", {.schema = page_of(ref("Asset"))}},
      {"assets.show", {.schema = ref("Asset")}},
      {"transfers.list", {.schema = page_of(ref("Transfer"))}},
      {"transfers.receipt", pdf_response()},
      {"receipts.verify",
       {.schema = closed(
            {{"valid", {{"type", "boolean"}, {"enum", {true}}}},
             {"number", text()},
             {"contract", text()},
             {"index", count()},
             {"tree_size", count()},
             {"origin", text()},
             {"receipt", ref("Receipt")},
             {"document",
              closed({{"sha256", text()}, {"size", count()}, {"index", count()}, {"issued_at", utc_time()}})}})}},
      {"decide", {.schema = ref("Decision")}},
      {"decide.batch", {.schema = closed({{"decisions", list_of(ref("Decision"))}})}},
      {"access_events.ingest",
       {.status = "201",
        .schema = closed({{"recorded", list_of(closed({{"ledger_index", count()},
                                                       {"rule_effect", effect()},
                                                       {"reasons", list_of(ref("Reason"))},
                                                       {"matched_decision", or_null(count())}}))}})}},
      {"badges.list", {.schema = page_of(ref("Badge"))}},
      {"devices.list", {.schema = page_of(ref("Device"))}},
      {"disposal_instructions.list", {.schema = page_of(ref("DisposalInstruction"))}},
      {"disposals.list", {.schema = page_of(ref("DisposalRecord"))}},
      {"created_assets.list", {.schema = page_of(ref("CreatedAssetsReport"))}},
      {"contracts.outstanding", {.schema = page_of(ref("OutstandingItem"))}},
      {"approvals.list", {.schema = page_of(ref("Approval"))}},
      {"approvals.show", {.schema = ref("Approval")}},
      {"approvals.document", pdf_response()},
      {"disposals.certificate", pdf_response()},
      {"devices.destruction_report", pdf_response()},
      {"training.courses", {.schema = page_of(ref("TrainingCourse"))}},
      {"training.sessions", {.schema = page_of(ref("TrainingSession"))}},
      {"workers.standing", {.schema = page_of(ref("WorkerStanding"))}},
      {"training.report",
       {.status = "201",
        .schema = closed(
            {{"ledger_index", count()}, {"files", closed({{"pdf", text()}, {"csv", text()}, {"xlsx", text()}})}})}},
      {"training.reports",
       {.schema = page_of(closed({{"ledger_index", count()},
                                  {"party", text()},
                                  {"as_of", utc_time()},
                                  {"workers", count()},
                                  {"counts", free_map(count(), "workers per training status")},
                                  {"files", list_of(closed({{"format", one_of({"pdf", "csv", "xlsx"})},
                                                            {"sha256", text()},
                                                            {"size", count()},
                                                            {"url", text()}}))},
                                  {"verify", text("the path of the public check")}}))}},
      {"training.report_file",
       {.media = "application/pdf text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        .schema = {{"type", "string"},
                   {"description",
                    "report.pdf, report.csv (UTF-8 with a byte order mark) or "
                    "report.xlsx, the very bytes the ledger records"}}}},
      {"decisions.list", {.schema = log_page}},
      {"access_events.list", {.schema = log_page}},
      {"monitoring.show",
       {.schema = closed({{"denials", list_of(ref("LogRow"))},
                          {"unmatched_accesses", list_of(ref("LogRow"))},
                          {"anomalies", list_of(closed({{"code", {{"type", "string"}, {"pattern", "^anomaly\\."}}},
                                                        {"person", text()},
                                                        {"day", text("the day in Japan")},
                                                        {"ledger_index", count()},
                                                        {"count", count()},
                                                        {"usual", count()}},
                                                       {"count", "usual"}))},
                          {"totals", closed({{"decisions", count()},
                                             {"allows", count()},
                                             {"denies", count()},
                                             {"accesses", count()},
                                             {"anomalies", free_map(count(), "how many anomalies of each code")},
                                             {"every_party", boolean()}})},
                          {"reviews", list_of(closed({{"by", text()},
                                                      {"by_name", text()},
                                                      {"note", text()},
                                                      {"at", utc_time()},
                                                      {"ledger_index", count()}}))}})}},
      {"compliance.show", {.schema = compliance_schema()}},
      {"compliance.report",
       {.status = "201",
        .schema = closed({{"ledger_index", count()},
                          {"report", compliance_schema()},
                          {"files", closed({{"pdf", text()}, {"csv", text()}, {"xlsx", text()}})}})}},
      {"compliance.report_file",
       {.media = "application/pdf text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        .schema = {{"type", "string"},
                   {"description",
                    "report.pdf, report.csv (UTF-8 with a byte order mark) or "
                    "report.xlsx, the very bytes the ledger records"}}}},
      {"compliance.package",
       {.media = "application/zip", .schema = {{"type", "string"}, {"contentMediaType", "application/zip"}}}},
      {"log.checkpoint",
       {.media = "text/plain",
        .schema = text("the signed note: origin, tree size and base64 root hash, a blank line, the signatures")}},
      {"log.tile", {.media = "application/octet-stream", .schema = octets("the hashes back to back, 32 bytes each")}},
      {"log.entries",
       {.media = "application/octet-stream",
        .schema = octets("each entry as a big-endian uint16 length and its bytes, as hashed into the tree")}},
      {"ledger.checkpoint",
       {.schema = closed({{"origin", text()},
                          {"tree_size", count()},
                          {"root_hash", base64()},
                          {"note", text("the signed checkpoint note")},
                          {"verifier_key", text()}})}},
      {"ledger.inclusion",
       {.schema = closed({{"type", one_of({"inclusion"})},
                          {"origin", text()},
                          {"leaf_index", count()},
                          {"tree_size", count()},
                          {"entry", text("the entry's bytes, only for those who may read what it records")},
                          {"leaf_hash", base64()},
                          {"root_hash", base64()},
                          {"hashes", list_of(base64())},
                          {"checkpoint", text()}},
                         {"entry"})}},
      {"ledger.consistency",
       {.schema = closed({{"type", one_of({"consistency"})},
                          {"origin", text()},
                          {"old_size", count()},
                          {"new_size", count()},
                          {"old_root", base64()},
                          {"new_root", base64()},
                          {"hashes", list_of(base64())},
                          {"old_checkpoint", text()},
                          {"new_checkpoint", text()}},
                         {"old_checkpoint", "new_checkpoint"})}},
  };
}

bool records(const Operation& op) {
  static constexpr std::string_view kRecording[] = {
      "contracts.activate", "contracts.close",      "rosters.acknowledge", "transfers.acknowledge",
      "provisions.import",  "asset_classes.define", "badges.return",       "created_assets.acknowledge"};
  return !op.command.empty() || std::ranges::find(kRecording, op.id) != std::end(kRecording);
}

std::vector<std::string> command_body_path_members(const Operation& op) {
  std::vector<std::string> names;
  std::string_view rest = op.from_path;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    names.emplace_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  return names;
}

// A command's body: its declared members (domain/commands.hpp) but those the URL gives.
nlohmann::json command_body_schema(const Operation& op) {
  const auto* type = domain::command_types().find(op.command);
  ITAKU_CHECK(type != nullptr);
  auto schema = type->schema();
  for (const auto& name : command_body_path_members(op)) {
    schema["properties"].erase(name);
    auto& required = schema["required"];
    required.erase(std::remove(required.begin(), required.end(), name), required.end());
  }
  return schema;
}

nlohmann::json request_body(const Operation& op) {
  if (!op.command.empty()) {
    // A body is needed when a member the URL does not give is (read_command reads none as {}).
    auto schema = command_body_schema(op);
    const bool required = !schema.value("required", nlohmann::json::array()).empty();
    return {{"required", required},
            {"content",
             {{"application/json", {{"schema", std::move(schema)}, {"example", nlohmann::json::parse(op.example)}}}}}};
  }
  return {
      {"required", true},
      {"content",
       {{std::string(op.media), {{"schema", op.make_schema ? op.make_schema() : nlohmann::json::parse(op.schema)}}}}}};
}

}  // namespace

nlohmann::json openapi_document() {
  nlohmann::json paths = nlohmann::json::object();
  const auto answered = answers();
  for (const auto& op : kOperations) {
    nlohmann::json operation = {
        {"operationId", op.id},
        {"summary", op.summary},
        {"responses",
         {{"4XX",
           {{
                "description",
                "Error",
            },
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    nlohmann::json parameters = nlohmann::json::array();
    std::string_view path = op.path;
    for (std::size_t at = path.find('{'); at != std::string_view::npos; at = path.find('{', at + 1)) {
      const auto end = path.find('}', at);
      auto name = path.substr(at + 1, end - at - 1);
      nlohmann::json parameter = {{"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
      // {index...}: the rest of the path, a tile's index as tlog-tiles writes it.
      if (name.ends_with("...")) {
        name.remove_suffix(3);
        parameter["description"] =
            "groups of three digits, each but the last with an x in front (1234067: x001/x234/067), then .p/<W> for "
            "a partial tile of width W";
      }
      parameter["name"] = std::string(name);
      parameters.push_back(std::move(parameter));
    }
    if (op.id.ends_with(".list") || op.id == "rosters.versions" || op.id == "contracts.outstanding") {
      parameters.push_back(
          {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}}});
      parameters.push_back({{"name", "cursor"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
    }
    if (op.id == "compliance.show" || op.id == "compliance.report")
      parameters.push_back({{"name", "at"},
                            {"in", "query"},
                            {"description", "YYYY-MM-DD (the start of that day in Japan) or a UTC time"},
                            {"schema", {{"type", "string"}}}});
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (op.body) operation["requestBody"] = request_body(op);
    if (!op.command.empty()) {
      // The command the body holds (its schema is the command's declaration) and the members
      // of it the URL gives.
      operation["x-command"] = op.command;
      auto from_path = nlohmann::json::array();
      for (const auto& name : command_body_path_members(op)) from_path.push_back(name);
      operation["x-path-members"] = std::move(from_path);
    }
    if (records(op)) {
      operation["responses"]["2XX"] = {
          {"description", "Recorded"},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Recorded"}}}}}}}};
    } else if (const auto answer = answered.find(op.id); answer != answered.end()) {
      const auto& [status, media, schema] = answer->second;
      // One entry per media type the route may answer with (space-separated).
      nlohmann::json content = nlohmann::json::object();
      for (std::size_t at = 0; at < media.size();) {
        const auto end = std::min(media.find(' ', at), media.size());
        content[std::string(media.substr(at, end - at))] = {{"schema", schema}};
        at = end + 1;
      }
      operation["responses"][std::string(status)] = {{"description", status == "201" ? "Created" : "OK"},
                                                     {"content", std::move(content)}};
    } else {
      operation["responses"]["200"] = {{"description", "OK"}};
    }
    if (op.authenticated) {
      // What an API token needs here (handlers.hpp: reading needs `read`; deciding and
      // reporting accesses name their scope; every other write is a person's, so no token).
      operation["security"] = {{{"session", nlohmann::json::array()}}};
      const char* scope = op.method == "get"                             ? "read"
                          : op.id == "decide" || op.id == "decide.batch" ? "decide"
                          : op.id == "access_events.ingest"              ? "access_report"
                                                                         : nullptr;
      if (scope) operation["security"].push_back({{"token", {scope}}});
    }
    paths[std::string(op.path)][std::string(op.method)] = operation;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "itaku API"},
            {"version", "1"},
            {"description",
             "情報セキュリティ特記事項の記録・執行・確認 / records, enforces and checks the information-security "
             "provisions of outsourcing contracts. State-changing requests made with a session must send the "
             "session's CSRF token in the X-CSRF-Token header. API tokens (Bearer) carry scopes: `read` for "
             "GET routes, `decide` for /decide, `access_report` for /access-events; every other change is made "
             "by a person signed in (403 auth.person_required for a token). Lists page with ?limit=&cursor=."}}},
          {"paths", paths},
          {"components",
           {{"schemas", components()},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "itaku_session"}}},
              {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace itaku::api
